import { PGlite } from '@electric-sql/pglite';
import {
  createPostgresIdempotencyStore,
  createPostgresKeyValueStore,
  migrateCore,
} from '@medflow/core/postgres';
import { afterAll, beforeAll } from 'vitest';
import { describeSqlContract } from './sql-contract';
import { describeStoreContract } from './store-contract';
import { uniqueName } from './support';

// PGlite takes seconds to start: one in-memory instance serves the whole file.
let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
});
afterAll(async () => {
  await db.close();
});

describeStoreContract('PGlite', async () => {
  const schema = uniqueName('medflow_test');
  await migrateCore(db, { schema });
  return {
    idempotency: createPostgresIdempotencyStore({ sql: db, schema }),
    kv: createPostgresKeyValueStore({ sql: db, schema }),
    close: async () => {},
  };
});

describeSqlContract('PGlite', () => ({ sql: db, newSchema: () => uniqueName('medflow_test') }));
