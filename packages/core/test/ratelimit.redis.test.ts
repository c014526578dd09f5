import { RateLimitedError } from '@medflow/core';
import { createRedisRateLimiter } from '@medflow/core/redis';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, deleteRedisPrefix, sleep, uniqueName } from './support';

// Two connections stand for two processes sharing one budget.
let redisA: Redis;
let redisB: Redis;
const prefix = `${uniqueName('medflow_test')}:`;

beforeAll(() => {
  redisA = createTestRedis();
  redisB = createTestRedis();
});
afterAll(async () => {
  await deleteRedisPrefix(redisA, prefix);
  await Promise.all([redisA.quit(), redisB.quit()]);
});

const pair = (policy: { points: number; windowMs: number; mode?: 'wait' | 'reject'; maxWaitMs?: number }) =>
  [
    createRedisRateLimiter({ redis: redisA, prefix, ...policy }),
    createRedisRateLimiter({ redis: redisB, prefix, ...policy }),
  ] as const;

async function outcomes(attempts: Promise<void>[]) {
  const settled = await Promise.allSettled(attempts);
  for (const s of settled) if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(RateLimitedError);
  return {
    admitted: settled.filter((s) => s.status === 'fulfilled').length,
    rejected: settled.filter((s) => s.status === 'rejected').length,
  };
}

// Every case uses keys of its own, so the waits overlap.
describe.concurrent('Redis rate limiter', () => {
  it('admits exactly `points` of 3×points concurrent acquires across two processes', async () => {
    const points = 20;
    const [a, b] = pair({ points, windowMs: 60_000, mode: 'reject' });
    const key = uniqueName('stripe:acct');
    const attempts = Array.from({ length: 3 * points }, (_, i) => (i % 2 === 0 ? a : b).acquire(key));
    expect(await outcomes(attempts)).toEqual({ admitted: points, rejected: 2 * points });
  });

  it('opens a new window when the old one ends', async () => {
    const [a, b] = pair({ points: 2, windowMs: 1_000, mode: 'reject' });
    const key = uniqueName('k');
    await a.acquire(key);
    await b.acquire(key);
    const error = (await b.acquire(key).catch((e: unknown) => e)) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(1_000);
    await sleep(error.retryAfterMs + 50);
    expect(await outcomes([a.acquire(key), b.acquire(key), a.acquire(key)])).toEqual({
      admitted: 2,
      rejected: 1,
    });
  });

  it('makes a waiting acquire in one process resume when the shared window frees', async () => {
    const [a, b] = pair({ points: 1, windowMs: 1_000, maxWaitMs: 5_000 });
    const key = uniqueName('k');
    await a.acquire(key);
    const started = Date.now();
    await b.acquire(key);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('shares a drain between processes until the reset time, and a reset frees it', async () => {
    const [a, b] = pair({ points: 3, windowMs: 60_000, mode: 'reject' });
    const key = uniqueName('k');
    await a.drain(key, Date.now() + 800);
    const error = (await b.acquire(key).catch((e: unknown) => e)) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(1_000);
    await sleep(error.retryAfterMs + 50);
    await b.acquire(key);
    await a.drain(key, Date.now() + 60_000);
    await expect(b.acquire(key)).rejects.toBeInstanceOf(RateLimitedError);
    await b.reset(key);
    await a.acquire(key);
  });

  it('keeps keys apart', async () => {
    const [a] = pair({ points: 1, windowMs: 60_000, mode: 'reject' });
    await a.acquire(uniqueName('k'));
    await a.acquire(uniqueName('k'));
  });

  it('refuses windows its store cannot keep exactly', () => {
    for (const windowMs of [0, 500, 1_500, 999])
      expect(() => createRedisRateLimiter({ redis: redisA, prefix, points: 1, windowMs })).toThrow(
        RangeError,
      );
  });
});
