import { MedflowError, readBodyText, SignatureError, ValidationError } from '@medflow/core';
import type { ParsedCallback } from '../types';
import { parseTwilioRoomCallback } from './callback';
import { parseFormParams, publicUrlOf, verifyTwilioSignature } from './signature';

/** Twilio's callbacks are a few hundred bytes; anything far larger is not one. */
const MAX_CALLBACK_BYTES = 64 * 1024;

export interface TwilioCallbackVerification {
  /** The account's auth token (several while rotating). Without one every callback is refused. */
  authToken: string | readonly string[] | undefined;
  /** The public origin (and prefix) Twilio calls, e.g. `https://clinic.example`. */
  publicBaseUrl?: string;
}

/** Raised when the handler has no auth token: it refuses everything rather than trusting anything. */
export class CallbackVerificationUnconfiguredError extends MedflowError {
  constructor() {
    super('Callback verification is not configured', {
      code: 'callback_verification_unconfigured',
      status: 500,
    });
  }
}

function hasToken(authToken: TwilioCallbackVerification['authToken']): boolean {
  if (typeof authToken === 'string') return authToken.length > 0;
  return Array.isArray(authToken) && authToken.some((t) => typeof t === 'string' && t.length > 0);
}

/** Verifies X-Twilio-Signature on a POSTed room callback and parses it. */
export async function verifyAndParseTwilioCallback(
  request: Request,
  options: TwilioCallbackVerification,
): Promise<ParsedCallback> {
  if (!hasToken(options.authToken)) throw new CallbackVerificationUnconfiguredError();
  if (request.method !== 'POST') {
    throw new MedflowError('Room callbacks must be POSTed', { code: 'method_not_allowed', status: 405 });
  }
  // Bounded while reading: a chunked body with no Content-Length is never buffered past the cap.
  const body = await readBodyText(request, MAX_CALLBACK_BYTES);
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded/i.test(contentType)) {
    throw new ValidationError('Expected a form-encoded callback body');
  }
  const params = parseFormParams(body);
  const valid = await verifyTwilioSignature({
    authToken: options.authToken as string | readonly string[],
    url: publicUrlOf(request.url, options.publicBaseUrl),
    params,
    signature: request.headers.get('x-twilio-signature'),
  });
  // 403 is what Twilio's own docs advise for a request that is not from Twilio.
  if (!valid) throw new SignatureError(undefined, { status: 403 });
  return parseTwilioRoomCallback(params);
}
