import {
  type AuditLogger,
  ConflictError,
  type KeyValueStore,
  noopAuditLogger,
  ValidationError,
} from '@medflow/core';
import type Stripe from 'stripe';
import { fromStripeError, IdempotencyMismatchError, InvoiceStateError } from './errors';
import { type BillableInvoice, type InvoiceRef, type InvoiceRepository, toInvoiceRef } from './invoice';
import { assertStripeAmount, type Money, money } from './money';
import { invoiceMetadata, lineItemName, paymentDescription } from './phi';

export interface PaymentsOptions {
  stripe: Stripe;
  /** Remembers the open Checkout Session / PaymentIntent of each invoice (one per version). */
  store: KeyValueStore;
  invoices: InvoiceRepository;
  audit?: AuditLogger;
  /** Same as `audit` (the name DESIGN.md uses); `audit` wins when both are given. */
  logger?: AuditLogger;
  /** Connect: the clinic's connected account; every request is made on its behalf. */
  stripeAccount?: string;
  /** Clock in ms, for tests. */
  now?: () => number;
}

export type CheckoutUiMode = 'hosted' | 'embedded';

export interface CreateCheckoutSessionInput {
  invoice: BillableInvoice;
  customerEmail?: string;
  /** Hosted mode: where Stripe sends the patient after paying / cancelling. */
  successUrl?: string;
  cancelUrl?: string;
  /** Embedded mode: where Stripe returns after payment (may contain `{CHECKOUT_SESSION_ID}`). */
  returnUrl?: string;
  uiMode?: CheckoutUiMode;
  /** When the session stops accepting payment (Stripe allows 30 minutes to 24 hours). */
  expiresAt?: Date;
}

export interface CheckoutSessionResult {
  id: string;
  uiMode: CheckoutUiMode;
  /** Hosted mode: answer the browser with `checkoutRedirect(session)` (303 to this URL). */
  url: string | null;
  /** Embedded mode: hand to Stripe.js `initEmbeddedCheckout({ clientSecret })`. */
  clientSecret: string | null;
  expiresAt: number | null;
  /** True when the open session of this invoice version was returned instead of a new one. */
  reused: boolean;
}

export interface CreatePaymentIntentInput {
  invoice: BillableInvoice;
  customerEmail?: string;
  /** Restrict methods; by default Stripe's automatic payment methods are enabled. */
  paymentMethodTypes?: string[];
  /**
   * Charge a saved card now, without the patient present (`confirm` + `off_session`).
   * Needs the Stripe customer the card belongs to. A decline throws CardDeclinedError.
   */
  savedPaymentMethod?: { customerId: string; paymentMethodId: string };
}

export interface PaymentIntentResult {
  id: string;
  clientSecret: string | null;
  status: string;
  reused: boolean;
}

export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';

export interface RefundInput {
  invoice: BillableInvoice;
  /** Omit for a full refund of what is left. */
  amount?: Money;
  /** One of Stripe's fixed reasons: free text could carry PHI, so none is accepted. */
  reason: RefundReason;
  /** Caller's id for this refund request (a form submission, a job id): repeats refund once. */
  requestId: string;
}

export interface RefundResult {
  id: string;
  status: string | null;
  amount: Money;
}

export interface Payments {
  createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSessionResult>;
  createPaymentIntent(input: CreatePaymentIntentInput): Promise<PaymentIntentResult>;
  refund(input: RefundInput): Promise<RefundResult>;
}

interface Pointer {
  id: string;
  version: number;
  /** Bumped when the session of the same version ended unpaid and a fresh one is needed. */
  generation: number;
  uiMode?: CheckoutUiMode;
}

const API_UI_MODE: Record<CheckoutUiMode, string> = { hosted: 'hosted_page', embedded: 'embedded_page' };

/** `medflow:<operation>:<invoice id>:v<version>[:<n>]`: the same domain request maps to the same key. */
export function idempotencyKey(operation: string, invoice: InvoiceRef, suffix?: string | number): string {
  return `medflow:${operation}:${invoice.id}:v${invoice.version}${suffix === undefined || suffix === 0 ? '' : `:${suffix}`}`;
}

const PAID_STATUSES = new Set(['paid', 'partially_refunded', 'refunded']);
const REFUND_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

export function createPayments(options: PaymentsOptions): Payments {
  const { stripe, store, invoices } = options;
  const audit = options.audit ?? options.logger ?? noopAuditLogger;
  const now = options.now ?? Date.now;
  const account = options.stripeAccount ? { stripeAccount: options.stripeAccount } : {};

  async function call<T>(action: string, subject: string, fn: () => Promise<T>): Promise<T> {
    const started = now();
    try {
      const result = await fn();
      await audit.log({
        action,
        outcome: 'success',
        provider: 'stripe',
        subject,
        durationMs: now() - started,
      });
      return result;
    } catch (error) {
      const mapped = fromStripeError(error);
      await audit.log({
        action,
        outcome: 'failure',
        provider: 'stripe',
        subject,
        errorCode: mapped.code,
        durationMs: now() - started,
      });
      throw mapped;
    }
  }

  async function prepare(invoice: BillableInvoice): Promise<InvoiceRef> {
    const ref = toInvoiceRef(invoice);
    const record = await invoices.registerInvoice(ref);
    if (record.version > ref.version) {
      throw new InvoiceStateError('A newer version of this invoice exists', 'invoice_version_stale');
    }
    if (PAID_STATUSES.has(record.status)) {
      throw new InvoiceStateError('This invoice is already paid', 'invoice_already_paid');
    }
    return ref;
  }

  async function expireStaleSession(ref: InvoiceRef, stale: Pointer): Promise<void> {
    const key = `medflow:checkout-expire:${ref.id}:v${stale.version}${stale.generation ? `:${stale.generation}` : ''}`;
    try {
      await stripe.checkout.sessions.expire(stale.id, {}, { idempotencyKey: key, ...account });
      await audit.log({
        action: 'stripe.checkout.session.expire',
        outcome: 'success',
        provider: 'stripe',
        subject: ref.id,
      });
    } catch (error) {
      // Already expired or completed: look before deciding whether the old version was paid.
      const session = await call('stripe.checkout.session.retrieve', ref.id, () =>
        stripe.checkout.sessions.retrieve(stale.id, {}, account),
      );
      if (session.status === 'complete') {
        throw new InvoiceStateError(
          'An earlier version of this invoice was already paid',
          'invoice_already_paid',
        );
      }
      if (session.status === 'open') throw fromStripeError(error);
    }
  }

  async function createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSessionResult> {
    const uiMode = input.uiMode ?? 'hosted';
    if (uiMode === 'hosted' && (!input.successUrl || !input.cancelUrl)) {
      throw new ValidationError('successUrl and cancelUrl are required for hosted Checkout', [
        { path: [input.successUrl ? 'cancelUrl' : 'successUrl'], message: 'required' },
      ]);
    }
    if (uiMode === 'embedded' && !input.returnUrl) {
      throw new ValidationError('returnUrl is required for embedded Checkout', [
        { path: ['returnUrl'], message: 'required' },
      ]);
    }
    if (input.expiresAt) {
      const ahead = input.expiresAt.getTime() - now();
      // Stripe's window for expires_at; checked here so a bad value costs no API call.
      if (!(ahead >= 30 * 60_000 && ahead <= 24 * 3_600_000)) {
        throw new ValidationError('expiresAt must be between 30 minutes and 24 hours from now', [
          { path: ['expiresAt'], message: 'out of range' },
        ]);
      }
    }
    const ref = await prepare(input.invoice);
    const pointerKey = `stripe:checkout:${ref.id}`;

    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await store.get<Pointer>(pointerKey);
      const ptr = current?.value;
      let generation = 0;
      if (ptr && ptr.version > ref.version) {
        throw new InvoiceStateError('A newer version of this invoice exists', 'invoice_version_stale');
      }
      if (ptr && ptr.version === ref.version && (ptr.uiMode ?? 'hosted') === uiMode) {
        const existing = await call('stripe.checkout.session.retrieve', ref.id, () =>
          stripe.checkout.sessions.retrieve(ptr.id, {}, account),
        );
        if (existing.status === 'open') {
          // Same version, other amount: the caller changed the invoice without versioning it.
          if (existing.amount_total !== ref.total.amount || existing.currency !== ref.total.currency) {
            throw new IdempotencyMismatchError(undefined);
          }
          return toResult(existing, uiMode, true);
        }
        if (existing.status === 'complete') {
          throw new InvoiceStateError('This invoice is already paid', 'invoice_already_paid');
        }
        generation = ptr.generation + 1;
      } else if (ptr) {
        await expireStaleSession(ref, ptr);
        generation = ptr.version === ref.version ? ptr.generation + 1 : 0;
      }

      const params: Stripe.Checkout.SessionCreateParams = {
        mode: 'payment',
        ui_mode: API_UI_MODE[uiMode] as Stripe.Checkout.SessionCreateParams['ui_mode'],
        client_reference_id: ref.id,
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: ref.total.currency,
              unit_amount: ref.total.amount,
              product_data: { name: lineItemName(ref) },
            },
          },
        ],
        metadata: invoiceMetadata(ref),
        payment_intent_data: { description: paymentDescription(ref), metadata: invoiceMetadata(ref) },
        ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
        ...(uiMode === 'hosted'
          ? { success_url: input.successUrl, cancel_url: input.cancelUrl }
          : { return_url: input.returnUrl }),
        ...(input.expiresAt ? { expires_at: Math.floor(input.expiresAt.getTime() / 1000) } : {}),
      };
      const session = await call('stripe.checkout.session.create', ref.id, () =>
        stripe.checkout.sessions.create(params, {
          idempotencyKey: idempotencyKey(
            'checkout',
            ref,
            uiMode === 'embedded' ? `embedded:${generation}` : generation,
          ),
          ...account,
        }),
      );
      const next: Pointer = { id: session.id, version: ref.version, generation, uiMode };
      const written = await store.compareAndSet(pointerKey, current?.version ?? null, next);
      if (written !== null) return toResult(session, uiMode, false);
      // Someone else moved the pointer meanwhile. The same key gave them the same session;
      // otherwise loop, and the next round expires whichever session is now stale.
      const now2 = await store.get<Pointer>(pointerKey);
      if (now2?.value.id === session.id) return toResult(session, uiMode, false);
      if (now2 && now2.value.version > ref.version) {
        await expireStaleSession(ref, next).catch(() => {});
        throw new InvoiceStateError('A newer version of this invoice exists', 'invoice_version_stale');
      }
    }
    throw new ConflictError('The invoice is being changed concurrently; retry', {
      code: 'invoice_busy',
      retryable: true,
    });
  }

  function toResult(
    session: Stripe.Checkout.Session,
    uiMode: CheckoutUiMode,
    reused: boolean,
  ): CheckoutSessionResult {
    return {
      id: session.id,
      uiMode,
      url: session.url ?? null,
      clientSecret: session.client_secret ?? null,
      expiresAt: session.expires_at ?? null,
      reused,
    };
  }

  async function createPaymentIntent(input: CreatePaymentIntentInput): Promise<PaymentIntentResult> {
    const ref = await prepare(input.invoice);
    const pointerKey = `stripe:payment-intent:${ref.id}`;
    const current = await store.get<Pointer>(pointerKey);
    const ptr = current?.value;
    if (ptr && ptr.version > ref.version) {
      throw new InvoiceStateError('A newer version of this invoice exists', 'invoice_version_stale');
    }
    if (ptr && ptr.version < ref.version) {
      // The amount changed: the intent created for the old version must not be confirmable.
      await call('stripe.payment_intent.cancel', ref.id, async () => {
        try {
          await stripe.paymentIntents.cancel(
            ptr.id,
            {},
            { idempotencyKey: `medflow:payment-intent-cancel:${ref.id}:v${ptr.version}`, ...account },
          );
        } catch (error) {
          const intent = await stripe.paymentIntents.retrieve(ptr.id, {}, account);
          if (intent.status === 'succeeded') {
            throw new InvoiceStateError(
              'An earlier version of this invoice was already paid',
              'invoice_already_paid',
            );
          }
          if (intent.status !== 'canceled') throw error;
        }
      });
    }
    const params: Stripe.PaymentIntentCreateParams = {
      amount: ref.total.amount,
      currency: ref.total.currency,
      description: paymentDescription(ref),
      metadata: invoiceMetadata(ref),
      ...(input.paymentMethodTypes
        ? { payment_method_types: input.paymentMethodTypes }
        : {
            automatic_payment_methods: input.savedPaymentMethod
              ? { enabled: true, allow_redirects: 'never' as const }
              : { enabled: true },
          }),
      ...(input.customerEmail ? { receipt_email: input.customerEmail } : {}),
      ...(input.savedPaymentMethod
        ? {
            customer: input.savedPaymentMethod.customerId,
            payment_method: input.savedPaymentMethod.paymentMethodId,
            confirm: true,
            off_session: true,
          }
        : {}),
    };
    const intent = await call('stripe.payment_intent.create', ref.id, () =>
      stripe.paymentIntents.create(params, {
        idempotencyKey: idempotencyKey('payment-intent', ref),
        ...account,
      }),
    );
    const reused = ptr?.id === intent.id;
    if (!reused) await store.set(pointerKey, { id: intent.id, version: ref.version, generation: 0 });
    return { id: intent.id, clientSecret: intent.client_secret ?? null, status: intent.status, reused };
  }

  async function refund(input: RefundInput): Promise<RefundResult> {
    const ref = toInvoiceRef(input.invoice);
    if (typeof input.requestId !== 'string' || !REFUND_ID.test(input.requestId)) {
      throw new ValidationError('requestId must be an opaque id', [
        { path: ['requestId'], message: 'invalid' },
      ]);
    }
    if (!['duplicate', 'fraudulent', 'requested_by_customer'].includes(input.reason)) {
      throw new ValidationError('Unknown refund reason', [{ path: ['reason'], message: 'invalid' }]);
    }
    const record = await invoices.getInvoice(ref.id);
    if (!record?.paymentIntentId || !['paid', 'partially_refunded'].includes(record.status)) {
      throw new InvoiceStateError('This invoice has no payment to refund', 'invoice_not_paid');
    }
    const charged = record.marks.amountPaid > 0 ? record.marks.amountPaid : record.total.amount;
    const remaining = charged - record.amountRefunded;
    const amount = input.amount
      ? money(input.amount.amount, input.amount.currency)
      : money(remaining, record.total.currency);
    if (amount.currency !== record.total.currency) {
      throw new ValidationError('Refund currency must match the invoice', [
        { path: ['amount', 'currency'], message: 'mismatch' },
      ]);
    }
    if (amount.amount <= 0 || amount.amount > remaining) {
      throw new ValidationError('Refund amount exceeds what is left to refund', [
        { path: ['amount'], message: 'too large' },
      ]);
    }
    assertStripeAmount(amount, { minimum: false });
    const paymentIntentId = record.paymentIntentId;
    const created = await call('stripe.refund.create', ref.id, () =>
      stripe.refunds.create(
        {
          payment_intent: paymentIntentId,
          amount: amount.amount,
          reason: input.reason,
          metadata: invoiceMetadata(ref),
        },
        { idempotencyKey: idempotencyKey('refund', ref, input.requestId), ...account },
      ),
    );
    return {
      id: created.id,
      status: created.status ?? null,
      amount: money(created.amount, created.currency),
    };
  }

  return { createCheckoutSession, createPaymentIntent, refund };
}

/**
 * The server side of "go to Checkout": a 303 to the session URL, so the browser follows
 * with GET. (Stripe.js `redirectToCheckout` no longer exists.)
 */
export function checkoutRedirect(session: { url: string | null }): Response {
  if (!session.url) {
    throw new ValidationError('This session has no redirect URL (embedded Checkout uses clientSecret)', [
      { path: ['url'], message: 'missing' },
    ]);
  }
  return new Response(null, { status: 303, headers: { location: session.url, 'cache-control': 'no-store' } });
}
