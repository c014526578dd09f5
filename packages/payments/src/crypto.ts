import { toHex } from '@medflow/core';
import type Stripe from 'stripe';

/**
 * A Web Crypto provider for Stripe's signature check that imports each secret's HMAC key
 * once. Stripe's own SubtleCryptoProvider imports the key on every event, which costs more
 * than the signing itself. Async only, like Stripe's; runs on Node and edge runtimes.
 */
export function createCachedSubtleCryptoProvider(
  subtle: SubtleCrypto = crypto.subtle,
): Stripe.CryptoProvider {
  const keys = new Map<string, Promise<CryptoKey>>();
  const encoder = new TextEncoder();
  const keyFor = (secret: string) => {
    let key = keys.get(secret);
    if (!key) {
      key = subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
      ]);
      keys.set(secret, key);
    }
    return key;
  };
  return {
    computeHMACSignature(): string {
      throw new TypeError('This crypto provider only supports constructEventAsync');
    },
    async computeHMACSignatureAsync(payload: string, secret: string): Promise<string> {
      const signature = await subtle.sign('HMAC', await keyFor(secret), encoder.encode(payload));
      return toHex(new Uint8Array(signature));
    },
    async computeSHA256Async(data: Uint8Array): Promise<Uint8Array> {
      return new Uint8Array(await subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
    },
  };
}
