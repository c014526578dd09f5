import { withTransaction } from '@medflow/core';
import {
  createPostgresIdempotencyStore,
  createPostgresKeyValueStore,
  migrateCore,
} from '@medflow/core/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { describeSqlContract } from './sql-contract';
import { describeStoreContract } from './store-contract';
import { createTestPool, dropSchema, uniqueName } from './support';

// Twenty connections, as a real app would size its pool: the concurrency cases then
// race on the server rather than queue in the client.
const pool = createTestPool(20);
const schemas: string[] = [];
const newSchema = () => {
  const schema = uniqueName('medflow_test');
  schemas.push(schema);
  return schema;
};

afterAll(async () => {
  for (const schema of schemas) await dropSchema(pool, schema);
  await pool.end();
});

describeStoreContract('PostgreSQL', async () => {
  const schema = newSchema();
  await migrateCore(pool, { schema });
  return {
    idempotency: createPostgresIdempotencyStore({ sql: pool, schema }),
    kv: createPostgresKeyValueStore({ sql: pool, schema }),
    close: async () => {},
  };
});

describeSqlContract('PostgreSQL', () => ({ sql: pool, newSchema }));

describe('withTransaction on a pg.Pool', () => {
  it('rejects when the connection dies mid-transaction, without an uncaught error, and the pool recovers', async () => {
    const small = createTestPool(1);
    try {
      await expect(
        withTransaction(small, async (tx) => {
          await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
        }),
      ).rejects.toThrow();
      const { rows } = await small.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await small.end();
    }
  });
});
