import { createSign, generateKeyPairSync } from 'node:crypto';
import {
  createMemoryKeyValueStore,
  createMemoryRateLimiter,
  createTokenVault,
  generateVaultKey,
  type KeyValueStore,
  RateLimitedError,
  sha256,
  toBase64,
  toBase64Url,
} from '@medflow/core';
import { createMemorySampleSink, runSync } from '@medflow/wearables';
import {
  createGoogleHealthProvider,
  createGoogleHealthWebhookHandler,
  GoogleHealthRevokedError,
  keys,
  OAuthStateError,
} from '@medflow/wearables/google-health';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const API = 'https://health.googleapis.com/v4';
const TOKEN = 'https://oauth2.googleapis.com/token';
const HEALTH_USER = '7583570207748835967';

// The fake Google: authorization codes bound to their PKCE challenge, single-use rotating
// refresh tokens, access tokens that can be expired at will, and a paged data point list.
let challenges: Map<string, string>;
let validAccess: Set<string>;
let validRefresh: Set<string>;
let refreshCalls: number;
let tokenSeq: number;
let revokedUsers: Set<string>;
let throttleNext: string | undefined;
let dataRequests: number;

// Google's error shape (google.rpc.Status) with the ErrorInfo reason the v4 error catalog lists.
const googleError = (code: number, status: string, message: string, reason?: string) =>
  HttpResponse.json(
    {
      error: {
        code,
        message,
        status,
        ...(reason
          ? {
              details: [
                {
                  '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                  reason,
                  domain: 'health.googleapis.com',
                },
              ],
            }
          : {}),
      },
    },
    { status: code },
  );

// The list method's documented filter fields: {interval type}.interval.start_time and
// {sample type}.sample_time.physical_time, an RFC 3339 literal, operators >= and <.
const FILTER_FIELDS: Record<string, string | null> = {
  steps: 'steps.interval.start_time',
  distance: 'distance.interval.start_time',
  sleep: 'sleep.interval.start_time',
  'heart-rate': 'heart_rate.sample_time.physical_time',
  'heart-rate-variability': 'heart_rate_variability.sample_time.physical_time',
  'oxygen-saturation': 'oxygen_saturation.sample_time.physical_time',
  weight: 'weight.sample_time.physical_time',
  'daily-resting-heart-rate': null,
};
let pageSizes: Record<string, number>;

function issue(withRefresh: boolean) {
  tokenSeq++;
  const access = `ya29.access-${tokenSeq}`;
  validAccess.add(access);
  const body: Record<string, unknown> = {
    access_token: access,
    expires_in: 3599,
    scope: 'https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly',
    token_type: 'Bearer',
  };
  if (withRefresh) {
    const refresh = `1//refresh-${tokenSeq}`;
    validRefresh.add(refresh);
    body.refresh_token = refresh;
  }
  return body;
}

const bearer = (request: Request) => request.headers.get('authorization')?.replace('Bearer ', '') ?? '';

// Steps are not an identifiable type: their points carry no name.
const steps = (start: string, end: string, count: number) => ({
  dataSource: {
    recordingMethod: 'PASSIVELY_MEASURED',
    platform: 'FITBIT',
    device: { displayName: 'Pixel Watch 3', formFactor: 'WATCH' },
  },
  steps: {
    interval: { startTime: start, startUtcOffset: '-14400s', endTime: end, endUtcOffset: '-14400s' },
    count: String(count),
  },
});

const handlers = [
  http.post(TOKEN, async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    if (form.get('grant_type') === 'authorization_code') {
      const expected = challenges.get(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (!expected || toBase64Url(await sha256(verifier)) !== expected)
        return HttpResponse.json(
          { error: 'invalid_grant', error_description: 'Invalid code verifier.' },
          { status: 400 },
        );
      challenges.delete(form.get('code') ?? '');
      return HttpResponse.json(issue(true));
    }
    refreshCalls++;
    const presented = form.get('refresh_token') ?? '';
    if (!validRefresh.delete(presented))
      return HttpResponse.json(
        { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
        { status: 400 },
      );
    // Slow enough that a second refresher would overlap.
    await new Promise((r) => setTimeout(r, 30));
    return HttpResponse.json(issue(true));
  }),
  http.get(`${API}/users/me/identity`, ({ request }) =>
    validAccess.has(bearer(request))
      ? HttpResponse.json({ name: `users/${HEALTH_USER}/identity`, healthUserId: HEALTH_USER })
      : googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
  ),
  http.get(`${API}/users/me/dataTypes/:dataType/dataPoints`, ({ request, params }) => {
    dataRequests++;
    if (!validAccess.has(bearer(request)))
      return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    if (revokedUsers.has(HEALTH_USER)) return googleError(410, 'GONE', 'The user has revoked consent.');
    if (throttleNext) {
      const retryAfter = throttleNext;
      throttleNext = undefined;
      return HttpResponse.json(
        { error: { code: 429, message: 'Quota exceeded for quota metric.', status: 'RESOURCE_EXHAUSTED' } },
        { status: 429, headers: { 'retry-after': retryAfter } },
      );
    }
    const url = new URL(request.url);
    const filter = url.searchParams.get('filter');
    const field = FILTER_FIELDS[params.dataType as string];
    if (field === undefined)
      return googleError(
        400,
        'INVALID_ARGUMENT',
        `Invalid data type ID referenced in the parent data type collection: ${params.dataType}.`,
        'INVALID_PARENT_DATA_TYPE_COLLECTION',
      );
    const wanted = field
      ? new RegExp(`^${field.replace(/\./g, '\\.')} >= "\\d{4}-\\d{2}-\\d{2}T[^"]+Z"$`)
      : undefined;
    if (filter !== null && !wanted?.test(filter))
      return googleError(400, 'INVALID_ARGUMENT', 'Invalid filter.', 'INVALID_DATA_POINT_FILTER');
    pageSizes[params.dataType as string] = Number(url.searchParams.get('pageSize'));
    switch (params.dataType) {
      case 'steps':
        return url.searchParams.get('pageToken') === 'page-2'
          ? HttpResponse.json({ dataPoints: [steps('2026-06-10T22:00:00Z', '2026-06-10T23:00:00Z', 600)] })
          : HttpResponse.json({
              dataPoints: [
                steps('2026-06-10T12:00:00Z', '2026-06-10T12:15:00Z', 500),
                steps('2026-06-10T12:15:00Z', '2026-06-10T12:30:00Z', 700),
              ],
              nextPageToken: 'page-2',
            });
      case 'heart-rate':
        return HttpResponse.json({
          dataPoints: [
            {
              dataSource: { platform: 'FITBIT', recordingMethod: 'PASSIVELY_MEASURED' },
              heartRate: {
                sampleTime: { physicalTime: '2026-06-10T12:05:00Z', utcOffset: '-14400s' },
                beatsPerMinute: '88',
              },
            },
          ],
        });
      case 'weight':
        return HttpResponse.json({
          dataPoints: [
            {
              name: `users/${HEALTH_USER}/dataTypes/weight/dataPoints/w1`,
              dataSource: { recordingMethod: 'MANUAL', platform: 'FITBIT' },
              weight: {
                sampleTime: { physicalTime: '2026-06-10T11:00:00Z', utcOffset: '-14400s' },
                weightGrams: 70400,
              },
            },
          ],
        });
      case 'sleep':
        return HttpResponse.json({
          dataPoints: [
            {
              name: `users/${HEALTH_USER}/dataTypes/sleep/dataPoints/s1`,
              dataSource: { recordingMethod: 'DERIVED', platform: 'FITBIT' },
              sleep: {
                interval: {
                  startTime: '2026-06-10T03:00:00Z',
                  startUtcOffset: '-14400s',
                  endTime: '2026-06-10T11:00:00Z',
                  endUtcOffset: '-14400s',
                },
                type: 'STAGES',
                stages: [
                  {
                    startTime: '2026-06-10T03:00:00Z',
                    startUtcOffset: '-14400s',
                    endTime: '2026-06-10T07:00:00Z',
                    endUtcOffset: '-14400s',
                    type: 'LIGHT',
                  },
                  {
                    startTime: '2026-06-10T07:00:00Z',
                    startUtcOffset: '-14400s',
                    endTime: '2026-06-10T07:30:00Z',
                    endUtcOffset: '-14400s',
                    type: 'AWAKE',
                  },
                  {
                    startTime: '2026-06-10T07:30:00Z',
                    startUtcOffset: '-14400s',
                    endTime: '2026-06-10T11:00:00Z',
                    endUtcOffset: '-14400s',
                    type: 'REM',
                  },
                ],
              },
            },
          ],
        });
      case 'distance':
        return HttpResponse.json({
          dataPoints: [
            {
              dataSource: { recordingMethod: 'PASSIVELY_MEASURED', platform: 'FITBIT' },
              distance: {
                interval: {
                  startTime: '2026-06-10T12:00:00Z',
                  startUtcOffset: '-14400s',
                  endTime: '2026-06-10T12:15:00Z',
                  endUtcOffset: '-14400s',
                },
                millimeters: '1250000',
              },
            },
          ],
        });
      case 'heart-rate-variability':
        return HttpResponse.json({
          dataPoints: [
            {
              dataSource: { recordingMethod: 'PASSIVELY_MEASURED', platform: 'FITBIT' },
              heartRateVariability: {
                sampleTime: { physicalTime: '2026-06-10T08:00:00Z', utcOffset: '-14400s' },
                rootMeanSquareOfSuccessiveDifferencesMilliseconds: 42.5,
              },
            },
          ],
        });
      case 'oxygen-saturation':
        return HttpResponse.json({
          dataPoints: [
            {
              dataSource: { recordingMethod: 'PASSIVELY_MEASURED', platform: 'FITBIT' },
              oxygenSaturation: {
                sampleTime: { physicalTime: '2026-06-10T08:00:00Z', utcOffset: '-14400s' },
                percentage: 96.5,
              },
            },
          ],
        });
      case 'daily-resting-heart-rate':
        return HttpResponse.json({
          dataPoints: [
            {
              dataSource: { recordingMethod: 'DERIVED', platform: 'FITBIT' },
              dailyRestingHeartRate: {
                date: { year: 2026, month: 6, day: 10 },
                beatsPerMinute: '58',
                dailyRestingHeartRateMetadata: { calculationMethod: 'WITH_SLEEP' },
              },
            },
          ],
        });
      default:
        return HttpResponse.json({ dataPoints: [] });
    }
  }),
];

const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let store: KeyValueStore;
const vault = createTokenVault({ keys: { k1: generateVaultKey() }, activeKid: 'k1' });
const waits: number[] = [];
const makeProvider = (extra: Partial<Parameters<typeof createGoogleHealthProvider>[0]> = {}) =>
  createGoogleHealthProvider({
    clientId: 'client-id.apps.googleusercontent.com',
    clientSecret: 'client-secret',
    redirectUri: 'https://clinic.example/oauth/google-health/callback',
    store,
    vault,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...extra,
  });

beforeEach(() => {
  challenges = new Map();
  validAccess = new Set();
  validRefresh = new Set();
  refreshCalls = 0;
  tokenSeq = 0;
  revokedUsers = new Set();
  throttleNext = undefined;
  dataRequests = 0;
  pageSizes = {};
  waits.length = 0;
  store = createMemoryKeyValueStore();
});

async function connect(provider = makeProvider(), sessionId = 'session-a') {
  const { url } = await provider.oauth.startAuthorization({ sessionId, subject: 'patient-1' });
  const u = new URL(url);
  const code = `4/code-${Math.random()}`;
  challenges.set(code, u.searchParams.get('code_challenge') ?? '');
  return provider.oauth.completeAuthorization({ sessionId, state: u.searchParams.get('state') ?? '', code });
}

async function expireAccessToken() {
  validAccess.clear();
}

describe('Google Health OAuth', () => {
  it('uses PKCE S256 and a random state bound to the session, once', async () => {
    const provider = makeProvider();
    const { url, state } = await provider.oauth.startAuthorization({
      sessionId: 'session-a',
      subject: 'patient-1',
    });
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(u.searchParams.get('code_challenge_method')).toBe('S256');
    expect(u.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(u.searchParams.get('scope')).toContain('googlehealth.activity_and_fitness.readonly');
    expect(u.searchParams.get('access_type')).toBe('offline');
    expect(state).toHaveLength(43);
    expect(state).not.toContain('patient-1');
    challenges.set('4/good', u.searchParams.get('code_challenge') ?? '');

    // Another browser session cannot use it (and burns it).
    await expect(
      provider.oauth.completeAuthorization({ sessionId: 'session-b', state, code: '4/good' }),
    ).rejects.toBeInstanceOf(OAuthStateError);
    await expect(
      provider.oauth.completeAuthorization({ sessionId: 'session-a', state, code: '4/good' }),
    ).rejects.toBeInstanceOf(OAuthStateError);
    await expect(
      provider.oauth.completeAuthorization({ sessionId: 'session-a', state: 'made-up', code: '4/good' }),
    ).rejects.toBeInstanceOf(OAuthStateError);
  });

  it('stores tokens sealed and maps the healthUserId to the connection', async () => {
    const provider = makeProvider();
    const result = await connect(provider);
    expect(result).toEqual({
      connectionId: 'google-health:patient-1',
      subject: 'patient-1',
      healthUserId: HEALTH_USER,
    });
    const stored = await store.get<{ sealed: string }>(keys.connection(result.connectionId));
    expect(JSON.stringify(stored?.value)).not.toContain('ya29.');
    expect(JSON.stringify(stored?.value)).not.toContain('1//refresh');
    expect(stored?.value.sealed.startsWith('v1.k1.')).toBe(true);
    expect(await provider.connectionForUser(HEALTH_USER)).toMatchObject({
      id: 'google-health:patient-1',
      subject: 'patient-1',
    });
  });
});

describe('Google Health data', () => {
  it('pages through every data type into normalized samples in the records own offsets', async () => {
    const provider = makeProvider();
    const { connectionId } = await connect(provider);
    const connection = { id: connectionId, provider: 'google-health', subject: 'patient-1' };
    const sink = createMemorySampleSink();
    const result = await runSync(connection, {
      provider,
      sink,
      cursors: store,
      since: '2026-06-01T00:00:00Z',
    });
    expect(result).toMatchObject({ pages: 9, caughtUp: true, written: 10 });
    // Sleep pages are at most 25 points; the others ask for the provider's page size.
    expect(pageSizes).toMatchObject({ sleep: 25, steps: 1000, 'heart-rate': 1000 });
    const all = sink.all('patient-1');
    expect(
      all
        .filter((s) => s.kind === 'steps')
        .map((s) => s.time.start)
        .sort(),
    ).toEqual(['2026-06-10T08:00:00-04:00', '2026-06-10T08:15:00-04:00', '2026-06-10T18:00:00-04:00']);
    expect(all.find((s) => s.kind === 'weight')).toMatchObject({
      value: 70.4,
      unit: 'kg',
      provenance: { recordingMethod: 'manual' },
    });
    expect(all.find((s) => s.kind === 'heart_rate')).toMatchObject({
      value: 88,
      time: { start: '2026-06-10T08:05:00-04:00' },
      provenance: { recordingMethod: 'automatic', sourceName: 'FITBIT' },
    });
    expect(all.find((s) => s.kind === 'distance')).toMatchObject({ value: 1.25, unit: 'km' });
    expect(all.find((s) => s.kind === 'hrv')).toMatchObject({ method: 'rmssd', value: 42.5, unit: 'ms' });
    expect(all.find((s) => s.kind === 'oxygen_saturation')).toMatchObject({ value: 96.5, unit: '%' });
    expect(all.find((s) => s.kind === 'resting_heart_rate')).toMatchObject({
      value: 58,
      time: { start: '2026-06-10T00:00:00Z', end: '2026-06-11T00:00:00Z' },
    });
    expect(all.find((s) => s.kind === 'sleep')).toMatchObject({
      value: 450,
      time: { end: '2026-06-10T07:00:00-04:00' },
    });
    expect(all.find((s) => s.kind === 'steps')?.provenance.device).toMatchObject({ type: 'watch' });
    // Caught up: the next run starts a fresh window and rewrites nothing new.
    const again = await runSync(connection, {
      provider,
      sink,
      cursors: store,
      since: '2026-06-01T00:00:00Z',
    });
    expect(again.caughtUp).toBe(true);
    expect(sink.all('patient-1')).toEqual(all);
  });

  it('refreshes an expired access token once after a 401 and retries', async () => {
    const events: Array<{ action: string; outcome: string }> = [];
    const provider = makeProvider({ audit: { log: (e) => void events.push(e) } });
    const { connectionId } = await connect(provider);
    await expireAccessToken();
    const page = await provider.listDataPoints(
      { id: connectionId, provider: 'google-health', subject: 'patient-1' },
      'weight',
      {
        since: '2026-06-01T00:00:00Z',
      },
    );
    expect(page.samples).toHaveLength(1);
    expect(refreshCalls).toBe(1);
    expect(events.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'google-health.connect:success',
      'google-health.token.refresh:success',
      'google-health.dataPoints.list:success',
    ]);
    expect(JSON.stringify(events)).not.toContain('ya29.');
  });

  it('serializes refresh across workers so a single-use refresh token is spent once', async () => {
    const a = makeProvider({ sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
    const b = makeProvider({ sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
    const { connectionId } = await connect(a);
    await expireAccessToken();
    const connection = { id: connectionId, provider: 'google-health', subject: 'patient-1' };
    const [pa, pb, pc] = await Promise.all([
      a.listDataPoints(connection, 'weight', { since: '2026-06-01T00:00:00Z' }),
      b.listDataPoints(connection, 'weight', { since: '2026-06-01T00:00:00Z' }),
      b.listDataPoints(connection, 'heart-rate', { since: '2026-06-01T00:00:00Z' }),
    ]);
    expect([pa.samples.length, pb.samples.length, pc.samples.length]).toEqual([1, 1, 1]);
    expect(refreshCalls).toBe(1);
    expect(
      (await store.get<{ revoked?: boolean }>(keys.connection(connectionId)))?.value.revoked,
    ).toBeUndefined();
  });

  it('honours 429 Retry-After and shares the wait with the per-user limiter', async () => {
    const limiter = createMemoryRateLimiter({ points: 300, windowMs: 60_000 });
    const provider = makeProvider({ rateLimiter: limiter });
    const { connectionId } = await connect(provider);
    const connection = { id: connectionId, provider: 'google-health', subject: 'patient-1' };
    throttleNext = '2';
    const page = await provider.listDataPoints(connection, 'weight', { since: '2026-06-01T00:00:00Z' });
    expect(page.samples).toHaveLength(1);
    expect(waits).toContain(2000);
    throttleNext = '120';
    await expect(
      provider.listDataPoints(connection, 'weight', { since: '2026-06-01T00:00:00Z' }),
    ).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('spends at most the configured per-user budget', async () => {
    const limiter = createMemoryRateLimiter({ points: 2, windowMs: 60_000, mode: 'reject' });
    const provider = makeProvider({ rateLimiter: limiter });
    const { connectionId } = await connect(provider);
    const connection = { id: connectionId, provider: 'google-health', subject: 'patient-1' };
    await provider.listDataPoints(connection, 'weight', { since: '2026-06-01T00:00:00Z' });
    await provider.listDataPoints(connection, 'weight', { since: '2026-06-01T00:00:00Z' });
    const before = dataRequests;
    await expect(
      provider.listDataPoints(connection, 'weight', { since: '2026-06-01T00:00:00Z' }),
    ).rejects.toBeInstanceOf(RateLimitedError);
    expect(dataRequests).toBe(before);
  });

  it('marks a connection revoked on 410 and stops using it', async () => {
    const provider = makeProvider();
    const { connectionId } = await connect(provider);
    const connection = { id: connectionId, provider: 'google-health', subject: 'patient-1' };
    revokedUsers.add(HEALTH_USER);
    const error = await provider
      .listDataPoints(connection, 'steps', { since: '2026-06-01T00:00:00Z' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GoogleHealthRevokedError);
    expect(error.status).toBe(410);
    const before = dataRequests;
    await expect(
      provider.listDataPoints(connection, 'steps', { since: '2026-06-01T00:00:00Z' }),
    ).rejects.toBeInstanceOf(GoogleHealthRevokedError);
    expect(dataRequests).toBe(before);
  });
});

describe('Google Health webhook', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const signDer = (body: string) => {
    const signer = createSign('SHA256');
    signer.update(body);
    return signer.sign(privateKey).toString('base64');
  };
  const signRaw = (body: string) => {
    const signer = createSign('SHA256');
    signer.update(body);
    return signer.sign({ key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
  };
  const call = (body: string, headers: Record<string, string>) =>
    new Request('https://clinic.example/webhooks/google-health', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  const setup = () => {
    const queued: unknown[] = [];
    const handler = createGoogleHealthWebhookHandler({
      authorizationSecret: 's3cret-endpoint-authorization',
      publicKey: pem,
      enqueue: async (n) => {
        queued.push(n);
      },
    });
    return { handler, queued };
  };

  it('answers the verification handshake 201 with the secret, 401/403 without', async () => {
    const { handler } = setup();
    const body = JSON.stringify({ type: 'verification' });
    expect((await handler(call(body, { authorization: 's3cret-endpoint-authorization' }))).status).toBe(201);
    expect((await handler(call(body, {}))).status).toBe(401);
    expect((await handler(call(body, { authorization: 'guess' }))).status).toBe(403);
  });

  it('enqueues notifications with a valid secret and ECDSA signature (DER or raw)', async () => {
    const { handler, queued } = setup();
    const body = JSON.stringify({ healthUserId: HEALTH_USER, dataType: 'steps', operation: 'UPSERT' });
    const auth = { authorization: 's3cret-endpoint-authorization' };
    expect((await handler(call(body, { ...auth, 'x-healthapi-signature': signDer(body) }))).status).toBe(204);
    expect((await handler(call(body, { ...auth, 'x-healthapi-signature': signRaw(body) }))).status).toBe(204);
    expect(queued).toEqual([
      { healthUserId: HEALTH_USER, dataType: 'steps', operation: 'UPSERT' },
      { healthUserId: HEALTH_USER, dataType: 'steps', operation: 'UPSERT' },
    ]);
  });

  it('compares the whole Authorization header when the secret carries its scheme', async () => {
    // endpointAuthorization.secret is sent as the full header value ("Bearer …", "Basic …").
    const queued: unknown[] = [];
    const handler = createGoogleHealthWebhookHandler({
      authorizationSecret: 'Bearer s3cret-endpoint-authorization',
      publicKey: pem,
      enqueue: async (n) => {
        queued.push(n);
      },
    });
    const verification = JSON.stringify({ type: 'verification' });
    expect(
      (await handler(call(verification, { authorization: 'Bearer s3cret-endpoint-authorization' }))).status,
    ).toBe(201);
    expect(
      (await handler(call(verification, { authorization: 's3cret-endpoint-authorization' }))).status,
    ).toBe(403);
    expect(
      (await handler(call(verification, { authorization: 'Basic s3cret-endpoint-authorization' }))).status,
    ).toBe(403);
    // A secret configured without a scheme still matches the Bearer form.
    const { handler: plain } = setup();
    expect(
      (await plain(call(verification, { authorization: 'Bearer s3cret-endpoint-authorization' }))).status,
    ).toBe(201);
  });

  it('reads the notification at the top level or wrapped in data', async () => {
    const { handler, queued } = setup();
    const auth = { authorization: 's3cret-endpoint-authorization' };
    const inner = { healthUserId: HEALTH_USER, dataType: 'sleep', operation: 'UPSERT' };
    for (const body of [JSON.stringify({ data: inner }), JSON.stringify([{ data: inner }])])
      expect((await handler(call(body, { ...auth, 'x-healthapi-signature': signDer(body) }))).status).toBe(
        204,
      );
    expect(queued).toEqual([inner, inner]);
    const empty = JSON.stringify({ data: { dataType: 'sleep' } });
    expect((await handler(call(empty, { ...auth, 'x-healthapi-signature': signDer(empty) }))).status).toBe(
      400,
    );
  });

  it('refuses a tampered body, a missing signature or a missing secret, without enqueueing', async () => {
    const { handler, queued } = setup();
    const body = JSON.stringify({ healthUserId: HEALTH_USER, dataType: 'steps' });
    const auth = { authorization: 's3cret-endpoint-authorization' };
    const tampered = body.replace('steps', 'sleep');
    expect((await handler(call(tampered, { ...auth, 'x-healthapi-signature': signDer(body) }))).status).toBe(
      403,
    );
    expect((await handler(call(body, auth))).status).toBe(403);
    expect((await handler(call(body, { 'x-healthapi-signature': signDer(body) }))).status).toBe(401);
    expect(
      (await handler(call(body, { ...auth, 'x-healthapi-signature': toBase64(new Uint8Array(64)) }))).status,
    ).toBe(403);
    expect(queued).toEqual([]);
  });
});
