import type { AuditLogger } from './audit';
import {
  MedflowError,
  ProviderError,
  RateLimitedError,
  TimeoutError,
  ValidationError,
  validationErrorFromZod,
} from './errors';
import type { RateLimiter } from './ratelimit';

export interface RetryPolicy {
  /** Retries after the first attempt (default 2). */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails with RateLimitedError. */
  maxRetryAfterMs: number;
  statuses: readonly number[];
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 2,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  statuses: [408, 425, 429, 500, 502, 503, 504],
};

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

export interface HttpAuth {
  /** Adds credentials to an outgoing request's headers. */
  apply(headers: Headers, request: { method: string; url: string }): Promise<void> | void;
  /** Called once after a 401; return true to retry the request with fresh credentials. */
  onUnauthorized?(): Promise<boolean>;
}

export interface ResponseContext {
  provider: string;
  rateLimitKey: string | undefined;
  rateLimiter: RateLimiter | undefined;
}

export interface HttpClientOptions {
  /** Names the provider in errors and audit events (`stripe`, `google-health`, …). */
  provider: string;
  baseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy> | false;
  rateLimiter?: RateLimiter;
  /** Default key for the rate limiter (per provider per user, say). */
  rateLimitKey?: string;
  auth?: HttpAuth;
  audit?: AuditLogger;
  headers?: Record<string, string>;
  /** Reads provider reset headers (X-RateLimit-Reset…) and may drain the limiter key. */
  onResponse?: (response: Response, context: ResponseContext) => void | Promise<void>;
  /** Turns a provider's error body into a typed error; return undefined for the default ProviderError. */
  parseError?: (response: Response, body: string) => MedflowError | undefined;
  /** Header names that carry the provider's request id, first match wins. */
  requestIdHeaders?: readonly string[];
  /** Test seams. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export type QueryValue =
  | string
  | number
  | boolean
  | undefined
  | null
  | ReadonlyArray<string | number | boolean>;

export interface HttpRequestOptions {
  method?: string;
  /** Path relative to baseUrl, or an absolute URL. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Serialized as JSON with content-type application/json. */
  json?: unknown;
  /** Serialized as application/x-www-form-urlencoded. */
  form?: Record<string, string | number | boolean | undefined>;
  body?: BodyInit;
  /** Marks a write as safe to retry and is sent in `idempotencyHeader`. */
  idempotencyKey?: string;
  idempotencyHeader?: string;
  /** Overrides the idempotency rule (a conditional create is retry-safe, say). */
  retryable?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  rateLimitKey?: string;
  /** Audit verb for this call (default `<provider>.<method>`); the URL is never logged. */
  auditAction?: string;
  /** Statuses that are returned to the caller instead of raising (e.g. 404 for "absent"). */
  acceptStatuses?: readonly number[];
}

/**
 * Anything with zod's `safeParse` shape: a zod or zod/mini schema (or a hand-written
 * validator), so packages pick their own zod flavour.
 */
export interface ResponseSchema<T> {
  safeParse(data: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: {
          issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string }>;
        };
      };
}

export interface HttpClient {
  request(options: HttpRequestOptions): Promise<Response>;
  /** Sends the request and validates the JSON answer with `schema`. */
  json<T>(schema: ResponseSchema<T>, options: HttpRequestOptions): Promise<T>;
  readonly provider: string;
}

/** Parses Retry-After (delta seconds or HTTP-date) into milliseconds from now. */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Full-jitter exponential backoff: a random delay in [0, min(max, base·2^attempt)]. */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random = Math.random,
) {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

function buildUrl(baseUrl: string | undefined, path: string, query?: Record<string, QueryValue>): URL {
  const url = /^https?:\/\//i.test(path)
    ? new URL(path)
    : new URL(
        path.replace(/^\//, ''),
        baseUrl ? (baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`) : undefined,
      );
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
    else url.searchParams.append(key, String(value));
  }
  return url;
}

// Not awaited: some fetch implementations (msw's interceptor on Node 20) never settle a
// cancel() of a response body, and nothing depends on its completion.
function discardBody(response: Response) {
  response.body?.cancel().catch(() => {});
}

const DEFAULT_REQUEST_ID_HEADERS = [
  'request-id',
  'x-request-id',
  'x-twilio-request-id',
  'x-goog-request-id',
  'x-correlation-id',
];

/**
 * The one outbound HTTP helper: timeouts, retries with full-jitter backoff for idempotent
 * requests only, Retry-After honoured, rate limiting, auth refresh on 401, audit events.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const policy: RetryPolicy =
    options.retry === false ? { ...DEFAULT_RETRY, retries: 0 } : { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const requestIdHeaders = options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS;

  const requestIdOf = (response: Response) => {
    for (const name of requestIdHeaders) {
      const value = response.headers.get(name);
      if (value) return value;
    }
    return undefined;
  };

  async function request(req: HttpRequestOptions): Promise<Response> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = buildUrl(options.baseUrl, req.path, req.query);
    const canRetry = req.retryable ?? (IDEMPOTENT_METHODS.has(method) || req.idempotencyKey !== undefined);
    const maxAttempts = canRetry ? policy.retries + 1 : 1;
    const action = req.auditAction ?? `${options.provider}.${method.toLowerCase()}`;
    const rateLimitKey = req.rateLimitKey ?? options.rateLimitKey;
    const context: ResponseContext = {
      provider: options.provider,
      rateLimitKey,
      rateLimiter: options.rateLimiter,
    };
    let body: BodyInit | undefined = req.body;
    const baseHeaders = new Headers({ accept: 'application/json', ...options.headers, ...req.headers });
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      if (!baseHeaders.has('content-type')) baseHeaders.set('content-type', 'application/json');
    } else if (req.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(req.form)) if (v !== undefined) params.append(k, String(v));
      body = params.toString();
      baseHeaders.set('content-type', 'application/x-www-form-urlencoded');
    }
    if (req.idempotencyKey) baseHeaders.set(req.idempotencyHeader ?? 'Idempotency-Key', req.idempotencyKey);

    let refreshedAuth = false;
    let lastError: unknown;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (options.rateLimiter && rateLimitKey)
        await options.rateLimiter.acquire(rateLimitKey, { signal: req.signal });
      const headers = new Headers(baseHeaders);
      if (options.auth) await options.auth.apply(headers, { method, url: url.toString() });
      const timeout = AbortSignal.timeout(req.timeoutMs ?? options.timeoutMs ?? 30_000);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      const started = performance.now();
      let response: Response;
      try {
        response = await doFetch(url, { method, headers, body, signal, redirect: 'manual' });
      } catch (error) {
        const durationMs = Math.round(performance.now() - started);
        if (req.signal?.aborted) throw error;
        const timedOut = timeout.aborted;
        lastError = timedOut
          ? new TimeoutError(undefined, { details: { provider: options.provider } })
          : new ProviderError(`Could not reach ${options.provider}`, {
              provider: options.provider,
              code: 'network_error',
              retryable: true,
              cause: error,
            });
        const willRetry = attempt + 1 < maxAttempts;
        await options.audit?.log({
          action,
          provider: options.provider,
          outcome: willRetry ? 'retry' : 'failure',
          durationMs,
          errorCode: (lastError as MedflowError).code,
        });
        if (!willRetry) throw lastError;
        await sleep(backoffDelay(attempt, policy, random), req.signal);
        continue;
      }
      const durationMs = Math.round(performance.now() - started);
      await options.onResponse?.(response, context);

      if (response.status === 401 && options.auth?.onUnauthorized && !refreshedAuth) {
        refreshedAuth = true;
        discardBody(response);
        if (await options.auth.onUnauthorized()) {
          attempt--; // a credential refresh is not a retry of a failure
          continue;
        }
      }

      const ok =
        (response.status >= 200 && response.status < 300) || req.acceptStatuses?.includes(response.status);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const retryableStatus = policy.statuses.includes(response.status);
      const willRetry =
        !ok && retryableStatus && attempt + 1 < maxAttempts && (retryAfterMs ?? 0) <= policy.maxRetryAfterMs;
      await options.audit?.log({
        action,
        provider: options.provider,
        outcome: ok ? 'success' : willRetry ? 'retry' : 'failure',
        status: response.status,
        durationMs,
        requestId: requestIdOf(response),
      });
      if (ok) return response;
      if (willRetry) {
        discardBody(response);
        await sleep(retryAfterMs ?? backoffDelay(attempt, policy, random), req.signal);
        continue;
      }
      const text = await response.text().catch(() => '');
      const parsed = options.parseError?.(response, text);
      if (parsed) throw parsed;
      if (response.status === 429) {
        throw new RateLimitedError(retryAfterMs ?? 1000, `${options.provider} rate limit reached`, {
          details: { provider: options.provider, providerRequestId: requestIdOf(response) },
        });
      }
      throw new ProviderError(`${options.provider} answered ${response.status}`, {
        provider: options.provider,
        providerStatus: response.status,
        providerRequestId: requestIdOf(response),
        retryable: retryableStatus,
        status: response.status >= 500 ? 502 : response.status === 404 ? 404 : 502,
      });
    }
    throw lastError ?? new MedflowError('Request failed');
  }

  return {
    provider: options.provider,
    request,
    async json(schema, req) {
      const response = await request(req);
      const text = await response.text();
      let data: unknown;
      try {
        data = text.length === 0 ? undefined : JSON.parse(text);
      } catch (error) {
        throw new ValidationError(`${options.provider} returned a body that is not JSON`, [], {
          cause: error,
        });
      }
      const result = schema.safeParse(data);
      if (!result.success)
        throw validationErrorFromZod(result.error, `Unexpected ${options.provider} response`);
      return result.data;
    },
  };
}
