import { fromBase64, fromHex, toBase64, toHex, utf8 } from './encoding';
import { SignatureError } from './errors';

export type HmacAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-512';
export type SignatureEncoding = 'hex' | 'base64';

const keyCache = new Map<string, Promise<CryptoKey>>();

function importHmacKey(algorithm: HmacAlgorithm, secret: string | Uint8Array): Promise<CryptoKey> {
  const raw = typeof secret === 'string' ? utf8(secret) : secret;
  // Webhook secrets are few and long-lived: caching the imported key keeps verification
  // off the importKey path for every delivery.
  const cacheKey = typeof secret === 'string' ? `${algorithm}:${secret}` : undefined;
  const cached = cacheKey ? keyCache.get(cacheKey) : undefined;
  if (cached) return cached;
  const key = crypto.subtle.importKey(
    'raw',
    raw as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: algorithm },
    false,
    ['sign'],
  );
  if (cacheKey) {
    if (keyCache.size > 256) keyCache.clear();
    keyCache.set(cacheKey, key);
  }
  return key;
}

/** HMAC of `payload` under `secret`, on Web Crypto. */
export async function hmac(
  algorithm: HmacAlgorithm,
  secret: string | Uint8Array,
  payload: string | Uint8Array,
): Promise<Uint8Array> {
  const key = await importHmacKey(algorithm, secret);
  const data = typeof payload === 'string' ? utf8(payload) : payload;
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, data as Uint8Array<ArrayBuffer>));
}

export async function hmacHex(
  algorithm: HmacAlgorithm,
  secret: string | Uint8Array,
  payload: string | Uint8Array,
) {
  return toHex(await hmac(algorithm, secret, payload));
}

export async function hmacBase64(
  algorithm: HmacAlgorithm,
  secret: string | Uint8Array,
  payload: string | Uint8Array,
) {
  return toBase64(await hmac(algorithm, secret, payload));
}

/**
 * Compares two byte strings in time that depends only on their length, so an attacker
 * cannot learn a signature byte by byte from response timing.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function decodeSignature(signature: string, encoding: SignatureEncoding): Uint8Array | undefined {
  try {
    return encoding === 'hex' ? fromHex(signature.trim()) : fromBase64(signature.trim());
  } catch {
    return undefined;
  }
}

export interface VerifyHmacOptions {
  algorithm: HmacAlgorithm;
  /** One secret, or several while a secret is being rotated. */
  secret: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  payload: string | Uint8Array;
  signature: string | null | undefined;
  encoding: SignatureEncoding;
}

/** True when `signature` is the HMAC of `payload` under any of the secrets. */
export async function verifyHmac(options: VerifyHmacOptions): Promise<boolean> {
  if (!options.signature) return false;
  const given = decodeSignature(options.signature, options.encoding);
  if (!given) return false;
  const secrets = Array.isArray(options.secret) ? options.secret : [options.secret as string | Uint8Array];
  let ok = false;
  for (const secret of secrets) {
    const expected = await hmac(options.algorithm, secret, options.payload);
    // No early exit: every secret is checked so timing does not reveal which one matched.
    ok = timingSafeEqual(expected, given) || ok;
  }
  return ok;
}

/** Like verifyHmac, but throws a SignatureError instead of returning false. */
export async function assertHmac(options: VerifyHmacOptions): Promise<void> {
  if (!(await verifyHmac(options))) throw new SignatureError();
}

/**
 * Rejects a signed timestamp (in seconds) older or newer than `toleranceSeconds`, which
 * bounds how long a captured request can be replayed.
 */
export function assertTimestampWithinTolerance(
  timestampSeconds: number,
  toleranceSeconds: number,
  nowMs: number = Date.now(),
): void {
  if (!Number.isFinite(timestampSeconds))
    throw new SignatureError('Signature timestamp is missing or invalid');
  const age = Math.abs(nowMs / 1000 - timestampSeconds);
  if (age > toleranceSeconds) throw new SignatureError('Signature timestamp is outside the tolerance window');
}
