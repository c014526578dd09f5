import {
  type AuditLogger,
  ForbiddenError,
  type KeyValueStore,
  MedflowError,
  ProviderError,
  randomToken,
  sha256,
  type TokenVault,
  timingSafeEqual,
  toBase64Url,
  toHex,
  utf8,
  ValidationError,
} from '@medflow/core';
import * as z from 'zod/mini';
import { safeParse } from '../zod';

export const GOOGLE_HEALTH_PROVIDER = 'google-health';
export const GOOGLE_AUTHORIZE_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const GOOGLE_REVOKE_URL = 'https://oauth2.googleapis.com/revoke';
export const GOOGLE_HEALTH_BASE_URL = 'https://health.googleapis.com/v4/';

const SCOPE_PREFIX = 'https://www.googleapis.com/auth/googlehealth.';
/** Read-only scopes for what this package normalizes. */
export const GOOGLE_HEALTH_READ_SCOPES = [
  `${SCOPE_PREFIX}activity_and_fitness.readonly`,
  `${SCOPE_PREFIX}health_metrics_and_measurements.readonly`,
  `${SCOPE_PREFIX}sleep.readonly`,
] as const;

export class GoogleHealthRevokedError extends MedflowError {
  constructor() {
    super('The patient revoked access to Google Health; they need to connect again', {
      code: 'connection_revoked',
      status: 410,
      retryable: false,
    });
  }
}

export interface GoogleHealthOAuthConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes?: readonly string[];
  /** Holds OAuth states, sealed tokens, refresh locks and the healthUserId → connection index. */
  store: KeyValueStore;
  vault: TokenVault;
  fetch?: typeof fetch;
  authorizeUrl?: string;
  tokenUrl?: string;
  revokeUrl?: string;
  baseUrl?: string;
  /** How long a started authorization may take (default 10 minutes). */
  stateTtlMs?: number;
  audit?: AuditLogger;
  now?: () => number;
}

/** What we keep per connection (the tokens themselves only ever sealed). */
export interface StoredGoogleConnection {
  connectionId: string;
  subject: string;
  healthUserId: string;
  /** vault.sealJson(TokenSet), with the connection id as associated data. */
  sealed: string;
  revoked?: boolean;
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
  scope: string;
}

interface PendingState {
  sessionHash: string;
  subject: string;
  sealedVerifier: string;
  used?: boolean;
}

const tokenResponseSchema = z.object({
  access_token: z.string().check(z.minLength(1)),
  expires_in: z.number().check(z.positive()),
  refresh_token: z.optional(z.string().check(z.minLength(1))),
  scope: z.optional(z.string()),
  token_type: z.optional(z.string()),
});

const identitySchema = z.object({
  name: z.optional(z.string()),
  healthUserId: z.string().check(z.minLength(1)),
});

export const keys = {
  state: (stateHash: string) => `wearables:google-health:state:${stateHash}`,
  connection: (connectionId: string) => `wearables:google-health:conn:${connectionId}`,
  refreshLock: (connectionId: string) => `wearables:google-health:refresh-lock:${connectionId}`,
  user: (healthUserId: string) => `wearables:google-health:user:${healthUserId}`,
};

const hashHex = async (value: string) => toHex(await sha256(value));

export class OAuthStateError extends ForbiddenError {
  constructor() {
    super('This sign-in link is invalid or was already used; start again', { code: 'oauth_state_invalid' });
  }
}

/** The Google side of connecting a patient: authorization URL, code exchange, token refresh. */
export function createGoogleHealthOAuth(config: GoogleHealthOAuthConfig) {
  const doFetch = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = config.now ?? Date.now;
  const stateTtlMs = config.stateTtlMs ?? 10 * 60_000;
  const scopes = config.scopes ?? GOOGLE_HEALTH_READ_SCOPES;

  async function tokenRequest(form: Record<string, string>): Promise<z.infer<typeof tokenResponseSchema>> {
    const response = await doFetch(config.tokenUrl ?? GOOGLE_TOKEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
    const text = await response.text();
    if (!response.ok) {
      let code: string | undefined;
      try {
        code = (JSON.parse(text) as { error?: string }).error;
      } catch {}
      if (code === 'invalid_grant') throw new GoogleHealthRevokedError();
      throw new ProviderError('Google rejected the token request', {
        provider: GOOGLE_HEALTH_PROVIDER,
        providerStatus: response.status,
        providerCode: code,
        retryable: response.status >= 500 || response.status === 429,
      });
    }
    const parsed = safeParse(tokenResponseSchema, JSON.parse(text));
    if (!parsed.success) throw new ValidationError('Unexpected Google token response');
    return parsed.data;
  }

  return {
    scopes,
    tokenRequest,
    /**
     * Starts a connection. `sessionId` is the signed-in user's session: the state is random,
     * stored server-side (hashed) for `stateTtlMs`, usable once and only from that session.
     */
    async startAuthorization(input: {
      sessionId: string;
      subject: string;
    }): Promise<{ url: string; state: string }> {
      const state = randomToken(32);
      const verifier = randomToken(48); // 64 chars, within RFC 7636's 43–128
      const challenge = toBase64Url(await sha256(verifier));
      const pending: PendingState = {
        sessionHash: await hashHex(input.sessionId),
        subject: input.subject,
        sealedVerifier: await config.vault.seal(verifier, 'pkce'),
      };
      const created = await config.store.compareAndSet(keys.state(await hashHex(state)), null, pending, {
        ttlMs: stateTtlMs,
      });
      if (created === null) throw new MedflowError('Could not start authorization');
      const url = new URL(config.authorizeUrl ?? GOOGLE_AUTHORIZE_URL);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', config.redirectUri);
      url.searchParams.set('scope', scopes.join(' '));
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', challenge);
      url.searchParams.set('code_challenge_method', 'S256');
      url.searchParams.set('access_type', 'offline');
      url.searchParams.set('prompt', 'consent');
      url.searchParams.set('include_granted_scopes', 'true');
      return { url: url.toString(), state };
    },

    /**
     * Finishes a connection from the redirect: consumes the state (once, from the same
     * session), exchanges the code with the PKCE verifier, looks up the healthUserId and
     * stores the tokens sealed.
     */
    async completeAuthorization(input: {
      sessionId: string;
      state: string;
      code: string;
    }): Promise<{ connectionId: string; subject: string; healthUserId: string }> {
      const key = keys.state(await hashHex(input.state));
      const stored = await config.store.get<PendingState>(key);
      if (!stored || stored.value.used) throw new OAuthStateError();
      // Mark used before anything else: of two racing callbacks only one wins the CAS.
      const won = await config.store.compareAndSet(
        key,
        stored.version,
        { ...stored.value, used: true },
        {
          ttlMs: stateTtlMs,
        },
      );
      if (won === null) throw new OAuthStateError();
      const sessionHash = await hashHex(input.sessionId);
      if (!timingSafeEqual(utf8(sessionHash), utf8(stored.value.sessionHash))) throw new OAuthStateError();
      const verifier = await config.vault.open(stored.value.sealedVerifier, 'pkce');
      const tokens = await tokenRequest({
        grant_type: 'authorization_code',
        code: input.code,
        redirect_uri: config.redirectUri,
        client_id: config.clientId,
        client_secret: config.clientSecret,
        code_verifier: verifier,
      });
      if (!tokens.refresh_token)
        throw new ProviderError('Google returned no refresh token', { provider: GOOGLE_HEALTH_PROVIDER });
      const identityResponse = await doFetch(
        new URL('users/me/identity', config.baseUrl ?? GOOGLE_HEALTH_BASE_URL),
        {
          headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/json' },
        },
      );
      if (!identityResponse.ok)
        throw new ProviderError('Could not read the Google Health identity', {
          provider: GOOGLE_HEALTH_PROVIDER,
          providerStatus: identityResponse.status,
        });
      const identity = safeParse(identitySchema, await identityResponse.json());
      if (!identity.success) throw new ValidationError('Unexpected Google Health identity response');
      const connectionId = `${GOOGLE_HEALTH_PROVIDER}:${stored.value.subject}`;
      const set: TokenSet = {
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        expiresAt: now() + tokens.expires_in * 1000,
        scope: tokens.scope ?? scopes.join(' '),
      };
      const record: StoredGoogleConnection = {
        connectionId,
        subject: stored.value.subject,
        healthUserId: identity.data.healthUserId,
        sealed: await config.vault.sealJson(set, connectionId),
      };
      await config.store.set(keys.connection(connectionId), record);
      await config.store.set(keys.user(identity.data.healthUserId), connectionId);
      await config.store.delete(key);
      await config.audit?.log({
        action: 'google-health.connect',
        outcome: 'success',
        provider: GOOGLE_HEALTH_PROVIDER,
        subject: stored.value.subject,
      });
      return { connectionId, subject: stored.value.subject, healthUserId: identity.data.healthUserId };
    },

    /** A patient's Google Health connections (no tokens: those stay sealed). */
    async listConnections(subject: string): Promise<GoogleConnectionSummary[]> {
      const rows = await config.store.list<StoredGoogleConnection>(
        keys.connection(`${GOOGLE_HEALTH_PROVIDER}:`),
      );
      return rows
        .map((r) => r.value)
        .filter((c) => c.subject === subject)
        .map((c) => ({
          connectionId: c.connectionId,
          provider: GOOGLE_HEALTH_PROVIDER,
          subject: c.subject,
          revoked: c.revoked === true,
        }));
    },

    /**
     * Disconnects: revokes the grant at Google (so the refresh token stops working there
     * too), then forgets the sealed tokens and the healthUserId index. A grant Google no
     * longer knows counts as revoked; any other failure leaves the connection in place so
     * the patient can try again.
     */
    async disconnect(connectionId: string): Promise<void> {
      const entry = await config.store.get<StoredGoogleConnection>(keys.connection(connectionId));
      if (!entry) return;
      if (!entry.value.revoked) {
        const tokens = await config.vault.openJson<TokenSet>(entry.value.sealed, connectionId);
        const response = await doFetch(config.revokeUrl ?? GOOGLE_REVOKE_URL, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token: tokens.refreshToken }).toString(),
        });
        void response.body?.cancel().catch(() => {});
        // 400 invalid_token: Google already dropped the grant (the patient revoked it there).
        if (!response.ok && response.status !== 400) {
          throw new ProviderError('Google did not revoke the connection', {
            provider: GOOGLE_HEALTH_PROVIDER,
            providerStatus: response.status,
            retryable: response.status >= 500 || response.status === 429,
          });
        }
      }
      await config.store.delete(keys.user(entry.value.healthUserId));
      await config.store.delete(keys.connection(connectionId));
      await config.audit?.log({
        action: 'google-health.disconnect',
        outcome: 'success',
        provider: GOOGLE_HEALTH_PROVIDER,
        subject: entry.value.subject,
      });
    },
  };
}

export interface GoogleConnectionSummary {
  connectionId: string;
  provider: typeof GOOGLE_HEALTH_PROVIDER;
  subject: string;
  /** Google said the grant is gone (410/invalid_grant): the patient must connect again. */
  revoked: boolean;
}

export type GoogleHealthOAuth = ReturnType<typeof createGoogleHealthOAuth>;
