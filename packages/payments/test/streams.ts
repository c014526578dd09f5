/**
 * Realistic Stripe event streams for whole invoice lifecycles, with the event ids and
 * `created` times Stripe would give them, and the final state each lifecycle must end in.
 */
import type { InvoiceRef, InvoiceStatus } from '@medflow/payments';
import {
  chargeObject,
  checkoutSessionObject,
  disputeObject,
  fixtureEvent,
  paymentIntentObject,
  refundObject,
} from '@medflow/payments/testing';
import type Stripe from 'stripe';

export interface Lifecycle {
  invoice: InvoiceRef;
  paymentIntentId: string;
  events: Stripe.Event[];
  expected: { status: InvoiceStatus; disputed: boolean; amountRefunded: number };
}

const VARIANTS = [
  'card',
  'delayed',
  'failed',
  'failed_then_paid',
  'partial_refund',
  'full_refund',
  'dispute_closed',
  'dispute_open',
  'abandoned',
  'refund_then_dispute',
] as const;

/** Deterministic PRNG so a failing run can be replayed. */
export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function lifecycle(index: number, runId: string, base = 1_790_000_000): Lifecycle {
  const variant = VARIANTS[index % VARIANTS.length]!;
  const invoice: InvoiceRef = {
    id: `inv_${runId}_${index}`,
    number: `INV-${10_000 + index}`,
    version: 1,
    clinicId: 'clinic_1',
    total: { amount: 10_000 + index * 10, currency: 'usd' },
  };
  const amount = invoice.total.amount;
  const pi = `pi_${runId}_${index}`;
  const f = { invoiceId: invoice.id, amount, paymentIntentId: pi };
  let t = base + index * 1000;
  let k = 0;
  const ev = (type: string, object: { object: string }) => {
    t += 7;
    return fixtureEvent(type, object, { id: `evt_${runId}_${index}_${k++}`, created: t });
  };
  const paid = () => [
    ev('checkout.session.completed', checkoutSessionObject({ ...f, paymentStatus: 'paid' })),
    ev('payment_intent.succeeded', paymentIntentObject({ ...f, status: 'succeeded' })),
  ];
  const events: Stripe.Event[] = [];
  let expected: Lifecycle['expected'] = { status: 'paid', disputed: false, amountRefunded: 0 };
  switch (variant) {
    case 'card':
      events.push(...paid());
      break;
    case 'delayed':
      events.push(
        ev('checkout.session.completed', checkoutSessionObject({ ...f, paymentStatus: 'unpaid' })),
        ev('payment_intent.processing', paymentIntentObject({ ...f, status: 'processing' })),
        ev(
          'checkout.session.async_payment_succeeded',
          checkoutSessionObject({ ...f, paymentStatus: 'paid' }),
        ),
        ev('payment_intent.succeeded', paymentIntentObject({ ...f, status: 'succeeded' })),
      );
      break;
    case 'failed':
      events.push(
        ev('checkout.session.completed', checkoutSessionObject({ ...f, paymentStatus: 'unpaid' })),
        ev('payment_intent.processing', paymentIntentObject({ ...f, status: 'processing' })),
        ev('payment_intent.payment_failed', paymentIntentObject({ ...f, status: 'requires_payment_method' })),
        ev('checkout.session.async_payment_failed', checkoutSessionObject({ ...f, paymentStatus: 'unpaid' })),
      );
      expected = { status: 'open', disputed: false, amountRefunded: 0 };
      break;
    case 'failed_then_paid':
      events.push(
        ev('payment_intent.processing', paymentIntentObject({ ...f, status: 'processing' })),
        ev('payment_intent.payment_failed', paymentIntentObject({ ...f, status: 'requires_payment_method' })),
        ev('payment_intent.processing', paymentIntentObject({ ...f, status: 'processing' })),
        ...paid(),
      );
      break;
    case 'partial_refund':
      events.push(
        ...paid(),
        ev('charge.refunded', chargeObject({ ...f, amountRefunded: 2500 })),
        ev('refund.updated', refundObject({ ...f, amount: 2500, refundId: `re_${runId}_${index}_a` })),
      );
      expected = { status: 'partially_refunded', disputed: false, amountRefunded: 2500 };
      break;
    case 'full_refund':
      events.push(
        ...paid(),
        ev('charge.refunded', chargeObject({ ...f, amountRefunded: 1000 })),
        ev('refund.updated', refundObject({ ...f, amount: 1000, refundId: `re_${runId}_${index}_a` })),
        ev('charge.refunded', chargeObject({ ...f, amountRefunded: amount })),
        ev(
          'refund.updated',
          refundObject({ ...f, amount: amount - 1000, refundId: `re_${runId}_${index}_b` }),
        ),
      );
      expected = { status: 'refunded', disputed: false, amountRefunded: amount };
      break;
    case 'dispute_closed':
      events.push(
        ...paid(),
        ev('charge.dispute.created', disputeObject({ ...f, disputeId: `dp_${runId}_${index}` })),
        ev(
          'charge.dispute.closed',
          disputeObject({ ...f, disputeId: `dp_${runId}_${index}`, status: 'won' }),
        ),
      );
      break;
    case 'dispute_open':
      events.push(
        ...paid(),
        ev('charge.dispute.created', disputeObject({ ...f, disputeId: `dp_${runId}_${index}` })),
      );
      expected = { status: 'paid', disputed: true, amountRefunded: 0 };
      break;
    case 'abandoned':
      events.push(
        ev(
          'checkout.session.expired',
          checkoutSessionObject({ ...f, paymentStatus: 'unpaid', status: 'expired' }),
        ),
      );
      expected = { status: 'open', disputed: false, amountRefunded: 0 };
      break;
    case 'refund_then_dispute':
      events.push(
        ...paid(),
        ev('charge.refunded', chargeObject({ ...f, amountRefunded: amount })),
        ev('charge.dispute.created', disputeObject({ ...f, disputeId: `dp_${runId}_${index}` })),
      );
      expected = { status: 'refunded', disputed: true, amountRefunded: amount };
      break;
  }
  return { invoice, paymentIntentId: pi, events, expected };
}

/**
 * `invoices` lifecycles padded with redeliveries to exactly `perInvoice` deliveries each,
 * in delivery order (a redelivery comes after its original).
 */
export function stream(invoices: number, perInvoice: number, runId: string, seed = 42) {
  const random = prng(seed);
  const lifecycles = Array.from({ length: invoices }, (_, i) => lifecycle(i, runId));
  const ordered: Stripe.Event[] = [];
  for (const l of lifecycles) {
    const deliveries = [...l.events];
    while (deliveries.length < perInvoice) deliveries.push(l.events[Math.floor(random() * l.events.length)]!);
    deliveries.length = perInvoice;
    deliveries.sort((a, b) => a.created - b.created);
    ordered.push(...deliveries);
  }
  return { lifecycles, ordered };
}

export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const random = prng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Payment intents as Stripe returns them, for the lookups disputes need. */
export function intentsFor(lifecycles: readonly Lifecycle[]) {
  return lifecycles.map((l) =>
    paymentIntentObject({
      invoiceId: l.invoice.id,
      amount: l.invoice.total.amount,
      paymentIntentId: l.paymentIntentId,
    }),
  );
}
