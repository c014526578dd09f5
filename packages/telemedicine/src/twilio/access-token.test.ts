import { ValidationError } from '@medflow/core';
import { createTwilioAccessToken, TWILIO_MAX_TOKEN_TTL_SECONDS } from '@medflow/telemedicine';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import twilio from 'twilio';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_SID, API_KEY_SECRET, API_KEY_SID } from '../../test/twilio-video-api';

const secretKey = new TextEncoder().encode(API_KEY_SECRET);

describe('createTwilioAccessToken', () => {
  afterEach(() => vi.useRealTimers());

  it('is a Twilio access token that an independent JWT library verifies', async () => {
    const iat = 1_795_000_000;
    const token = await createTwilioAccessToken({
      accountSid: ACCOUNT_SID,
      apiKeySid: API_KEY_SID,
      apiKeySecret: API_KEY_SECRET,
      identity: 'patient-abc',
      room: 'appt-123',
      ttlSeconds: 3600,
      issuedAt: iat,
    });
    const { payload, protectedHeader } = await jwtVerify(token, secretKey, {
      algorithms: ['HS256'],
      issuer: API_KEY_SID,
      subject: ACCOUNT_SID,
      currentDate: new Date((iat + 10) * 1000),
    });
    expect(protectedHeader).toEqual({ typ: 'JWT', alg: 'HS256', cty: 'twilio-fpa;v=1' });
    expect(payload).toEqual({
      jti: `${API_KEY_SID}-${iat}`,
      iss: API_KEY_SID,
      sub: ACCOUNT_SID,
      iat,
      exp: iat + 3600,
      grants: { identity: 'patient-abc', video: { room: 'appt-123' } },
    });
  });

  it('decodes to the same header and claims as twilio’s own AccessToken', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T10:00:00Z'));
    const reference = new twilio.jwt.AccessToken(ACCOUNT_SID, API_KEY_SID, API_KEY_SECRET, {
      identity: 'clinician-xyz',
      ttl: 1800,
    });
    reference.addGrant(new twilio.jwt.AccessToken.VideoGrant({ room: 'appt-777' }));
    const theirs = reference.toJwt();
    const ours = await createTwilioAccessToken({
      accountSid: ACCOUNT_SID,
      apiKeySid: API_KEY_SID,
      apiKeySecret: API_KEY_SECRET,
      identity: 'clinician-xyz',
      room: 'appt-777',
      ttlSeconds: 1800,
    });
    expect(decodeProtectedHeader(ours)).toEqual(decodeProtectedHeader(theirs));
    expect(decodeJwt(ours)).toEqual(decodeJwt(theirs));
    // Both verify under the same secret, so either could be handed to the Twilio SDKs.
    await expect(jwtVerify(theirs, secretKey, { currentDate: new Date() })).resolves.toBeTruthy();
    await expect(jwtVerify(ours, secretKey, { currentDate: new Date() })).resolves.toBeTruthy();
  });

  it('fails verification under another secret and after expiry', async () => {
    const iat = 1_795_000_000;
    const token = await createTwilioAccessToken({
      accountSid: ACCOUNT_SID,
      apiKeySid: API_KEY_SID,
      apiKeySecret: API_KEY_SECRET,
      identity: 'patient-abc',
      room: 'appt-123',
      ttlSeconds: 60,
      issuedAt: iat,
    });
    await expect(
      jwtVerify(token, new TextEncoder().encode('another-secret'), { currentDate: new Date(iat * 1000) }),
    ).rejects.toThrow();
    await expect(jwtVerify(token, secretKey, { currentDate: new Date((iat + 120) * 1000) })).rejects.toThrow(
      /exp/,
    );
  });

  it('refuses lifetimes beyond Twilio’s 24 h maximum and malformed credentials', async () => {
    const base = {
      accountSid: ACCOUNT_SID,
      apiKeySid: API_KEY_SID,
      apiKeySecret: API_KEY_SECRET,
      identity: 'x',
      room: 'r',
    };
    await expect(
      createTwilioAccessToken({ ...base, ttlSeconds: TWILIO_MAX_TOKEN_TTL_SECONDS + 1 }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(createTwilioAccessToken({ ...base, ttlSeconds: 0 })).rejects.toBeInstanceOf(ValidationError);
    const error = await createTwilioAccessToken({ ...base, apiKeySid: 'not-a-key', ttlSeconds: 60 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).not.toContain('not-a-key');
  });
});
