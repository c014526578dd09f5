import {
  type AuditEvent,
  createMemoryKeyValueStore,
  createMemoryRateLimiter,
  ForbiddenError,
} from '@medflow/core';
import { describe, expect, it } from 'vitest';
import { createApiKeyManager } from './api-keys';
import { createMedflowRouteHandlers } from './handlers';
import type { MedflowRouteOptions, MedflowSession } from './types';

const BASE = 'https://clinic.example/api/medflow';
const patient: MedflowSession = { userId: 'u-pat-1', role: 'patient', patientId: 'p-1' };
const clinician: MedflowSession = { userId: 'u-doc-1', role: 'clinician' };
const staff: MedflowSession = { userId: 'u-staff-1', role: 'staff' };
const sessions: Record<string, MedflowSession> = { pat: patient, doc: clinician, staff };

function setup(overrides: Partial<MedflowRouteOptions> = {}) {
  const events: AuditEvent[] = [];
  const apiKeys = createApiKeyManager({ store: createMemoryKeyValueStore() });
  const calls: string[] = [];
  const handlers = createMedflowRouteHandlers({
    basePath: '/api/medflow',
    getSession: (request) => sessions[request.headers.get('x-test-session') ?? ''] ?? null,
    // Patients may pay their own invoices and connect their own devices; staff check eligibility.
    authorize: (session, action, resource) => {
      if (action === 'invoice.pay') return resource.id.startsWith(`${session.patientId}-`);
      if (action.startsWith('wearables.'))
        return session.role !== 'patient' || resource.id === session.patientId;
      if (action === 'insurance.eligibility.check') return session.role === 'staff';
      if (action === 'health.read') return session.role !== 'patient';
      return true;
    },
    apiKeys,
    audit: { log: (e) => void events.push(e) },
    payments: {
      webhook: async () => new Response('{"received":true}'),
      createCheckout: async ({ invoiceId }) => {
        calls.push(`checkout:${invoiceId}`);
        return { url: `https://checkout.stripe.com/c/pay/cs_test_${invoiceId}` };
      },
      backlog: async () => 3,
    },
    wearables: {
      googleHealth: {
        startConnect: async () => ({
          authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth?state=st-123',
          state: 'st-123',
          codeVerifier: 'verifier-abc',
        }),
        // Like a token endpoint: PKCE fails without the verifier that matches the challenge.
        completeConnect: async ({ state, codeVerifier }) => {
          if (codeVerifier !== 'verifier-abc') throw new ForbiddenError('PKCE verification failed');
          calls.push(`complete:${state}:${codeVerifier}`);
          return { connectionId: 'c-1' };
        },
        webhook: async () => new Response(null, { status: 204 }),
      },
      appleHealth: {
        startImport: async ({ body }) => {
          let bytes = 0;
          const reader = body.getReader();
          for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
          calls.push(`import:${bytes}`);
          return { importId: 'imp-1' };
        },
        importStatus: async () => ({ state: 'done' }),
      },
    },
    insurance: {
      checkEligibility: async () => {
        throw new Error('payer said: subscriber Jane Q Public DOB 1970-01-01 not found');
      },
    },
    labs: {
      receive: async (message) => ({ ack: `MSH|^~\\&|ACK\rMSA|AA|${message.length}`, accepted: true }),
    },
    maxUploadBytes: 1024,
    ...overrides,
  });
  return { handlers, apiKeys, events, calls };
}

const req = (path: string, init: RequestInit & { as?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.as) headers.set('x-test-session', init.as);
  return new Request(`${BASE}/${path}`, { ...init, headers });
};

describe('routing', () => {
  it('answers 404 outside the known routes and 405 with Allow for a wrong method', async () => {
    const { handlers } = setup();
    expect((await handlers.GET(req('nope'))).status).toBe(404);
    const wrong = await handlers.GET(req('checkout'));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('lists its routes and serves single-file routes without path matching', async () => {
    const { handlers } = setup();
    expect(handlers.routes.map((r) => `${r.method} ${r.path}`)).toContain('POST /api/medflow/stripe/webhook');
    const webhook = handlers.route('POST', 'stripe/webhook');
    expect((await webhook(new Request('https://clinic.example/api/stripe', { method: 'POST' }))).status).toBe(
      200,
    );
    expect(() => handlers.route('DELETE', 'wearables/connections/:connectionId')).toThrow(TypeError);
  });

  it('answers 404 for an integration that is not configured', async () => {
    const { handlers } = setup({ telemedicine: undefined });
    expect((await handlers.POST(req('video/token', { method: 'POST', as: 'pat', body: '{}' }))).status).toBe(
      404,
    );
  });
});

describe('checkout', () => {
  it('requires a session (401) and the right to pay that invoice (403)', async () => {
    const { handlers, events, calls } = setup();
    const body = JSON.stringify({ invoiceId: 'p-2-inv-9' });
    expect((await handlers.POST(req('checkout', { method: 'POST', body }))).status).toBe(401);
    expect((await handlers.POST(req('checkout', { method: 'POST', body, as: 'pat' }))).status).toBe(403);
    expect(events.some((e) => e.outcome === 'denied' && e.action === 'next.invoice.pay')).toBe(true);
    expect(calls).toEqual([]);
  });

  it('redirects 303 to the Checkout URL, from JSON or a plain HTML form', async () => {
    const { handlers } = setup();
    const fromJson = await handlers.POST(
      req('checkout', { method: 'POST', as: 'pat', body: JSON.stringify({ invoiceId: 'p-1-inv-1' }) }),
    );
    expect(fromJson.status).toBe(303);
    expect(fromJson.headers.get('location')).toBe('https://checkout.stripe.com/c/pay/cs_test_p-1-inv-1');
    const fromForm = await handlers.POST(
      req('checkout', {
        method: 'POST',
        as: 'pat',
        body: 'invoiceId=p-1-inv-2',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(fromForm.headers.get('location')).toContain('cs_test_p-1-inv-2');
  });

  it('rejects an invalid body with a 400 naming the field', async () => {
    const { handlers } = setup();
    const response = await handlers.POST(
      req('checkout', { method: 'POST', as: 'pat', body: '{"invoice":1}' }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues[0].path).toEqual(['invoiceId']);
  });
});

describe('Google Health OAuth', () => {
  it('binds state and PKCE verifier to the browser with an HttpOnly, Secure, SameSite=Lax cookie', async () => {
    const { handlers } = setup();
    const response = await handlers.GET(req('wearables/google-health/connect', { as: 'pat' }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toContain('accounts.google.com');
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^medflow_gh_oauth=st-123\.verifier-abc;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/api/medflow/wearables/google-health');
  });

  it('completes with matching state and cookie, then clears the cookie', async () => {
    const { handlers, calls } = setup();
    const response = await handlers.GET(
      req('wearables/google-health/callback?code=c0de&state=st-123', {
        as: 'pat',
        headers: { cookie: 'other=1; medflow_gh_oauth=st-123.verifier-abc' },
      }),
    );
    expect(response.status).toBe(303);
    expect(calls).toEqual(['complete:st-123:verifier-abc']);
    expect(response.headers.get('set-cookie')).toContain('Max-Age=0');
  });

  it('carries only the state when the provider keeps the PKCE verifier server-side', async () => {
    const seen: unknown[] = [];
    const { handlers } = setup({
      wearables: {
        googleHealth: {
          startConnect: async () => ({
            authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
            state: 'st-9',
          }),
          completeConnect: async (input) => {
            seen.push(input);
            return { connectionId: 'c-9' };
          },
          webhook: async () => new Response(null, { status: 204 }),
        },
      },
    });
    const start = await handlers.GET(req('wearables/google-health/connect', { as: 'pat' }));
    expect(start.headers.get('set-cookie')).toMatch(/^medflow_gh_oauth=st-9;/);
    const done = await handlers.GET(
      req('wearables/google-health/callback?code=c0de&state=st-9', {
        as: 'pat',
        headers: { cookie: 'medflow_gh_oauth=st-9' },
      }),
    );
    expect(done.status).toBe(303);
    expect(seen).toEqual([{ session: patient, code: 'c0de', state: 'st-9' }]);
  });

  it('rejects a foreign or replayed state and a missing PKCE cookie', async () => {
    const { handlers, calls } = setup();
    const foreign = await handlers.GET(
      req('wearables/google-health/callback?code=c0de&state=st-evil', {
        as: 'pat',
        headers: { cookie: 'medflow_gh_oauth=st-123.verifier-abc' },
      }),
    );
    expect(foreign.status).toBe(403);
    const missing = await handlers.GET(
      req('wearables/google-health/callback?code=c0de&state=st-123', { as: 'pat' }),
    );
    expect(missing.status).toBe(403);
    const noVerifier = await handlers.GET(
      req('wearables/google-health/callback?code=c0de&state=st-123', {
        as: 'pat',
        headers: { cookie: 'medflow_gh_oauth=st-123' },
      }),
    );
    expect(noVerifier.status).toBe(403);
    expect(calls).toEqual([]);
  });
});

describe('Apple Health upload', () => {
  it('streams an accepted upload and refuses one over the limit with 413, declared or not', async () => {
    const { handlers, calls } = setup();
    const ok = await handlers.POST(
      req('wearables/apple-health/import', { method: 'POST', as: 'pat', body: 'x'.repeat(1000) }),
    );
    expect(ok.status).toBe(202);
    expect(calls).toEqual(['import:1000']);
    const declared = await handlers.POST(
      req('wearables/apple-health/import', { method: 'POST', as: 'pat', body: 'x'.repeat(2000) }),
    );
    expect(declared.status).toBe(413);
    // A chunked body with no Content-Length is cut off by the counting stream.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(600));
        controller.close();
      },
    });
    const chunked = await handlers.POST(
      new Request(`${BASE}/wearables/apple-health/import`, {
        method: 'POST',
        body: stream,
        headers: { 'x-test-session': 'pat' },
        duplex: 'half',
      } as RequestInit),
    );
    expect(chunked.status).toBe(413);
  });

  it('does not let a patient import into another patient', async () => {
    const { handlers } = setup();
    const response = await handlers.POST(
      req('wearables/apple-health/import?patientId=p-2', { method: 'POST', as: 'pat', body: 'x' }),
    );
    expect(response.status).toBe(403);
  });
});

describe('API keys for labs and companion apps', () => {
  it('accepts a valid scoped key and returns the ACK as the body', async () => {
    const { handlers, apiKeys } = setup();
    const { key } = await apiKeys.issue({ label: 'Acme Lab', scopes: ['labs:hl7'] });
    const response = await handlers.POST(
      req('labs/hl7', { method: 'POST', body: 'MSH|^~\\&|LAB', headers: { authorization: `Bearer ${key}` } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('hl7-v2');
    expect(await response.text()).toContain('MSA|AA');
  });

  it('answers 401 for unknown or revoked keys and 403 out of scope, and audits each', async () => {
    const { handlers, apiKeys, events } = setup();
    const { key, record } = await apiKeys.issue({ label: 'Acme Lab', scopes: ['labs:hl7'] });
    const { key: pushKey } = await apiKeys.issue({ label: 'Companion app', scopes: ['push:healthkit'] });
    const post = (k: string) =>
      handlers.POST(req('labs/hl7', { method: 'POST', body: 'MSH', headers: { 'x-api-key': k } }));
    expect((await post('mfk_nope')).status).toBe(401);
    expect((await post(`${key.slice(0, -2)}xx`)).status).toBe(401);
    expect((await post(pushKey)).status).toBe(403);
    await apiKeys.revoke(record.id);
    expect((await post(key)).status).toBe(401);
    expect(events.filter((e) => e.outcome === 'denied' && e.action === 'next.apikey.labs:hl7')).toHaveLength(
      4,
    );
    expect(JSON.stringify(events)).not.toContain(key.slice('mfk_'.length + 17));
  });

  it('stores keys hashed and never lists the secret', async () => {
    const store = createMemoryKeyValueStore();
    const apiKeys = createApiKeyManager({ store });
    const { key, record } = await apiKeys.issue({ label: 'Lab', scopes: ['labs:hl7'] });
    const secret = key.slice('mfk_'.length + 17);
    expect(secret).toHaveLength(43);
    const raw = await store.list('apikey:');
    expect(JSON.stringify(raw)).not.toContain(secret);
    expect(await apiKeys.list()).toEqual([record]);
  });

  it('rate-limits each key', async () => {
    const apiKeys = createApiKeyManager({
      store: createMemoryKeyValueStore(),
      rateLimiter: createMemoryRateLimiter({ points: 2, windowMs: 60_000, mode: 'reject' }),
    });
    const { handlers } = setup({ apiKeys });
    const { key } = await apiKeys.issue({ label: 'Lab', scopes: ['labs:hl7'] });
    const post = () =>
      handlers.POST(req('labs/hl7', { method: 'POST', body: 'MSH', headers: { 'x-api-key': key } }));
    expect([(await post()).status, (await post()).status, (await post()).status]).toEqual([200, 200, 429]);
  });
});

describe('safety', () => {
  it('lets staff only check eligibility and never leaks an internal error message', async () => {
    const { handlers } = setup();
    const body = JSON.stringify({ patientId: 'p-1' });
    expect(
      (await handlers.POST(req('insurance/eligibility', { method: 'POST', as: 'pat', body }))).status,
    ).toBe(403);
    const response = await handlers.POST(req('insurance/eligibility', { method: 'POST', as: 'staff', body }));
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain('Jane');
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: 'Internal error' } });
  });

  it('limits each user and each IP', async () => {
    const { handlers } = setup({
      rateLimiter: createMemoryRateLimiter({ points: 2, windowMs: 60_000, mode: 'reject' }),
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await handlers.GET(req('health', { as: 'doc' }))).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('reports each integration in /health with last error code and webhook backlog', async () => {
    const { handlers } = setup();
    await handlers.POST(
      req('insurance/eligibility', { method: 'POST', as: 'staff', body: '{"patientId":"p-1"}' }),
    );
    await handlers.POST(req('stripe/webhook', { method: 'POST', body: '{}' }));
    expect((await handlers.GET(req('health', { as: 'pat' }))).status).toBe(403);
    const { integrations } = await (await handlers.GET(req('health', { as: 'doc' }))).json();
    expect(integrations.insurance.lastErrorCode).toBe('internal_error');
    expect(integrations.payments.lastSuccessAt).not.toBeNull();
    expect(integrations.payments.webhookBacklog).toBe(3);
    expect(integrations.telemedicine.configured).toBe(false);
  });
});
