import { ValidationError, validationErrorFromZod } from '@medflow/core';
import { z } from 'zod';
import { assertStripeAmount, type Money, money } from './money';

/**
 * What the clinic bills. Only `id`, `number`, `version`, `clinicId` and `total` are ever read;
 * anything else on the object (line descriptions, notes, the patient) may carry PHI and is
 * never sent to Stripe, so callers can pass their own invoice record as it is.
 */
export interface BillableInvoice {
  /** Stable id; sent to Stripe as metadata, so it must be opaque (no names, no codes). */
  readonly id: string;
  /** Human invoice number such as `INV-1042`, shown on the Checkout page. */
  readonly number: string;
  /** Increases whenever the invoice changes; part of every idempotency key. */
  readonly version: number;
  readonly clinicId: string;
  readonly total: Money;
  readonly [field: string]: unknown;
}

/**
 * Ids and numbers travel to Stripe, so they are restricted to a shape that cannot hold a
 * sentence: letters, digits and a few separators.
 */
const OPAQUE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/;

const invoiceSchema = z.object({
  id: z.string().regex(OPAQUE, 'must be an opaque id (letters, digits, _ . : / -)'),
  number: z.string().regex(OPAQUE, 'must be an invoice number such as INV-1042'),
  version: z.number().int().nonnegative(),
  clinicId: z.string().regex(OPAQUE, 'must be an opaque id (letters, digits, _ . : / -)'),
  total: z.object({ amount: z.number(), currency: z.string() }),
});

/** The parts of an invoice the payments package keeps, validated. */
export interface InvoiceRef {
  id: string;
  number: string;
  version: number;
  clinicId: string;
  total: Money;
}

export function toInvoiceRef(invoice: BillableInvoice): InvoiceRef {
  const parsed = invoiceSchema.safeParse(invoice);
  if (!parsed.success) throw validationErrorFromZod(parsed.error, 'Invalid invoice');
  const total = money(parsed.data.total.amount, parsed.data.total.currency);
  assertStripeAmount(total);
  const { id, number, version, clinicId } = parsed.data;
  return { id, number, version, clinicId, total };
}

export function assertOpaqueId(value: string, field: string): void {
  if (typeof value !== 'string' || !OPAQUE.test(value)) {
    throw new ValidationError(`Invalid ${field}`, [{ path: [field], message: 'must be an opaque id' }]);
  }
}

export type InvoiceStatus = 'open' | 'processing' | 'paid' | 'partially_refunded' | 'refunded';

export const INVOICE_STATUS_RANK: Readonly<Record<InvoiceStatus, number>> = {
  open: 0,
  processing: 1,
  paid: 2,
  partially_refunded: 3,
  refunded: 4,
};

export type DisputeStatus = 'open' | 'closed';

/**
 * Everything learned from Stripe events, kept so that merging is order-independent: times
 * and amounts only grow, a closed dispute stays closed. The status is derived from these.
 */
export interface PaymentMarks {
  /** `created` (seconds) of the newest processing signal. */
  processingAt: number;
  /** `created` (seconds) of the newest failure/cancel signal. */
  failedAt: number;
  /** `created` of the first success signal, 0 when never paid. */
  paidAt: number;
  amountPaid: number;
  /** Largest `amount_refunded` reported on the charge. */
  chargeRefunded: number;
  /** Succeeded refunds by id. */
  refunds: Record<string, number>;
  disputes: Record<string, DisputeStatus>;
}

export const EMPTY_MARKS: PaymentMarks = Object.freeze({
  processingAt: 0,
  failedAt: 0,
  paidAt: 0,
  amountPaid: 0,
  chargeRefunded: 0,
  refunds: {},
  disputes: {},
}) as PaymentMarks;

export interface InvoicePaymentRecord {
  id: string;
  number: string;
  version: number;
  clinicId: string;
  total: Money;
  status: InvoiceStatus;
  disputed: boolean;
  amountRefunded: number;
  paymentIntentId: string | null;
  marks: PaymentMarks;
}

/** A fact learned from one Stripe event, in domain terms. */
export type PaymentTransition =
  | { kind: 'processing'; at: number; paymentIntentId?: string }
  | { kind: 'paid'; at: number; amount: number; paymentIntentId?: string }
  | { kind: 'payment_failed'; at: number; paymentIntentId?: string }
  | { kind: 'refunded'; at: number; chargeAmountRefunded?: number; refund?: { id: string; amount: number } }
  | { kind: 'dispute'; at: number; disputeId: string; status: DisputeStatus }
  | { kind: 'session_expired'; at: number };

export interface TransitionResult {
  before: InvoicePaymentRecord;
  after: InvoicePaymentRecord;
  changed: boolean;
}

export function mergeMarks(marks: PaymentMarks, t: PaymentTransition): PaymentMarks {
  const next: PaymentMarks = { ...marks, refunds: { ...marks.refunds }, disputes: { ...marks.disputes } };
  switch (t.kind) {
    case 'processing':
      next.processingAt = Math.max(next.processingAt, t.at);
      break;
    case 'payment_failed':
      next.failedAt = Math.max(next.failedAt, t.at);
      break;
    case 'paid':
      next.paidAt = next.paidAt === 0 ? t.at : Math.min(next.paidAt, t.at);
      next.amountPaid = Math.max(next.amountPaid, t.amount);
      break;
    case 'refunded':
      if (t.chargeAmountRefunded !== undefined)
        next.chargeRefunded = Math.max(next.chargeRefunded, t.chargeAmountRefunded);
      if (t.refund) next.refunds[t.refund.id] = Math.max(next.refunds[t.refund.id] ?? 0, t.refund.amount);
      break;
    case 'dispute':
      // Closed is terminal, so a late "created" never reopens a closed dispute.
      if (next.disputes[t.disputeId] !== 'closed') next.disputes[t.disputeId] = t.status;
      break;
    case 'session_expired':
      break;
  }
  return next;
}

/**
 * The status is a pure function of the marks, and the marks merge by max/union, so any
 * delivery order of the same events ends in the same state. Once paid, an invoice never
 * drops below paid; before payment a failure after the latest processing signal sends it
 * back to open so the patient can try again.
 */
export function deriveStatus(
  marks: PaymentMarks,
  total: Money,
): { status: InvoiceStatus; amountRefunded: number; disputed: boolean } {
  const refundSum = Object.values(marks.refunds).reduce((a, b) => a + b, 0);
  const amountRefunded = Math.max(marks.chargeRefunded, refundSum);
  const disputed = Object.values(marks.disputes).includes('open');
  // A refund or a dispute exists only for a successful charge, so either proves payment
  // even when the success event itself has not arrived yet.
  const paid = marks.paidAt > 0 || amountRefunded > 0 || Object.keys(marks.disputes).length > 0;
  let status: InvoiceStatus;
  if (paid) {
    const charged = marks.amountPaid > 0 ? marks.amountPaid : total.amount;
    if (amountRefunded >= charged && amountRefunded > 0) status = 'refunded';
    else if (amountRefunded > 0) status = 'partially_refunded';
    else status = 'paid';
  } else if (marks.processingAt > marks.failedAt) status = 'processing';
  else status = 'open';
  return { status, amountRefunded, disputed };
}

export function applyToRecord(record: InvoicePaymentRecord, t: PaymentTransition): TransitionResult {
  const marks = mergeMarks(record.marks, t);
  const derived = deriveStatus(marks, record.total);
  const after: InvoicePaymentRecord = {
    ...record,
    ...derived,
    marks,
    paymentIntentId: ('paymentIntentId' in t ? t.paymentIntentId : undefined) ?? record.paymentIntentId,
  };
  const changed =
    after.status !== record.status ||
    after.disputed !== record.disputed ||
    after.amountRefunded !== record.amountRefunded;
  return { before: record, after, changed };
}

export function newRecord(ref: InvoiceRef): InvoicePaymentRecord {
  return {
    ...ref,
    status: 'open',
    disputed: false,
    amountRefunded: 0,
    paymentIntentId: null,
    marks: { ...EMPTY_MARKS, refunds: {}, disputes: {} },
  };
}

/** The port the webhook pipeline and the charging API use to read and move invoices. */
export interface InvoiceRepository {
  getInvoice(id: string): Promise<InvoicePaymentRecord | null>;
  /**
   * Merges `transition` into the invoice atomically and records `eventId` as applied.
   * Returns null when the invoice is unknown.
   */
  applyTransition(
    id: string,
    transition: PaymentTransition,
    meta: { eventId: string; eventType: string },
  ): Promise<TransitionResult | null>;
  /** Creates the invoice or moves it to a newer version; payment state is kept. */
  registerInvoice(ref: InvoiceRef): Promise<InvoicePaymentRecord>;
  findInvoiceIdByPaymentIntent(paymentIntentId: string): Promise<string | null>;
}
