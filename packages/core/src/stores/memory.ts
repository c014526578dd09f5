import { randomToken } from '../encoding';
import {
  type ClaimResult,
  DEFAULT_DONE_TTL_MS,
  type IdempotencyStore,
  type KeyValueStore,
  type VersionedValue,
} from './types';
import { assertTtlMs, toStoredJson } from './validate';

type Entry =
  | { state: 'in_progress'; token: string; until: number }
  | { state: 'done'; json: string; until: number };

/** In-process idempotency store for tests and single-process development. */
export function createMemoryIdempotencyStore(options: { now?: () => number } = {}): IdempotencyStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  return {
    async claim<R>(key: string, { ttlMs }: { ttlMs: number }): Promise<ClaimResult<R>> {
      assertTtlMs('ttlMs', ttlMs);
      const entry = entries.get(key);
      const t = now();
      if (entry && entry.until > t) {
        return entry.state === 'done'
          ? { status: 'done', result: JSON.parse(entry.json) as R | null }
          : { status: 'in_progress' };
      }
      const token = randomToken(12);
      entries.set(key, { state: 'in_progress', token, until: t + ttlMs });
      return { status: 'new', token };
    },
    async complete(key, result, opts = {}) {
      if (opts.doneTtlMs !== undefined) assertTtlMs('doneTtlMs', opts.doneTtlMs, { allowZero: true });
      const entry = entries.get(key);
      if (opts.token && entry?.state === 'in_progress' && entry.token !== opts.token) return;
      entries.set(key, {
        state: 'done',
        // A JSON copy, as the SQL and Redis adapters return: later mutation of `result` by
        // the caller must not change what a replay sees.
        json: toStoredJson(result ?? null),
        until: now() + (opts.doneTtlMs ?? DEFAULT_DONE_TTL_MS),
      });
    },
    async release(key, opts = {}) {
      const entry = entries.get(key);
      if (entry?.state !== 'in_progress') return;
      if (opts.token && entry.token !== opts.token) return;
      entries.delete(key);
    },
  };
}

/** In-process key-value store with versions and compare-and-set. */
export function createMemoryKeyValueStore(options: { now?: () => number } = {}): KeyValueStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { json: string; version: number; until: number | null }>();
  const live = (key: string) => {
    const e = entries.get(key);
    if (e && e.until !== null && e.until <= now()) {
      entries.delete(key);
      return undefined;
    }
    return e;
  };
  // One counter for the whole store, so a key deleted or expired and written again never
  // reuses a version a stale compareAndSet could still hold.
  let lastVersion = 0;
  const write = (key: string, value: unknown, ttlMs: number | undefined) => {
    const version = ++lastVersion;
    // Stored as JSON so callers get the same copy semantics as the SQL and Redis adapters.
    entries.set(key, { json: toStoredJson(value), version, until: ttlMs ? now() + ttlMs : null });
    return version;
  };
  return {
    async get<T>(key: string): Promise<VersionedValue<T> | null> {
      const e = live(key);
      return e ? { value: JSON.parse(e.json) as T, version: e.version } : null;
    },
    async set(key, value, opts = {}) {
      if (opts.ttlMs !== undefined) assertTtlMs('ttlMs', opts.ttlMs, { allowZero: true });
      return write(key, value, opts.ttlMs);
    },
    async compareAndSet(key, expectedVersion, value, opts = {}) {
      if (opts.ttlMs !== undefined) assertTtlMs('ttlMs', opts.ttlMs, { allowZero: true });
      const current = live(key);
      if ((current?.version ?? null) !== expectedVersion) return null;
      return write(key, value, opts.ttlMs);
    },
    async delete(key) {
      entries.delete(key);
    },
    async list<T>(prefix: string, opts: { limit?: number } = {}) {
      const out: Array<{ key: string } & VersionedValue<T>> = [];
      for (const key of [...entries.keys()].sort()) {
        if (!key.startsWith(prefix)) continue;
        const e = live(key);
        if (!e) continue;
        out.push({ key, value: JSON.parse(e.json) as T, version: e.version });
        if (out.length >= (opts.limit ?? 1000)) break;
      }
      return out;
    },
  };
}
