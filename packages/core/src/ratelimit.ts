import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from './errors';

export interface AcquireOptions {
  /** Points to take (default 1). */
  cost?: number;
  /** `wait` sleeps until budget frees up (bounded by maxWaitMs); `reject` throws at once. */
  mode?: 'wait' | 'reject';
  maxWaitMs?: number;
  signal?: AbortSignal;
}

export interface RateLimiter {
  /** Takes budget from `key` (per provider per user, say) or throws RateLimitedError. */
  acquire(key: string, options?: AcquireOptions): Promise<void>;
  /** Empties `key`'s budget until `resetAtMs`, when a provider says its own budget is spent. */
  drain(key: string, resetAtMs: number): Promise<void>;
  /** Forgets a key's usage. */
  reset(key: string): Promise<void>;
}

export interface RateLimitPolicy {
  /** Requests allowed per window. */
  points: number;
  windowMs: number;
  mode?: 'wait' | 'reject';
  /** Longest a `wait` acquire will sleep in all (default 60 s). */
  maxWaitMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    // A long-lived signal (one per request batch, say) must not collect a listener per wait.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function isLimiterRejection(value: unknown): value is RateLimiterRes {
  return typeof value === 'object' && value !== null && 'msBeforeNext' in value && !(value instanceof Error);
}

function assertPolicy(policy: RateLimitPolicy) {
  if (!Number.isSafeInteger(policy.points) || policy.points < 1)
    throw new RangeError('Rate limit points must be a positive integer');
  // rate-limiter-flexible reads a zero duration as "never expires", which would spend a
  // key's budget for good.
  if (!Number.isFinite(policy.windowMs) || policy.windowMs <= 0)
    throw new RangeError('Rate limit windowMs must be a positive number');
}

/**
 * Adapts any rate-limiter-flexible limiter to our RateLimiter port. The limiter may be given
 * lazily (a function), so importing core does not load rate-limiter-flexible's every store.
 */
export function wrapRateLimiter(
  source: RateLimiterAbstract | (() => Promise<RateLimiterAbstract>),
  policy: RateLimitPolicy,
): RateLimiter {
  assertPolicy(policy);
  let resolved: Promise<RateLimiterAbstract> | undefined;
  const limiterOf = () => {
    resolved ??= typeof source === 'function' ? source() : Promise.resolve(source);
    return resolved;
  };
  return {
    async acquire(key, options = {}) {
      const mode = options.mode ?? policy.mode ?? 'wait';
      const cost = options.cost ?? 1;
      // A cost the window can never hold would otherwise wait out maxWaitMs for nothing.
      if (!Number.isSafeInteger(cost) || cost < 1 || cost > policy.points)
        throw new RangeError(`Rate limit cost must be an integer from 1 to ${policy.points}`);
      const deadline = Date.now() + (options.maxWaitMs ?? policy.maxWaitMs ?? 60_000);
      for (;;) {
        options.signal?.throwIfAborted();
        const limiter = await limiterOf();
        try {
          await limiter.consume(key, cost);
          return;
        } catch (error) {
          if (!isLimiterRejection(error)) throw error;
          const waitMs = Math.max(1, error.msBeforeNext);
          if (mode === 'reject' || Date.now() + waitMs > deadline) throw new RateLimitedError(waitMs);
          await sleep(waitMs, options.signal);
        }
      }
    },
    async drain(key, resetAtMs) {
      // Whole seconds, rounded up: provider reset headers are second-granular, and waiting
      // a little past the reset is safe where calling a little before it is not.
      const seconds = Math.ceil((resetAtMs - Date.now()) / 1000);
      if (seconds > 0) await (await limiterOf()).block(key, seconds);
    },
    async reset(key) {
      await (await limiterOf()).delete(key);
    },
  };
}

/** A per-process limiter: fine for one instance, use the Redis one to share a budget. */
export function createMemoryRateLimiter(policy: RateLimitPolicy): RateLimiter {
  assertPolicy(policy);
  // Loaded on first use: the package's index pulls in every store it supports (~25 ms).
  return wrapRateLimiter(async () => {
    const { RateLimiterMemory } = await import('rate-limiter-flexible');
    return new RateLimiterMemory({ points: policy.points, duration: policy.windowMs / 1000 });
  }, policy);
}
