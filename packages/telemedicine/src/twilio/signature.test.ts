import { computeTwilioSignature, publicUrlOf, verifyTwilioSignature } from '@medflow/telemedicine';
import { createSignedTwilioCallbackRequest, twilioRoomCallbackParams } from '@medflow/telemedicine/testing';
import fc from 'fast-check';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { AUTH_TOKEN } from '../../test/twilio-video-api';

const paramsArb = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.array(fc.string({ maxLength: 10 }), { minLength: 1, maxLength: 3 }),
  ),
  { maxKeys: 8 },
);

describe('Twilio request signatures', () => {
  it('match twilio.getExpectedTwilioSignature for arbitrary parameters', async () => {
    await fc.assert(
      fc.asyncProperty(paramsArb, fc.webUrl({ withQueryParameters: true }), async (params, url) => {
        const ours = await computeTwilioSignature(AUTH_TOKEN, url, params);
        expect(ours).toBe(
          twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params as Record<string, string>),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('accepts what twilio signs and rejects tampering, other tokens and missing headers', async () => {
    const url = 'https://public.example/api/video/callback?clinic=7';
    const params = twilioRoomCallbackParams({ event: 'participant-connected', sequence: 3 });
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
    expect(await verifyTwilioSignature({ authToken: AUTH_TOKEN, url, params, signature })).toBe(true);
    expect(
      await verifyTwilioSignature({
        authToken: AUTH_TOKEN,
        url,
        params: { ...params, SequenceNumber: '4' },
        signature,
      }),
    ).toBe(false);
    expect(await verifyTwilioSignature({ authToken: 'f'.repeat(32), url, params, signature })).toBe(false);
    expect(await verifyTwilioSignature({ authToken: AUTH_TOKEN, url, params, signature: null })).toBe(false);
    expect(await verifyTwilioSignature({ authToken: '', url, params, signature })).toBe(false);
    // During a rotation either token is accepted.
    expect(
      await verifyTwilioSignature({ authToken: ['f'.repeat(32), AUTH_TOKEN], url, params, signature }),
    ).toBe(true);
  });

  it('accepts a URL signed with or without the default port, as twilio.validateRequest does', async () => {
    const params = { RoomSid: `RM${'0'.repeat(32)}` };
    const signedWithPort = twilio.getExpectedTwilioSignature(
      AUTH_TOKEN,
      'https://public.example:443/cb',
      params,
    );
    expect(twilio.validateRequest(AUTH_TOKEN, signedWithPort, 'https://public.example/cb', params)).toBe(
      true,
    );
    expect(
      await verifyTwilioSignature({
        authToken: AUTH_TOKEN,
        url: 'https://public.example/cb',
        params,
        signature: signedWithPort,
      }),
    ).toBe(true);
  });

  it('rebuilds the public URL from the configured base, whatever host the request reached', () => {
    expect(publicUrlOf('http://internal:3000/api/video/callback?x=1', 'https://public.example')).toBe(
      'https://public.example/api/video/callback?x=1',
    );
    expect(publicUrlOf('http://internal:3000/cb', 'https://public.example/tele/')).toBe(
      'https://public.example/tele/cb',
    );
    expect(publicUrlOf('http://internal:3000/cb', undefined)).toBe('http://internal:3000/cb');
  });

  it('the testing helper builds requests that twilio.validateRequest accepts', async () => {
    const params = twilioRoomCallbackParams({ event: 'room-ended', sequence: 9 });
    const url = 'https://public.example/api/video/callback';
    const request = await createSignedTwilioCallbackRequest({
      authToken: AUTH_TOKEN,
      url,
      params,
      receivedUrl: 'http://internal:3000/api/video/callback',
    });
    expect(request.url).toBe('http://internal:3000/api/video/callback');
    const body = Object.fromEntries(new URLSearchParams(await request.text()));
    expect(body).toEqual(params);
    expect(
      twilio.validateRequest(AUTH_TOKEN, request.headers.get('x-twilio-signature') ?? '', url, body),
    ).toBe(true);
  });
});
