import Stripe from 'stripe';
import { STRIPE_API_VERSION } from './version';

/**
 * Helpers for our users' tests: Stripe-shaped fixture events and webhook requests signed
 * with Stripe's own `generateTestHeaderString`, so verification runs the real scheme.
 */

export interface SignedRequestOptions {
  /** The event object (or any JSON payload) to deliver. */
  event: unknown;
  secret: string;
  /** Unix seconds the signature claims; defaults to now. Use an old one to test tolerance. */
  timestamp?: number;
  url?: string;
  /** Sign with this instead of the real payload (to build a tampered request). */
  signedPayload?: string;
}

/** A `POST` Request carrying `event` with a valid `Stripe-Signature` header. */
export function createSignedWebhookRequest(options: SignedRequestOptions): Request {
  const payload = JSON.stringify(options.event);
  const header = Stripe.webhooks.generateTestHeaderString({
    payload: options.signedPayload ?? payload,
    secret: options.secret,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
  });
  return new Request(options.url ?? 'https://clinic.example/api/stripe/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    body: payload,
  });
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}_test${(++counter).toString(36).padStart(8, '0')}`;

export interface FixtureEventOptions {
  id?: string;
  /** Unix seconds. */
  created?: number;
  /** Connect: the connected account the event comes from. */
  account?: string;
}

/** Wraps `object` in Stripe's event envelope (API version pinned by this package). */
export function fixtureEvent<T extends { object: string }>(
  type: string,
  object: T,
  options: FixtureEventOptions = {},
): Stripe.Event {
  return {
    id: options.id ?? nextId('evt'),
    object: 'event',
    api_version: STRIPE_API_VERSION,
    created: options.created ?? Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    ...(options.account ? { account: options.account } : {}),
  } as unknown as Stripe.Event;
}

export interface InvoiceFixture {
  invoiceId: string;
  clinicId?: string;
  amount: number;
  currency?: string;
  paymentIntentId?: string;
}

const metadata = (f: InvoiceFixture) => ({ invoice_id: f.invoiceId, clinic_id: f.clinicId ?? 'clinic_1' });

/** A `checkout.session` object as Stripe sends it in `checkout.session.*` events. */
export function checkoutSessionObject(
  f: InvoiceFixture & {
    sessionId?: string;
    paymentStatus?: 'paid' | 'unpaid';
    status?: 'open' | 'complete' | 'expired';
  },
) {
  const id = f.sessionId ?? nextId('cs');
  return {
    id,
    object: 'checkout.session' as const,
    amount_subtotal: f.amount,
    amount_total: f.amount,
    client_reference_id: f.invoiceId,
    client_secret: null,
    currency: f.currency ?? 'usd',
    customer: null,
    customer_email: null,
    expires_at: Math.floor(Date.now() / 1000) + 86_400,
    livemode: false,
    metadata: metadata(f),
    mode: 'payment',
    payment_intent: f.paymentIntentId ?? null,
    payment_status: f.paymentStatus ?? 'paid',
    status: f.status ?? 'complete',
    success_url: 'https://clinic.example/paid',
    cancel_url: 'https://clinic.example/cancelled',
    ui_mode: 'hosted_page',
    url: null,
  };
}

export function paymentIntentObject(
  f: InvoiceFixture & { status?: 'succeeded' | 'processing' | 'requires_payment_method' | 'canceled' },
) {
  const status = f.status ?? 'succeeded';
  return {
    id: f.paymentIntentId ?? nextId('pi'),
    object: 'payment_intent' as const,
    amount: f.amount,
    amount_received: status === 'succeeded' ? f.amount : 0,
    currency: f.currency ?? 'usd',
    client_secret: `${f.paymentIntentId ?? 'pi'}_secret_test`,
    created: Math.floor(Date.now() / 1000),
    description: null,
    livemode: false,
    metadata: metadata(f),
    status,
  };
}

export function chargeObject(f: InvoiceFixture & { chargeId?: string; amountRefunded: number }) {
  return {
    id: f.chargeId ?? nextId('ch'),
    object: 'charge' as const,
    amount: f.amount,
    amount_captured: f.amount,
    amount_refunded: f.amountRefunded,
    currency: f.currency ?? 'usd',
    captured: true,
    livemode: false,
    metadata: metadata(f),
    paid: true,
    payment_intent: f.paymentIntentId ?? null,
    refunded: f.amountRefunded >= f.amount,
    status: 'succeeded',
  };
}

export function refundObject(
  f: InvoiceFixture & { refundId?: string; status?: 'succeeded' | 'pending' | 'failed' | 'canceled' },
) {
  return {
    id: f.refundId ?? nextId('re'),
    object: 'refund' as const,
    amount: f.amount,
    currency: f.currency ?? 'usd',
    charge: null,
    created: Math.floor(Date.now() / 1000),
    metadata: metadata(f),
    payment_intent: f.paymentIntentId ?? null,
    reason: 'requested_by_customer',
    status: f.status ?? 'succeeded',
  };
}

/** Disputes carry no metadata: the pipeline finds the invoice through the payment intent. */
export function disputeObject(
  f: Omit<InvoiceFixture, 'invoiceId'> & { disputeId?: string; status?: 'needs_response' | 'won' | 'lost' },
) {
  return {
    id: f.disputeId ?? nextId('dp'),
    object: 'dispute' as const,
    amount: f.amount,
    currency: f.currency ?? 'usd',
    charge: nextId('ch'),
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    metadata: {},
    payment_intent: f.paymentIntentId ?? null,
    reason: 'general',
    status: f.status ?? 'needs_response',
  };
}
