import { createMemoryRateLimiter, RateLimitedError } from '@medflow/core';
import { describe, expect, it } from 'vitest';
import { sleep, uniqueName } from './support';

async function rejection(promise: Promise<unknown>): Promise<RateLimitedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RateLimitedError);
  return error as RateLimitedError;
}

// Every case uses keys of its own, so the waits overlap.
describe.concurrent('memory rate limiter', () => {
  it('admits `points` acquires per window, then rejects with retryAfterMs', async () => {
    const limiter = createMemoryRateLimiter({ points: 3, windowMs: 60_000, mode: 'reject' });
    const key = uniqueName('fitbit:user');
    for (let i = 0; i < 3; i++) await limiter.acquire(key);
    const error = await rejection(limiter.acquire(key));
    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeGreaterThan(59_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
    // Budgets are per key: another user of the same provider is unaffected.
    await limiter.acquire(uniqueName('fitbit:user'));
  });

  it('admits again once a sub-second window has passed', async () => {
    const limiter = createMemoryRateLimiter({ points: 1, windowMs: 250, mode: 'reject' });
    const key = uniqueName('k');
    await limiter.acquire(key);
    const error = await rejection(limiter.acquire(key));
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(250);
    await sleep(error.retryAfterMs + 50);
    await limiter.acquire(key);
  });

  it('waits for the window to free up in wait mode (the default)', async () => {
    const limiter = createMemoryRateLimiter({ points: 2, windowMs: 300 });
    const key = uniqueName('k');
    const started = Date.now();
    await Promise.all([limiter.acquire(key), limiter.acquire(key), limiter.acquire(key)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('rejects at once in wait mode when the wait would exceed maxWaitMs', async () => {
    const limiter = createMemoryRateLimiter({ points: 1, windowMs: 60_000, maxWaitMs: 50 });
    const key = uniqueName('k');
    await limiter.acquire(key);
    const started = Date.now();
    const error = await rejection(limiter.acquire(key));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error.retryAfterMs).toBeGreaterThan(50);
    // A per-call maxWaitMs overrides the policy's.
    await rejection(limiter.acquire(key, { maxWaitMs: 10 }));
  });

  it('lets a call choose its own mode', async () => {
    const limiter = createMemoryRateLimiter({ points: 1, windowMs: 200, mode: 'reject' });
    const key = uniqueName('k');
    await limiter.acquire(key);
    await limiter.acquire(key, { mode: 'wait' });
    await rejection(limiter.acquire(key));
  });

  it('stops waiting when the signal aborts', async () => {
    const limiter = createMemoryRateLimiter({ points: 1, windowMs: 60_000, maxWaitMs: 120_000 });
    const key = uniqueName('k');
    await limiter.acquire(key);
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    setTimeout(() => controller.abort(reason), 30);
    await expect(limiter.acquire(key, { signal: controller.signal })).rejects.toBe(reason);
    await expect(limiter.acquire(uniqueName('k'), { signal: controller.signal })).rejects.toBe(reason);
  });

  it('charges `cost` points and refuses a cost no window can hold', async () => {
    const limiter = createMemoryRateLimiter({ points: 5, windowMs: 60_000, mode: 'reject' });
    const key = uniqueName('k');
    await limiter.acquire(key, { cost: 3 });
    await limiter.acquire(key, { cost: 2 });
    await rejection(limiter.acquire(key));
    const waiting = createMemoryRateLimiter({ points: 5, windowMs: 60_000, maxWaitMs: 60_000 });
    await expect(waiting.acquire(uniqueName('k'), { cost: 6 })).rejects.toThrow(RangeError);
    await expect(waiting.acquire(uniqueName('k'), { cost: 0 })).rejects.toThrow(RangeError);
  });

  it('drains a key until the provider reset time, then admits a full budget', async () => {
    const limiter = createMemoryRateLimiter({ points: 2, windowMs: 60_000, mode: 'reject' });
    const key = uniqueName('k');
    await limiter.drain(key, Date.now() + 300);
    const error = await rejection(limiter.acquire(key));
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(1_000);
    await sleep(error.retryAfterMs + 50);
    await limiter.acquire(key);
    await limiter.acquire(key);
    await rejection(limiter.acquire(key));
    // A reset time already past leaves the budget alone.
    const other = uniqueName('k');
    await limiter.drain(other, Date.now() - 1_000);
    await limiter.acquire(other);
  });

  it('forgets usage on reset, a drained key included', async () => {
    const limiter = createMemoryRateLimiter({ points: 1, windowMs: 60_000, mode: 'reject' });
    const key = uniqueName('k');
    await limiter.acquire(key);
    await limiter.reset(key);
    await limiter.acquire(key);
    await limiter.drain(key, Date.now() + 60_000);
    await limiter.reset(key);
    await limiter.acquire(key);
  });

  it('refuses a policy that could never admit or never reset', () => {
    expect(() => createMemoryRateLimiter({ points: 0, windowMs: 1_000 })).toThrow(RangeError);
    expect(() => createMemoryRateLimiter({ points: 1.5, windowMs: 1_000 })).toThrow(RangeError);
    expect(() => createMemoryRateLimiter({ points: 1, windowMs: 0 })).toThrow(RangeError);
    expect(() => createMemoryRateLimiter({ points: 1, windowMs: Number.POSITIVE_INFINITY })).toThrow(
      RangeError,
    );
  });
});
