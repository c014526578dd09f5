import type { IdempotencyStore, KeyValueStore } from '@medflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIdempotencyModel, checkKeyValueModel } from './store-model';
import { sleep, uniqueName } from './support';

export interface StoreBackend {
  idempotency: IdempotencyStore;
  kv: KeyValueStore;
  close(): Promise<void>;
}

// Short enough to keep the suite fast, long enough that a loaded machine does not
// expire a claim between two statements of one test.
const TTL_MS = 200;
const PAST_TTL_MS = 450;
// Cases that mostly sleep past a ttl run side by side; each uses keys of its own.
const timed = it.concurrent;

/**
 * The one behaviour every IdempotencyStore and KeyValueStore adapter must show. Each
 * backend file calls this with a factory that opens the backend in its own namespace.
 */
export function describeStoreContract(
  name: string,
  open: () => Promise<StoreBackend>,
  options: { modelRuns?: number } = {},
) {
  const modelRuns = options.modelRuns ?? 40;
  describe(`${name} store contract`, () => {
    let backend: StoreBackend;
    beforeAll(async () => {
      backend = await open();
    });
    afterAll(async () => {
      await backend?.close();
    });
    const key = (label: string) => uniqueName(label);

    describe('IdempotencyStore', () => {
      it('claims a new key once, then reports in_progress, then done with the result', async () => {
        const store = backend.idempotency;
        const k = key('idem');
        const first = await store.claim(k, { ttlMs: 60_000 });
        expect(first.status).toBe('new');
        if (first.status !== 'new') return;
        expect(first.token).toEqual(expect.any(String));
        expect(await store.claim(k, { ttlMs: 60_000 })).toEqual({ status: 'in_progress' });
        await store.complete(k, { chargeId: 'ch_1', amount: 1999, tags: ['a', 'ü'] }, { token: first.token });
        expect(await store.claim(k, { ttlMs: 60_000 })).toEqual({
          status: 'done',
          result: { chargeId: 'ch_1', amount: 1999, tags: ['a', 'ü'] },
        });
      });

      it('records a missing result as null', async () => {
        const k = key('idem');
        const claim = await backend.idempotency.claim(k, { ttlMs: 60_000 });
        expect(claim.status).toBe('new');
        await backend.idempotency.complete(k);
        expect(await backend.idempotency.claim(k, { ttlMs: 60_000 })).toEqual({
          status: 'done',
          result: null,
        });
      });

      it('hands the key to the next caller after release', async () => {
        const store = backend.idempotency;
        const k = key('idem');
        const first = await store.claim(k, { ttlMs: 60_000 });
        if (first.status !== 'new') throw new Error(`expected new, got ${first.status}`);
        await store.release(k, { token: first.token });
        const second = await store.claim(k, { ttlMs: 60_000 });
        expect(second.status).toBe('new');
        if (second.status === 'new') expect(second.token).not.toBe(first.token);
      });

      it("never completes or releases another owner's claim", async () => {
        const store = backend.idempotency;
        const k = key('idem');
        const owner = await store.claim(k, { ttlMs: 60_000 });
        if (owner.status !== 'new') throw new Error(`expected new, got ${owner.status}`);
        await store.complete(k, 'forged', { token: 'not-the-token' });
        expect(await store.claim(k, { ttlMs: 60_000 })).toEqual({ status: 'in_progress' });
        await store.release(k, { token: 'not-the-token' });
        expect(await store.claim(k, { ttlMs: 60_000 })).toEqual({ status: 'in_progress' });
        await store.complete(k, 'real', { token: owner.token });
        expect(await store.claim(k, { ttlMs: 60_000 })).toEqual({ status: 'done', result: 'real' });
      });

      it('does not let release erase a completed result', async () => {
        const store = backend.idempotency;
        const k = key('idem');
        const owner = await store.claim(k, { ttlMs: 60_000 });
        if (owner.status !== 'new') throw new Error(`expected new, got ${owner.status}`);
        await store.complete(k, 7, { token: owner.token });
        await store.release(k, { token: owner.token });
        await store.release(k);
        expect(await store.claim(k, { ttlMs: 60_000 })).toEqual({ status: 'done', result: 7 });
      });

      timed(
        'lets a stale in-progress claim be taken over after its ttl, and fences the old owner',
        async () => {
          const store = backend.idempotency;
          const k = key('idem');
          const stale = await store.claim(k, { ttlMs: TTL_MS });
          if (stale.status !== 'new') throw new Error(`expected new, got ${stale.status}`);
          expect(await store.claim(k, { ttlMs: TTL_MS })).toEqual({ status: 'in_progress' });
          await sleep(PAST_TTL_MS);
          const taker = await store.claim(k, { ttlMs: 60_000 });
          expect(taker.status).toBe('new');
          if (taker.status !== 'new') return;
          expect(taker.token).not.toBe(stale.token);
          // The first owner wakes up late: its token no longer holds the key.
          await store.complete(k, 'late', { token: stale.token });
          await store.release(k, { token: stale.token });
          expect(await store.claim(k, { ttlMs: 60_000 })).toEqual({ status: 'in_progress' });
          await store.complete(k, 'fresh', { token: taker.token });
          expect(await store.claim(k, { ttlMs: 60_000 })).toEqual({ status: 'done', result: 'fresh' });
        },
      );

      timed('forgets a done result after doneTtlMs', async () => {
        const store = backend.idempotency;
        const k = key('idem');
        const owner = await store.claim(k, { ttlMs: 60_000 });
        if (owner.status !== 'new') throw new Error(`expected new, got ${owner.status}`);
        await store.complete(k, { ok: true }, { token: owner.token, doneTtlMs: TTL_MS });
        expect(await store.claim(k, { ttlMs: 60_000 })).toEqual({ status: 'done', result: { ok: true } });
        await sleep(PAST_TTL_MS);
        expect((await store.claim(k, { ttlMs: 60_000 })).status).toBe('new');
      });

      it('replays a copy of the result, untouched by later changes to the original', async () => {
        const store = backend.idempotency;
        const k = key('idem');
        const owner = await store.claim(k, { ttlMs: 60_000 });
        if (owner.status !== 'new') throw new Error(`expected new, got ${owner.status}`);
        const result = { refundId: 're_1', at: new Date(Date.UTC(2026, 10, 26)) };
        await store.complete(k, result, { token: owner.token });
        result.refundId = 'mutated';
        expect(await store.claim(k, { ttlMs: 60_000 })).toEqual({
          status: 'done',
          result: { refundId: 're_1', at: '2026-11-26T00:00:00.000Z' },
        });
      });

      it('gives exactly one `new` to 200 concurrent claims of one key', async () => {
        const k = key('idem');
        const results = await Promise.all(
          Array.from({ length: 200 }, () => backend.idempotency.claim(k, { ttlMs: 60_000 })),
        );
        const statuses = results.map((r) => r.status);
        expect(statuses.filter((s) => s === 'new')).toHaveLength(1);
        expect(statuses.filter((s) => s === 'in_progress')).toHaveLength(199);
      });

      timed('gives exactly one `new` to 200 concurrent takeovers of a stale claim', async () => {
        const k = key('idem');
        expect((await backend.idempotency.claim(k, { ttlMs: TTL_MS })).status).toBe('new');
        await sleep(PAST_TTL_MS);
        const results = await Promise.all(
          Array.from({ length: 200 }, () => backend.idempotency.claim(k, { ttlMs: 60_000 })),
        );
        expect(results.filter((r) => r.status === 'new')).toHaveLength(1);
      });

      it('agrees with a reference model over random claim/complete/release sequences', async () => {
        await checkIdempotencyModel(backend.idempotency, modelRuns);
      });

      it('refuses durations it could not honour', async () => {
        const store = backend.idempotency;
        for (const ttlMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
          await expect(store.claim(key('idem'), { ttlMs })).rejects.toThrow(RangeError);
        await expect(store.complete(key('idem'), 1, { doneTtlMs: -1 })).rejects.toThrow(RangeError);
        const k = key('idem');
        await store.complete(k, 1, { doneTtlMs: 0 });
        expect((await store.claim(k, { ttlMs: 60_000 })).status).toBe('new');
      });

      it('keeps keys independent', async () => {
        const a = key('idem');
        const b = key('idem');
        expect((await backend.idempotency.claim(a, { ttlMs: 60_000 })).status).toBe('new');
        expect((await backend.idempotency.claim(b, { ttlMs: 60_000 })).status).toBe('new');
      });
    });

    describe('KeyValueStore', () => {
      it('returns null for a missing key', async () => {
        expect(await backend.kv.get(key('kv'))).toBeNull();
      });

      it('stores JSON values and increases the version on every write', async () => {
        const kv = backend.kv;
        const k = key('kv');
        const value = { cursor: 'c-1', n: 1.5, nested: { list: [1, null, 'ß'] }, flag: false };
        const v1 = await kv.set(k, value);
        expect(await kv.get(k)).toEqual({ value, version: v1 });
        const v2 = await kv.set(k, 'plain string');
        expect(v2).toBeGreaterThan(v1);
        expect(await kv.get(k)).toEqual({ value: 'plain string', version: v2 });
        const v3 = await kv.set(k, 42);
        expect(v3).toBeGreaterThan(v2);
        expect(await kv.get(k)).toEqual({ value: 42, version: v3 });
      });

      it('refuses a value JSON cannot represent, and leaves the key as it was', async () => {
        const kv = backend.kv;
        const k = key('kv');
        await expect(kv.set(k, undefined)).rejects.toThrow(TypeError);
        await expect(kv.compareAndSet(k, null, undefined)).rejects.toThrow(TypeError);
        expect(await kv.get(k)).toBeNull();
        expect(await kv.compareAndSet(k, null, 'ok')).toEqual(expect.any(Number));
      });

      it('compare-and-sets on the current version and refuses a stale one', async () => {
        const kv = backend.kv;
        const k = key('kv');
        const v1 = await kv.set(k, { token: 'old' });
        const v2 = await kv.compareAndSet(k, v1, { token: 'new' });
        expect(v2).toEqual(expect.any(Number));
        expect(v2).toBeGreaterThan(v1);
        expect(await kv.compareAndSet(k, v1, { token: 'lost update' })).toBeNull();
        expect(await kv.get(k)).toEqual({ value: { token: 'new' }, version: v2 });
      });

      it('treats a null expected version as "only if absent"', async () => {
        const kv = backend.kv;
        const k = key('kv');
        const v = await kv.compareAndSet(k, null, 'first');
        expect(v).toEqual(expect.any(Number));
        expect(await kv.compareAndSet(k, null, 'second')).toBeNull();
        expect(await kv.get(k)).toEqual({ value: 'first', version: v });
        expect(await kv.compareAndSet(key('kv'), 1, 'no such key')).toBeNull();
      });

      it('lets exactly one of 50 racing create-if-absent writers win', async () => {
        const k = key('kv');
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => backend.kv.compareAndSet(k, null, i)),
        );
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        const stored = await backend.kv.get<number>(k);
        expect(stored?.version).toBe(winners[0]);
      });

      it('ends 50 racing read-CAS-retry increments at exactly 50', async () => {
        const kv = backend.kv;
        const k = key('kv');
        await kv.set(k, 0);
        const increment = async () => {
          for (let attempt = 0; attempt < 500; attempt++) {
            const current = await kv.get<number>(k);
            if (!current) throw new Error('counter vanished');
            if ((await kv.compareAndSet(k, current.version, current.value + 1)) !== null) return attempt;
          }
          throw new Error('increment starved');
        };
        await Promise.all(Array.from({ length: 50 }, increment));
        expect((await kv.get<number>(k))?.value).toBe(50);
      });

      timed('expires a value after its ttl, and then counts it as absent', async () => {
        const kv = backend.kv;
        const k = key('kv');
        await kv.set(k, 'short-lived', { ttlMs: TTL_MS });
        expect((await kv.get(k))?.value).toBe('short-lived');
        await sleep(PAST_TTL_MS);
        expect(await kv.get(k)).toBeNull();
        expect(await kv.compareAndSet(k, null, 'again')).toEqual(expect.any(Number));
        expect((await kv.get(k))?.value).toBe('again');
      });

      timed(
        'applies a ttl given to compareAndSet, and a later write without ttl keeps the value',
        async () => {
          const kv = backend.kv;
          const expiring = key('kv');
          const kept = key('kv');
          await kv.compareAndSet(expiring, null, 'x', { ttlMs: TTL_MS });
          const v = await kv.set(kept, 'y', { ttlMs: TTL_MS });
          await kv.compareAndSet(kept, v, 'y2');
          await sleep(PAST_TTL_MS);
          expect(await kv.get(expiring)).toBeNull();
          expect((await kv.get(kept))?.value).toBe('y2');
        },
      );

      timed(
        'never reissues a version after delete or expiry, so a stale compareAndSet cannot land',
        async () => {
          const kv = backend.kv;
          const deleted = key('kv');
          const v1 = await kv.set(deleted, 'lease held by A');
          await kv.delete(deleted);
          const v2 = await kv.compareAndSet(deleted, null, 'lease held by B');
          expect(v2).toBeGreaterThan(v1);
          expect(await kv.compareAndSet(deleted, v1, 'A renews a lease it lost')).toBeNull();
          expect((await kv.get(deleted))?.value).toBe('lease held by B');

          const expired = key('kv');
          const v3 = await kv.set(expired, 'A', { ttlMs: TTL_MS });
          await sleep(PAST_TTL_MS);
          const v4 = await kv.set(expired, 'B');
          expect(v4).toBeGreaterThan(v3);
          expect(await kv.compareAndSet(expired, v3, 'stale')).toBeNull();
          expect((await kv.get(expired))?.value).toBe('B');
        },
      );

      it('refuses a negative or non-finite ttl', async () => {
        const k = key('kv');
        await expect(backend.kv.set(k, 1, { ttlMs: -1 })).rejects.toThrow(RangeError);
        await expect(backend.kv.compareAndSet(k, null, 1, { ttlMs: Number.NaN })).rejects.toThrow(RangeError);
        expect(await backend.kv.get(k)).toBeNull();
      });

      it('deletes a key, and deleting a missing key is harmless', async () => {
        const kv = backend.kv;
        const k = key('kv');
        await kv.set(k, 1);
        await kv.delete(k);
        expect(await kv.get(k)).toBeNull();
        await kv.delete(k);
        expect(await kv.compareAndSet(k, null, 2)).toEqual(expect.any(Number));
      });

      it('lists by a literal prefix (wildcard characters match only themselves), sorted, bounded', async () => {
        const kv = backend.kv;
        const base = key('list');
        const prefix = `${base}:a*b_c%d?e[f]\\g.`;
        const wanted = [`${prefix}2`, `${prefix}10`, `${prefix}B`, `${prefix}a`, `${prefix}_`, `${prefix}-`];
        // Each decoy would match if one of the prefix's characters were read as a pattern.
        const decoys = [
          `${base}:aXb_c%d?e[f]\\g.1`,
          `${base}:a*bXc%d?e[f]\\g.1`,
          `${base}:a*b_cXd?e[f]\\g.1`,
          `${base}:a*b_c%dXe[f]\\g.1`,
          `${base}:a*b_c%d?ef\\g.1`,
          `${base}:a*b_c%d?e[f]g.1`,
          `${base}:a*b_c%d?e[f]\\gX1`,
          `${base}:a*b_c%`,
        ];
        for (const [i, k] of [...wanted, ...decoys].entries()) await kv.set(k, { i });
        const listed = await kv.list<{ i: number }>(prefix);
        expect(listed.map((e) => e.key)).toEqual([...wanted].sort());
        for (const entry of listed) {
          expect(entry.value).toEqual({ i: wanted.indexOf(entry.key) });
          expect(entry.version).toEqual(expect.any(Number));
        }
        const firstTwo = await kv.list(prefix, { limit: 2 });
        expect(firstTwo.map((e) => e.key)).toEqual([...wanted].sort().slice(0, 2));
        expect(await kv.list(`${base}:nothing`)).toEqual([]);
      });

      it('agrees with a reference model over random set/CAS/delete/get/list sequences', async () => {
        await checkKeyValueModel(backend.kv, modelRuns);
      });

      timed('leaves expired and deleted keys out of a listing', async () => {
        const kv = backend.kv;
        const prefix = `${key('list')}:`;
        await kv.set(`${prefix}live`, 1);
        await kv.set(`${prefix}gone`, 2);
        await kv.set(`${prefix}short`, 3, { ttlMs: TTL_MS });
        await kv.delete(`${prefix}gone`);
        await sleep(PAST_TTL_MS);
        expect((await kv.list(prefix)).map((e) => e.key)).toEqual([`${prefix}live`]);
      });
    });
  });
}
