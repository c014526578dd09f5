import {
  type AuditLogger,
  createHttpClient,
  type HttpClient,
  MedflowError,
  type QueryValue,
  type RateLimiter,
  type RetryPolicy,
} from '@medflow/core';
import type { CapabilityStatement, OperationOutcome, Resource } from '@medplum/fhirtypes';
import * as z from 'zod/mini';
import { onFirstUse, requestJson, safeParse } from '../zod';
import { createFhirAuth, type FhirAuthOptions, type SharedTokenStore } from './auth';
import { bufferErrorResponses } from './buffer';
import { FhirOperationError, FhirPageLimitError, invalidPayerResponse } from './errors';

export interface FhirClientOptions {
  /** The FHIR base, e.g. `https://fhir.payer.example/r4`. */
  baseUrl: string;
  auth: FhirAuthOptions;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy> | false;
  rateLimiter?: RateLimiter;
  audit?: AuditLogger;
  /**
   * Shares OAuth tokens between processes through a core KeyValueStore (PostgreSQL, Redis),
   * sealed with a TokenVault. Without it each client instance caches its own token in memory.
   */
  tokenStore?: SharedTokenStore;
  /** Clock seam for token expiry. */
  now?: () => number;
  /** Test seam for backoff and Retry-After waits. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface SearchOptions {
  /** Stop after this many pages (default 20). */
  maxPages?: number;
  /** When the cap is hit: `throw` FhirPageLimitError (default) or `truncate` quietly. */
  onPageLimit?: 'throw' | 'truncate';
  /** Also yield `_include`d resources (search.mode = include); off by default. */
  includeIncluded?: boolean;
  signal?: AbortSignal;
}

export interface FhirCapabilities {
  fhirVersion: string | undefined;
  /** Resource types the server exposes, with their interactions (`read`, `search-type`, `create`, …). */
  resources: Record<string, { interactions: string[]; operations: string[]; searchParams: string[] }>;
  /** System-level operations (`$export`, …), names without `$`. */
  operations: string[];
  supportsInteraction(resourceType: string, interaction: string): boolean;
  /** e.g. `supportsOperation('Claim', 'submit')`. Accepts the name with or without `$`. */
  supportsOperation(resourceType: string, operation: string): boolean;
  statement: CapabilityStatement;
}

export interface ConditionalCreateResult<T extends Resource> {
  resource: T;
  /** False when the server found a match for `If-None-Exist` and created nothing. */
  created: boolean;
}

export interface FhirClient {
  readonly baseUrl: string;
  capabilities(options?: { refresh?: boolean }): Promise<FhirCapabilities>;
  read<T extends Resource = Resource>(
    resourceType: T['resourceType'],
    id: string,
    options?: { signal?: AbortSignal },
  ): Promise<T>;
  /** Yields matching resources page by page, following `Bundle.link[next]`. */
  search<T extends Resource = Resource>(
    resourceType: T['resourceType'],
    params?: Record<string, QueryValue>,
    options?: SearchOptions,
  ): AsyncIterable<T>;
  searchAll<T extends Resource = Resource>(
    resourceType: T['resourceType'],
    params?: Record<string, QueryValue>,
    options?: SearchOptions,
  ): Promise<T[]>;
  /** A plain create: never retried, since a second POST could make a duplicate. */
  create<T extends Resource>(resource: T, options?: { signal?: AbortSignal }): Promise<T>;
  /**
   * Create unless a resource matches `ifNoneExist` (e.g. `identifier=https://clinic.example/claims|CLM-1`).
   * Safe to retry, so it is retried on 5xx/429 like a read.
   */
  createIfNoneExist<T extends Resource>(
    resource: T,
    ifNoneExist: string | Record<string, string>,
    options?: { signal?: AbortSignal },
  ): Promise<ConditionalCreateResult<T>>;
  update<T extends Resource>(resource: T & { id: string }, options?: { signal?: AbortSignal }): Promise<T>;
  /**
   * Invokes an operation: `operation('Claim/$submit', bundle)`, `operation('$export')`,
   * `operation('Patient/123/$everything', undefined, { method: 'GET' })`.
   * POSTs are not retried unless `retryable` says the operation is safe to repeat.
   */
  operation<T extends Resource = Resource>(
    path: string,
    body?: Resource,
    options?: {
      method?: 'GET' | 'POST';
      query?: Record<string, QueryValue>;
      retryable?: boolean;
      signal?: AbortSignal;
    },
  ): Promise<T>;
  readonly http: HttpClient;
}

const FHIR_JSON = 'application/fhir+json';
const resourceSchema = onFirstUse(() => z.looseObject({ resourceType: z.string() }));
const bundleSchema = onFirstUse(() =>
  z.looseObject({
    resourceType: z.literal('Bundle'),
    type: z.string(),
    link: z.optional(z.array(z.looseObject({ relation: z.string(), url: z.string() }))),
    entry: z.optional(
      z.array(
        z.looseObject({
          resource: z.optional(resourceSchema()),
          search: z.optional(z.looseObject({ mode: z.optional(z.string()) })),
        }),
      ),
    ),
  }),
);

function isOperationOutcome(value: unknown): value is OperationOutcome {
  return (
    typeof value === 'object' && value !== null && (value as Resource).resourceType === 'OperationOutcome'
  );
}

function bearerOf(init: RequestInit | undefined): string | undefined {
  const header = new Headers(init?.headers).get('authorization');
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

export function createFhirClient(options: FhirClientOptions): FhirClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const origin = new URL(baseUrl).origin;
  const now = options.now ?? Date.now;
  const baseFetch = bufferErrorResponses(options.fetch ?? ((input, init) => globalThis.fetch(input, init)));
  const auth = createFhirAuth(options.auth, {
    baseUrl,
    fetch: baseFetch,
    now,
    timeoutMs: options.timeoutMs,
    audit: options.audit,
    tokenStore: options.tokenStore,
  });

  // Sees which token a 401 answered, so concurrent failures drop that token once and no other.
  const fetchWithTokenTracking: typeof fetch = async (input, init) => {
    const response = await baseFetch(input, init);
    if (response.status === 401) auth.rejected(bearerOf(init));
    return response;
  };

  const http = createHttpClient({
    provider: 'fhir',
    baseUrl: `${baseUrl}/`,
    fetch: fetchWithTokenTracking,
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: options.retry,
    rateLimiter: options.rateLimiter,
    rateLimitKey: options.rateLimiter ? origin : undefined,
    audit: options.audit,
    auth: auth.http,
    sleep: options.sleep,
    headers: { accept: FHIR_JSON },
    requestIdHeaders: ['x-request-id', 'x-correlation-id', 'request-id'],
    parseError(response, body) {
      if (response.status === 429) return undefined; // core turns it into RateLimitedError with Retry-After
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return undefined;
      }
      if (!isOperationOutcome(parsed)) return undefined;
      return new FhirOperationError(response.status, parsed, {
        providerRequestId: response.headers.get('x-request-id') ?? undefined,
      });
    },
  });

  async function readJson<T extends Resource>(response: Response, expected?: string): Promise<T | undefined> {
    const text = await response.text();
    if (text.trim().length === 0) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw invalidPayerResponse('FHIR server returned a body that is not JSON', [], error);
    }
    const parsed = safeParse(resourceSchema(), data);
    if (!parsed.success) throw invalidPayerResponse('FHIR server returned something that is not a resource');
    if (expected && parsed.data.resourceType !== expected) {
      // A 2xx carrying an OperationOutcome is how some servers report a failed operation.
      if (isOperationOutcome(data)) throw new FhirOperationError(response.status, data);
      throw invalidPayerResponse(
        `FHIR server returned another resource type where ${expected} was expected`,
        [{ path: ['resourceType'], message: `expected ${expected}` }],
      );
    }
    return data as T;
  }

  function assertSameOrigin(url: string) {
    // Following a next link elsewhere would hand our bearer token to another host.
    if (new URL(url, `${baseUrl}/`).origin !== origin)
      throw new MedflowError('FHIR server returned a paging link to another host', {
        code: 'fhir_foreign_link',
        status: 502,
      });
  }

  let capabilitiesCache: Promise<FhirCapabilities> | undefined;

  async function* search<T extends Resource>(
    resourceType: string,
    params: Record<string, QueryValue> = {},
    searchOptions: SearchOptions = {},
  ): AsyncGenerator<T> {
    const maxPages = searchOptions.maxPages ?? 20;
    let request: { path: string; query?: Record<string, QueryValue> } | undefined = {
      path: resourceType,
      query: params,
    };
    for (let page = 0; request; page++) {
      if (page >= maxPages) {
        if ((searchOptions.onPageLimit ?? 'throw') === 'throw') throw new FhirPageLimitError(maxPages);
        return;
      }
      const bundle: z.output<ReturnType<typeof bundleSchema>> = await requestJson(http, bundleSchema(), {
        ...request,
        signal: searchOptions.signal,
        auditAction: 'fhir.search',
      });
      for (const entry of bundle.entry ?? []) {
        if (!entry.resource) continue;
        const mode = entry.search?.mode;
        if (mode === 'outcome') continue;
        if (mode === 'include' && !searchOptions.includeIncluded) continue;
        yield entry.resource as unknown as T;
      }
      const next: string | undefined = bundle.link?.find((l) => l.relation === 'next')?.url;
      if (next) assertSameOrigin(next);
      request = next ? { path: new URL(next, `${baseUrl}/`).toString() } : undefined;
    }
  }

  const client: FhirClient = {
    baseUrl,
    http,
    capabilities(capOptions = {}) {
      if (!capabilitiesCache || capOptions.refresh) {
        capabilitiesCache = (async () => {
          const response = await http.request({ path: 'metadata', auditAction: 'fhir.capabilities' });
          const statement = (await readJson<CapabilityStatement>(
            response,
            'CapabilityStatement',
          )) as CapabilityStatement;
          return toCapabilities(statement);
        })();
        capabilitiesCache.catch(() => {
          capabilitiesCache = undefined;
        });
      }
      return capabilitiesCache;
    },
    async read(resourceType, id, readOptions = {}) {
      const response = await http.request({
        path: `${resourceType}/${encodeURIComponent(id)}`,
        signal: readOptions.signal,
        auditAction: 'fhir.read',
      });
      return (await readJson(response, resourceType)) as never;
    },
    search: (resourceType, params, searchOptions) => search(resourceType, params, searchOptions),
    async searchAll(resourceType, params, searchOptions) {
      const out = [];
      for await (const resource of search(resourceType, params, searchOptions)) out.push(resource);
      return out as never;
    },
    async create(resource, createOptions = {}) {
      const response = await http.request({
        method: 'POST',
        path: resource.resourceType,
        body: JSON.stringify(resource),
        headers: { 'content-type': FHIR_JSON, prefer: 'return=representation' },
        signal: createOptions.signal,
        auditAction: 'fhir.create',
      });
      return (await readJson(response, resource.resourceType)) ?? resource;
    },
    async createIfNoneExist(resource, ifNoneExist, createOptions = {}) {
      const condition =
        typeof ifNoneExist === 'string' ? ifNoneExist : new URLSearchParams(ifNoneExist).toString();
      const response = await http.request({
        method: 'POST',
        path: resource.resourceType,
        body: JSON.stringify(resource),
        headers: { 'content-type': FHIR_JSON, prefer: 'return=representation', 'if-none-exist': condition },
        // The server checks the condition first, so repeating the POST cannot create a second copy.
        retryable: true,
        signal: createOptions.signal,
        auditAction: 'fhir.conditional_create',
      });
      const created = response.status === 201;
      const body = await readJson<typeof resource>(response, resource.resourceType);
      if (body) return { resource: body, created };
      // Some servers answer 200 with no body for an existing match; Location names it.
      const location = response.headers.get('location') ?? response.headers.get('content-location');
      const id = location?.match(new RegExp(`${resource.resourceType}/([^/]+)`))?.[1];
      if (id) return { resource: (await client.read(resource.resourceType, id)) as typeof resource, created };
      return { resource, created };
    },
    async update(resource, updateOptions = {}) {
      const response = await http.request({
        method: 'PUT',
        path: `${resource.resourceType}/${encodeURIComponent(resource.id)}`,
        body: JSON.stringify(resource),
        headers: { 'content-type': FHIR_JSON, prefer: 'return=representation' },
        signal: updateOptions.signal,
        auditAction: 'fhir.update',
      });
      return (await readJson(response, resource.resourceType)) ?? resource;
    },
    async operation(path, body, opOptions = {}) {
      const method = opOptions.method ?? (body ? 'POST' : 'GET');
      const name = path.match(/\$([A-Za-z-]+)/)?.[1] ?? 'operation';
      const response = await http.request({
        method,
        path,
        query: opOptions.query,
        ...(body ? { body: JSON.stringify(body), headers: { 'content-type': FHIR_JSON } } : {}),
        retryable: opOptions.retryable,
        signal: opOptions.signal,
        auditAction: `fhir.$${name}`,
      });
      const result = await readJson(response);
      if (!result) throw invalidPayerResponse(`FHIR $${name} returned no resource`);
      return result as never;
    },
  };
  return client;
}

function toCapabilities(statement: CapabilityStatement): FhirCapabilities {
  const server = statement.rest?.find((r) => r.mode === 'server') ?? statement.rest?.[0];
  // Operations are declared by name (`submit`, `$submit`) or only by a definition URL ending in `Claim-submit`.
  const opName = (op: { name?: string; definition?: string }) =>
    op.name
      ? op.name.replace(/^\$/, '')
      : (op.definition?.split('/').pop() ?? '').replace(/^[A-Z][A-Za-z]+-/, '');
  const resources: FhirCapabilities['resources'] = {};
  for (const resource of server?.resource ?? []) {
    if (!resource.type) continue;
    resources[resource.type] = {
      interactions: (resource.interaction ?? [])
        .map((i) => i.code)
        .filter((c): c is NonNullable<typeof c> => !!c),
      operations: (resource.operation ?? []).map(opName).filter(Boolean),
      searchParams: (resource.searchParam ?? []).map((p) => p.name).filter((n): n is string => !!n),
    };
  }
  const operations = (server?.operation ?? []).map(opName).filter(Boolean);
  return {
    fhirVersion: statement.fhirVersion,
    resources,
    operations,
    statement,
    supportsInteraction: (type, interaction) => resources[type]?.interactions.includes(interaction) ?? false,
    supportsOperation: (type, operation) => {
      const wanted = operation.replace(/^\$/, '');
      return (resources[type]?.operations.includes(wanted) ?? false) || operations.includes(wanted);
    },
  };
}
