/**
 * Store ports. Every adapter (memory, PostgreSQL, Redis) passes the same contract suite,
 * so callers may swap them by configuration alone.
 */

export type ClaimResult<R = unknown> =
  /** The caller owns the key until it completes or releases it (or the ttl runs out). */
  | { status: 'new'; token: string }
  /** Someone else holds a live claim. */
  | { status: 'in_progress' }
  /** The work already completed; `result` is what `complete` recorded. */
  | { status: 'done'; result: R | null };

export interface ClaimOptions {
  /** How long the claim is held before another caller may take it over. */
  ttlMs: number;
}

export interface IdempotencyStore {
  claim<R = unknown>(key: string, options: ClaimOptions): Promise<ClaimResult<R>>;
  /** Records the result; later claims of the key return `done`. `doneTtlMs` bounds retention. */
  complete(key: string, result?: unknown, options?: { doneTtlMs?: number; token?: string }): Promise<void>;
  /** Gives a claim back so the next caller gets `new` (after a failure, say). */
  release(key: string, options?: { token?: string }): Promise<void>;
}

export interface VersionedValue<T> {
  value: T;
  /** Increases on every write; pass it to compareAndSet. */
  version: number;
}

export interface KeyValueStore {
  get<T = unknown>(key: string): Promise<VersionedValue<T> | null>;
  set(key: string, value: unknown, options?: { ttlMs?: number }): Promise<number>;
  /**
   * Writes only if the stored version equals `expectedVersion` (`null`: only if absent).
   * Returns the new version, or `null` when another writer got there first.
   */
  compareAndSet(
    key: string,
    expectedVersion: number | null,
    value: unknown,
    options?: { ttlMs?: number },
  ): Promise<number | null>;
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix` (bounded by `limit`, default 1000), for listings such as a patient's connections. */
  list<T = unknown>(
    prefix: string,
    options?: { limit?: number },
  ): Promise<Array<{ key: string } & VersionedValue<T>>>;
}

export const DEFAULT_DONE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
