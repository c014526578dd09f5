import type Stripe from 'stripe';
import type { PaymentTransition } from './invoice';

export type StripeEventType = Stripe.Event['type'];
/** The member of Stripe's event union with this `type`. */
export type StripeEventOf<T extends StripeEventType> = Extract<Stripe.Event, { type: T }>;

/** The event types that move an invoice. */
export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.processing',
  'payment_intent.canceled',
  'charge.refunded',
  'refund.updated',
  'charge.dispute.created',
  'charge.dispute.closed',
] as const satisfies readonly StripeEventType[];

export type HandledEventType = (typeof HANDLED_EVENT_TYPES)[number];

const HANDLED = new Set<string>(HANDLED_EVENT_TYPES);
export const isHandledEventType = (type: string): type is HandledEventType => HANDLED.has(type);

const idOf = (value: string | { id: string } | null | undefined): string | undefined =>
  typeof value === 'string' ? value : (value?.id ?? undefined);

/** Where the event says which invoice it is about, before any lookup. */
export interface EventSubject {
  invoiceId?: string;
  clinicId?: string;
  paymentIntentId?: string;
}

export function eventSubject(event: Stripe.Event): EventSubject {
  const object = event.data.object as {
    metadata?: Record<string, string> | null;
    client_reference_id?: string | null;
    payment_intent?: string | { id: string } | null;
    object?: string;
    id?: string;
  };
  const metadata = object.metadata ?? {};
  const invoiceId = metadata.invoice_id ?? object.client_reference_id ?? undefined;
  const paymentIntentId = object.object === 'payment_intent' ? object.id : idOf(object.payment_intent);
  return {
    ...(invoiceId ? { invoiceId } : {}),
    ...(metadata.clinic_id ? { clinicId: metadata.clinic_id } : {}),
    ...(paymentIntentId ? { paymentIntentId } : {}),
  };
}

/** Translates a handled Stripe event into a domain transition (null: nothing to apply). */
export function toTransition(event: Stripe.Event): PaymentTransition | null {
  const at = event.created;
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      const paymentIntentId = idOf(session.payment_intent);
      const pi = paymentIntentId ? { paymentIntentId } : {};
      // A delayed method (bank debit) completes the session `unpaid`; payment follows later.
      if (session.payment_status === 'unpaid') return { kind: 'processing', at, ...pi };
      return { kind: 'paid', at, amount: session.amount_total ?? 0, ...pi };
    }
    case 'checkout.session.async_payment_failed': {
      const paymentIntentId = idOf(event.data.object.payment_intent);
      return { kind: 'payment_failed', at, ...(paymentIntentId ? { paymentIntentId } : {}) };
    }
    case 'checkout.session.expired':
      return { kind: 'session_expired', at };
    case 'payment_intent.succeeded': {
      const intent = event.data.object;
      return {
        kind: 'paid',
        at,
        amount: intent.amount_received ?? intent.amount,
        paymentIntentId: intent.id,
      };
    }
    case 'payment_intent.processing':
      return { kind: 'processing', at, paymentIntentId: event.data.object.id };
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled':
      return { kind: 'payment_failed', at, paymentIntentId: event.data.object.id };
    case 'charge.refunded':
      return { kind: 'refunded', at, chargeAmountRefunded: event.data.object.amount_refunded };
    case 'refund.updated': {
      const refund = event.data.object;
      if (refund.status !== 'succeeded') return null;
      return { kind: 'refunded', at, refund: { id: refund.id, amount: refund.amount } };
    }
    case 'charge.dispute.created':
      return { kind: 'dispute', at, disputeId: event.data.object.id, status: 'open' };
    case 'charge.dispute.closed':
      return { kind: 'dispute', at, disputeId: event.data.object.id, status: 'closed' };
    default:
      return null;
  }
}
