import { dailyTotals, dedupSamples, mergeByPriority, type Sample } from '@medflow/wearables';
import { describe, expect, it } from 'vitest';
import { steps } from './helpers';

// One day in New York (EDT, -04:00). The walk at 8 was seen by both devices; the watch was
// off at noon (phone only) and the phone stayed home at 18:00 (watch only).
const day: Sample[] = [
  steps("Ann's iPhone", '2026-06-10T08:00:00-04:00', '2026-06-10T09:00:00-04:00', 1000),
  steps("Ann's iPhone", '2026-06-10T12:00:00-04:00', '2026-06-10T13:00:00-04:00', 600),
  steps("Ann's Apple Watch", '2026-06-10T08:00:00-04:00', '2026-06-10T09:00:00-04:00', 1200),
  steps("Ann's Apple Watch", '2026-06-10T18:00:00-04:00', '2026-06-10T19:00:00-04:00', 800),
];

describe('merge by source priority per interval', () => {
  it('neither double counts nor drops the hours one device missed', () => {
    const naiveSum = day.reduce((t, s) => t + ('value' in s ? s.value : 0), 0);
    expect(naiveSum).toBe(3600); // the walk counted twice
    const watchOnly = day.filter((s) => s.provenance.sourceName?.includes('Watch'));
    expect(watchOnly.reduce((t, s) => t + ('value' in s ? s.value : 0), 0)).toBe(2000); // noon lost

    const merged = mergeByPriority(day, { kind: 'steps' });
    expect(merged.total).toBe(2600); // 1200 (watch walk) + 600 (phone noon) + 800 (watch evening)
    expect(merged.sources).toEqual([
      { source: "Ann's Apple Watch", value: 2000 },
      { source: "Ann's iPhone", value: 600 },
    ]);
  });

  it('prorates a partly covered interval of the lower-priority source', () => {
    const samples = [
      steps('Phone', '2026-06-10T10:00:00-04:00', '2026-06-10T11:00:00-04:00', 600, { type: 'phone' }),
      steps('Watch', '2026-06-10T10:30:00-04:00', '2026-06-10T11:00:00-04:00', 400, { type: 'watch' }),
    ];
    const merged = mergeByPriority(samples, { kind: 'steps' });
    expect(merged.total).toBe(700); // phone 10:00–10:30 = 300, watch 400
    expect(merged.pieces.map((p) => [p.source, p.value])).toEqual([
      ['Phone', 300],
      ['Watch', 400],
    ]);
  });

  it('honours a per-patient priority', () => {
    const merged = mergeByPriority(day, { kind: 'steps', priority: ['iphone'] });
    expect(merged.total).toBe(2400); // 1000 (phone walk) + 600 + 800
  });

  it('does not depend on input order', () => {
    const a = mergeByPriority(day, { kind: 'steps' });
    const b = mergeByPriority([...day].reverse(), { kind: 'steps' });
    expect(b.total).toBe(a.total);
    expect(b.sources).toEqual(a.sources);
  });

  it('drops mirrored instant readings and repeated ids', () => {
    const hr = (source: string, type: 'watch' | 'phone', id: string): Sample => ({
      id,
      kind: 'heart_rate',
      value: 61,
      unit: '/min',
      time: { start: '2026-06-10T08:00:00-04:00' },
      provenance: { provider: 'x', sourceName: source, sourceRecordId: id, device: { type } },
    });
    const out = dedupSamples([
      hr('Phone', 'phone', 'a'),
      hr('Watch', 'watch', 'b'),
      hr('Watch', 'watch', 'b'),
    ]);
    expect(out.map((s) => s.id)).toEqual(['b']);
  });
});

describe('daily totals on the local day', () => {
  it('reports the day total with its contributing sources', () => {
    expect(dailyTotals(day, { kinds: ['steps'] })).toEqual([
      {
        date: '2026-06-10',
        kind: 'steps',
        value: 2600,
        unit: '{steps}',
        sources: [
          { source: "Ann's Apple Watch", value: 2000 },
          { source: "Ann's iPhone", value: 600 },
        ],
        zone: { offsetMinutes: -240 },
      },
    ]);
  });

  it('splits at local midnight across the spring-forward night', () => {
    // 23:00 EST → 03:00 EDT is 3 real hours (04:00Z–07:00Z); midnight is 05:00Z: 1 h before, 2 h after.
    const night = steps('Watch', '2026-03-07T23:00:00-05:00', '2026-03-08T03:00:00-04:00', 300, {
      timeZone: 'America/New_York',
    });
    expect(dailyTotals([night], { kinds: ['steps'] }).map((t) => [t.date, t.value])).toEqual([
      ['2026-03-07', 100],
      ['2026-03-08', 200],
    ]);
    // The whole local day of 8 March is 23 hours long; none of it leaks into 7 or 9 March.
    const dstDay = steps('Watch', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 2300, {
      timeZone: 'America/New_York',
    });
    expect(dailyTotals([dstDay], { kinds: ['steps'] }).map((t) => [t.date, t.value])).toEqual([
      ['2026-03-08', 2300],
    ]);
    // Bucketing by server UTC days would have split it 19 h / 4 h.
  });

  it('gives the 25-hour fall-back day all of its hours', () => {
    // Berlin, 25 Oct 2026: local day runs 24-10-24T22:00Z → 25T23:00Z (25 h).
    const s = steps('Watch', '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 2500, {
      timeZone: 'Europe/Berlin',
    });
    expect(dailyTotals([s], { kinds: ['steps'] }).map((t) => [t.date, t.value])).toEqual([
      ['2026-10-25', 2500],
    ]);
  });

  it("uses the record's own offset, not the server's UTC day", () => {
    // 07:00 in Tokyo is 22:00Z the day before; 20:00 in Los Angeles is 03:00Z the day after.
    const tokyo = steps('Watch', '2026-06-10T07:00:00+09:00', '2026-06-10T08:00:00+09:00', 500);
    const la = steps('Watch', '2026-06-10T20:00:00-07:00', '2026-06-10T21:00:00-07:00', 700);
    expect(dailyTotals([tokyo, la], { kinds: ['steps'] }).map((t) => [t.date, t.value])).toEqual([
      ['2026-06-10', 1200],
    ]);
  });

  it('puts sleep on the wake date and lets the watch mask the phone', () => {
    const watch: Sample = {
      id: 'w:sleep',
      kind: 'sleep',
      value: 450,
      unit: 'min',
      time: { start: '2026-06-09T23:00:00-04:00', end: '2026-06-10T07:00:00-04:00' },
      stages: [
        { stage: 'light', start: '2026-06-09T23:00:00-04:00', end: '2026-06-10T01:00:00-04:00' },
        { stage: 'deep', start: '2026-06-10T01:00:00-04:00', end: '2026-06-10T03:00:00-04:00' },
        { stage: 'awake', start: '2026-06-10T03:00:00-04:00', end: '2026-06-10T03:30:00-04:00' },
        { stage: 'rem', start: '2026-06-10T03:30:00-04:00', end: '2026-06-10T07:00:00-04:00' },
      ],
      provenance: { provider: 'apple-health', sourceName: 'Apple Watch', sourceRecordId: 's1' },
    };
    const phone: Sample = {
      id: 'p:sleep',
      kind: 'sleep',
      value: 510,
      unit: 'min',
      time: { start: '2026-06-09T22:30:00-04:00', end: '2026-06-10T07:00:00-04:00' },
      stages: [],
      provenance: { provider: 'apple-health', sourceName: 'iPhone', sourceRecordId: 's2' },
    };
    const [total] = dailyTotals([watch, phone], { kinds: ['sleep'] });
    // Watch: 120 + 120 + 210 asleep; the phone adds only 22:30–23:00 (30) since the watch's
    // awake half hour still masks it. Naive sum would be 960.
    expect(total).toMatchObject({ date: '2026-06-10', value: 480 });
    expect(total?.sources).toEqual([
      { source: 'Apple Watch', value: 450 },
      { source: 'iPhone', value: 30 },
    ]);
  });
});
