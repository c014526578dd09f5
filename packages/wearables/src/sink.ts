import { type Migration, migrate, quoteIdent, type SqlClient } from '@medflow/core';
import { type Sample, timeRange } from './model';

export interface SinkContext {
  /** The patient (or app user) the samples belong to. */
  subject: string;
  connectionId?: string;
}

/**
 * Where normalized samples go. Writes are upserts by `sample.id`, so a batch written twice
 * (a retried push, a sync resumed after a kill) leaves one copy.
 */
export interface SampleSink {
  write(samples: readonly Sample[], context: SinkContext): Promise<void>;
  /**
   * Removes samples by id (HealthKit deleted objects, provider deletions). An id also removes
   * the samples split out of that record (`<id>#<n>`, e.g. a heart-rate series).
   */
  delete(ids: readonly string[], context: SinkContext): Promise<void>;
}

export interface MemorySampleSink extends SampleSink {
  /** Everything stored, in id order. */
  all(subject?: string): Sample[];
  /** How many write calls (batches) arrived. */
  readonly batches: number;
}

export function createMemorySampleSink(): MemorySampleSink {
  const store = new Map<string, { subject: string; sample: Sample }>();
  let batches = 0;
  return {
    async write(samples, context) {
      batches++;
      for (const sample of samples) store.set(sample.id, { subject: context.subject, sample });
    },
    async delete(ids) {
      const wanted = new Set(ids);
      for (const id of [...store.keys()]) {
        const hash = id.indexOf('#');
        if (wanted.has(id) || (hash > 0 && wanted.has(id.slice(0, hash)))) store.delete(id);
      }
    },
    all(subject) {
      return [...store.values()]
        .filter((e) => subject === undefined || e.subject === subject)
        .map((e) => e.sample)
        .sort((a, b) => a.id.localeCompare(b.id));
    },
    get batches() {
      return batches;
    },
  };
}

export const wearablesMigrations: readonly Migration[] = [
  {
    id: 'wearables-0001-samples',
    sql: `
CREATE TABLE IF NOT EXISTS {{schema}}.medflow_wearable_samples (
  id text PRIMARY KEY,
  -- The source record a sample came from (id before '#'), so deleting a series record finds
  -- its samples through an index.
  record_id text NOT NULL,
  subject text NOT NULL,
  kind text NOT NULL,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  sample jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS medflow_wearable_samples_subject_kind_start
  ON {{schema}}.medflow_wearable_samples (subject, kind, start_at);
CREATE INDEX IF NOT EXISTS medflow_wearable_samples_subject_record
  ON {{schema}}.medflow_wearable_samples (subject, record_id);`,
  },
];

/** Creates the sample table in `schema` (default `public`). */
export function migrateWearables(client: SqlClient, options: { schema?: string } = {}) {
  return migrate(client, wearablesMigrations, options);
}

export interface PostgresSampleSink extends SampleSink {
  /** A subject's samples of a kind between two instants, for totals and FHIR export. */
  query(subject: string, options?: { kind?: string; fromMs?: number; toMs?: number }): Promise<Sample[]>;
}

/** Works with pg.Pool and PGlite alike (both fit core's SqlClient). */
export function createPostgresSampleSink(options: { sql: SqlClient; schema?: string }): PostgresSampleSink {
  const table = `${quoteIdent(options.schema ?? 'public')}.medflow_wearable_samples`;
  const { sql } = options;
  async function upsert(rows: Sample[], subject: string) {
    const params: unknown[] = [];
    const values = rows.map((s, i) => {
      const { startMs, endMs } = timeRange(s.time);
      const hash = s.id.indexOf('#');
      params.push(
        s.id,
        hash > 0 ? s.id.slice(0, hash) : s.id,
        subject,
        s.kind,
        new Date(startMs).toISOString(),
        new Date(endMs).toISOString(),
        JSON.stringify(s),
      );
      const o = i * 7;
      return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7}::jsonb)`;
    });
    await sql.query(
      `INSERT INTO ${table} (id, record_id, subject, kind, start_at, end_at, sample) VALUES ${values.join(', ')}
       ON CONFLICT (id) DO UPDATE SET record_id = EXCLUDED.record_id, subject = EXCLUDED.subject, kind = EXCLUDED.kind,
         start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, sample = EXCLUDED.sample, updated_at = now()`,
      params,
    );
  }
  return {
    async write(samples, context) {
      const unique = new Map<string, Sample>();
      for (const s of samples) unique.set(s.id, s);
      const rows = [...unique.values()];
      // Multi-row upserts of at most 2000 rows (7 parameters each stays under PostgreSQL's 65535).
      for (let i = 0; i < rows.length; i += 2000) await upsert(rows.slice(i, i + 2000), context.subject);
    },
    async delete(ids, context) {
      if (ids.length === 0) return;
      await sql.query(`DELETE FROM ${table} WHERE subject = $1 AND record_id = ANY($2::text[])`, [
        context.subject,
        [...ids],
      ]);
    },
    async query(subject, q = {}) {
      const { rows } = await sql.query<{ sample: Sample | string }>(
        `SELECT sample FROM ${table} WHERE subject = $1 AND ($2::text IS NULL OR kind = $2)
           AND ($3::timestamptz IS NULL OR end_at >= $3) AND ($4::timestamptz IS NULL OR start_at < $4)
         ORDER BY start_at, id`,
        [
          subject,
          q.kind ?? null,
          q.fromMs === undefined ? null : new Date(q.fromMs).toISOString(),
          q.toMs === undefined ? null : new Date(q.toMs).toISOString(),
        ],
      );
      return rows.map((r) => (typeof r.sample === 'string' ? (JSON.parse(r.sample) as Sample) : r.sample));
    },
  };
}
