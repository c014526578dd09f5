import type { IdempotencyStore, KeyValueStore } from '@medflow/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { uniqueName } from './support';

// Model-based checks: random sequences of operations run against an adapter and against a
// few lines of obviously-right bookkeeping, which must agree after every step. No ttls here;
// the contract's timed cases cover expiry.

// Suffixes chosen so that prefixes overlap and carry pattern characters.
const SUFFIXES = ['a', 'ab', 'a_', 'a_b', 'a*', 'a%', 'b', 'B'] as const;
const PREFIXES = ['', 'a', 'a_', 'a*', 'a%', 'b'] as const;

type KvOp =
  | { op: 'set'; k: number; v: number }
  | { op: 'cas'; k: number; v: number; expect: 'current' | 'stale' | 'absent' }
  | { op: 'delete'; k: number }
  | { op: 'get'; k: number }
  | { op: 'list'; p: number };

const key = fc.nat({ max: SUFFIXES.length - 1 });
const kvOp: fc.Arbitrary<KvOp> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), k: key, v: fc.integer() }),
  fc.record({
    op: fc.constant('cas' as const),
    k: key,
    v: fc.integer(),
    expect: fc.constantFrom('current' as const, 'stale' as const, 'absent' as const),
  }),
  fc.record({ op: fc.constant('delete' as const), k: key }),
  fc.record({ op: fc.constant('get' as const), k: key }),
  fc.record({ op: fc.constant('list' as const), p: fc.nat({ max: PREFIXES.length - 1 }) }),
);

export async function checkKeyValueModel(kv: KeyValueStore, numRuns: number) {
  await fc.assert(
    fc.asyncProperty(fc.array(kvOp, { minLength: 1, maxLength: 25 }), async (ops) => {
      const ns = `${uniqueName('model')}:`;
      const model = new Map<string, { value: number; version: number }>();
      const seen = new Map<string, number[]>();
      for (const step of ops) {
        if (step.op === 'list') {
          const prefix = ns + PREFIXES[step.p];
          const expected = [...model.entries()]
            .filter(([k]) => k.startsWith(prefix))
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, e]) => ({ key: k, ...e }));
          expect(await kv.list(prefix)).toEqual(expected);
          continue;
        }
        const k = ns + SUFFIXES[step.k];
        const current = model.get(k);
        const versions = seen.get(k) ?? [];
        if (step.op === 'get') {
          expect(await kv.get(k)).toEqual(current ?? null);
        } else if (step.op === 'delete') {
          await kv.delete(k);
          model.delete(k);
        } else {
          let expectedVersion: number | null;
          if (step.op === 'set') expectedVersion = current?.version ?? null;
          else if (step.expect === 'current') expectedVersion = current?.version ?? null;
          else if (step.expect === 'absent') expectedVersion = null;
          else expectedVersion = versions.find((v) => v !== current?.version) ?? 1;
          const written =
            step.op === 'set' ? await kv.set(k, step.v) : await kv.compareAndSet(k, expectedVersion, step.v);
          const shouldWrite = step.op === 'set' || expectedVersion === (current?.version ?? null);
          if (!shouldWrite) {
            expect(written).toBeNull();
            continue;
          }
          expect(written).toEqual(expect.any(Number));
          for (const old of versions) expect(written).toBeGreaterThan(old);
          model.set(k, { value: step.v, version: written as number });
          seen.set(k, [...versions, written as number]);
        }
      }
    }),
    { numRuns },
  );
}

type IdemOp =
  | { op: 'claim'; k: number }
  | { op: 'complete'; k: number; r: number; token: 'none' | 'own' | 'bogus' }
  | { op: 'release'; k: number; token: 'none' | 'own' | 'bogus' };

const idemKey = fc.nat({ max: 2 });
const tokenChoice = fc.constantFrom('none' as const, 'own' as const, 'bogus' as const);
const idemOp: fc.Arbitrary<IdemOp> = fc.oneof(
  fc.record({ op: fc.constant('claim' as const), k: idemKey }),
  fc.record({ op: fc.constant('complete' as const), k: idemKey, r: fc.integer(), token: tokenChoice }),
  fc.record({ op: fc.constant('release' as const), k: idemKey, token: tokenChoice }),
);

type IdemState = { s: 'in_progress'; token: string } | { s: 'done'; result: number };

export async function checkIdempotencyModel(store: IdempotencyStore, numRuns: number) {
  await fc.assert(
    fc.asyncProperty(fc.array(idemOp, { minLength: 1, maxLength: 25 }), async (ops) => {
      const ns = `${uniqueName('model')}:`;
      const model = new Map<string, IdemState>();
      // The last token each key handed out, to replay as "own" even after it lost the key.
      const lastToken = new Map<string, string>();
      for (const step of ops) {
        const k = `${ns}${step.k}`;
        const state = model.get(k);
        if (step.op === 'claim') {
          const got = await store.claim<number>(k, { ttlMs: 60_000 });
          if (!state) {
            expect(got.status).toBe('new');
            if (got.status === 'new') {
              model.set(k, { s: 'in_progress', token: got.token });
              lastToken.set(k, got.token);
            }
          } else if (state.s === 'in_progress') {
            expect(got).toEqual({ status: 'in_progress' });
          } else {
            expect(got).toEqual({ status: 'done', result: state.result });
          }
          continue;
        }
        const token =
          step.token === 'none' ? undefined : step.token === 'own' ? (lastToken.get(k) ?? 'never') : 'bogus';
        const fenced = token !== undefined && state?.s === 'in_progress' && state.token !== token;
        if (step.op === 'complete') {
          await store.complete(k, step.r, token === undefined ? {} : { token });
          if (!fenced) model.set(k, { s: 'done', result: step.r });
        } else {
          await store.release(k, token === undefined ? {} : { token });
          if (state?.s === 'in_progress' && !fenced) model.delete(k);
        }
      }
    }),
    { numRuns },
  );
}
