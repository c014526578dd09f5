import { randomToken } from '@medflow/core';
import {
  type GoogleHealthOAuth,
  type GoogleHealthOAuthConfig,
  GoogleHealthRevokedError,
  keys,
  type StoredGoogleConnection,
  type TokenSet,
} from './oauth';

export interface GoogleHealthTokens {
  /** A valid access token, refreshing when it is about to expire. */
  accessToken(connectionId: string): Promise<string>;
  /** After a 401: a fresh token unless someone already replaced `rejected`. */
  refreshAfterUnauthorized(connectionId: string, rejected: string): Promise<string>;
  load(connectionId: string): Promise<StoredGoogleConnection>;
  markRevoked(connectionId: string): Promise<void>;
}

const EARLY_REFRESH_MS = 60_000;
const LOCK_TTL_MS = 30_000;
const POLL_MS = 50;

/**
 * Token refresh serialized per connection, across processes: the refresher holds a lock in the
 * shared store; everyone else waits for the stored token record to change and uses the result.
 * Google may rotate refresh tokens, and a rotated one is single-use: two workers refreshing
 * with the same one would revoke the grant.
 */
export function createGoogleHealthTokens(
  config: Pick<GoogleHealthOAuthConfig, 'store' | 'vault' | 'clientId' | 'clientSecret' | 'now' | 'audit'> & {
    oauth: Pick<GoogleHealthOAuth, 'tokenRequest'>;
    sleep?: (ms: number) => Promise<void>;
  },
): GoogleHealthTokens {
  const now = config.now ?? Date.now;
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const inflight = new Map<string, Promise<string>>();

  async function read(connectionId: string) {
    const entry = await config.store.get<StoredGoogleConnection>(keys.connection(connectionId));
    if (!entry) throw new GoogleHealthRevokedError();
    if (entry.value.revoked) throw new GoogleHealthRevokedError();
    const tokens = await config.vault.openJson<TokenSet>(entry.value.sealed, connectionId);
    return { record: entry.value, version: entry.version, tokens };
  }

  async function refresh(connectionId: string, stale: (t: TokenSet) => boolean): Promise<string> {
    const lockKey = keys.refreshLock(connectionId);
    const owner = randomToken(12);
    const deadline = now() + LOCK_TTL_MS * 2;
    for (;;) {
      const current = await read(connectionId);
      if (!stale(current.tokens)) return current.tokens.accessToken;
      const locked = await config.store.compareAndSet(lockKey, null, { owner }, { ttlMs: LOCK_TTL_MS });
      if (locked !== null) {
        try {
          // Re-read under the lock: the previous holder may have just finished.
          const fresh = await read(connectionId);
          if (!stale(fresh.tokens)) return fresh.tokens.accessToken;
          let response: Awaited<ReturnType<GoogleHealthOAuth['tokenRequest']>>;
          try {
            response = await config.oauth.tokenRequest({
              grant_type: 'refresh_token',
              refresh_token: fresh.tokens.refreshToken,
              client_id: config.clientId,
              client_secret: config.clientSecret,
            });
          } catch (error) {
            await config.audit?.log({
              action: 'google-health.token.refresh',
              outcome: 'failure',
              provider: 'google-health',
              errorCode: error instanceof GoogleHealthRevokedError ? error.code : 'provider_error',
            });
            if (error instanceof GoogleHealthRevokedError) await markRevoked(connectionId);
            throw error;
          }
          await config.audit?.log({
            action: 'google-health.token.refresh',
            outcome: 'success',
            provider: 'google-health',
          });
          const next: TokenSet = {
            accessToken: response.access_token,
            refreshToken: response.refresh_token ?? fresh.tokens.refreshToken,
            expiresAt: now() + response.expires_in * 1000,
            scope: response.scope ?? fresh.tokens.scope,
          };
          const sealed = await config.vault.sealJson(next, connectionId);
          const saved = await config.store.compareAndSet(keys.connection(connectionId), fresh.version, {
            ...fresh.record,
            sealed,
          });
          // Only a reconnect can change the record under our lock; its tokens win.
          if (saved === null) return (await read(connectionId)).tokens.accessToken;
          return next.accessToken;
        } finally {
          const held = await config.store.get<{ owner: string }>(lockKey);
          // The store has no compare-and-delete; the window between these two calls is only
          // reachable if our lock outlived its ttl, which a refresh call never does.
          if (held?.value.owner === owner) await config.store.delete(lockKey);
        }
      }
      if (now() > deadline) throw new GoogleHealthRevokedError();
      await sleep(POLL_MS);
    }
  }

  async function markRevoked(connectionId: string) {
    const entry = await config.store.get<StoredGoogleConnection>(keys.connection(connectionId));
    if (entry) await config.store.set(keys.connection(connectionId), { ...entry.value, revoked: true });
  }

  function coalesce(connectionId: string, run: () => Promise<string>): Promise<string> {
    const running = inflight.get(connectionId);
    if (running) return running;
    const p = run().finally(() => inflight.delete(connectionId));
    inflight.set(connectionId, p);
    return p;
  }

  return {
    async accessToken(connectionId) {
      const { tokens } = await read(connectionId);
      if (tokens.expiresAt - EARLY_REFRESH_MS > now()) return tokens.accessToken;
      return coalesce(connectionId, () =>
        refresh(connectionId, (t) => t.expiresAt - EARLY_REFRESH_MS <= now()),
      );
    },
    refreshAfterUnauthorized(connectionId, rejected) {
      return coalesce(connectionId, () => refresh(connectionId, (t) => t.accessToken === rejected));
    },
    async load(connectionId) {
      return (await read(connectionId)).record;
    },
    markRevoked,
  };
}
