import {
  DEFAULT_DONE_TTL_MS,
  type Migration,
  migrate,
  quoteIdent,
  type SqlClient,
  withTransaction,
} from '@medflow/core';
import { createPostgresIdempotencyStore, migrateCore } from '@medflow/core/postgres';
import {
  applyToRecord,
  type InvoicePaymentRecord,
  type InvoiceRepository,
  type InvoiceStatus,
  type PaymentMarks,
  type TransitionResult,
} from '../invoice';
import {
  type AtomicEventApplier,
  type AtomicEventInput,
  type AtomicEventOutcome,
  claimResult,
  type WebhookUnitOfWork,
} from '../webhook';
import { createBatcher } from './batcher';
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
  /** Settles an event without an `on` handler in one atomic statement (see `createAtomicEventApplier`). */
  applyEvent: AtomicEventApplier;
}

/** How often an event re-reads its invoice after losing a race before it takes the row lock instead. */
const OPTIMISTIC_ATTEMPTS = 4;

const UNIQUE_VIOLATION = '23505';

export interface AtomicEventApplierOptions extends PostgresRepositoryOptions {
  /** How long an event stays recorded as done (default: core's 7 days). */
  doneTtlMs?: number;
  /**
   * Invoices whose last known row version this process keeps, so the next event of an
   * invoice skips the read (default 5,000; 0 turns it off). A stale entry only costs a
   * failed compare-and-set and a read: correctness never depends on it.
   */
  rowCacheSize?: number;
  /**
   * Settling statements in flight at once (default 4). Events ready while that many run
   * are settled together by the next statement, so under load a commit serves many events.
   */
  maxConcurrentWrites?: number;
}

/** Most events one settling statement carries. */
const MAX_BATCH = 64;

/** Row versions older than this are read again (transaction ids eventually wrap around). */
const ROW_CACHE_TTL_MS = 60_000;

/**
 * Settles one webhook event in at most two statements and no explicit transaction:
 *
 * 1. one read of the invoice (with its row version, `xmin`) and of the event's claim,
 *    skipped when this process wrote the invoice last and remembers its row version;
 * 2. one statement that moves the invoice only if its row version is still the one read,
 *    writes the audit row and inserts the event's claim as done. PostgreSQL applies a
 *    statement whole or not at all, so the transition and the completion commit together.
 *
 * Both steps are micro-batched: while `maxConcurrentWrites` statements of a kind are in
 * flight, the events that become ready wait and the next statement carries all of them
 * (never two events of one invoice), so under load one round trip and one commit serve
 * many events, each row still guarded on its own. A batch that fails is retried event by
 * event, so one event's error never becomes another's.
 *
 * A redelivered event finds its claim in step 1, or (skipping the read) in the UPDATE's
 * guard. Two deliveries of one event racing both pass the guard, but both update the same
 * invoice row: the second waits for the first's row lock, then finds a newer row version
 * and changes nothing. Either way the next read answers `duplicate`. The normal path never
 * raises (node-postgres's Pool drops the connection of any query that errors); a unique
 * violation of the claim key, left as a last safety, undoes the whole statement. An event
 * that keeps losing to other events of the same invoice returns `contended`, and the
 * pipeline runs it in a transaction with the row locked, which always makes progress.
 */
export function createAtomicEventApplier(options: AtomicEventApplierOptions): AtomicEventApplier {
  const schema = quoteIdent(options.schema ?? 'public');
  const invoicesTable = `${schema}.medflow_payment_invoices`;
  const eventsTable = `${schema}.medflow_payment_events`;
  const claimsTable = `${schema}.medflow_idempotency`;
  const sql = withPreparedStatements(options.sql);
  const doneTtlMs = options.doneTtlMs ?? DEFAULT_DONE_TTL_MS;
  // Reads a batch: each event's invoice with its row version, and its claim.
  const readText = `SELECT t.n, ${COLUMNS.split(', ')
    .map((c) => `i.${c}`)
    .join(', ')}, i.xmin::text AS row_version, c.state AS claim_state, c.expires_at > now() AS claim_live
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(invoice_id, claim_key, n)
    LEFT JOIN ${invoicesTable} AS i ON i.id = t.invoice_id
    LEFT JOIN ${claimsTable} AS c ON c.key = t.claim_key`;
  const claimText = `INSERT INTO ${claimsTable} (key, state, token, result, expires_at)
    VALUES ($1, 'done', NULL, $2::jsonb, now() + $3::double precision * interval '1 millisecond')
    ON CONFLICT (key) DO NOTHING RETURNING key`;
  // Settles a batch of events of distinct invoices; each row moves (with its audit row and
  // done claim) only if its invoice is still at the row version read and its claim is not
  // recorded yet. Rows that do not move change nothing.
  const settleText = `WITH input AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::bigint[], $5::text[], $6::text[],
        $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[], $12::text[], $13::text[])
      AS t(id, status, disputed, amount_refunded, payment_intent_id, marks, row_version, event_id,
        event_type, from_status, changed, claim_key, claim_result)),
    moved AS (
      UPDATE ${invoicesTable} AS inv SET status = i.status, disputed = i.disputed,
        amount_refunded = i.amount_refunded, payment_intent_id = i.payment_intent_id,
        marks = i.marks::jsonb, updated_at = now()
      FROM input AS i
      WHERE inv.id = i.id AND inv.xmin = i.row_version::xid
        AND NOT EXISTS (SELECT 1 FROM ${claimsTable} AS c WHERE c.key = i.claim_key)
      RETURNING inv.id, inv.xmin::text AS row_version),
    audited AS (
      INSERT INTO ${eventsTable} (event_id, event_type, invoice_id, from_status, to_status, changed)
      SELECT i.event_id, i.event_type, m.id, i.from_status, i.status, i.changed
      FROM moved AS m JOIN input AS i ON i.id = m.id
      ON CONFLICT (event_id) DO NOTHING),
    claimed AS (
      INSERT INTO ${claimsTable} (key, state, token, result, expires_at)
      SELECT i.claim_key, 'done', NULL, i.claim_result::jsonb,
        now() + $14::double precision * interval '1 millisecond'
      FROM moved AS m JOIN input AS i ON i.id = m.id)
    SELECT id, row_version FROM moved`;
  const dropExpired = `DELETE FROM ${claimsTable} WHERE key = $1 AND expires_at <= now()`;

  type ReadRow = Row & { row_version: string | null; claim_state: string | null; claim_live: boolean | null };

  const isUniqueViolation = (error: unknown) =>
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION;

  const cacheSize = options.rowCacheSize ?? 5_000;
  const rowCache = new Map<string, { record: InvoicePaymentRecord; version: string; at: number }>();
  const remember = (record: InvoicePaymentRecord, version: string) => {
    if (cacheSize <= 0) return;
    rowCache.delete(record.id);
    rowCache.set(record.id, { record, version, at: Date.now() });
    // Map keeps insertion order, so the first key is the least recently written.
    if (rowCache.size > cacheSize) rowCache.delete(rowCache.keys().next().value as string);
  };
  const recall = (id: string | null) => {
    const hit = id === null ? undefined : rowCache.get(id);
    if (hit && Date.now() - hit.at < ROW_CACHE_TTL_MS) return hit;
    return undefined;
  };

  interface SettleJob {
    input: AtomicEventInput;
    result: TransitionResult;
    version: string;
  }
  const maxInFlight = Math.max(1, options.maxConcurrentWrites ?? 4);
  const settle = createBatcher<SettleJob, string | null>({
    maxInFlight,
    maxBatch: MAX_BATCH,
    // Two events of one invoice never share a statement: the second waits for the next.
    apart: (job) => job.result.after.id,
    async run(batch) {
      const column = <T>(pick: (job: SettleJob) => T) => batch.map(pick);
      const { rows } = await sql.query<{ id: string; row_version: string }>(settleText, [
        column((j) => j.result.after.id),
        column((j) => j.result.after.status),
        column((j) => j.result.after.disputed),
        column((j) => j.result.after.amountRefunded),
        column((j) => j.result.after.paymentIntentId),
        column((j) => JSON.stringify(j.result.after.marks)),
        column((j) => j.version),
        column((j) => j.input.eventId),
        column((j) => j.input.eventType),
        column((j) => j.result.before.status),
        column((j) => j.result.changed),
        column((j) => j.input.claimKey),
        column((j) => JSON.stringify(claimResult(j.result.after))),
        doneTtlMs,
      ]);
      const written = new Map(rows.map((r) => [r.id, r.row_version]));
      return batch.map((j) => written.get(j.result.after.id) ?? null);
    },
  });
  const read = createBatcher<AtomicEventInput, ReadRow | undefined>({
    maxInFlight,
    maxBatch: MAX_BATCH,
    async run(batch) {
      const { rows } = await sql.query<ReadRow & { n: string | number }>(readText, [
        batch.map((j) => j.invoiceId),
        batch.map((j) => j.claimKey),
      ]);
      const byIndex = new Map(rows.map((r) => [Number(r.n), r]));
      return batch.map((_, i) => byIndex.get(i + 1));
    },
  });

  return async function applyEvent(input: AtomicEventInput): Promise<AtomicEventOutcome> {
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      // A remembered row version stands in for the read; a duplicate delivery then finds
      // its claim in the settling statement's guard, and the read on the next attempt says so.
      let current: { record: InvoicePaymentRecord; version: string } | undefined =
        input.transition && attempt === 0 ? recall(input.invoiceId) : undefined;
      if (!current) {
        const row = await read(input);
        if (row?.claim_state) {
          if (row.claim_live) return { status: row.claim_state === 'done' ? 'duplicate' : 'in_progress' };
          // A claim past its retention: the event is new again, as the store's claim would say.
          await sql.query(dropExpired, [input.claimKey]);
        }
        if (row?.row_version) current = { record: toRecord(row), version: row.row_version };
      }
      const invoice = current?.record ?? null;
      try {
        if (!current || !input.transition) {
          const claimed = await sql.query(claimText, [
            input.claimKey,
            JSON.stringify(claimResult(invoice)),
            doneTtlMs,
          ]);
          if (claimed.rows.length === 1) return { status: 'settled', invoice, transition: null };
          // Claimed meanwhile: the next read says by whom.
          continue;
        }
        const result = applyToRecord(current.record, input.transition);
        const a = result.after;
        const written = await settle({ input, result, version: current.version });
        if (written) {
          remember(a, written);
          return { status: 'settled', invoice: a, transition: result };
        }
        // Another event moved the invoice since the read: read it again and merge on top.
        rowCache.delete(a.id);
      } catch (error) {
        if (invoice) rowCache.delete(invoice.id);
        // The claim was taken meanwhile (a duplicate delivery won); the next read says how.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return { status: 'contended' };
  };
}

/**
 * The idempotency store, repository and transaction for the webhook pipeline, all on one
 * database, so an event's invoice transition and its claim completion commit together.
 */
export function createPostgresPaymentsStorage(options: AtomicEventApplierOptions): PostgresPaymentsStorage {
  const schema = options.schema ? { schema: options.schema } : {};
  const build = (sql: SqlClient, inTransaction: boolean): WebhookUnitOfWork => ({
    store: createPostgresIdempotencyStore({ sql, ...schema }),
    invoices: createPostgresInvoiceRepository({ sql, ...schema, inTransaction }),
  });
  return {
    ...build(options.sql, false),
    transaction: (fn) => withTransaction(options.sql, (tx) => fn(build(withPreparedStatements(tx), true))),
    applyEvent: createAtomicEventApplier(options),
  };
}
