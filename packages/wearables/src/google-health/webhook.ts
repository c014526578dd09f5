import {
  type AuditLogger,
  ForbiddenError,
  fromBase64,
  MedflowError,
  readBody,
  SignatureError,
  timingSafeEqual,
  toErrorResponse,
  UnauthorizedError,
  utf8,
  ValidationError,
} from '@medflow/core';
import * as z from 'zod/mini';
import { safeParse } from '../zod';
import { GOOGLE_HEALTH_PROVIDER } from './oauth';

function unwrapNotification(json: unknown): unknown {
  const one = Array.isArray(json) && json.length === 1 ? json[0] : json;
  if (typeof one === 'object' && one !== null && !('healthUserId' in one)) {
    const data = (one as { data?: unknown }).data;
    if (typeof data === 'object' && data !== null && 'healthUserId' in data) return data;
  }
  return one;
}

/** A change notification, kept whole (passthrough) so the enqueued job sees what Google sent. */
export const googleHealthNotificationSchema = z.looseObject({
  type: z.optional(z.string()),
  healthUserId: z.string().check(z.minLength(1), z.maxLength(256)),
  dataType: z.optional(z.string().check(z.maxLength(128))),
});
export type GoogleHealthNotification = z.infer<typeof googleHealthNotificationSchema>;

export interface GoogleHealthWebhookOptions {
  /** The `endpointAuthorization.secret` configured on the subscriber; sent back as `Authorization`. */
  authorizationSecret: string;
  /** Google Health API's ECDSA P-256 public key: SPKI PEM, JWK or a CryptoKey. */
  publicKey: string | JsonWebKey | CryptoKey;
  /** Queue the fetch (BullMQ in production); must be quick, the answer waits for it. */
  enqueue: (notification: GoogleHealthNotification) => Promise<void>;
  maxBodyBytes?: number;
  audit?: AuditLogger;
}

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;

async function importPublicKey(key: string | JsonWebKey | CryptoKey): Promise<CryptoKey> {
  if (typeof key === 'object' && 'type' in key && 'algorithm' in key) return key as CryptoKey;
  if (typeof key === 'string') {
    const der = fromBase64(key.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, ''));
    return crypto.subtle.importKey('spki', der, ECDSA, false, ['verify']);
  }
  return crypto.subtle.importKey('jwk', key as JsonWebKey, ECDSA, false, ['verify']);
}

/** ECDSA signatures come DER-encoded from most signers; Web Crypto wants r‖s (64 bytes for P-256). */
export function derToRawEcdsa(signature: Uint8Array): Uint8Array<ArrayBuffer> | undefined {
  if (signature.length === 64) return new Uint8Array(signature);
  if (signature[0] !== 0x30) return undefined;
  let offset = 2;
  if ((signature[1] as number) & 0x80) offset = 2 + ((signature[1] as number) & 0x7f);
  const readInt = () => {
    if (signature[offset] !== 0x02) return undefined;
    const length = signature[offset + 1] as number;
    let value = signature.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    while (value.length > 32 && value[0] === 0) value = value.subarray(1);
    if (value.length > 32) return undefined;
    const out = new Uint8Array(32);
    out.set(value, 32 - value.length);
    return out;
  };
  const r = readInt();
  const s = readInt();
  if (!r || !s) return undefined;
  const raw = new Uint8Array(64);
  raw.set(r, 0);
  raw.set(s, 32);
  return raw;
}

/** Verifies `X-HEALTHAPI-SIGNATURE` (base64 ECDSA P-256 / SHA-256 over the raw body). */
export async function verifyGoogleHealthSignature(
  body: Uint8Array,
  signature: string | null,
  publicKey: CryptoKey,
): Promise<boolean> {
  if (!signature) return false;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(signature.trim());
  } catch {
    return false;
  }
  const raw = derToRawEcdsa(bytes);
  if (!raw) return false;
  return crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    publicKey,
    raw,
    body as Uint8Array<ArrayBuffer>,
  );
}

/**
 * The subscriber endpoint. The verification handshake gets 201 when Google sends our
 * secret and 401/403 when it does not; notifications need the secret and a valid signature,
 * are enqueued, and acknowledged at once (the fetch happens in a worker).
 */
export function createGoogleHealthWebhookHandler(options: GoogleHealthWebhookOptions) {
  const key = importPublicKey(options.publicKey);
  const limit = options.maxBodyBytes ?? 256 * 1024;
  const secret = utf8(options.authorizationSecret);
  const secretHasScheme = /^\S+\s+\S/.test(options.authorizationSecret);
  return async (request: Request): Promise<Response> => {
    try {
      if (request.method !== 'POST') return new Response(null, { status: 405 });
      const authorization = request.headers.get('authorization');
      if (!authorization) throw new UnauthorizedError();
      // Google sends endpointAuthorization.secret as the whole header value, scheme included
      // ("Bearer …", "Basic …"); a secret configured without a scheme matches after "Bearer ".
      const presented = secretHasScheme ? authorization : authorization.replace(/^Bearer\s+/i, '');
      if (!timingSafeEqual(utf8(presented), secret)) throw new ForbiddenError();
      const body = await readBody(request, limit);
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(body));
      } catch {
        throw new ValidationError('Body is not JSON');
      }
      if (typeof json === 'object' && json !== null && (json as { type?: unknown }).type === 'verification') {
        await options.audit?.log({
          action: 'google-health.webhook.verification',
          outcome: 'success',
          provider: GOOGLE_HEALTH_PROVIDER,
          status: 201,
        });
        return new Response(null, { status: 201 });
      }
      if (!(await verifyGoogleHealthSignature(body, request.headers.get('x-healthapi-signature'), await key)))
        throw new SignatureError('Signature verification failed', { status: 403 });
      // The notification body is not in the stored reference: accept the fields at the top
      // level or wrapped in `data`, as one object or a list of them.
      const parsed = safeParse(googleHealthNotificationSchema, unwrapNotification(json));
      if (!parsed.success) throw new ValidationError('Unexpected notification');
      await options.enqueue(parsed.data);
      await options.audit?.log({
        action: 'google-health.webhook.notification',
        outcome: 'success',
        provider: GOOGLE_HEALTH_PROVIDER,
        status: 204,
      });
      return new Response(null, { status: 204 });
    } catch (error) {
      await options.audit?.log({
        action: 'google-health.webhook',
        outcome:
          error instanceof UnauthorizedError ||
          error instanceof ForbiddenError ||
          error instanceof SignatureError
            ? 'denied'
            : 'failure',
        provider: GOOGLE_HEALTH_PROVIDER,
        errorCode: error instanceof MedflowError ? error.code : 'internal_error',
      });
      return toErrorResponse(error);
    }
  };
}
