import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlClient } from '@medflow/core';

/**
 * The app's database: embedded PGlite in ./.data by default (nothing to install), a real
 * PostgreSQL when DATABASE_URL is set. Both satisfy core's SqlClient, so every package's
 * PostgreSQL adapter runs on either.
 */
export interface Database {
  sql: SqlClient;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export async function openDatabase(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  if (env.DATABASE_URL) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });
    return { sql: pool, kind: 'postgres', close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = env.CLINIC_DATA_DIR ?? join(process.cwd(), '.data', 'pglite');
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  // PGlite runs one statement at a time; its own queue serializes callers.
  return { sql: db, kind: 'pglite', close: () => db.close() };
}
