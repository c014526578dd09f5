import {
  type AuditLogger,
  createHttpClient,
  type HttpAuth,
  type HttpClient,
  type KeyValueStore,
  type TokenVault,
  UnauthorizedError,
  ValidationError,
} from '@medflow/core';
import * as z from 'zod/mini';
import { onFirstUse, requestJson, safeParse, strings } from '../zod';
import {
  type ClientAssertionAlgorithm,
  type ClientAssertionKey,
  importSigningKey,
  signClientAssertion,
} from './jwt';

/** How the client authenticates to the payer's FHIR server. */
export type FhirAuthOptions =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | {
      type: 'client-credentials';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope?: string;
      /** `basic` (client_secret_basic, the default) or `post` (client_secret_post). */
      clientAuth?: 'basic' | 'post';
    }
  | {
      type: 'smart-backend-services';
      clientId: string;
      /** The private key whose public half the payer registered (JWKS). */
      privateKey: ClientAssertionKey;
      algorithm: ClientAssertionAlgorithm;
      /** Key id of that public key in the registered JWKS. */
      kid: string;
      /** e.g. `system/Coverage.read system/CoverageEligibilityRequest.write`. */
      scope: string;
      /** Skips discovery through `.well-known/smart-configuration`. */
      tokenUrl?: string;
      jku?: string;
    };

const tokenResponseSchema = onFirstUse(() =>
  z.object({
    access_token: strings().nonEmpty,
    token_type: z
      .string()
      .check(z.refine((t) => t.toLowerCase() === 'bearer', 'Only bearer tokens are supported')),
    expires_in: z.optional(z.coerce.number().check(z.positive())),
    scope: z.optional(z.string()),
  }),
);

const smartConfigurationSchema = onFirstUse(() =>
  z.object({
    token_endpoint: z.url(),
    token_endpoint_auth_methods_supported: z.optional(z.array(z.string())),
    token_endpoint_auth_signing_alg_values_supported: z.optional(z.array(z.string())),
  }),
);

export interface AccessToken {
  value: string;
  /** When the server stops accepting it. */
  expiresAtMs: number;
  /** When to fetch the next one; defaults to `expiresAtMs` minus the cache's margin. */
  refreshAtMs?: number;
}

/**
 * Caches one access token and refreshes it shortly before expiry. Every caller that arrives
 * while a refresh is running awaits that same promise, so N concurrent requests with a stale
 * token cost one token call.
 */
/** Where several processes share one token: sealed at rest with a core TokenVault. */
export interface SharedTokenStore {
  store: KeyValueStore;
  vault: TokenVault;
  /** One key per payer + client id, e.g. `fhir-token:aetna:riverside-clinic-backend`. */
  key: string;
}

const storedTokenSchema = onFirstUse(() =>
  z.object({
    value: strings().nonEmpty,
    expiresAtMs: z.number(),
    refreshAtMs: z.optional(z.number()),
  }),
);

export class TokenCache {
  private current: AccessToken | undefined;
  private inFlight: Promise<AccessToken> | undefined;
  private lastRejected: string | undefined;

  constructor(
    private readonly fetchToken: () => Promise<AccessToken>,
    private readonly now: () => number,
    /** Refresh this long before the server's expiry, so a token never dies mid-request. */
    private readonly skewMs = 60_000,
    private readonly shared?: SharedTokenStore,
  ) {}

  async get(): Promise<string> {
    const token = this.current;
    if (token && this.fresh(token)) return token.value;
    return (await this.refresh()).value;
  }

  /** Forgets `value` if it is still the cached token; a token another caller already replaced stays. */
  invalidate(value: string | undefined): void {
    if (value === undefined) return;
    this.lastRejected = value;
    if (this.current?.value === value) this.current = undefined;
  }

  private fresh(token: AccessToken): boolean {
    return (token.refreshAtMs ?? token.expiresAtMs - this.skewMs) > this.now();
  }

  private refresh(): Promise<AccessToken> {
    this.inFlight ??= (async () => {
      const stored = await this.load();
      const token = stored ?? (await this.fetchToken());
      this.current = token;
      if (!stored) await this.save(token);
      return token;
    })().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  // A token another process fetched, unless it is stale or the one the server just refused.
  private async load(): Promise<AccessToken | undefined> {
    if (!this.shared) return undefined;
    try {
      const entry = await this.shared.store.get<string>(this.shared.key);
      if (!entry || typeof entry.value !== 'string') return undefined;
      const parsed = safeParse(
        storedTokenSchema(),
        await this.shared.vault.openJson(entry.value, this.shared.key),
      );
      if (!parsed.success || !this.fresh(parsed.data) || parsed.data.value === this.lastRejected)
        return undefined;
      return parsed.data;
    } catch {
      // An unreadable entry (rotated-out vault key, store outage) only costs a token request.
      return undefined;
    }
  }

  private async save(token: AccessToken): Promise<void> {
    if (!this.shared) return;
    try {
      const sealed = await this.shared.vault.sealJson(token, this.shared.key);
      await this.shared.store.set(this.shared.key, sealed, {
        ttlMs: Math.max(1, token.expiresAtMs - this.now()),
      });
    } catch {
      // Sharing is an optimisation; this process keeps its token either way.
    }
  }
}

export interface FhirAuthRuntime {
  http: HttpAuth | undefined;
  /** Called by the transport with the bearer token a 401 answered, so only that token is dropped. */
  rejected(token: string | undefined): void;
}

export function createFhirAuth(
  options: FhirAuthOptions,
  context: {
    baseUrl: string;
    fetch?: typeof fetch;
    now: () => number;
    timeoutMs?: number;
    audit?: AuditLogger;
    tokenStore?: SharedTokenStore;
  },
): FhirAuthRuntime {
  if (options.type === 'none') return { http: undefined, rejected: () => {} };
  if (options.type === 'bearer') {
    const token = options.token;
    return {
      http: { apply: (headers) => headers.set('authorization', `Bearer ${token}`) },
      rejected: () => {},
    };
  }

  // Token endpoints get their own client: no auth on it, and its failures never recurse into a refresh.
  const tokenHttp = createHttpClient({
    provider: 'fhir-auth',
    fetch: context.fetch,
    timeoutMs: context.timeoutMs ?? 15_000,
    audit: context.audit,
  });

  const fetchToken =
    options.type === 'client-credentials'
      ? () => clientCredentialsToken(tokenHttp, options, context.now)
      : smartBackendTokenFetcher(tokenHttp, options, context);

  const cache = new TokenCache(fetchToken, context.now, 60_000, context.tokenStore);
  return {
    http: {
      async apply(headers) {
        headers.set('authorization', `Bearer ${await cache.get()}`);
      },
      // The transport has already dropped the token that failed; one retry gets a fresh one.
      onUnauthorized: async () => true,
    },
    rejected: (token) => cache.invalidate(token),
  };
}

async function postForToken(
  tokenHttp: HttpClient,
  tokenUrl: string,
  init: { form: Record<string, string | undefined>; headers?: Record<string, string> },
  now: () => number,
): Promise<AccessToken> {
  const requestedAt = now();
  try {
    const body = await requestJson(tokenHttp, tokenResponseSchema(), {
      method: 'POST',
      path: tokenUrl,
      form: init.form,
      headers: init.headers,
      // A token request changes nothing on the server, so a retry is harmless.
      retryable: true,
      auditAction: 'fhir.token',
    });
    const lifetimeMs = (body.expires_in ?? 300) * 1000;
    // A 60 s margin, or half the lifetime for short-lived tokens, so they are not refetched on every call.
    const marginMs = Math.min(60_000, lifetimeMs / 2);
    return {
      value: body.access_token,
      expiresAtMs: requestedAt + lifetimeMs,
      refreshAtMs: requestedAt + lifetimeMs - marginMs,
    };
  } catch (error) {
    throw new UnauthorizedError('Could not obtain an access token from the FHIR authorization server', {
      code: 'fhir_token_failed',
      status: 502,
      cause: error,
    });
  }
}

function clientCredentialsToken(
  tokenHttp: HttpClient,
  options: Extract<FhirAuthOptions, { type: 'client-credentials' }>,
  now: () => number,
): Promise<AccessToken> {
  const form: Record<string, string | undefined> = { grant_type: 'client_credentials', scope: options.scope };
  const headers: Record<string, string> = {};
  if (options.clientAuth === 'post') {
    form.client_id = options.clientId;
    form.client_secret = options.clientSecret;
  } else {
    // RFC 6749 §2.3.1: both halves are form-urlencoded before being joined.
    const user = encodeURIComponent(options.clientId);
    const pass = encodeURIComponent(options.clientSecret);
    headers.authorization = `Basic ${btoa(`${user}:${pass}`)}`;
  }
  return postForToken(tokenHttp, options.tokenUrl, { form, headers }, now);
}

function smartBackendTokenFetcher(
  tokenHttp: HttpClient,
  options: Extract<FhirAuthOptions, { type: 'smart-backend-services' }>,
  context: { baseUrl: string; now: () => number },
): () => Promise<AccessToken> {
  let key: Promise<CryptoKey> | undefined;
  let tokenUrl: Promise<string> | undefined = options.tokenUrl
    ? Promise.resolve(options.tokenUrl)
    : undefined;

  const discover = async () => {
    const base = context.baseUrl.endsWith('/') ? context.baseUrl : `${context.baseUrl}/`;
    try {
      const config = await requestJson(tokenHttp, smartConfigurationSchema(), {
        path: new URL('.well-known/smart-configuration', base).toString(),
        auditAction: 'fhir.smart_configuration',
      });
      return config.token_endpoint;
    } catch (error) {
      tokenUrl = undefined; // let the next call try discovery again
      throw new UnauthorizedError('Could not discover the SMART token endpoint', {
        code: 'fhir_smart_discovery_failed',
        status: 502,
        cause: error,
      });
    }
  };

  return async () => {
    tokenUrl ??= discover();
    key ??= importSigningKey(options.privateKey, options.algorithm).catch((error: unknown) => {
      key = undefined;
      throw new ValidationError(
        `The SMART private key could not be imported for ${options.algorithm} (expected a PKCS#8 PEM, a private JWK or a CryptoKey)`,
        [{ path: ['auth', 'privateKey'], message: 'not a usable private key' }],
        { cause: error },
      );
    });
    // Held locally: a failed import clears `key` for the next attempt while this one is still awaiting.
    const signingKey = key;
    const url = await tokenUrl;
    const assertion = await signClientAssertion({
      clientId: options.clientId,
      tokenUrl: url,
      key: await signingKey,
      algorithm: options.algorithm,
      kid: options.kid,
      jku: options.jku,
      nowMs: context.now(),
    });
    return postForToken(
      tokenHttp,
      url,
      {
        form: {
          grant_type: 'client_credentials',
          scope: options.scope,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        },
      },
      context.now,
    );
  };
}
