import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AuditEvent } from './audit';
import { ProviderError, RateLimitedError, TimeoutError, ValidationError } from './errors';
import { backoffDelay, createHttpClient, parseRetryAfter } from './http';
import { createMemoryRateLimiter } from './ratelimit';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const base = 'https://api.provider.test/v1';
const noSleep = { sleep: async () => {}, random: () => 0 };

describe('retries', () => {
  it('retries a GET that fails twice and then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${base}/things/1`, () => {
        calls++;
        return calls <= 2 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ id: '1' });
      }),
    );
    const client = createHttpClient({ provider: 'test', baseUrl: base, ...noSleep });
    const thing = await client.json(z.object({ id: z.string() }), { path: '/things/1' });
    expect(thing).toEqual({ id: '1' });
    expect(calls).toBe(3);
  });

  it('does not retry a POST without an idempotency key', async () => {
    let calls = 0;
    server.use(
      http.post(`${base}/charges`, () => {
        calls++;
        return new HttpResponse(null, { status: 502 });
      }),
    );
    const client = createHttpClient({ provider: 'test', baseUrl: base, ...noSleep });
    await expect(
      client.request({ method: 'POST', path: 'charges', json: { amount: 1 } }),
    ).rejects.toBeInstanceOf(ProviderError);
    expect(calls).toBe(1);
  });

  it('retries a POST that carries an idempotency key and sends the key every time', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(`${base}/charges`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return keys.length === 1 ? HttpResponse.error() : HttpResponse.json({ ok: true });
      }),
    );
    const client = createHttpClient({ provider: 'test', baseUrl: base, ...noSleep });
    const response = await client.request({
      method: 'POST',
      path: 'charges',
      json: {},
      idempotencyKey: 'inv-1:v2:charge',
    });
    expect(response.status).toBe(200);
    expect(keys).toEqual(['inv-1:v2:charge', 'inv-1:v2:charge']);
  });

  it('never retries a 400 and reports the provider request id', async () => {
    let calls = 0;
    server.use(
      http.get(`${base}/bad`, () => {
        calls++;
        return HttpResponse.json({ error: 'nope' }, { status: 400, headers: { 'request-id': 'req_42' } });
      }),
    );
    const client = createHttpClient({ provider: 'test', baseUrl: base, ...noSleep });
    const error = await client.request({ path: 'bad' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).providerStatus).toBe(400);
    expect((error as ProviderError).providerRequestId).toBe('req_42');
    expect(calls).toBe(1);
  });
});

describe('Retry-After', () => {
  it('waits the seconds a 429 asks for before retrying', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    server.use(
      http.get(`${base}/limited`, () => {
        calls++;
        return calls === 1
          ? new HttpResponse(null, { status: 429, headers: { 'retry-after': '2' } })
          : HttpResponse.json({ ok: true });
      }),
    );
    const client = createHttpClient({
      provider: 'test',
      baseUrl: base,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await client.request({ path: 'limited' });
    expect(sleeps).toEqual([2000]);
  });

  it('retries a 429 that carries a JSON error body', async () => {
    let calls = 0;
    server.use(
      http.get(`${base}/limited-json`, () => {
        calls++;
        return calls === 1
          ? HttpResponse.json(
              { code: 20429, message: 'Too Many Requests' },
              { status: 429, headers: { 'retry-after': '0' } },
            )
          : HttpResponse.json({ ok: true });
      }),
    );
    const client = createHttpClient({ provider: 'test', baseUrl: base, ...noSleep });
    expect((await client.request({ path: 'limited-json' })).status).toBe(200);
    expect(calls).toBe(2);
  });

  it('parses an HTTP-date', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('gives up with RateLimitedError when Retry-After is longer than the policy allows', async () => {
    let calls = 0;
    server.use(
      http.get(`${base}/limited`, () => {
        calls++;
        return new HttpResponse(null, { status: 429, headers: { 'retry-after': '3600' } });
      }),
    );
    const client = createHttpClient({ provider: 'test', baseUrl: base, ...noSleep });
    const error = await client.request({ path: 'limited' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(3_600_000);
    expect(calls).toBe(1);
  });
});

describe('timeouts', () => {
  it('aborts a hanging server with a TimeoutError', async () => {
    server.use(
      http.get(`${base}/hang`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const client = createHttpClient({ provider: 'test', baseUrl: base, timeoutMs: 100, retry: false });
    const started = Date.now();
    await expect(client.request({ path: 'hang' })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('responses', () => {
  it('raises a ValidationError naming the failing path of an unexpected body', async () => {
    server.use(http.get(`${base}/things`, () => HttpResponse.json({ data: [{ id: 1 }] })));
    const client = createHttpClient({ provider: 'test', baseUrl: base });
    const error = await client
      .json(z.object({ data: z.array(z.object({ id: z.string() })) }), { path: 'things' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toEqual(['data', 0, 'id']);
  });

  it('refreshes credentials once on 401 and retries', async () => {
    let token = 'expired';
    let refreshes = 0;
    server.use(
      http.get(`${base}/me`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer fresh'
          ? HttpResponse.json({ ok: true })
          : new HttpResponse(null, { status: 401 }),
      ),
    );
    const client = createHttpClient({
      provider: 'test',
      baseUrl: base,
      auth: {
        apply: (headers) => headers.set('authorization', `Bearer ${token}`),
        onUnauthorized: async () => {
          refreshes++;
          token = 'fresh';
          return true;
        },
      },
    });
    expect((await client.request({ path: 'me' })).status).toBe(200);
    expect(refreshes).toBe(1);
  });

  it('lets a provider parse its own error body into a typed error', async () => {
    server.use(http.get(`${base}/x`, () => HttpResponse.json({ code: 20404 }, { status: 404 })));
    const client = createHttpClient({
      provider: 'test',
      baseUrl: base,
      parseError: (_response, body) =>
        new ProviderError('not there', { provider: 'test', providerCode: JSON.parse(body).code }),
    });
    const error = await client.request({ path: 'x' }).catch((e: unknown) => e);
    expect((error as ProviderError).providerCode).toBe(20404);
  });

  it('returns accepted non-2xx statuses and builds query strings', async () => {
    server.use(
      http.get(`${base}/search`, ({ request }) => {
        const url = new URL(request.url);
        return HttpResponse.json(
          { q: url.searchParams.getAll('code'), none: url.searchParams.has('skip') },
          { status: 404 },
        );
      }),
    );
    const client = createHttpClient({ provider: 'test', baseUrl: base });
    const response = await client.request({
      path: 'search',
      query: { code: ['a', 'b'], skip: undefined },
      acceptStatuses: [404],
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ q: ['a', 'b'], none: false });
  });
});

describe('rate limiting and reset headers', () => {
  it('takes budget per key and lets a provider reset header drain it', async () => {
    server.use(
      http.get(`${base}/data`, () =>
        HttpResponse.json({}, { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' } }),
      ),
    );
    const limiter = createMemoryRateLimiter({ points: 100, windowMs: 60_000, mode: 'reject' });
    const client = createHttpClient({
      provider: 'test',
      baseUrl: base,
      rateLimiter: limiter,
      rateLimitKey: 'test:user-1',
      onResponse: async (response, ctx) => {
        if (response.headers.get('x-ratelimit-remaining') === '0' && ctx.rateLimitKey) {
          await ctx.rateLimiter?.drain(
            ctx.rateLimitKey,
            Date.now() + Number(response.headers.get('x-ratelimit-reset')) * 1000,
          );
        }
      },
    });
    await client.request({ path: 'data' });
    await expect(client.request({ path: 'data' })).rejects.toBeInstanceOf(RateLimitedError);
    // another user's budget is untouched
    await client.request({ path: 'data', rateLimitKey: 'test:user-2' });
  });
});

describe('audit', () => {
  it('records attempts without URLs, bodies or headers', async () => {
    let calls = 0;
    server.use(
      http.post(`${base}/Patient`, () => {
        calls++;
        return calls === 1
          ? new HttpResponse(null, { status: 503 })
          : HttpResponse.json({ name: 'Jane Canary' });
      }),
    );
    const events: AuditEvent[] = [];
    const client = createHttpClient({
      provider: 'fhir',
      baseUrl: base,
      audit: { log: (e) => void events.push(e) },
      ...noSleep,
    });
    await client.request({
      method: 'POST',
      path: 'Patient?family=Canary',
      json: { name: 'Jane Canary' },
      idempotencyKey: 'k',
      headers: { authorization: 'Bearer sk_canary' },
      auditAction: 'fhir.patient.create',
    });
    expect(events.map((e) => [e.action, e.outcome, e.status])).toEqual([
      ['fhir.patient.create', 'retry', 503],
      ['fhir.patient.create', 'success', 200],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Canary|sk_canary/);
  });
});

describe('backoff', () => {
  it('uses full jitter bounded by the max delay', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(10, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(10, policy, () => 0)).toBe(0);
  });
});
