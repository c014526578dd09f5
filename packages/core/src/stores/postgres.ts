import { randomToken } from '../encoding';
import { type Migration, migrate, quoteIdent, type SqlClient } from '../sql';
import {
  type ClaimResult,
  DEFAULT_DONE_TTL_MS,
  type IdempotencyStore,
  type KeyValueStore,
  type VersionedValue,
} from './types';
import { assertTtlMs, toStoredJson } from './validate';

// Versions come from one sequence rather than counting per row: a key deleted or expired and
// written again must never reuse a version a stale compareAndSet still holds.
// The kv key sorts bytewise (COLLATE "C") whatever the database's default collation, so
// listings come back in the same order on every backend and a prefix listing is an index
// range scan rather than a pass over the table.
export const coreMigrations: readonly Migration[] = [
  {
    id: 'core-0001-stores',
    sql: `
CREATE TABLE IF NOT EXISTS {{schema}}.medflow_idempotency (
  key text PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('in_progress', 'done')),
  token text,
  result jsonb,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS medflow_idempotency_expires_at ON {{schema}}.medflow_idempotency (expires_at);
CREATE TABLE IF NOT EXISTS {{schema}}.medflow_kv (
  key text COLLATE "C" PRIMARY KEY,
  value jsonb NOT NULL,
  version bigint NOT NULL,
  expires_at timestamptz
);
CREATE INDEX IF NOT EXISTS medflow_kv_expires_at ON {{schema}}.medflow_kv (expires_at)
  WHERE expires_at IS NOT NULL;
CREATE SEQUENCE IF NOT EXISTS {{schema}}.medflow_kv_version;`,
  },
];

/** Creates core's tables (idempotency, key-value) in `schema` (default `public`). */
export function migrateCore(client: SqlClient, options: { schema?: string } = {}) {
  return migrate(client, coreMigrations, options);
}

interface PostgresStoreOptions {
  sql: SqlClient;
  schema?: string;
  /**
   * Every this many writes, the store deletes up to 500 expired rows (default 100). Expired
   * rows already read as absent; the sweep only keeps the table from growing without end.
   * 0 turns it off, for apps that purge on a schedule of their own.
   */
  sweepEvery?: number;
}

function expiredRowSweeper(sql: SqlClient, table: string, every: number) {
  let writes = 0;
  return async () => {
    if (every <= 0 || ++writes % every !== 0) return;
    // The outer expires_at test is rechecked on the current row version, so a row taken
    // over since the subquery read it is left alone. SKIP LOCKED keeps the sweep from
    // queueing behind live writers.
    await sql
      .query(
        `DELETE FROM ${table} WHERE expires_at <= now() AND key IN (
           SELECT key FROM ${table} WHERE expires_at <= now() LIMIT 500 FOR UPDATE SKIP LOCKED)`,
      )
      // Housekeeping must never fail the write that triggered it; the next sweep retries.
      .catch(() => {});
  };
}

export function createPostgresIdempotencyStore(options: PostgresStoreOptions): IdempotencyStore {
  const table = `${quoteIdent(options.schema ?? 'public')}.medflow_idempotency`;
  const { sql } = options;
  const sweep = expiredRowSweeper(sql, table, options.sweepEvery ?? 100);
  return {
    async claim<R>(key: string, { ttlMs }: { ttlMs: number }): Promise<ClaimResult<R>> {
      assertTtlMs('ttlMs', ttlMs);
      // A claim wins by inserting, or by taking over a row whose time is up (a stale
      // in-progress claim or an expired done record). One statement, so it is atomic.
      for (let i = 0; i < 5; i++) {
        const token = randomToken(12);
        const won = await sql.query<{ token: string }>(
          `INSERT INTO ${table} AS t (key, state, token, result, expires_at)
           VALUES ($1, 'in_progress', $2, NULL, now() + $3::double precision * interval '1 millisecond')
           ON CONFLICT (key) DO UPDATE SET state = 'in_progress', token = EXCLUDED.token, result = NULL,
             expires_at = EXCLUDED.expires_at
           WHERE t.expires_at <= now()
           RETURNING token`,
          [key, token, ttlMs],
        );
        if (won.rows[0]?.token === token) {
          await sweep();
          return { status: 'new', token };
        }
        const { rows } = await sql.query<{ state: string; result: R | null }>(
          `SELECT state, result FROM ${table} WHERE key = $1 AND expires_at > now()`,
          [key],
        );
        const row = rows[0];
        if (row)
          return row.state === 'done'
            ? { status: 'done', result: row.result ?? null }
            : { status: 'in_progress' };
        // The row was released or expired between the two statements: try again.
      }
      return { status: 'in_progress' };
    },
    async complete(key, result, opts = {}) {
      if (opts.doneTtlMs !== undefined) assertTtlMs('doneTtlMs', opts.doneTtlMs, { allowZero: true });
      await sql.query(
        `INSERT INTO ${table} AS t (key, state, token, result, expires_at)
         VALUES ($1, 'done', NULL, $2::jsonb, now() + $3::double precision * interval '1 millisecond')
         ON CONFLICT (key) DO UPDATE SET state = 'done', token = NULL, result = EXCLUDED.result,
           expires_at = EXCLUDED.expires_at
         WHERE $4::text IS NULL OR t.token = $4::text OR t.state = 'done'`,
        [key, toStoredJson(result ?? null), opts.doneTtlMs ?? DEFAULT_DONE_TTL_MS, opts.token ?? null],
      );
      await sweep();
    },
    async release(key, opts = {}) {
      await sql.query(
        `DELETE FROM ${table} WHERE key = $1 AND state = 'in_progress' AND ($2::text IS NULL OR token = $2::text)`,
        [key, opts.token ?? null],
      );
    },
  };
}

export function createPostgresKeyValueStore(options: PostgresStoreOptions): KeyValueStore {
  const schema = quoteIdent(options.schema ?? 'public');
  const table = `${schema}.medflow_kv`;
  // quoteIdent admits only [A-Za-z0-9_], so the name is safe inside a literal.
  const nextVersion = `nextval('${schema}.medflow_kv_version')`;
  const { sql } = options;
  const sweep = expiredRowSweeper(sql, table, options.sweepEvery ?? 100);
  const ttl = (ms: number | undefined) => (ms ? ms : null);
  return {
    async get<T>(key: string): Promise<VersionedValue<T> | null> {
      const { rows } = await sql.query<{ value: T; version: string | number }>(
        `SELECT value, version FROM ${table} WHERE key = $1 AND (expires_at IS NULL OR expires_at > now())`,
        [key],
      );
      const row = rows[0];
      return row ? { value: row.value, version: Number(row.version) } : null;
    },
    async set(key, value, opts = {}) {
      if (opts.ttlMs !== undefined) assertTtlMs('ttlMs', opts.ttlMs, { allowZero: true });
      const { rows } = await sql.query<{ version: string | number }>(
        `INSERT INTO ${table} AS t (key, value, version, expires_at)
         VALUES ($1, $2::jsonb, ${nextVersion}, now() + $3::double precision * interval '1 millisecond')
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at,
           version = EXCLUDED.version
         RETURNING version`,
        [key, toStoredJson(value), ttl(opts.ttlMs)],
      );
      await sweep();
      return Number(rows[0]!.version);
    },
    async compareAndSet(key, expectedVersion, value, opts = {}) {
      if (opts.ttlMs !== undefined) assertTtlMs('ttlMs', opts.ttlMs, { allowZero: true });
      if (expectedVersion === null) {
        // Absent means: no row, or a row whose ttl ran out.
        const { rows } = await sql.query<{ version: string | number }>(
          `INSERT INTO ${table} AS t (key, value, version, expires_at)
           VALUES ($1, $2::jsonb, ${nextVersion}, now() + $3::double precision * interval '1 millisecond')
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = EXCLUDED.version,
             expires_at = EXCLUDED.expires_at
           WHERE t.expires_at IS NOT NULL AND t.expires_at <= now()
           RETURNING version`,
          [key, toStoredJson(value), ttl(opts.ttlMs)],
        );
        await sweep();
        return rows[0] ? Number(rows[0].version) : null;
      }
      const { rows } = await sql.query<{ version: string | number }>(
        `UPDATE ${table} SET value = $2::jsonb, version = ${nextVersion},
           expires_at = now() + $4::double precision * interval '1 millisecond'
         WHERE key = $1 AND version = $3 AND (expires_at IS NULL OR expires_at > now())
         RETURNING version`,
        [key, toStoredJson(value), expectedVersion, ttl(opts.ttlMs)],
      );
      await sweep();
      return rows[0] ? Number(rows[0].version) : null;
    },
    async delete(key) {
      await sql.query(`DELETE FROM ${table} WHERE key = $1`, [key]);
    },
    async list<T>(prefix: string, opts: { limit?: number } = {}) {
      const { rows } = await sql.query<{ key: string; value: T; version: string | number }>(
        `SELECT key, value, version FROM ${table}
         WHERE starts_with(key, $1) AND (expires_at IS NULL OR expires_at > now())
         ORDER BY key LIMIT $2`,
        [prefix, opts.limit ?? 1000],
      );
      return rows.map((r) => ({ key: r.key, value: r.value, version: Number(r.version) }));
    },
  };
}
