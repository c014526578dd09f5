import { createMemoryIdempotencyStore } from '@medflow/core';
import {
  createMemoryInvoiceRepository,
  createStripeWebhookHandler,
  eventClaimKey,
  type InvoiceRef,
  type StripeEventHandlers,
  type StripeWebhookOptions,
} from '@medflow/payments';
import {
  chargeObject,
  checkoutSessionObject,
  createSignedWebhookRequest,
  disputeObject,
  fixtureEvent,
  paymentIntentObject,
} from '@medflow/payments/testing';
import type Stripe from 'stripe';
import StripeSdk from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { intentsFor, shuffle, stream } from './streams';
import { createStripeApi } from './stripe-api';

const api = createStripeApi();
beforeAll(() => api.server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => api.server.close());
beforeEach(() => api.reset());

const SECRET = 'whsec_test_current';
const OLD_SECRET = 'whsec_test_previous';

let n = 0;
function ref(): InvoiceRef {
  n++;
  return {
    id: `inv_w${n}`,
    number: `INV-${n}`,
    version: 1,
    clinicId: 'clinic_1',
    total: { amount: 5000, currency: 'usd' },
  };
}

async function setup(overrides: Partial<StripeWebhookOptions> = {}) {
  const invoices = createMemoryInvoiceRepository();
  const store = createMemoryIdempotencyStore();
  const on: StripeEventHandlers = {};
  const handler = createStripeWebhookHandler({
    stripe: api.client(),
    secret: SECRET,
    store,
    invoices,
    on,
    ...overrides,
  });
  const invoice = ref();
  await invoices.registerInvoice(invoice);
  return { handler, invoices, store, on, invoice };
}

const paidEvent = (invoice: InvoiceRef, options: { account?: string; id?: string } = {}) =>
  fixtureEvent(
    'checkout.session.completed',
    checkoutSessionObject({
      invoiceId: invoice.id,
      amount: invoice.total.amount,
      paymentIntentId: `pi_${invoice.id}`,
    }),
    options,
  );

async function body(response: Response) {
  return (await response.json()) as {
    received?: boolean;
    outcome?: string;
    error?: { code: string; message: string };
  };
}

describe('webhook verification', () => {
  it('accepts a correctly signed event and moves the invoice to paid', async () => {
    const { handler, invoices, invoice } = await setup();
    const response = await handler(createSignedWebhookRequest({ event: paidEvent(invoice), secret: SECRET }));
    expect(response.status).toBe(200);
    expect(await body(response)).toEqual({ received: true, outcome: 'applied' });
    expect(await invoices.getInvoice(invoice.id)).toMatchObject({
      status: 'paid',
      paymentIntentId: `pi_${invoice.id}`,
    });
  });

  it('rejects tampered, unsigned, wrongly signed and stale requests with a safe 400', async () => {
    const { handler, invoices, invoice } = await setup();
    const event = paidEvent(invoice);
    const tampered = createSignedWebhookRequest({
      event,
      secret: SECRET,
      signedPayload: JSON.stringify({ ...event, type: 'customer.created' }),
    });
    const unsigned = new Request('https://clinic.example/hook', {
      method: 'POST',
      body: JSON.stringify(event),
    });
    const wrongSecret = createSignedWebhookRequest({ event, secret: 'whsec_attacker' });
    const stale = createSignedWebhookRequest({
      event,
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    for (const request of [tampered, unsigned, wrongSecret, stale]) {
      const response = await handler(request);
      expect(response.status).toBe(400);
      const { error } = await body(response);
      expect(error?.code).toBe('invalid_signature');
      expect(error?.message).not.toMatch(/whsec|expected signature|No signatures found|v1=/i);
    }
    expect(invoices.applied).toHaveLength(0);
    expect((await handler(new Request('https://clinic.example/hook'))).status).toBe(405);
  });

  it('accepts events signed with any secret during rotation', async () => {
    const { handler, invoice } = await setup({ secret: undefined, secrets: [SECRET, OLD_SECRET] });
    const old = await handler(createSignedWebhookRequest({ event: paidEvent(invoice), secret: OLD_SECRET }));
    expect(old.status).toBe(200);
    const current = await handler(
      createSignedWebhookRequest({
        event: fixtureEvent('customer.created', { object: 'customer' }),
        secret: SECRET,
      }),
    );
    expect(await body(current)).toEqual({ received: true, outcome: 'unhandled' });
  });

  it("works with Stripe's own SubtleCryptoProvider as well", async () => {
    const { handler, invoices, invoice } = await setup({
      cryptoProvider: StripeSdk.createSubtleCryptoProvider(),
    });
    const response = await handler(createSignedWebhookRequest({ event: paidEvent(invoice), secret: SECRET }));
    expect(response.status).toBe(200);
    expect((await invoices.getInvoice(invoice.id))?.status).toBe('paid');
  });

  it('builds requests the stripe SDK itself verifies', () => {
    const event = fixtureEvent(
      'payment_intent.succeeded',
      paymentIntentObject({ invoiceId: 'inv_1', amount: 100 }),
    );
    const request = createSignedWebhookRequest({ event, secret: SECRET });
    const header = request.headers.get('stripe-signature')!;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const stripe = api.client();
    expect(stripe.webhooks.constructEvent(JSON.stringify(event), header, SECRET).id).toBe(event.id);
  });
});

describe('exactly once', () => {
  it('answers a duplicate with 200 and no side effects', async () => {
    const { handler, invoices, invoice, on } = await setup();
    let calls = 0;
    on['checkout.session.completed'] = (event, context) => {
      // The event is narrowed: payment_status exists only on checkout sessions.
      expect(event.data.object.payment_status).toBe('paid');
      expect(context.invoice?.status).toBe('paid');
      calls++;
    };
    const event = paidEvent(invoice);
    const first = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
    const second = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
    expect(await body(first)).toMatchObject({ outcome: 'applied' });
    expect(await body(second)).toMatchObject({ outcome: 'duplicate' });
    expect(calls).toBe(1);
    expect(invoices.applied).toHaveLength(1);
  });

  it('returns 409 while another delivery holds the claim, so Stripe comes back', async () => {
    const { handler, store, invoice } = await setup();
    const event = paidEvent(invoice);
    await store.claim(eventClaimKey(event.id), { ttlMs: 60_000 });
    const response = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
    expect(response.status).toBe(409);
  });

  it('releases the claim on failure and answers 500, so the retry applies it once', async () => {
    const { handler, invoices, invoice, on } = await setup();
    let fail = true;
    on['checkout.session.completed'] = () => {
      if (fail) throw new Error('downstream mailer down for Jane Doe');
    };
    const event = paidEvent(invoice);
    const failed = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
    expect(failed.status).toBe(500);
    const { error } = await body(failed);
    expect(error?.message).not.toMatch(/Jane|mailer/);
    fail = false;
    const retried = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
    expect(await body(retried)).toMatchObject({ outcome: 'applied' });
    expect(invoices.applied.filter((a) => a.eventId === event.id && a.changed)).toHaveLength(1);
  });

  it('acknowledges first and processes in the background with defer', async () => {
    const deferred: Promise<unknown>[] = [];
    const { handler, invoices, invoice } = await setup({ defer: (work) => deferred.push(work) });
    const response = await handler(createSignedWebhookRequest({ event: paidEvent(invoice), secret: SECRET }));
    expect(await body(response)).toMatchObject({ outcome: 'deferred' });
    await Promise.all(deferred);
    expect((await invoices.getInvoice(invoice.id))?.status).toBe('paid');
  });
});

describe('Connect accounts', () => {
  it('processes only the configured account and ignores the rest', async () => {
    const { handler, invoices, invoice } = await setup({ stripeAccount: 'acct_clinic1' });
    const other = await handler(
      createSignedWebhookRequest({ event: paidEvent(invoice, { account: 'acct_other' }), secret: SECRET }),
    );
    const platform = await handler(createSignedWebhookRequest({ event: paidEvent(invoice), secret: SECRET }));
    expect(await body(other)).toMatchObject({ outcome: 'ignored' });
    expect(await body(platform)).toMatchObject({ outcome: 'ignored' });
    expect(invoices.applied).toHaveLength(0);
    const own = await handler(
      createSignedWebhookRequest({ event: paidEvent(invoice, { account: 'acct_clinic1' }), secret: SECRET }),
    );
    expect(await body(own)).toMatchObject({ outcome: 'applied' });
  });

  it('acknowledges, once, events about invoices it does not know', async () => {
    const { handler, invoices } = await setup();
    const foreign = paidEvent({ ...ref(), id: 'inv_from_another_system' });
    expect(await handler.process(foreign)).toBe('ignored');
    expect(await handler.process(foreign)).toBe('duplicate');
    expect(invoices.applied).toHaveLength(0);
  });

  it('ignores connected-account events when no account is configured', async () => {
    const { handler, invoices, invoice } = await setup();
    const response = await handler(
      createSignedWebhookRequest({ event: paidEvent(invoice, { account: 'acct_x' }), secret: SECRET }),
    );
    expect(await body(response)).toMatchObject({ outcome: 'ignored' });
    expect(invoices.applied).toHaveLength(0);
  });
});

describe('state machine through the pipeline', () => {
  it('never moves a paid invoice back when older events arrive late', async () => {
    const { handler, invoices, invoice } = await setup();
    const f = { invoiceId: invoice.id, amount: 5000, paymentIntentId: `pi_${invoice.id}` };
    const processing = fixtureEvent(
      'payment_intent.processing',
      paymentIntentObject({ ...f, status: 'processing' }),
      {
        created: 100,
      },
    );
    const failed = fixtureEvent(
      'payment_intent.payment_failed',
      paymentIntentObject({ ...f, status: 'requires_payment_method' }),
      {
        created: 101,
      },
    );
    const paid = fixtureEvent('payment_intent.succeeded', paymentIntentObject(f), { created: 105 });
    const refunded = fixtureEvent('charge.refunded', chargeObject({ ...f, amountRefunded: 1000 }), {
      created: 110,
    });
    for (const event of [refunded, paid, failed, processing]) {
      const response = await handler.process(event);
      expect(response).toBe('applied');
    }
    expect(await invoices.getInvoice(invoice.id)).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: 1000,
    });
  });

  it('finds the invoice of a dispute through its payment intent, asking Stripe when needed', async () => {
    const { handler, invoices, invoice } = await setup();
    const pi = paymentIntentObject({ invoiceId: invoice.id, amount: 5000, paymentIntentId: 'pi_disputed' });
    api.intents.set(pi.id, pi);
    const created = fixtureEvent(
      'charge.dispute.created',
      disputeObject({ amount: 5000, paymentIntentId: pi.id, disputeId: 'dp_1' }),
    );
    expect(await handler.process(created)).toBe('applied');
    expect(api.requests.some((r) => r.path === '/v1/payment_intents/pi_disputed')).toBe(true);
    expect(await invoices.getInvoice(invoice.id)).toMatchObject({ disputed: true, status: 'paid' });
    const closed = fixtureEvent(
      'charge.dispute.closed',
      disputeObject({ amount: 5000, paymentIntentId: pi.id, disputeId: 'dp_1', status: 'won' }),
    );
    expect(await handler.process(closed)).toBe('applied');
    expect((await invoices.getInvoice(invoice.id))?.disputed).toBe(false);
  });

  it('ends a shuffled stream in the same states as the ordered one (in memory)', async () => {
    const { lifecycles, ordered } = stream(30, 8, 'mem');
    for (const pi of intentsFor(lifecycles)) api.intents.set(pi.id, pi);
    const finalStates = async (events: readonly Stripe.Event[]) => {
      const invoices = createMemoryInvoiceRepository();
      const handler = createStripeWebhookHandler({
        stripe: api.client(),
        secret: SECRET,
        store: createMemoryIdempotencyStore(),
        invoices,
      });
      for (const l of lifecycles) await invoices.registerInvoice(l.invoice);
      for (const event of events) await handler.process(event);
      return Promise.all(
        lifecycles.map(async (l) => {
          const r = await invoices.getInvoice(l.invoice.id);
          return { status: r?.status, disputed: r?.disputed, amountRefunded: r?.amountRefunded };
        }),
      );
    };
    const inOrder = await finalStates(ordered);
    expect(inOrder).toEqual(lifecycles.map((l) => l.expected));
    for (const seed of [1, 2, 3]) expect(await finalStates(shuffle(ordered, seed))).toEqual(inOrder);
  });
});

describe('reconcile', () => {
  it('feeds missed events from the events API through the same pipeline', async () => {
    const { handler, invoices, invoice } = await setup();
    const now = Math.floor(Date.now() / 1000);
    const delivered = paidEvent(invoice, { id: 'evt_delivered' });
    await handler.process({ ...delivered, created: now - 50 });
    const f = { invoiceId: invoice.id, amount: 5000, paymentIntentId: `pi_${invoice.id}` };
    const missed = fixtureEvent('charge.refunded', chargeObject({ ...f, amountRefunded: 5000 }), {
      id: 'evt_missed',
      created: now - 10,
    });
    const old = fixtureEvent('charge.refunded', chargeObject({ ...f, amountRefunded: 5000 }), {
      id: 'evt_old',
      created: now - 10_000,
    });
    api.events.length = 0;
    api.events.push(
      { ...delivered, created: now - 50 } as unknown as Record<string, unknown>,
      missed as unknown as Record<string, unknown>,
      old as unknown as Record<string, unknown>,
    );
    const report = await handler.reconcile({ since: new Date((now - 100) * 1000) });
    expect(report).toEqual({ seen: 2, applied: 1, duplicates: 1, ignored: 0, failed: 0 });
    expect((await invoices.getInvoice(invoice.id))?.status).toBe('refunded');
    const list = api.requests.find((r) => r.path === '/v1/events');
    expect(list?.body['created[gte]']).toBe(String(now - 100));
  });
});

describe('typed handler registry', () => {
  it('narrows each handler to its event type', async () => {
    const { handler, invoice, on } = await setup();
    const seen: number[] = [];
    on['charge.refunded'] = (event) => {
      seen.push(event.data.object.amount_refunded);
    };
    const event = fixtureEvent(
      'charge.refunded',
      chargeObject({ invoiceId: invoice.id, amount: 5000, amountRefunded: 700, paymentIntentId: 'pi_t' }),
    );
    expect(await handler.process(event)).toBe('applied');
    expect(seen).toEqual([700]);
  });
});
