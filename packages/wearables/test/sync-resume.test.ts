import { randomBytes } from 'node:crypto';
import { ConflictError, createMemoryKeyValueStore } from '@medflow/core';
import { createPostgresKeyValueStore, migrateCore } from '@medflow/core/postgres';
import { createRedisKeyValueStore } from '@medflow/core/redis';
import {
  createPostgresSampleSink,
  dailyTotals,
  localDate,
  migrateWearables,
  runSync,
  type Sample,
  type SampleSink,
  syncConnection,
} from '@medflow/wearables';
import { createFakeWearableProvider, createMemorySampleSink } from '@medflow/wearables/testing';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const schema = `wearables_test_${randomBytes(4).toString('hex')}`;
const prefix = `medflow-test-${randomBytes(4).toString('hex')}:`;
let pool: pg.Pool;
let redis: Redis;

// 12 pages × 40 quarter-hour step samples = 480 samples over five local days in New York.
const pages: Sample[][] = Array.from({ length: 12 }, (_, p) =>
  Array.from({ length: 40 }, (_, i) => {
    const n = p * 40 + i;
    const start = Date.parse('2026-03-06T05:00:00Z') + n * 15 * 60_000;
    return {
      id: `fake:${n}`,
      kind: 'steps' as const,
      value: 10 + (n % 7),
      unit: '{steps}',
      time: {
        start: new Date(start).toISOString(),
        end: new Date(start + 15 * 60_000).toISOString(),
        timeZone: 'America/New_York',
      },
      provenance: { provider: 'fake', sourceName: 'Watch', sourceRecordId: String(n) },
    };
  }),
);
const expectedTotal = pages.flat().reduce((t, s) => t + ('value' in s ? s.value : 0), 0);
const connection = { id: 'fake:patient-1', provider: 'fake', subject: 'patient-1' };

beforeAll(async () => {
  pool = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max: 4 });
  await pool.query(`CREATE SCHEMA ${schema}`);
  await migrateCore(pool, { schema });
  await migrateWearables(pool, { schema });
  redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
  await redis.connect();
});

afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
  const stale = await redis.keys(`${prefix}*`);
  if (stale.length) await redis.del(...stale);
  redis.disconnect();
});

/** A sink that dies after its n-th successful write, before the caller can persist the cursor. */
function dyingAfter(sink: SampleSink, writes: number): SampleSink {
  let count = 0;
  return {
    async write(samples, ctx) {
      await sink.write(samples, ctx);
      if (++count === writes) throw new Error('process killed');
    },
    delete: (ids, ctx) => sink.delete(ids, ctx),
  };
}

async function storedRows(subject: string) {
  const { rows } = await pool.query<{ n: string; distinct_ids: string }>(
    `SELECT count(*) AS n, count(DISTINCT id) AS distinct_ids FROM ${schema}.medflow_wearable_samples WHERE subject = $1`,
    [subject],
  );
  return { n: Number(rows[0]?.n), distinct: Number(rows[0]?.distinct_ids) };
}

describe.each([
  ['Redis cursors', () => createRedisKeyValueStore({ redis, prefix })],
  ['PostgreSQL cursors', () => createPostgresKeyValueStore({ sql: pool, schema })],
])('kill and resume with %s', (_name, makeCursors) => {
  it('loses nothing and duplicates nothing', async () => {
    const subject = `patient-${randomBytes(3).toString('hex')}`;
    const conn = { ...connection, id: `fake:${subject}`, subject };
    const sink = createPostgresSampleSink({ sql: pool, schema });

    // Run 1 dies after writing its 5th page but before saving the cursor for it.
    const first = createFakeWearableProvider({ pages });
    await expect(
      runSync(conn, {
        provider: first,
        sink: dyingAfter(sink, 5),
        cursors: makeCursors(),
        since: '2026-03-01T00:00:00Z',
      }),
    ).rejects.toThrow('process killed');
    expect((await storedRows(subject)).n).toBe(200);

    // Run 2, a fresh "process" (new store client objects), picks up from the stored cursor:
    // page 4 is fetched again (its cursor was never saved) and upserted, nothing else repeats.
    const second = createFakeWearableProvider({ pages });
    const result = await runSync(conn, {
      provider: second,
      sink,
      cursors: makeCursors(),
      since: '2026-03-01T00:00:00Z',
      maxPages: 4,
    });
    expect(result.caughtUp).toBe(false);
    expect(second.served).toEqual([4, 5, 6, 7]);

    // Run 3 finishes the backfill chunk by chunk.
    const third = createFakeWearableProvider({ pages });
    expect(
      (await runSync(conn, { provider: third, sink, cursors: makeCursors(), since: '2026-03-01T00:00:00Z' }))
        .caughtUp,
    ).toBe(true);
    expect(third.served).toEqual([8, 9, 10, 11]);

    const rows = await storedRows(subject);
    expect(rows).toEqual({ n: 480, distinct: 480 });
    const stored = await sink.query(subject, { kind: 'steps' });
    const totals = dailyTotals(stored, { kinds: ['steps'] });
    expect(totals.reduce((t, d) => t + d.value, 0)).toBe(expectedTotal);
    // 120 hours from local midnight on 6 March run to 01:00 on 11 March: 8 March (spring
    // forward) has only 23 hours.
    expect(totals.map((t) => t.date)).toEqual([
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
    ]);
    const quarterHoursOn = (date: string) =>
      stored.filter((s) => localDate(Date.parse(s.time.start), { timeZone: 'America/New_York' }) === date)
        .length;
    expect(quarterHoursOn('2026-03-08')).toBe(92);
  });

  it('refuses to interleave two workers on one connection', async () => {
    const subject = `patient-${randomBytes(3).toString('hex')}`;
    const conn = { ...connection, id: `fake:${subject}`, subject };
    const sink = createPostgresSampleSink({ sql: pool, schema });
    const cursors = makeCursors();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = createFakeWearableProvider({
      pages,
      beforePage: async (i) => {
        if (i === 0) await gate;
      },
    });
    const fast = createFakeWearableProvider({ pages });
    const a = runSync(conn, { provider: slow, sink, cursors, since: '2026-03-01T00:00:00Z', maxPages: 1 });
    await runSync(conn, { provider: fast, sink, cursors, since: '2026-03-01T00:00:00Z', maxPages: 1 });
    release();
    await expect(a).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('PostgreSQL sample sink', () => {
  it('upserts big batches and deletes a series record with all its samples', async () => {
    const sink = createPostgresSampleSink({ sql: pool, schema });
    const subject = `patient-${randomBytes(3).toString('hex')}`;
    const series: Sample[] = Array.from({ length: 12_000 }, (_, i) => ({
      id: `health-connect:hr-1#${i}`,
      kind: 'heart_rate',
      value: 60 + (i % 40),
      unit: '/min',
      time: { start: new Date(Date.parse('2026-06-10T00:00:00Z') + i * 5000).toISOString() },
      provenance: { provider: 'health-connect', sourceRecordId: 'hr-1' },
    }));
    const single = { ...(pages[0]?.[0] as Sample), id: 'health-connect:steps-1' };
    await sink.write([...series, single], { subject });
    await sink.write(series.slice(0, 10), { subject });
    expect((await storedRows(subject)).n).toBe(12_001);
    await sink.delete(['health-connect:hr-1'], { subject });
    expect((await sink.query(subject)).map((s) => s.id)).toEqual(['health-connect:steps-1']);
  });
});

describe('runSync windows', () => {
  it('starts the next window a lookback before the last catch-up, never before the previous window', async () => {
    const cursors = createMemoryKeyValueStore();
    const sink = createMemorySampleSink();
    const provider = createFakeWearableProvider({ pages: [[pages[0]?.[0] as Sample]] });
    let now = Date.parse('2026-06-10T12:00:00Z');
    const opts = { provider, sink, cursors, since: '2026-06-01T00:00:00Z', now: () => now };
    await runSync(connection, opts);
    now = Date.parse('2026-06-11T12:00:00Z');
    await runSync(connection, opts);
    await runSync(connection, { ...opts, lookbackMs: 30 * 24 * 3600_000 });
    expect(provider.sinces).toEqual([
      '2026-06-01T00:00:00Z',
      '2026-06-07T12:00:00.000Z',
      '2026-06-07T12:00:00.000Z',
    ]);
  });
});

describe('syncConnection', () => {
  it('is one step: fetch, dedup, write, next cursor', async () => {
    const written: Sample[][] = [];
    const sink: SampleSink = {
      write: async (s) => {
        written.push([...s]);
      },
      delete: async () => {},
    };
    const repeated = [pages[0]?.[0] as Sample, pages[0]?.[0] as Sample, pages[0]?.[1] as Sample];
    const provider = createFakeWearableProvider({ pages: [repeated, []] });
    const step = await syncConnection(connection, { provider, sink, since: '2026-03-01T00:00:00Z' });
    expect(step).toEqual({ written: 2, deleted: 0, nextCursor: '1' });
    expect(written[0]?.map((s) => s.id)).toEqual(['fake:0', 'fake:1']);
    expect(
      await syncConnection(connection, { provider, sink, since: '2026-03-01T00:00:00Z', cursor: '1' }),
    ).toEqual({
      written: 0,
      deleted: 0,
      nextCursor: null,
    });
  });
});
