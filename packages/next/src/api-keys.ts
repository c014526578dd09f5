import {
  ForbiddenError,
  type KeyValueStore,
  type RateLimiter,
  randomBytes,
  randomToken,
  sha256,
  timingSafeEqual,
  toHex,
  UnauthorizedError,
  utf8,
} from '@medflow/core';

/** Routes a third-party client may call. */
export type ApiKeyScope = 'labs:hl7' | 'push:health-connect' | 'push:healthkit' | 'push:samsung-health';

export interface ApiKeyRecord {
  id: string;
  /** Who holds the key (a lab, a companion app install): shown to admins, never PHI. */
  label: string;
  scopes: ApiKeyScope[];
  /** For companion-app keys: the patient whose device holds the key. */
  patientId?: string;
  createdAt: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

interface StoredKey extends ApiKeyRecord {
  /** SHA-256 of the secret part; the secret itself is shown once and never stored. */
  hash: string;
}

export interface ApiKeyManager {
  issue(input: {
    label: string;
    scopes: ApiKeyScope[];
    patientId?: string;
  }): Promise<{ key: string; record: ApiKeyRecord }>;
  /** Checks a presented key for a scope: 401 when unknown/revoked/malformed, 403 when out of scope, 429 over its limit. */
  verify(presented: string | null, scope: ApiKeyScope): Promise<ApiKeyRecord>;
  revoke(id: string): Promise<void>;
  list(): Promise<ApiKeyRecord[]>;
}

const PREFIX = 'mfk';
const KEY_PATTERN = /^mfk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** Reads a key from `Authorization: Bearer …` or `X-API-Key`. */
export function presentedApiKey(request: Request): string | null {
  const auth = request.headers.get('authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  return request.headers.get('x-api-key');
}

/**
 * API keys for labs and companion apps: `mfk_<id>_<secret>`, stored as a SHA-256 hash (the
 * secret has 256 bits of entropy, so a slow hash adds nothing), scoped to routes,
 * rate-limited per key and revocable.
 */
export function createApiKeyManager(options: {
  store: KeyValueStore;
  rateLimiter?: RateLimiter;
  now?: () => Date;
}): ApiKeyManager {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const keyOf = (id: string) => `apikey:${id}`;
  const publicRecord = ({ hash: _hash, ...record }: StoredKey): ApiKeyRecord => record;

  return {
    async issue({ label, scopes, patientId }) {
      const id = toHex(randomBytes(8));
      const secret = randomToken(32);
      const record: StoredKey = {
        id,
        label,
        scopes: [...new Set(scopes)],
        ...(patientId ? { patientId } : {}),
        createdAt: now().toISOString(),
        hash: toHex(await sha256(secret)),
      };
      await store.set(keyOf(id), record);
      return { key: `${PREFIX}_${id}_${secret}`, record: publicRecord(record) };
    },
    async verify(presented, scope) {
      const match = presented ? KEY_PATTERN.exec(presented) : null;
      if (!match) throw new UnauthorizedError('A valid API key is required');
      const [, id, secret] = match as unknown as [string, string, string];
      const stored = await store.get<StoredKey>(keyOf(id));
      const hash = await sha256(secret);
      const expected = stored ? utf8(stored.value.hash) : utf8('0'.repeat(64));
      const same = timingSafeEqual(utf8(toHex(hash)), expected);
      if (!stored || !same || stored.value.revokedAt)
        throw new UnauthorizedError('A valid API key is required');
      if (!stored.value.scopes.includes(scope))
        throw new ForbiddenError('This API key may not call this route');
      if (options.rateLimiter) await options.rateLimiter.acquire(`apikey:${id}`, { mode: 'reject' });
      return publicRecord(stored.value);
    },
    async revoke(id) {
      const stored = await store.get<StoredKey>(keyOf(id));
      if (!stored || stored.value.revokedAt) return;
      await store.set(keyOf(id), { ...stored.value, revokedAt: now().toISOString() });
    },
    async list() {
      const rows = await store.list<StoredKey>('apikey:');
      return rows.map((r) => publicRecord(r.value));
    },
  };
}
