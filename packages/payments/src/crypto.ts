import { toHex } from '@medflow/core';
import type Stripe from 'stripe';

type NodeCrypto = typeof import('node:crypto');

/**
 * node:crypto when the runtime is Node (reached through `process.getBuiltinModule`, so no
 * bundler for an edge runtime ever sees an import of it), otherwise undefined.
 */
function nodeCrypto(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  } catch {
    return undefined;
  }
}

/**
 * A crypto provider for Stripe's signature check. On Node it signs with node:crypto's HMAC
 * directly (a Web Crypto call goes through a worker-thread job, which costs more than the
 * HMAC of a webhook body); elsewhere it uses Web Crypto and imports each secret's key once
 * (Stripe's own SubtleCryptoProvider imports it on every event). Used through
 * `constructEventAsync`, so the same code runs on Node and edge runtimes.
 */
export function createWebhookCryptoProvider(
  subtle: SubtleCrypto = crypto.subtle,
  native: NodeCrypto | undefined = nodeCrypto(),
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
      if (native) return native.createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
      const signature = await subtle.sign('HMAC', await keyFor(secret), encoder.encode(payload));
      return toHex(new Uint8Array(signature));
    },
    async computeSHA256Async(data: Uint8Array): Promise<Uint8Array> {
      if (native) return new Uint8Array(native.createHash('sha256').update(data).digest());
      return new Uint8Array(await subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
    },
  };
}
