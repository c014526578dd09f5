import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createWebhookCryptoProvider } from './crypto';

const stripe = new Stripe('sk_test_crypto', { httpClient: Stripe.createFetchHttpClient() });
const secret = 'whsec_crypto_provider_test';
const payload = JSON.stringify({
  id: 'evt_crypto_1',
  object: 'event',
  type: 'charge.refunded',
  data: { object: {} },
});

describe('webhook crypto provider', () => {
  const providers = {
    'node:crypto': createWebhookCryptoProvider(),
    'Web Crypto (no node:crypto, as on an edge runtime)': createWebhookCryptoProvider(
      crypto.subtle,
      undefined,
    ),
  };

  for (const [name, provider] of Object.entries(providers)) {
    it(`verifies Stripe's own signatures and rejects a tampered body with ${name}`, async () => {
      const header = stripe.webhooks.generateTestHeaderString({ payload, secret });
      const event = await stripe.webhooks.constructEventAsync(payload, header, secret, 300, provider);
      expect(event.id).toBe('evt_crypto_1');
      await expect(
        stripe.webhooks.constructEventAsync(
          payload.replace('refunded', 'captured'),
          header,
          secret,
          300,
          provider,
        ),
      ).rejects.toMatchObject({ type: 'StripeSignatureVerificationError' });
    });
  }

  it('takes the node:crypto path on Node', () => {
    expect(typeof process.getBuiltinModule).toBe('function');
  });

  it('computes the same HMAC and SHA-256 on both paths', async () => {
    const [a, b] = Object.values(providers);
    expect(await a!.computeHMACSignatureAsync(payload, secret)).toBe(
      await b!.computeHMACSignatureAsync(payload, secret),
    );
    const bytes = new TextEncoder().encode(payload);
    expect(Buffer.from(await a!.computeSHA256Async(bytes)).toString('hex')).toBe(
      Buffer.from(await b!.computeSHA256Async(bytes)).toString('hex'),
    );
  });
});
