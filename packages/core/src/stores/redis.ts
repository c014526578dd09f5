import type { Redis } from 'ioredis';
import { randomToken } from '../encoding';
import { type RateLimiter, type RateLimitPolicy, wrapRateLimiter } from '../ratelimit';
import {
  type ClaimResult,
  DEFAULT_DONE_TTL_MS,
  type IdempotencyStore,
  type KeyValueStore,
  type VersionedValue,
} from './types';
import { assertTtlMs, toStoredJson } from './validate';

interface RedisStoreOptions {
  redis: Redis;
  /** Prepended to every key, so several apps or test runs share one Redis safely. */
  prefix?: string;
}

// Claim: return the current value if present, otherwise take the key. One script, so atomic.
const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v then return v end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

// Complete: write done unless another owner's live claim holds the key.
const COMPLETE = `
local v = redis.call('GET', KEYS[1])
if v and ARGV[3] ~= '' then
  local cur = cjson.decode(v)
  if cur.s == 'p' and cur.t ~= ARGV[3] then return 0 end
end
if tonumber(ARGV[2]) <= 0 then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1`;

const RELEASE = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local cur = cjson.decode(v)
if cur.s ~= 'p' then return 0 end
if ARGV[1] ~= '' and cur.t ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

export function createRedisIdempotencyStore(options: RedisStoreOptions): IdempotencyStore {
  const { redis } = options;
  const prefix = `${options.prefix ?? 'medflow:'}idem:`;
  return {
    async claim<R>(key: string, { ttlMs }: { ttlMs: number }): Promise<ClaimResult<R>> {
      assertTtlMs('ttlMs', ttlMs);
      const token = randomToken(12);
      const current = (await redis.eval(
        CLAIM,
        1,
        prefix + key,
        JSON.stringify({ s: 'p', t: token }),
        Math.max(1, Math.ceil(ttlMs)),
      )) as string | null;
      if (!current) return { status: 'new', token };
      const parsed = JSON.parse(current) as { s: 'p' | 'd'; r?: R | null };
      return parsed.s === 'd' ? { status: 'done', result: parsed.r ?? null } : { status: 'in_progress' };
    },
    async complete(key, result, opts = {}) {
      if (opts.doneTtlMs !== undefined) assertTtlMs('doneTtlMs', opts.doneTtlMs, { allowZero: true });
      await redis.eval(
        COMPLETE,
        1,
        prefix + key,
        `{"s":"d","r":${toStoredJson(result ?? null)}}`,
        // Zero retention means "expires at once", as on the other adapters (PX refuses 0).
        Math.ceil(opts.doneTtlMs ?? DEFAULT_DONE_TTL_MS),
        opts.token ?? '',
      );
    },
    async release(key, opts = {}) {
      await redis.eval(RELEASE, 1, prefix + key, opts.token ?? '');
    },
  };
}

// Values live in a hash {v: json, n: version}; CAS compares n inside one script. Versions
// come from one counter per prefix (KEYS[2]) so a key deleted or expired and written again
// never reuses a version a stale compareAndSet still holds.
const SET = `
local n = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'n', n)
if ARGV[2] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) else redis.call('PERSIST', KEYS[1]) end
return n`;

const CAS = `
local cur = redis.call('HGET', KEYS[1], 'n')
if ARGV[3] == '' then
  if cur then return false end
elseif cur ~= ARGV[3] then
  return false
end
local n = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'n', n)
if ARGV[2] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) else redis.call('PERSIST', KEYS[1]) end
return n`;

const globEscape = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

export function createRedisKeyValueStore(options: RedisStoreOptions): KeyValueStore {
  const { redis } = options;
  const prefix = `${options.prefix ?? 'medflow:'}kv:`;
  // Outside the `kv:` namespace, so listings never see it.
  const versionKey = `${options.prefix ?? 'medflow:'}kv-version`;
  const ttlArg = (ms: number | undefined) => (ms ? String(Math.ceil(ms)) : '');
  return {
    async get<T>(key: string): Promise<VersionedValue<T> | null> {
      const [v, n] = await redis.hmget(prefix + key, 'v', 'n');
      return v && n ? { value: JSON.parse(v) as T, version: Number(n) } : null;
    },
    async set(key, value, opts = {}) {
      if (opts.ttlMs !== undefined) assertTtlMs('ttlMs', opts.ttlMs, { allowZero: true });
      return Number(
        await redis.eval(SET, 2, prefix + key, versionKey, toStoredJson(value), ttlArg(opts.ttlMs)),
      );
    },
    async compareAndSet(key, expectedVersion, value, opts = {}) {
      if (opts.ttlMs !== undefined) assertTtlMs('ttlMs', opts.ttlMs, { allowZero: true });
      const n = await redis.eval(
        CAS,
        2,
        prefix + key,
        versionKey,
        toStoredJson(value),
        ttlArg(opts.ttlMs),
        expectedVersion === null ? '' : String(expectedVersion),
      );
      return n === null ? null : Number(n);
    },
    async delete(key) {
      await redis.del(prefix + key);
    },
    async list<T>(keyPrefix: string, opts: { limit?: number } = {}) {
      const limit = opts.limit ?? 1000;
      // SCAN may return a key more than once while the keyspace rehashes.
      const keys = new Set<string>();
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(
          cursor,
          'MATCH',
          `${globEscape(prefix + keyPrefix)}*`,
          'COUNT',
          500,
        );
        cursor = next;
        for (const k of batch) keys.add(k);
      } while (cursor !== '0');
      const page = [...keys].sort().slice(0, limit);
      if (page.length === 0) return [];
      // One round trip for the values; a key that expired since the scan comes back empty.
      const pipeline = redis.pipeline();
      for (const full of page) pipeline.hmget(full, 'v', 'n');
      const replies = (await pipeline.exec()) ?? [];
      const out: Array<{ key: string } & VersionedValue<T>> = [];
      for (const [i, full] of page.entries()) {
        const [error, fields] = replies[i] ?? [];
        if (error) throw error;
        const [v, n] = (fields ?? []) as Array<string | null>;
        if (v && n)
          out.push({ key: full.slice(prefix.length), value: JSON.parse(v) as T, version: Number(n) });
      }
      return out;
    },
  };
}

/**
 * A limiter whose budget is shared by every process using the same Redis (atomic Lua).
 * `windowMs` must be a whole number of seconds: rate-limiter-flexible's Redis store keeps
 * whole-second TTLs, so a 1500 ms window would silently become 1000 ms (more calls than the
 * provider allows) and a 500 ms one would never expire at all.
 */
export function createRedisRateLimiter(
  options: RateLimitPolicy & { redis: Redis; prefix?: string },
): RateLimiter {
  if (!Number.isSafeInteger(options.windowMs) || options.windowMs < 1000 || options.windowMs % 1000 !== 0)
    throw new RangeError('Redis rate limit windowMs must be a whole number of seconds (a multiple of 1000)');
  // Loaded on first use, like the memory limiter: the package index requires every store.
  return wrapRateLimiter(async () => {
    const { RateLimiterRedis } = await import('rate-limiter-flexible');
    return new RateLimiterRedis({
      storeClient: options.redis,
      points: options.points,
      duration: options.windowMs / 1000,
      keyPrefix: `${options.prefix ?? 'medflow:'}rl`,
    });
  }, options);
}
