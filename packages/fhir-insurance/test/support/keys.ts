import type { JWK } from 'jose';

/** A client key pair as a clinic would register it: private key stays here, public JWK goes to the payer. */
export async function generateClientKey(algorithm: 'RS384' | 'ES384') {
  const params =
    algorithm === 'RS384'
      ? {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-384',
        }
      : { name: 'ECDSA', namedCurve: 'P-384' };
  const pair = (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  const publicJwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JWK;
  const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const pem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  return { privateKey: pair.privateKey, privateJwk, pem, publicJwk };
}
