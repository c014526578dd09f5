import { createRequire } from 'node:module';
import { createTokenVault, generateVaultKey, randomToken, type SqlClient } from '@medflow/core';
import { createPostgresKeyValueStore, migrateCore } from '@medflow/core/postgres';
import { createFhirClient } from '@medflow/fhir-insurance';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPayer, fhirJson, PAYER_BASE, TOKEN_URL } from '../support/payer';

// pg ships no types of its own; the core SqlClient interface is all this test needs from it.
const { Pool } = createRequire(import.meta.url)('pg') as {
  Pool: new (config: Record<string, unknown>) => SqlClient & { end(): Promise<void> };
};
const pool = new Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max: 4 });
const schema = `fhir_tokens_${randomToken(6)
  .toLowerCase()
  .replace(/[^a-z0-9]/g, '')}`;
const server = setupServer();

beforeAll(async () => {
  await migrateCore(pool, { schema });
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(async () => {
  server.close();
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

describe('shared token store on PostgreSQL', () => {
  it('hands a sealed token from one client instance to another', async () => {
    const payer = createPayer({ secret: { clientId: 'c', clientSecret: 's' } });
    server.use(
      ...payer.handlers,
      http.get(
        `${PAYER_BASE}/Patient/:id`,
        payer.guarded(() => fhirJson({ resourceType: 'Patient', id: 'pat-1' })),
      ),
    );
    const tokenStore = {
      store: createPostgresKeyValueStore({ sql: pool, schema }),
      vault: createTokenVault({ keys: { k1: generateVaultKey() }, activeKid: 'k1' }),
      key: 'fhir-token:payer:c',
    };
    const make = () =>
      createFhirClient({
        baseUrl: PAYER_BASE,
        tokenStore,
        auth: { type: 'client-credentials', tokenUrl: TOKEN_URL, clientId: 'c', clientSecret: 's' },
      });
    await make().read('Patient', 'pat-1');
    await make().read('Patient', 'pat-1');
    expect(payer.state.tokenRequests).toBe(1);
    const { rows } = await pool.query(`SELECT value::text AS value FROM "${schema}".medflow_kv`);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('at-1');
  });
});
