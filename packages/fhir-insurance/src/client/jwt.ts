import { fromBase64, randomToken, toBase64Url, utf8 } from '@medflow/core';

export type ClientAssertionAlgorithm = 'RS384' | 'ES384';

/** A signing key: a Web Crypto private key, a private JWK, or a PKCS#8 PEM. */
export type ClientAssertionKey = CryptoKey | JsonWebKey | string;

const ALGORITHMS = {
  RS384: {
    import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' },
    sign: { name: 'RSASSA-PKCS1-v1_5' },
  },
  ES384: {
    import: { name: 'ECDSA', namedCurve: 'P-384' },
    // Web Crypto emits ECDSA as r‖s, which is exactly the JWS encoding.
    sign: { name: 'ECDSA', hash: 'SHA-384' },
  },
} as const;

export async function importSigningKey(
  key: ClientAssertionKey,
  algorithm: ClientAssertionAlgorithm,
): Promise<CryptoKey> {
  if (typeof key !== 'string' && !isJwk(key)) return key;
  const params = ALGORITHMS[algorithm].import;
  if (typeof key === 'string') {
    const body = key.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '');
    return crypto.subtle.importKey('pkcs8', fromBase64(body), params, false, ['sign']);
  }
  return crypto.subtle.importKey('jwk', key, params, false, ['sign']);
}

function isJwk(value: CryptoKey | JsonWebKey): value is JsonWebKey {
  return typeof (value as JsonWebKey).kty === 'string';
}

const b64url = (value: unknown) => toBase64Url(utf8(JSON.stringify(value)));

/**
 * A SMART Backend Services client assertion (RFC 7523 private_key_jwt): iss = sub = client id,
 * aud = token endpoint, a fresh jti, and an expiry 5 minutes out (the most the spec allows).
 */
export async function signClientAssertion(options: {
  clientId: string;
  tokenUrl: string;
  key: CryptoKey;
  algorithm: ClientAssertionAlgorithm;
  kid: string;
  jku?: string;
  nowMs: number;
}): Promise<string> {
  const now = Math.floor(options.nowMs / 1000);
  const header = {
    alg: options.algorithm,
    typ: 'JWT',
    kid: options.kid,
    ...(options.jku ? { jku: options.jku } : {}),
  };
  const claims = {
    iss: options.clientId,
    sub: options.clientId,
    aud: options.tokenUrl,
    iat: now,
    exp: now + 300,
    jti: randomToken(24),
  };
  const input = `${b64url(header)}.${b64url(claims)}`;
  const signature = await crypto.subtle.sign(ALGORITHMS[options.algorithm].sign, options.key, utf8(input));
  return `${input}.${toBase64Url(new Uint8Array(signature))}`;
}
