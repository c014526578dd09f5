import { hmac, toBase64Url, utf8, ValidationError } from '@medflow/core';

/** Twilio refuses access tokens that live longer than a day. */
export const TWILIO_MAX_TOKEN_TTL_SECONDS = 86_400;

export interface TwilioAccessTokenInput {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  identity: string;
  /** Room name or sid the token may join; the grant names exactly one room. */
  room: string;
  ttlSeconds: number;
  /** Seconds since the epoch; defaults to now. */
  issuedAt?: number;
  /** Seconds since the epoch before which the token is not valid. */
  notBefore?: number;
}

const encodeJson = (value: unknown) => toBase64Url(utf8(JSON.stringify(value)));

/**
 * A Twilio access token (JWT, HS256, content type `twilio-fpa;v=1`) with one VideoGrant,
 * signed on Web Crypto so it runs on edge runtimes without the twilio SDK.
 */
export async function createTwilioAccessToken(input: TwilioAccessTokenInput): Promise<string> {
  if (!/^SK[0-9a-fA-F]{32}$/.test(input.apiKeySid) || !/^AC[0-9a-fA-F]{32}$/.test(input.accountSid)) {
    // Only the shape is checked: the values are credentials and stay out of the message.
    throw new ValidationError('Twilio credentials are malformed', [
      { path: ['apiKeySid'], message: 'Expected an API key sid (SK…) and an account sid (AC…)' },
    ]);
  }
  if (!input.apiKeySecret) throw new ValidationError('Twilio API key secret is missing');
  if (
    !Number.isInteger(input.ttlSeconds) ||
    input.ttlSeconds < 1 ||
    input.ttlSeconds > TWILIO_MAX_TOKEN_TTL_SECONDS
  ) {
    throw new ValidationError('Invalid token lifetime', [
      { path: ['ttlSeconds'], message: `Expected 1-${TWILIO_MAX_TOKEN_TTL_SECONDS} seconds` },
    ]);
  }
  const iat = input.issuedAt ?? Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'HS256', cty: 'twilio-fpa;v=1' };
  const payload: Record<string, unknown> = {
    jti: `${input.apiKeySid}-${iat}`,
    iss: input.apiKeySid,
    sub: input.accountSid,
    iat,
    exp: iat + input.ttlSeconds,
    grants: { identity: input.identity, video: { room: input.room } },
  };
  if (input.notBefore !== undefined) payload.nbf = input.notBefore;
  const signingInput = `${encodeJson(header)}.${encodeJson(payload)}`;
  const signature = await hmac('SHA-256', input.apiKeySecret, signingInput);
  return `${signingInput}.${toBase64Url(signature)}`;
}
