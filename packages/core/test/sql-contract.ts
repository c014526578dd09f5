import { quoteIdent, type SqlClient, withTransaction } from '@medflow/core';
import {
  coreMigrations,
  createPostgresIdempotencyStore,
  createPostgresKeyValueStore,
  migrate,
  migrateCore,
} from '@medflow/core/postgres';
import { describe, expect, it } from 'vitest';
import { sleep, uniqueName } from './support';

export interface SqlBackend {
  sql: SqlClient;
  /** A fresh schema name; the backend drops every one it handed out when the file ends. */
  newSchema(): string;
}

/** migrate() and withTransaction() behave the same on a pg.Pool and on PGlite. */
export function describeSqlContract(name: string, backend: () => SqlBackend) {
  describe(`${name} migrations and transactions`, () => {
    it('applies each migration once however often migrate runs', async () => {
      const { sql, newSchema } = backend();
      const schema = newSchema();
      expect(await migrateCore(sql, { schema })).toEqual(coreMigrations.map((m) => m.id));
      expect(await migrateCore(sql, { schema })).toEqual([]);
      const { rows } = await sql.query<{ id: string }>(
        `SELECT id FROM ${quoteIdent(schema)}.medflow_migrations ORDER BY id`,
      );
      expect(rows.map((r) => r.id)).toEqual(coreMigrations.map((m) => m.id));
    });

    it('gives kv keys bytewise order whatever the database default collation', async () => {
      // This machine's databases default to C.UTF-8, where the listing test cannot tell the
      // difference; an en_US database would sort `a_b` before `aB` without this.
      const { sql, newSchema } = backend();
      const schema = newSchema();
      await migrateCore(sql, { schema });
      const { rows } = await sql.query<{ collation_name: string | null }>(
        `SELECT collation_name FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = 'medflow_kv' AND column_name = 'key'`,
        [schema],
      );
      expect(rows).toEqual([{ collation_name: 'C' }]);
    });

    it('sweeps expired rows out of the store tables as writes go on', async () => {
      const { sql, newSchema } = backend();
      const schema = newSchema();
      await migrateCore(sql, { schema });
      const idempotency = createPostgresIdempotencyStore({ sql, schema, sweepEvery: 1 });
      const kv = createPostgresKeyValueStore({ sql, schema, sweepEvery: 1 });
      for (let i = 0; i < 10; i++) {
        await idempotency.complete(`done-${i}`, i, { doneTtlMs: 1 });
        await kv.set(`short-${i}`, i, { ttlMs: 1 });
      }
      await kv.set('kept', 'no ttl');
      await sleep(20);
      await idempotency.complete('live', 'x');
      await kv.set('live', 'y', { ttlMs: 60_000 });
      const count = async (table: string) =>
        (
          await sql.query<{ keys: string[] }>(
            `SELECT array_agg(key ORDER BY key) AS keys FROM ${quoteIdent(schema)}.${table}`,
          )
        ).rows[0]?.keys;
      expect(await count('medflow_idempotency')).toEqual(['live']);
      expect(await count('medflow_kv')).toEqual(['kept', 'live']);
    });

    it('applies each migration once when several deploys migrate at the same time', async () => {
      const { sql, newSchema } = backend();
      const schema = newSchema();
      const migrations = [
        { id: 'test-0002-b', sql: 'INSERT INTO {{schema}}.applied (what) VALUES ($$b$$)' },
        { id: 'test-0001-a', sql: 'CREATE TABLE {{schema}}.applied (what text NOT NULL)' },
      ];
      const runs = await Promise.all(Array.from({ length: 6 }, () => migrate(sql, migrations, { schema })));
      expect(runs.flat().sort()).toEqual(['test-0001-a', 'test-0002-b']);
      const { rows } = await sql.query<{ what: string }>(`SELECT what FROM ${quoteIdent(schema)}.applied`);
      expect(rows).toEqual([{ what: 'b' }]);
    });

    it('rolls a failed migration back entirely and applies it on the next run', async () => {
      const { sql, newSchema } = backend();
      const schema = newSchema();
      const broken = [{ id: 'test-0001', sql: 'CREATE TABLE {{schema}}.half (id int); SELECT 1/0;' }];
      await expect(migrate(sql, broken, { schema })).rejects.toThrow();
      const fixed = [{ id: 'test-0001', sql: 'CREATE TABLE {{schema}}.half (id int);' }];
      expect(await migrate(sql, fixed, { schema })).toEqual(['test-0001']);
    });

    it('commits withTransaction work and rolls it back on throw', async () => {
      const { sql, newSchema } = backend();
      const schema = quoteIdent(newSchema());
      await sql.query(`CREATE SCHEMA ${schema}`);
      await sql.query(`CREATE TABLE ${schema}.t (id int PRIMARY KEY)`);
      const committed = await withTransaction(sql, async (tx) => {
        await tx.query(`INSERT INTO ${schema}.t (id) VALUES (1)`);
        return 'ok';
      });
      expect(committed).toBe('ok');
      const failure = new Error('boom');
      await expect(
        withTransaction(sql, async (tx) => {
          await tx.query(`INSERT INTO ${schema}.t (id) VALUES (2)`);
          await tx.query(`INSERT INTO ${schema}.t (id) VALUES (3)`);
          throw failure;
        }),
      ).rejects.toBe(failure);
      const { rows } = await sql.query<{ id: number }>(`SELECT id FROM ${schema}.t ORDER BY id`);
      expect(rows).toEqual([{ id: 1 }]);
    });

    it('runs every statement of a transaction on one connection', async () => {
      const { sql } = backend();
      const ids = await withTransaction(sql, async (tx) => {
        const a = await tx.query<{ id: string }>('SELECT txid_current()::text AS id');
        const b = await tx.query<{ id: string }>('SELECT txid_current()::text AS id');
        return [a.rows[0]?.id, b.rows[0]?.id];
      });
      expect(ids[0]).toEqual(expect.any(String));
      expect(ids[1]).toBe(ids[0]);
    });

    it('rejects a schema name that is not a plain identifier', async () => {
      const { sql } = backend();
      await expect(migrateCore(sql, { schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(TypeError);
      expect(() => quoteIdent(uniqueName('ok'))).not.toThrow();
    });
  });
}
