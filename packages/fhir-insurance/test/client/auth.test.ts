import {
  createMemoryKeyValueStore,
  createTokenVault,
  generateVaultKey,
  UnauthorizedError,
  ValidationError,
} from '@medflow/core';
import { createFhirClient, type FhirClient } from '@medflow/fhir-insurance';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateClientKey } from '../support/keys';
import { CLIENT_ID, createPayer, fhirJson, PAYER_BASE, TOKEN_URL } from '../support/payer';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const patient = { resourceType: 'Patient', id: 'pat-1', gender: 'female', birthDate: '1980-02-03' };

function clock(start = Date.parse('2026-11-26T09:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

async function smartSetup(algorithm: 'RS384' | 'ES384', keyForm: 'crypto' | 'jwk' | 'pem' = 'crypto') {
  const key = await generateClientKey(algorithm);
  const time = clock();
  const payer = createPayer({ publicJwk: key.publicJwk, algorithm, kid: 'clinic-key-1', now: time.now });
  server.use(
    ...payer.handlers,
    http.get(
      `${PAYER_BASE}/Patient/:id`,
      payer.guarded(() => fhirJson(patient)),
    ),
  );
  const client = createFhirClient({
    baseUrl: PAYER_BASE,
    now: time.now,
    auth: {
      type: 'smart-backend-services',
      clientId: CLIENT_ID,
      privateKey: keyForm === 'crypto' ? key.privateKey : keyForm === 'jwk' ? key.privateJwk : key.pem,
      algorithm,
      kid: 'clinic-key-1',
      scope: 'system/Patient.read system/Coverage.read',
    },
  });
  return { payer, client, time };
}

describe('SMART Backend Services', () => {
  it.each([
    ['RS384', 'crypto'],
    ['ES384', 'crypto'],
    ['RS384', 'pem'],
    ['ES384', 'jwk'],
  ] as const)(
    'signs a %s client assertion (%s key) the payer verifies with jose',
    async (algorithm, form) => {
      const { payer, client, time } = await smartSetup(algorithm, form);
      await expect(client.read('Patient', 'pat-1')).resolves.toMatchObject({ id: 'pat-1' });
      expect(payer.state.assertionFailures).toEqual([]);
      expect(payer.state.tokenRequests).toBe(1);
      const [header] = payer.state.assertionHeaders;
      const [claims] = payer.state.assertionClaims;
      expect(header).toMatchObject({ alg: algorithm, kid: 'clinic-key-1', typ: 'JWT' });
      expect(claims).toMatchObject({ iss: CLIENT_ID, sub: CLIENT_ID, aud: TOKEN_URL });
      expect((claims?.exp as number) - Math.floor(time.now() / 1000)).toBe(300);
      expect(claims?.jti).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    },
  );

  it('discovers the token endpoint once and reuses a cached token until shortly before expiry', async () => {
    const { payer, client, time } = await smartSetup('ES384');
    await client.read('Patient', 'pat-1');
    await client.read('Patient', 'pat-1');
    time.advance(200_000); // 300 s token, 60 s margin: still fresh
    await client.read('Patient', 'pat-1');
    expect(payer.state.tokenRequests).toBe(1);
    time.advance(50_000); // inside the margin: refreshed before the server would refuse it
    await client.read('Patient', 'pat-1');
    expect(payer.state.tokenRequests).toBe(2);
    expect(new Set(payer.state.assertionClaims.map((c) => c.jti)).size).toBe(2);
    expect(payer.state.apiCalls.every((c) => c.authorization?.startsWith('Bearer at-'))).toBe(true);
  });

  it('keeps short-lived tokens for half their lifetime instead of refetching on every call', async () => {
    const time = clock();
    const payer = createPayer({
      secret: { clientId: 'c', clientSecret: 's' },
      tokenLifetimeSec: 30,
      now: time.now,
    });
    server.use(
      ...payer.handlers,
      http.get(
        `${PAYER_BASE}/Patient/:id`,
        payer.guarded(() => fhirJson(patient)),
      ),
    );
    const client = createFhirClient({
      baseUrl: PAYER_BASE,
      now: time.now,
      auth: { type: 'client-credentials', tokenUrl: TOKEN_URL, clientId: 'c', clientSecret: 's' },
    });
    await client.read('Patient', 'pat-1');
    time.advance(14_000);
    await client.read('Patient', 'pat-1');
    expect(payer.state.tokenRequests).toBe(1);
    time.advance(2_000);
    await client.read('Patient', 'pat-1');
    expect(payer.state.tokenRequests).toBe(2);
  });

  it('50 simultaneous calls with an expired token cause exactly one token request', async () => {
    const { payer, client, time } = await smartSetup('RS384');
    await client.read('Patient', 'pat-1');
    time.advance(10 * 60_000);
    const results = await Promise.all(Array.from({ length: 50 }, () => client.read('Patient', 'pat-1')));
    expect(results).toHaveLength(50);
    expect(payer.state.tokenRequests).toBe(2);
    expect(new Set(payer.state.apiCalls.slice(1).map((c) => c.authorization))).toEqual(
      new Set(['Bearer at-2']),
    );
  });

  it('refreshes once and retries when the server answers 401 to a token it has dropped', async () => {
    const { payer, client } = await smartSetup('ES384');
    await client.read('Patient', 'pat-1');
    payer.revokeAll();
    const results = await Promise.all(Array.from({ length: 50 }, () => client.read('Patient', 'pat-1')));
    expect(results.every((r) => r.id === 'pat-1')).toBe(true);
    expect(payer.state.tokenRequests).toBe(2);
    // 1 first call + 50 refused with the dropped token + 50 retried with the new one
    expect(payer.state.apiCalls).toHaveLength(101);
  });

  it('gives up after one refresh when the server keeps refusing', async () => {
    const { payer, client } = await smartSetup('RS384');
    server.use(
      http.get(`${PAYER_BASE}/Patient/:id`, () =>
        fhirJson(
          { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'security' }] },
          { status: 401 },
        ),
      ),
    );
    const error = await client.read('Patient', 'pat-1').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'fhir_operation_failed', providerStatus: 401 });
    expect(payer.state.tokenRequests).toBe(2);
  });

  it('names a private key that does not fit the algorithm as a configuration error', async () => {
    const time = clock();
    const payer = createPayer({ now: time.now });
    server.use(...payer.handlers);
    const rsa = await generateClientKey('RS384');
    const client = createFhirClient({
      baseUrl: PAYER_BASE,
      now: time.now,
      auth: {
        type: 'smart-backend-services',
        clientId: CLIENT_ID,
        privateKey: rsa.pem,
        algorithm: 'ES384',
        kid: 'k',
        scope: 'system/*.read',
      },
    });
    const error = await client.read('Patient', 'pat-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toEqual(['auth', 'privateKey']);
    expect(payer.state.tokenRequests).toBe(0);
  });

  it('reports a rejected assertion as UnauthorizedError without leaking the token response', async () => {
    const wrong = await generateClientKey('RS384');
    const time = clock();
    const payer = createPayer({ publicJwk: wrong.publicJwk, algorithm: 'RS384', now: time.now });
    server.use(...payer.handlers);
    const key = await generateClientKey('RS384');
    const client = createFhirClient({
      baseUrl: PAYER_BASE,
      now: time.now,
      retry: false,
      auth: {
        type: 'smart-backend-services',
        clientId: CLIENT_ID,
        privateKey: key.privateKey,
        algorithm: 'RS384',
        kid: 'clinic-key-1',
        scope: 'system/*.read',
      },
    });
    const error = await client.read('Patient', 'pat-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).code).toBe('fhir_token_failed');
    expect(payer.state.assertionFailures[0]).toMatch(/signature/i);
  });
});

describe('other auth options', () => {
  function protectedPatient(check: (authorization: string | null) => boolean) {
    server.use(
      http.get(`${PAYER_BASE}/Patient/:id`, ({ request }) =>
        check(request.headers.get('authorization'))
          ? fhirJson(patient)
          : new HttpResponse(null, { status: 401 }),
      ),
    );
  }

  it('sends a static bearer token', async () => {
    protectedPatient((a) => a === 'Bearer static-token');
    const client: FhirClient = createFhirClient({
      baseUrl: PAYER_BASE,
      auth: { type: 'bearer', token: 'static-token' },
    });
    await expect(client.read('Patient', 'pat-1')).resolves.toMatchObject({ id: 'pat-1' });
  });

  it.each(['basic', 'post'] as const)(
    'uses OAuth2 client credentials (client_secret_%s)',
    async (clientAuth) => {
      const time = clock();
      const payer = createPayer({ secret: { clientId: 'clinic:1', clientSecret: 's3cr&t' }, now: time.now });
      server.use(
        ...payer.handlers,
        http.get(
          `${PAYER_BASE}/Patient/:id`,
          payer.guarded(() => fhirJson(patient)),
        ),
      );
      const client = createFhirClient({
        baseUrl: PAYER_BASE,
        now: time.now,
        auth: {
          type: 'client-credentials',
          tokenUrl: TOKEN_URL,
          clientId: 'clinic:1',
          clientSecret: 's3cr&t',
          scope: 'system/*.read',
          clientAuth,
        },
      });
      await client.read('Patient', 'pat-1');
      await client.read('Patient', 'pat-1');
      expect(payer.state.tokenRequests).toBe(1);
      expect(payer.state.assertionFailures).toEqual([]);
    },
  );
});

describe('shared token store', () => {
  it('lets a second process reuse the sealed token and replaces it after a 401', async () => {
    const time = clock();
    const payer = createPayer({ secret: { clientId: 'c', clientSecret: 's' }, now: time.now });
    server.use(
      ...payer.handlers,
      http.get(
        `${PAYER_BASE}/Patient/:id`,
        payer.guarded(() => fhirJson(patient)),
      ),
    );
    const store = createMemoryKeyValueStore();
    const vault = createTokenVault({ keys: { k1: generateVaultKey() }, activeKid: 'k1' });
    const tokenStore = { store, vault, key: 'fhir-token:payer:c' };
    const make = () =>
      createFhirClient({
        baseUrl: PAYER_BASE,
        now: time.now,
        tokenStore,
        auth: { type: 'client-credentials', tokenUrl: TOKEN_URL, clientId: 'c', clientSecret: 's' },
      });
    await make().read('Patient', 'pat-1');
    await make().read('Patient', 'pat-1');
    expect(payer.state.tokenRequests).toBe(1);
    const sealed = (await store.get<string>(tokenStore.key))?.value;
    expect(sealed).toBeTypeOf('string');
    expect(sealed).not.toContain('at-1');

    payer.revokeAll();
    const third = make();
    await third.read('Patient', 'pat-1');
    expect(payer.state.tokenRequests).toBe(2);
    expect(payer.state.apiCalls.at(-1)?.authorization).toBe('Bearer at-2');
    await make().read('Patient', 'pat-1');
    expect(payer.state.tokenRequests).toBe(2);
  });

  it('falls back to its own token when the stored one cannot be opened', async () => {
    const time = clock();
    const payer = createPayer({ secret: { clientId: 'c', clientSecret: 's' }, now: time.now });
    server.use(
      ...payer.handlers,
      http.get(
        `${PAYER_BASE}/Patient/:id`,
        payer.guarded(() => fhirJson(patient)),
      ),
    );
    const store = createMemoryKeyValueStore();
    await store.set('fhir-token:payer:c', 'not-a-sealed-value');
    const client = createFhirClient({
      baseUrl: PAYER_BASE,
      now: time.now,
      tokenStore: {
        store,
        vault: createTokenVault({ keys: { k1: generateVaultKey() }, activeKid: 'k1' }),
        key: 'fhir-token:payer:c',
      },
      auth: { type: 'client-credentials', tokenUrl: TOKEN_URL, clientId: 'c', clientSecret: 's' },
    });
    await expect(client.read('Patient', 'pat-1')).resolves.toMatchObject({ id: 'pat-1' });
    expect(payer.state.tokenRequests).toBe(1);
  });
});
