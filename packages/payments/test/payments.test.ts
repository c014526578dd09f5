import {
  type AuditEvent,
  ConflictError,
  createMemoryKeyValueStore,
  RateLimitedError,
  ValidationError,
} from '@medflow/core';
import {
  AmountBelowMinimumError,
  type BillableInvoice,
  CardDeclinedError,
  checkoutRedirect,
  createMemoryInvoiceRepository,
  createPayments,
  IdempotencyMismatchError,
  InvoiceStateError,
  money,
  moneyFromDecimal,
  STRIPE_API_VERSION,
} from '@medflow/payments';
import fc from 'fast-check';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cardDeclined, createStripeApi, idempotencyKeyInUse, rateLimited } from './stripe-api';

const api = createStripeApi();
beforeAll(() => api.server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => api.server.close());
beforeEach(() => api.reset());

let n = 0;
function invoice(overrides: Partial<BillableInvoice> = {}): BillableInvoice {
  n++;
  return {
    id: `inv_${n}`,
    number: `INV-${1040 + n}`,
    version: 1,
    clinicId: 'clinic_7',
    total: moneyFromDecimal('120.00', 'usd'),
    patient: { name: 'Jane Q. Doe', dateOfBirth: '1961-04-02' },
    description: 'Follow-up for HIV antiretroviral therapy',
    lines: [
      { description: 'Psychiatric evaluation, major depressive disorder F32.9', amount: money(12000, 'usd') },
    ],
    ...overrides,
  };
}

function setup(options: { stripeAccount?: string } = {}) {
  const invoices = createMemoryInvoiceRepository();
  const payments = createPayments({
    stripe: api.client(),
    store: createMemoryKeyValueStore(),
    invoices,
    ...options,
  });
  return { payments, invoices };
}

const urls = { successUrl: 'https://clinic.example/paid', cancelUrl: 'https://clinic.example/cancelled' };

describe('createCheckoutSession', () => {
  it('creates a hosted session with a deterministic key and neutral content, redirected with a 303', async () => {
    const { payments } = setup();
    const inv = invoice();
    const session = await payments.createCheckoutSession({
      invoice: inv,
      ...urls,
      customerEmail: 'p@example.com',
    });
    expect(session.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(session.reused).toBe(false);
    const [create] = api.requests.filter((r) => r.path === '/v1/checkout/sessions');
    expect(create!.idempotencyKey).toBe(`medflow:checkout:${inv.id}:v1`);
    expect(create!.body).toMatchObject({
      mode: 'payment',
      ui_mode: 'hosted_page',
      client_reference_id: inv.id,
      'line_items[0][price_data][product_data][name]': `Medical services, invoice ${inv.number}`,
      'line_items[0][price_data][unit_amount]': '12000',
      'line_items[0][price_data][currency]': 'usd',
      'metadata[invoice_id]': inv.id,
      'metadata[clinic_id]': 'clinic_7',
      'payment_intent_data[description]': `Invoice ${inv.number}`,
    });
    const metadataKeys = Object.keys(create!.body).filter((k) => k.includes('metadata'));
    expect(metadataKeys.sort()).toEqual([
      'metadata[clinic_id]',
      'metadata[invoice_id]',
      'payment_intent_data[metadata][clinic_id]',
      'payment_intent_data[metadata][invoice_id]',
    ]);
    const response = checkoutRedirect(session);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(session.url);
  });

  it('returns the open session of the same version on a double click, charging once', async () => {
    const { payments } = setup();
    const inv = invoice();
    const [a, b] = await Promise.all([
      payments.createCheckoutSession({ invoice: inv, ...urls }),
      payments.createCheckoutSession({ invoice: inv, ...urls }),
    ]);
    expect(a.id).toBe(b.id);
    const again = await payments.createCheckoutSession({ invoice: inv, ...urls });
    expect(again).toMatchObject({ id: a.id, reused: true });
    expect(api.sessions.size).toBeGreaterThan(0);
    const created = new Set(
      api.requests.filter((r) => r.path === '/v1/checkout/sessions').map((r) => r.idempotencyKey),
    );
    expect(created).toEqual(new Set([`medflow:checkout:${inv.id}:v1`]));
  });

  it('expires the stale session when the invoice changes', async () => {
    const { payments } = setup();
    const v1 = invoice();
    const first = await payments.createCheckoutSession({ invoice: v1, ...urls });
    const v2 = { ...v1, version: 2, total: money(9000, 'usd') };
    const second = await payments.createCheckoutSession({ invoice: v2, ...urls });
    expect(second.id).not.toBe(first.id);
    expect(api.sessions.get(first.id)?.status).toBe('expired');
    const expire = api.requests.find((r) => r.path === `/v1/checkout/sessions/${first.id}/expire`);
    expect(expire?.idempotencyKey).toBe(`medflow:checkout-expire:${v1.id}:v1`);
    const creates = api.requests.filter((r) => r.path === '/v1/checkout/sessions');
    expect(creates.at(-1)?.idempotencyKey).toBe(`medflow:checkout:${v1.id}:v2`);
    expect(creates.at(-1)?.body['line_items[0][price_data][unit_amount]']).toBe('9000');
    // The old version can no longer open a session.
    await expect(payments.createCheckoutSession({ invoice: v1, ...urls })).rejects.toMatchObject({
      code: 'invoice_version_stale',
    });
  });

  it('opens a fresh session when the session of the same version expired unpaid', async () => {
    const { payments } = setup();
    const inv = invoice();
    const first = await payments.createCheckoutSession({ invoice: inv, ...urls });
    api.sessions.get(first.id)!.status = 'expired';
    const second = await payments.createCheckoutSession({ invoice: inv, ...urls });
    expect(second.id).not.toBe(first.id);
    expect(api.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)?.idempotencyKey).toBe(
      `medflow:checkout:${inv.id}:v1:1`,
    );
  });

  it('supports embedded Checkout with a client secret and no redirect', async () => {
    const { payments } = setup();
    const session = await payments.createCheckoutSession({
      invoice: invoice(),
      uiMode: 'embedded',
      returnUrl: 'https://clinic.example/return?session_id={CHECKOUT_SESSION_ID}',
    });
    expect(session.clientSecret).toMatch(/_secret_/);
    expect(session.url).toBeNull();
    const create = api.requests.find((r) => r.path === '/v1/checkout/sessions');
    expect(create?.body.ui_mode).toBe('embedded_page');
    expect(create?.body.success_url).toBeUndefined();
    expect(() => checkoutRedirect(session)).toThrow(ValidationError);
  });

  it('checks minimum amounts and granularity before calling Stripe', async () => {
    const { payments } = setup();
    await expect(
      payments.createCheckoutSession({ invoice: invoice({ total: money(49, 'usd') }), ...urls }),
    ).rejects.toBeInstanceOf(AmountBelowMinimumError);
    await expect(
      payments.createCheckoutSession({ invoice: invoice({ total: money(1255, 'kwd') }), ...urls }),
    ).rejects.toMatchObject({ code: 'invalid_amount' });
    await expect(
      payments.createCheckoutSession({ invoice: invoice({ number: 'Jane Doe HIV' }), ...urls }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(api.requests).toHaveLength(0);
  });

  it('passes expiresAt in seconds and refuses one outside the window Stripe allows', async () => {
    const { payments } = setup();
    const expiresAt = new Date(Date.now() + 2 * 3_600_000);
    await payments.createCheckoutSession({ invoice: invoice(), ...urls, expiresAt });
    expect(api.requests[0]?.body.expires_at).toBe(String(Math.floor(expiresAt.getTime() / 1000)));
    await expect(
      payments.createCheckoutSession({
        invoice: invoice(),
        ...urls,
        expiresAt: new Date(Date.now() + 60_000),
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(api.requests).toHaveLength(1);
  });

  it('refuses to charge an invoice that is already paid', async () => {
    const { payments, invoices } = setup();
    const inv = invoice();
    await payments.createCheckoutSession({ invoice: inv, ...urls });
    await invoices.applyTransition(
      inv.id,
      { kind: 'paid', at: 1, amount: 12000, paymentIntentId: 'pi_1' },
      {
        eventId: 'evt_1',
        eventType: 'payment_intent.succeeded',
      },
    );
    await expect(payments.createCheckoutSession({ invoice: inv, ...urls })).rejects.toBeInstanceOf(
      InvoiceStateError,
    );
  });

  it('sends every request on behalf of the connected account', async () => {
    const { payments } = setup({ stripeAccount: 'acct_clinic7' });
    await payments.createCheckoutSession({ invoice: invoice(), ...urls });
    await payments.createPaymentIntent({ invoice: invoice() });
    expect(api.requests.length).toBeGreaterThanOrEqual(2);
    for (const r of api.requests) expect(r.stripeAccount).toBe('acct_clinic7');
  });
});

describe('createPaymentIntent and errors', () => {
  it('creates one intent per invoice version and cancels the stale one', async () => {
    const { payments } = setup();
    const inv = invoice();
    const a = await payments.createPaymentIntent({ invoice: inv });
    const b = await payments.createPaymentIntent({ invoice: inv });
    expect(b).toMatchObject({ id: a.id, reused: true });
    expect(a.clientSecret).toMatch(/_secret_/);
    const c = await payments.createPaymentIntent({
      invoice: { ...inv, version: 2, total: money(5000, 'usd') },
    });
    expect(c.id).not.toBe(a.id);
    expect(api.intents.get(a.id)?.status).toBe('canceled');
  });

  it('maps an idempotency key reused with other parameters to IdempotencyMismatchError', async () => {
    const { payments } = setup();
    const inv = invoice();
    await payments.createPaymentIntent({ invoice: inv });
    const error = await payments
      .createPaymentIntent({ invoice: { ...inv, total: money(99900, 'usd') } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyMismatchError);
    expect((error as IdempotencyMismatchError).status).toBe(409);
    expect((error as Error).message).not.toMatch(/Keys for idempotent requests/);
  });

  it('maps card_declined to CardDeclinedError with a client-safe message', async () => {
    const { payments } = setup();
    api.failNext('POST /v1/payment_intents', () => cardDeclined());
    const error = await payments
      .createPaymentIntent({
        invoice: invoice(),
        savedPaymentMethod: { customerId: 'cus_1', paymentMethodId: 'pm_card_visa_chargeDeclined' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardDeclinedError);
    expect(error).toMatchObject({ code: 'card_declined', status: 402, declineCode: 'generic_decline' });
    const body = api.requests.at(-1)!.body;
    expect(body).toMatchObject({ confirm: 'true', off_session: 'true', customer: 'cus_1' });
  });

  it('maps 429 to RateLimitedError honouring Retry-After, and key-in-use to a retryable conflict', async () => {
    const { payments } = setup();
    api.failNext('POST /v1/checkout/sessions', () => rateLimited());
    const limited = await payments
      .createCheckoutSession({ invoice: invoice(), ...urls })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(2000);

    api.failNext('POST /v1/payment_intents', (key) => idempotencyKeyInUse(key));
    const busy = await payments.createPaymentIntent({ invoice: invoice() }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(ConflictError);
    expect(busy).toMatchObject({ code: 'request_in_progress', retryable: true });
  });
});

describe('refund', () => {
  async function paidInvoice() {
    const ctx = setup();
    const inv = invoice();
    const intent = await ctx.payments.createPaymentIntent({ invoice: inv });
    await ctx.invoices.applyTransition(
      inv.id,
      { kind: 'paid', at: 1, amount: 12000, paymentIntentId: intent.id },
      {
        eventId: `evt_paid_${inv.id}`,
        eventType: 'payment_intent.succeeded',
      },
    );
    return { ...ctx, inv, intent };
  }

  it('refunds part, then the rest, each request once', async () => {
    const { payments, inv, intent } = await paidInvoice();
    const part = await payments.refund({
      invoice: inv,
      amount: money(2000, 'usd'),
      reason: 'requested_by_customer',
      requestId: 'refund-form-1',
    });
    const again = await payments.refund({
      invoice: inv,
      amount: money(2000, 'usd'),
      reason: 'requested_by_customer',
      requestId: 'refund-form-1',
    });
    expect(again.id).toBe(part.id);
    const body = api.requests.filter((r) => r.path === '/v1/refunds')[0]!;
    expect(body.idempotencyKey).toBe(`medflow:refund:${inv.id}:v1:refund-form-1`);
    expect(body.body).toEqual({
      payment_intent: intent.id,
      amount: '2000',
      reason: 'requested_by_customer',
      'metadata[invoice_id]': inv.id,
      'metadata[clinic_id]': 'clinic_7',
    });
    const full = await payments.refund({ invoice: inv, reason: 'duplicate', requestId: 'refund-form-2' });
    expect(full.amount).toEqual(money(12000, 'usd'));
  });

  it('rejects refunds above the paid amount, of unpaid invoices, or with free-text reasons', async () => {
    const { payments, inv } = await paidInvoice();
    const before = api.requests.length;
    await expect(
      payments.refund({ invoice: inv, amount: money(12001, 'usd'), reason: 'duplicate', requestId: 'r1' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      payments.refund({
        invoice: inv,
        reason: 'patient had an adverse reaction' as 'duplicate',
        requestId: 'r2',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      setup().payments.refund({ invoice: invoice(), reason: 'duplicate', requestId: 'r3' }),
    ).rejects.toMatchObject({ code: 'invoice_not_paid' });
    expect(api.requests.length).toBe(before);
  });
});

describe('PHI guard', () => {
  it('pins the API version of the installed stripe SDK', () => {
    expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
    expect(STRIPE_API_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}\.[a-z]+$/);
  });

  it('audits every Stripe call with opaque ids only', async () => {
    const events: AuditEvent[] = [];
    const payments = createPayments({
      stripe: api.client(),
      store: createMemoryKeyValueStore(),
      invoices: createMemoryInvoiceRepository(),
      audit: { log: (e) => void events.push(e) },
    });
    const inv = invoice();
    await payments.createCheckoutSession({ invoice: inv, ...urls });
    api.failNext('POST /v1/payment_intents', () => cardDeclined());
    await payments
      .createPaymentIntent({
        invoice: inv,
        savedPaymentMethod: { customerId: 'cus_1', paymentMethodId: 'pm_1' },
      })
      .catch(() => {});
    expect(events.map((e) => [e.action, e.outcome, e.subject, e.errorCode])).toEqual([
      ['stripe.checkout.session.create', 'success', inv.id, undefined],
      ['stripe.payment_intent.create', 'failure', inv.id, 'card_declined'],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Jane|HIV|Psychiatric|declined\./);
  });

  it('never lets free text from the invoice reach a Stripe request body', async () => {
    const freeText = fc
      .array(fc.string({ minLength: 4, maxLength: 40 }), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.map((p, i) => `PHI${i}:${p}`));
    await fc.assert(
      fc.asyncProperty(freeText, fc.constantFrom('usd', 'jpy', 'kwd'), async (texts, currency) => {
        api.reset();
        const { payments, invoices } = setup();
        const inv = invoice({
          total:
            currency === 'usd'
              ? money(5000, 'usd')
              : currency === 'jpy'
                ? money(5000, 'jpy')
                : money(5000, 'kwd'),
          description: texts[0],
          notes: texts,
          patient: { name: texts.at(-1), diagnosis: 'C50.911 malignant neoplasm of right breast' },
          lines: texts.map((t) => ({ description: t, amount: money(100, currency) })),
        });
        await payments.createCheckoutSession({ invoice: inv, ...urls, customerEmail: 'patient@example.com' });
        await payments.createCheckoutSession({
          invoice: { ...inv, version: 2 },
          uiMode: 'embedded',
          returnUrl: 'https://clinic.example/r',
        });
        const intent = await payments.createPaymentIntent({ invoice: { ...inv, version: 2 } });
        await invoices.applyTransition(
          inv.id,
          { kind: 'paid', at: 1, amount: 5000, paymentIntentId: intent.id },
          {
            eventId: `evt_${inv.id}`,
            eventType: 'payment_intent.succeeded',
          },
        );
        await payments.refund({
          invoice: { ...inv, version: 2 },
          reason: 'requested_by_customer',
          requestId: 'rq1',
        });
        expect(api.requests.length).toBeGreaterThanOrEqual(5);
        const phi = [
          ...texts,
          'Jane Q. Doe',
          'C50.911',
          'neoplasm',
          'HIV',
          'Psychiatric',
          'F32.9',
          '1961-04-02',
        ];
        for (const request of api.requests) {
          const decoded = Object.entries(request.body).flat().join('\n');
          for (const text of phi) {
            expect(request.rawBody.includes(text)).toBe(false);
            expect(request.rawBody.includes(encodeURIComponent(text))).toBe(false);
            expect(decoded.includes(text)).toBe(false);
          }
        }
      }),
      { numRuns: 15 },
    );
  });
});
