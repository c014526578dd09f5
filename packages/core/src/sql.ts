/**
 * The smallest SQL surface both `pg` (Pool or Client) and PGlite satisfy, so every
 * PostgreSQL adapter in MedFlow runs on either.
 */
export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

interface PooledConnection extends SqlClient {
  release(error?: unknown): void;
  on?(event: 'error', listener: (error: unknown) => void): unknown;
  off?(event: 'error', listener: (error: unknown) => void): unknown;
}
interface PoolLike extends SqlClient {
  connect(): Promise<PooledConnection>;
}
interface TransactionalLike extends SqlClient {
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}

const isPool = (c: SqlClient): c is PoolLike =>
  typeof (c as Partial<PoolLike>).connect === 'function' && 'totalCount' in c;
const hasTransaction = (c: SqlClient): c is TransactionalLike =>
  typeof (c as Partial<TransactionalLike>).transaction === 'function';

/**
 * Runs `fn` inside one transaction: on a pg.Pool a dedicated connection is checked out,
 * on PGlite its own `transaction()` is used, on a single pg.Client BEGIN/COMMIT is issued.
 * A throw rolls everything back.
 */
export async function withTransaction<T>(client: SqlClient, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  if (hasTransaction(client)) return client.transaction(fn);
  if (isPool(client)) {
    const conn = await client.connect();
    let broken: unknown;
    // pg emits 'error' on a checked-out connection the server drops; with no listener that
    // is an uncaught exception that ends the process. The pending query rejects as well, so
    // noting the error (to discard the connection) is all that is needed here.
    const onError = (error: unknown) => {
      broken = error;
    };
    conn.on?.('error', onError);
    try {
      return await runInTransaction(conn, fn, (error) => {
        broken = error;
      });
    } finally {
      // A connection whose ROLLBACK failed may still sit inside the transaction; passing
      // the error makes pg destroy it instead of handing it to the next caller.
      conn.off?.('error', onError);
      conn.release(broken);
    }
  }
  return runInTransaction(client, fn);
}

async function runInTransaction<T>(
  conn: SqlClient,
  fn: (tx: SqlClient) => Promise<T>,
  onRollbackFailed?: (error: unknown) => void,
): Promise<T> {
  await conn.query('BEGIN');
  try {
    const result = await fn(conn);
    await conn.query('COMMIT');
    return result;
  } catch (error) {
    await conn.query('ROLLBACK').catch((rollbackError: unknown) => onRollbackFailed?.(rollbackError));
    throw error;
  }
}

export interface Migration {
  /** Unique, sortable id, e.g. `core-0001-stores`. */
  id: string;
  /** SQL with `{{schema}}` standing for the quoted schema name. */
  sql: string;
}

export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new TypeError(`Invalid SQL identifier: ${name}`);
  return `"${name}"`;
}

/**
 * Applies migrations not yet recorded in `<schema>.medflow_migrations`, each in its own
 * transaction under an advisory lock so concurrent deploys apply each exactly once.
 */
export async function migrate(
  client: SqlClient,
  migrations: readonly Migration[],
  options: { schema?: string } = {},
): Promise<string[]> {
  const schema = quoteIdent(options.schema ?? 'public');
  const lock = (tx: SqlClient) =>
    tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`medflow-migrate:${schema}`]);
  // The lock comes before the bookkeeping DDL too: two sessions racing through
  // CREATE ... IF NOT EXISTS can both miss the object and one then fails on a duplicate.
  await withTransaction(client, async (tx) => {
    await lock(tx);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.medflow_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
  });
  const applied: string[] = [];
  // Plain code-unit order: localeCompare would let two hosts with different locales apply
  // the same migrations in different orders.
  for (const migration of [...migrations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const did = await withTransaction(client, async (tx) => {
      await lock(tx);
      const { rows } = await tx.query(`SELECT 1 FROM ${schema}.medflow_migrations WHERE id = $1`, [
        migration.id,
      ]);
      if (rows.length > 0) return false;
      await runScript(tx, migration.sql.replaceAll('{{schema}}', schema));
      await tx.query(`INSERT INTO ${schema}.medflow_migrations (id) VALUES ($1)`, [migration.id]);
      return true;
    });
    if (did) applied.push(migration.id);
  }
  return applied;
}

interface ScriptRunner {
  exec(sql: string): Promise<unknown>;
}

/**
 * A migration holds several statements. pg sends a parameterless query as one simple-protocol
 * message, which may hold many; PGlite's query() always prepares, which PostgreSQL refuses
 * for more than one statement, so its exec() is used instead.
 */
function runScript(tx: SqlClient, sql: string): Promise<unknown> {
  const runner = tx as Partial<ScriptRunner>;
  return typeof runner.exec === 'function' ? runner.exec(sql) : tx.query(sql);
}
