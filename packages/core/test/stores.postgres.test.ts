import {
  createPostgresIdempotencyStore,
  createPostgresKeyValueStore,
  migrateCore,
} from '@medflow/core/postgres';
import { afterAll } from 'vitest';
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
