import {
  applyToRecord,
  INVOICE_STATUS_RANK,
  type InvoicePaymentRecord,
  newRecord,
  type PaymentTransition,
} from '@medflow/payments';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const TOTAL = 10_000;
const base = () =>
  newRecord({
    id: 'inv_1',
    number: 'INV-1',
    version: 1,
    clinicId: 'c1',
    total: { amount: TOTAL, currency: 'usd' },
  });

const at = fc.integer({ min: 1, max: 50 });
const transition: fc.Arbitrary<PaymentTransition> = fc.oneof(
  at.map((t) => ({ kind: 'processing' as const, at: t })),
  at.map((t) => ({ kind: 'payment_failed' as const, at: t })),
  at.map((t) => ({ kind: 'paid' as const, at: t, amount: TOTAL })),
  fc.tuple(at, fc.integer({ min: 1, max: TOTAL })).map(([t, a]) => ({
    kind: 'refunded' as const,
    at: t,
    chargeAmountRefunded: a,
  })),
  fc.tuple(at, fc.constantFrom('re_a', 're_b'), fc.integer({ min: 1, max: TOTAL / 2 })).map(([t, id, a]) => ({
    kind: 'refunded' as const,
    at: t,
    refund: { id, amount: a },
  })),
  fc
    .tuple(at, fc.constantFrom('dp_a', 'dp_b'), fc.constantFrom('open' as const, 'closed' as const))
    .map(([t, id, status]) => ({ kind: 'dispute' as const, at: t, disputeId: id, status })),
  at.map((t) => ({ kind: 'session_expired' as const, at: t })),
);

const run = (ts: readonly PaymentTransition[]) => {
  let record: InvoicePaymentRecord = base();
  const history: InvoicePaymentRecord[] = [];
  for (const t of ts) {
    record = applyToRecord(record, t).after;
    history.push(record);
  }
  return { record, history };
};

const view = (r: InvoicePaymentRecord) => ({
  status: r.status,
  disputed: r.disputed,
  refunded: r.amountRefunded,
});

describe('invoice state machine', () => {
  it('ends in the same state whatever the delivery order (property)', () => {
    fc.assert(
      fc.property(
        fc
          .array(transition, { maxLength: 12 })
          .chain((ts) => fc.tuple(fc.constant(ts), fc.shuffledSubarray(ts, { minLength: ts.length }))),
        ([ordered, shuffled]) => {
          expect(view(run(shuffled).record)).toEqual(view(run(ordered).record));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('is idempotent: a redelivered transition changes nothing (property)', () => {
    fc.assert(
      fc.property(fc.array(transition, { minLength: 1, maxLength: 10 }), (ts) => {
        const once = run(ts).record;
        const twice = run([...ts, ...ts]).record;
        expect(view(twice)).toEqual(view(once));
      }),
      { numRuns: 300 },
    );
  });

  it('never drops below paid once paid, and refunds only grow (property)', () => {
    fc.assert(
      fc.property(fc.array(transition, { maxLength: 15 }), (ts) => {
        let paid = false;
        let refunded = 0;
        for (const r of run(ts).history) {
          if (paid) expect(INVOICE_STATUS_RANK[r.status]).toBeGreaterThanOrEqual(INVOICE_STATUS_RANK.paid);
          if (INVOICE_STATUS_RANK[r.status] >= INVOICE_STATUS_RANK.paid) paid = true;
          expect(r.amountRefunded).toBeGreaterThanOrEqual(refunded);
          refunded = r.amountRefunded;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('walks open → processing → paid → partially_refunded → refunded, with disputed as a flag', () => {
    const steps: PaymentTransition[] = [
      { kind: 'processing', at: 1 },
      { kind: 'paid', at: 2, amount: TOTAL },
      { kind: 'dispute', at: 3, disputeId: 'dp_1', status: 'open' },
      { kind: 'refunded', at: 4, chargeAmountRefunded: 4000 },
      { kind: 'dispute', at: 5, disputeId: 'dp_1', status: 'closed' },
      { kind: 'refunded', at: 6, chargeAmountRefunded: TOTAL },
    ];
    expect(run(steps).history.map(view)).toEqual([
      { status: 'processing', disputed: false, refunded: 0 },
      { status: 'paid', disputed: false, refunded: 0 },
      { status: 'paid', disputed: true, refunded: 0 },
      { status: 'partially_refunded', disputed: true, refunded: 4000 },
      { status: 'partially_refunded', disputed: false, refunded: 4000 },
      { status: 'refunded', disputed: false, refunded: TOTAL },
    ]);
  });

  it('sends a failed payment back to open, but not an older failure', () => {
    expect(
      run([
        { kind: 'processing', at: 5 },
        { kind: 'payment_failed', at: 6 },
      ]).record.status,
    ).toBe('open');
    expect(
      run([
        { kind: 'payment_failed', at: 4 },
        { kind: 'processing', at: 5 },
      ]).record.status,
    ).toBe('processing');
    expect(
      run([
        { kind: 'processing', at: 5 },
        { kind: 'payment_failed', at: 4 },
      ]).record.status,
    ).toBe('processing');
  });
});
