import { type Migration, migrate, quoteIdent, type SqlClient, withTransaction } from '@medflow/core';
import { createPostgresIdempotencyStore, migrateCore } from '@medflow/core/postgres';
import {
  applyToRecord,
  type InvoicePaymentRecord,
  type InvoiceRepository,
  type InvoiceStatus,
  type PaymentMarks,
  type TransitionResult,
} from '../invoice';
import type { WebhookUnitOfWork } from '../webhook';
import { withPreparedStatements } from './prepared';

export const paymentsMigrations: readonly Migration[] = [
  {
    id: 'payments-0001-invoices',
    sql: `
CREATE TABLE IF NOT EXISTS {{schema}}.medflow_payment_invoices (
  id text PRIMARY KEY,
  clinic_id text NOT NULL,
  number text NOT NULL,
  version integer NOT NULL,
  amount bigint NOT NULL,
  currency text NOT NULL,
  status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'processing', 'paid', 'partially_refunded', 'refunded')),
  disputed boolean NOT NULL DEFAULT false,
  amount_refunded bigint NOT NULL DEFAULT 0,
  payment_intent_id text,
  marks jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS medflow_payment_invoices_pi ON {{schema}}.medflow_payment_invoices (payment_intent_id);
-- One row per applied Stripe event: the audit trail of every transition.
CREATE TABLE IF NOT EXISTS {{schema}}.medflow_payment_events (
  event_id text PRIMARY KEY,
  event_type text NOT NULL,
  invoice_id text NOT NULL REFERENCES {{schema}}.medflow_payment_invoices (id),
  from_status text NOT NULL,
  to_status text NOT NULL,
  changed boolean NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS medflow_payment_events_invoice ON {{schema}}.medflow_payment_events (invoice_id);`,
  },
];

/** Creates the payments tables (and core's idempotency table) in `schema`. */
export async function migratePayments(sql: SqlClient, options: { schema?: string } = {}): Promise<string[]> {
  const core = await migrateCore(sql, options);
  const own = await migrate(sql, paymentsMigrations, options);
  return [...core, ...own];
}

interface Row {
  id: string;
  clinic_id: string;
  number: string;
  version: number;
  amount: string | number;
  currency: string;
  status: InvoiceStatus;
  disputed: boolean;
  amount_refunded: string | number;
  payment_intent_id: string | null;
  marks: PaymentMarks | string;
}

const toRecord = (r: Row): InvoicePaymentRecord => ({
  id: r.id,
  clinicId: r.clinic_id,
  number: r.number,
  version: Number(r.version),
  total: { amount: Number(r.amount), currency: r.currency },
  status: r.status,
  disputed: r.disputed,
  amountRefunded: Number(r.amount_refunded),
  paymentIntentId: r.payment_intent_id,
  marks: typeof r.marks === 'string' ? (JSON.parse(r.marks) as PaymentMarks) : r.marks,
});

const COLUMNS =
  'id, clinic_id, number, version, amount, currency, status, disputed, amount_refunded, payment_intent_id, marks';

export interface PostgresRepositoryOptions {
  sql: SqlClient;
  schema?: string;
  /**
   * `sql` is a transaction's client: statements join it instead of opening their own
   * (a nested BEGIN would commit the caller's transaction early).
   */
  inTransaction?: boolean;
}

/**
 * Invoice repository on core's SqlClient (pg or PGlite). `applyTransition` locks the row
 * (SELECT … FOR UPDATE) inside a transaction, so concurrent events for one invoice merge
 * one after the other. Called with a transaction's client it joins that transaction.
 */
export function createPostgresInvoiceRepository(options: PostgresRepositoryOptions): InvoiceRepository {
  const schema = quoteIdent(options.schema ?? 'public');
  const invoicesTable = `${schema}.medflow_payment_invoices`;
  const eventsTable = `${schema}.medflow_payment_events`;
  const { sql } = options;
  const atomically = <T>(fn: (tx: SqlClient) => Promise<T>) =>
    options.inTransaction ? fn(sql) : withTransaction(sql, fn);
  async function getInvoice(id: string) {
    const { rows } = await sql.query<Row>(`SELECT ${COLUMNS} FROM ${invoicesTable} WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }
  return {
    getInvoice,
    async registerInvoice(ref) {
      const { rows } = await sql.query<Row>(
        `INSERT INTO ${invoicesTable} AS t (id, clinic_id, number, version, amount, currency, marks)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
         ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, number = EXCLUDED.number,
           amount = EXCLUDED.amount, currency = EXCLUDED.currency, updated_at = now()
         WHERE t.version < EXCLUDED.version
         RETURNING ${COLUMNS}`,
        [
          ref.id,
          ref.clinicId,
          ref.number,
          ref.version,
          ref.total.amount,
          ref.total.currency,
          JSON.stringify({
            processingAt: 0,
            failedAt: 0,
            paidAt: 0,
            amountPaid: 0,
            chargeRefunded: 0,
            refunds: {},
            disputes: {},
          }),
        ],
      );
      if (rows[0]) return toRecord(rows[0]);
      return (await getInvoice(ref.id))!;
    },
    async applyTransition(id, transition, meta): Promise<TransitionResult | null> {
      return atomically(async (tx) => {
        const { rows } = await tx.query<Row>(
          `SELECT ${COLUMNS} FROM ${invoicesTable} WHERE id = $1 FOR UPDATE`,
          [id],
        );
        if (!rows[0]) return null;
        const result = applyToRecord(toRecord(rows[0]), transition);
        const a = result.after;
        // One round trip for the state and its audit row: the row lock is held until commit.
        await tx.query(
          `WITH moved AS (
             UPDATE ${invoicesTable} SET status = $2, disputed = $3, amount_refunded = $4, payment_intent_id = $5,
               marks = $6::jsonb, updated_at = now() WHERE id = $1 RETURNING id)
           INSERT INTO ${eventsTable} (event_id, event_type, invoice_id, from_status, to_status, changed)
           SELECT $7, $8, id, $9, $2, $10 FROM moved ON CONFLICT (event_id) DO NOTHING`,
          [
            id,
            a.status,
            a.disputed,
            a.amountRefunded,
            a.paymentIntentId,
            JSON.stringify(a.marks),
            meta.eventId,
            meta.eventType,
            result.before.status,
            result.changed,
          ],
        );
        return result;
      });
    },
    async findInvoiceIdByPaymentIntent(paymentIntentId) {
      const { rows } = await sql.query<{ id: string }>(
        `SELECT id FROM ${invoicesTable} WHERE payment_intent_id = $1 LIMIT 1`,
        [paymentIntentId],
      );
      return rows[0]?.id ?? null;
    },
  };
}

export interface PostgresPaymentsStorage extends WebhookUnitOfWork {
  /** Runs `fn` in one transaction with a store and repository bound to it. */
  transaction<T>(fn: (unit: WebhookUnitOfWork) => Promise<T>): Promise<T>;
}

/**
 * The idempotency store, repository and transaction for the webhook pipeline, all on one
 * database, so an event's invoice transition and its claim completion commit together.
 */
export function createPostgresPaymentsStorage(options: PostgresRepositoryOptions): PostgresPaymentsStorage {
  const schema = options.schema ? { schema: options.schema } : {};
  const build = (sql: SqlClient, inTransaction: boolean): WebhookUnitOfWork => ({
    store: createPostgresIdempotencyStore({ sql, ...schema }),
    invoices: createPostgresInvoiceRepository({ sql, ...schema, inTransaction }),
  });
  return {
    ...build(options.sql, false),
    transaction: (fn) => withTransaction(options.sql, (tx) => fn(build(withPreparedStatements(tx), true))),
  };
}
