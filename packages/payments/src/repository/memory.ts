import {
  applyToRecord,
  type InvoicePaymentRecord,
  type InvoiceRepository,
  newRecord,
  type TransitionResult,
} from '../invoice';

export interface AppliedTransition {
  eventId: string;
  eventType: string;
  invoiceId: string;
  from: string;
  to: string;
  changed: boolean;
}

export interface MemoryInvoiceRepository extends InvoiceRepository {
  /** Every applied event in order, for tests and debugging. */
  readonly applied: readonly AppliedTransition[];
}

const clone = (r: InvoicePaymentRecord): InvoicePaymentRecord => structuredClone(r);

/** In-process repository for tests and development. Each call runs without awaiting in between, so it is atomic. */
export function createMemoryInvoiceRepository(): MemoryInvoiceRepository {
  const records = new Map<string, InvoicePaymentRecord>();
  const byPaymentIntent = new Map<string, string>();
  const applied: AppliedTransition[] = [];
  const seen = new Set<string>();
  return {
    applied,
    async getInvoice(id) {
      const r = records.get(id);
      return r ? clone(r) : null;
    },
    async registerInvoice(ref) {
      const current = records.get(ref.id);
      if (!current) {
        const created = newRecord(ref);
        records.set(ref.id, created);
        return clone(created);
      }
      if (ref.version > current.version) {
        Object.assign(current, { version: ref.version, number: ref.number, total: ref.total });
      }
      return clone(current);
    },
    async applyTransition(id, transition, meta): Promise<TransitionResult | null> {
      const current = records.get(id);
      if (!current) return null;
      // Merging is idempotent, but the log and the result say plainly that nothing moved.
      if (seen.has(meta.eventId)) return { before: clone(current), after: clone(current), changed: false };
      const result = applyToRecord(current, transition);
      records.set(id, result.after);
      seen.add(meta.eventId);
      if (result.after.paymentIntentId) byPaymentIntent.set(result.after.paymentIntentId, id);
      applied.push({
        eventId: meta.eventId,
        eventType: meta.eventType,
        invoiceId: id,
        from: result.before.status,
        to: result.after.status,
        changed: result.changed,
      });
      return { before: clone(result.before), after: clone(result.after), changed: result.changed };
    },
    async findInvoiceIdByPaymentIntent(paymentIntentId) {
      return byPaymentIntent.get(paymentIntentId) ?? null;
    },
  };
}
