import {
  createHttpClient,
  createMemoryRateLimiter,
  fromBase64,
  parseRetryAfter,
  type RateLimiter,
  type RetryPolicy,
  toBase64Url,
  utf8,
} from '@medflow/core';
import type { Sample } from '../model';
import type { FetchPageOptions, FetchPageResult, WearableConnection, WearableProvider } from '../provider';
import { requestJson, safeParse } from '../zod';
import {
  dataPointSchema,
  fromGoogleDataPoint,
  GOOGLE_DATA_TYPES,
  type GoogleDataType,
  listDataPointsSchema,
} from './normalize';
import {
  createGoogleHealthOAuth,
  GOOGLE_HEALTH_BASE_URL,
  GOOGLE_HEALTH_PROVIDER,
  type GoogleHealthOAuthConfig,
  GoogleHealthRevokedError,
  keys,
} from './oauth';
import { createGoogleHealthTokens } from './tokens';

export interface GoogleHealthProviderOptions extends GoogleHealthOAuthConfig {
  /**
   * Per-user budget: Google allows 300 requests per minute per user. Pass core's Redis
   * limiter to share it across workers (default: an in-process 300/min limiter).
   */
  rateLimiter?: RateLimiter;
  dataTypes?: readonly GoogleDataType[];
  pageSize?: number;
  retry?: Partial<RetryPolicy> | false;
  timeoutMs?: number;
  /** Test seam for backoff and lock polling. */
  sleep?: (ms: number) => Promise<void>;
}

interface Cursor {
  /** Index into dataTypes. */
  t: number;
  /** Google's page token within that type. */
  p?: string;
}

const encodeCursor = (c: Cursor) => toBase64Url(utf8(JSON.stringify(c)));
function decodeCursor(raw: string | null): Cursor {
  if (!raw) return { t: 0 };
  try {
    const c = JSON.parse(new TextDecoder().decode(fromBase64(raw))) as Cursor;
    return typeof c.t === 'number' ? c : { t: 0 };
  } catch {
    return { t: 0 };
  }
}

/** The Google Health API as a WearableProvider (Fitbit devices arrive through it since the Fitbit Web API closed). */
export function createGoogleHealthProvider(options: GoogleHealthProviderOptions) {
  const oauth = createGoogleHealthOAuth(options);
  const tokens = createGoogleHealthTokens({ ...options, oauth });
  const rateLimiter = options.rateLimiter ?? createMemoryRateLimiter({ points: 300, windowMs: 60_000 });
  const dataTypes = options.dataTypes ?? (Object.keys(GOOGLE_DATA_TYPES) as GoogleDataType[]);
  const pageSize = options.pageSize ?? 1000;

  const baseFetch =
    options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  // Error bodies are read up front: core's client cancels the body of a response it retries,
  // and cancelling an interceptor's (msw, undici mock) stream can wait forever. They are small.
  const bufferedFetch: typeof fetch = async (input, init) => {
    const response = await baseFetch(input, init);
    if (response.ok) return response;
    const body = await response.arrayBuffer();
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  function clientFor(connectionId: string, healthUserId: string) {
    let lastToken = '';
    return createHttpClient({
      provider: GOOGLE_HEALTH_PROVIDER,
      baseUrl: options.baseUrl ?? GOOGLE_HEALTH_BASE_URL,
      fetch: bufferedFetch,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      rateLimiter,
      rateLimitKey: `${GOOGLE_HEALTH_PROVIDER}:${healthUserId}`,
      audit: options.audit,
      ...(options.sleep
        ? { sleep: (ms: number) => (options.sleep as (ms: number) => Promise<void>)(ms) }
        : {}),
      auth: {
        async apply(headers) {
          lastToken = await tokens.accessToken(connectionId);
          headers.set('authorization', `Bearer ${lastToken}`);
        },
        async onUnauthorized() {
          lastToken = await tokens.refreshAfterUnauthorized(connectionId, lastToken);
          return true;
        },
      },
      // A 429 spends the user's budget for every worker sharing the limiter, not just this call.
      async onResponse(response, ctx) {
        if (response.status !== 429 || !ctx.rateLimiter || !ctx.rateLimitKey) return;
        const wait = parseRetryAfter(response.headers.get('retry-after'));
        if (wait !== undefined) await ctx.rateLimiter.drain(ctx.rateLimitKey, Date.now() + wait);
      },
      parseError(response) {
        if (response.status === 410) return new GoogleHealthRevokedError();
        return undefined;
      },
    });
  }

  async function listDataPoints(
    connection: WearableConnection,
    dataType: GoogleDataType,
    query: { since: string; pageToken?: string; signal?: AbortSignal },
  ): Promise<{ samples: Sample[]; nextPageToken?: string }> {
    const stored = await tokens.load(connection.id);
    const client = clientFor(connection.id, stored.healthUserId);
    try {
      const page = await requestJson(client, listDataPointsSchema, {
        path: `users/me/dataTypes/${dataType}/dataPoints`,
        query: {
          pageSize: Math.min(pageSize, GOOGLE_DATA_TYPES[dataType].maxPageSize),
          pageToken: query.pageToken,
          filter: GOOGLE_DATA_TYPES[dataType].filter
            ? `${GOOGLE_DATA_TYPES[dataType].filter} >= "${new Date(query.since).toISOString()}"`
            : undefined,
        },
        signal: query.signal,
        auditAction: 'google-health.dataPoints.list',
      });
      const samples: Sample[] = [];
      for (const raw of page.dataPoints) {
        const parsed = safeParse(dataPointSchema, raw);
        // A point of a shape we do not know is skipped, not a failed sync.
        if (parsed.success) samples.push(...fromGoogleDataPoint(parsed.data));
      }
      return { samples, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
    } catch (error) {
      if (error instanceof GoogleHealthRevokedError) await tokens.markRevoked(connection.id);
      throw error;
    }
  }

  const provider: WearableProvider & {
    oauth: typeof oauth;
    tokens: typeof tokens;
    rateLimiter: RateLimiter;
    listDataPoints: typeof listDataPoints;
    /** The connection a webhook's healthUserId belongs to, or null. */
    connectionForUser(healthUserId: string): Promise<WearableConnection | null>;
  } = {
    id: GOOGLE_HEALTH_PROVIDER,
    oauth,
    tokens,
    rateLimiter,
    listDataPoints,
    async fetchPage(connection: WearableConnection, page: FetchPageOptions): Promise<FetchPageResult> {
      const cursor = decodeCursor(page.cursor);
      const dataType = dataTypes[cursor.t];
      if (!dataType) return { samples: [], nextCursor: null };
      const result = await listDataPoints(connection, dataType, {
        since: page.since,
        pageToken: cursor.p,
        signal: page.signal,
      });
      const next: Cursor | null = result.nextPageToken
        ? { t: cursor.t, p: result.nextPageToken }
        : cursor.t + 1 < dataTypes.length
          ? { t: cursor.t + 1 }
          : null;
      return { samples: result.samples, nextCursor: next ? encodeCursor(next) : null };
    },
    async connectionForUser(healthUserId) {
      const id = await options.store.get<string>(keys.user(healthUserId));
      if (!id) return null;
      const stored = await tokens.load(id.value).catch(() => null);
      if (!stored) return null;
      return {
        id: id.value,
        provider: GOOGLE_HEALTH_PROVIDER,
        subject: stored.subject,
        externalUserId: healthUserId,
      };
    },
  };
  return provider;
}

export type GoogleHealthProvider = ReturnType<typeof createGoogleHealthProvider>;
