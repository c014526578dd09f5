import { sampleSchema, timeFrameSchema } from '@medflow/wearables';
import { dataPointSchema, googleHealthNotificationSchema } from '@medflow/wearables/google-health';
import { createHealthConnectPushHandler, healthConnectRecordSchema } from '@medflow/wearables/health-connect';
import { samsungPushSchema } from '@medflow/wearables/samsung-health';
import { createMemorySampleSink } from '@medflow/wearables/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// The schemas moved from classic zod to zod/mini for import time; these pin that the same
// inputs are accepted and rejected, at the same paths, as the classic definitions did.
const verdict = (r: {
  success: boolean;
  error?: { issues: ReadonlyArray<{ path: PropertyKey[]; code: string }> };
}) => (r.success ? 'ok' : r.error?.issues.map((i) => `${i.path.join('.')}:${i.code}`).join(','));

const isoPool = [
  '2026-06-10T06:00:00Z',
  '2026-06-10T07:00:00+02:00',
  '2026-06-10T05:00:00.5-01:00',
  '2026-06-10',
  'x',
];

describe('zod/mini schemas behave as the classic ones did', () => {
  it('timeFrame: datetime with offset, optional end not before start (issue at end)', () => {
    const dateTime = z.iso.datetime({ offset: true });
    const classic = z
      .object({ start: dateTime, end: dateTime.optional(), timeZone: z.string().min(1).optional() })
      .refine((t) => t.end === undefined || Date.parse(t.end) >= Date.parse(t.start), {
        message: 'end is before start',
        path: ['end'],
      });
    fc.assert(
      fc.property(
        fc.record(
          {
            start: fc.constantFrom(...isoPool),
            end: fc.constantFrom(...isoPool, undefined),
            timeZone: fc.constantFrom('', 'Europe/Paris', 3),
          },
          { requiredKeys: [] },
        ),
        (input) => {
          expect(verdict(timeFrameSchema.safeParse(input))).toBe(verdict(classic.safeParse(input)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('Google numbers: strings or numbers, coerced, finite; int64 strings must be integers', () => {
    const classicNum = z.union([z.string(), z.number()]).transform(Number).pipe(z.number().finite());
    const classicInt64 = z.union([z.string().regex(/^-?\d+$/), z.number()]).transform(Number);
    const interval = { startTime: '2026-06-10T06:00:00Z', endTime: '2026-06-10T07:00:00Z' };
    const value = fc.oneof(
      fc.constantFrom('72', '72.5', '-3', 'abc', '', '1e3', ' 7 ', null, true),
      fc.double({ noNaN: false }),
      fc.integer(),
    );
    fc.assert(
      fc.property(value, (v) => {
        // weightGrams is a double; beatsPerMinute, like count, an int64 (a JSON string or number).
        const weight = dataPointSchema.safeParse({
          name: 'p',
          weight: { sampleTime: { physicalTime: 'x' }, weightGrams: v },
        });
        const expected = classicNum.safeParse(v);
        expect(weight.success).toBe(expected.success);
        if (weight.success && expected.success) expect(weight.data.weight?.weightGrams).toBe(expected.data);
        const hr = dataPointSchema.safeParse({
          heartRate: { sampleTime: { physicalTime: 'x' }, beatsPerMinute: v },
        });
        expect(hr.success).toBe(classicInt64.safeParse(v).success);
        const steps = dataPointSchema.safeParse({ name: 'p', steps: { interval, count: v } });
        const expectedSteps = classicInt64.safeParse(v);
        expect(steps.success).toBe(expectedSteps.success);
        if (steps.success && expectedSteps.success)
          expect(steps.data.steps?.count).toEqual(expectedSteps.data);
      }),
      { numRuns: 300 },
    );
  });

  it('Health Connect records: integer counts, zone offsets within ±18 h, percentages up to 100', () => {
    const steps = (over: Record<string, unknown>) => ({
      recordType: 'Steps',
      metadata: { id: 'r1' },
      startTime: '2026-06-10T06:00:00Z',
      endTime: 1781078400000,
      count: 10,
      ...over,
    });
    expect(verdict(healthConnectRecordSchema.safeParse(steps({})))).toBe('ok');
    expect(verdict(healthConnectRecordSchema.safeParse(steps({ count: 1.5 })))).toBe('count:invalid_type');
    expect(verdict(healthConnectRecordSchema.safeParse(steps({ count: -1 })))).toBe('count:too_small');
    expect(verdict(healthConnectRecordSchema.safeParse(steps({ startZoneOffset: 18 * 3600 })))).toBe('ok');
    expect(verdict(healthConnectRecordSchema.safeParse(steps({ startZoneOffset: 18 * 3600 + 1 })))).toBe(
      'startZoneOffset:too_big',
    );
    expect(verdict(healthConnectRecordSchema.safeParse(steps({ endZoneOffset: null })))).toBe('ok');
    expect(verdict(healthConnectRecordSchema.safeParse(steps({ metadata: { id: '' } })))).toBe(
      'metadata.id:too_small',
    );
    const bodyFat = (value: number) => ({
      recordType: 'BodyFat',
      metadata: { id: 'r2' },
      time: '2026-06-10T06:00:00Z',
      percentage: { value },
    });
    expect(verdict(healthConnectRecordSchema.safeParse(bodyFat(100)))).toBe('ok');
    expect(verdict(healthConnectRecordSchema.safeParse(bodyFat(100.1)))).toBe('percentage.value:too_big');
    expect(verdict(healthConnectRecordSchema.safeParse(bodyFat(Number.POSITIVE_INFINITY)))).toBe(
      'percentage.value:invalid_type',
    );
    const sleep = healthConnectRecordSchema.parse({
      recordType: 'SleepSession',
      metadata: { id: 'r3' },
      startTime: '2026-06-10T00:00:00Z',
      endTime: '2026-06-10T06:00:00Z',
    });
    expect(sleep.recordType === 'SleepSession' && sleep.stages).toEqual([]);
  });

  it('fills defaults, bounds arrays, and keeps unknown notification fields', () => {
    expect(samsungPushSchema.parse({})).toEqual({ dataPoints: [], deletedUids: [] });
    expect(verdict(samsungPushSchema.safeParse({ deletedUids: [''] }))).toBe('deletedUids.0:too_small');
    expect(verdict(samsungPushSchema.safeParse({ dataPoints: new Array(10_001).fill(0) }))).toBe(
      'dataPoints:too_big',
    );
    expect(googleHealthNotificationSchema.parse({ healthUserId: 'u1', extra: { a: 1 } })).toEqual({
      healthUserId: 'u1',
      extra: { a: 1 },
    });
    expect(verdict(sampleSchema.safeParse({ kind: 'nope' }))).toBe('kind:invalid_union');
  });

  it('explains rejected records in English even when no zod locale was registered', async () => {
    const config = (globalThis as { __zod_globalConfig?: { localeError?: unknown } }).__zod_globalConfig;
    const saved = config?.localeError;
    if (config) delete config.localeError;
    try {
      const handler = createHealthConnectPushHandler({
        authenticate: async () => ({ subject: 'p1' }),
        sink: createMemorySampleSink(),
      });
      const res = await handler(
        new Request('https://clinic.example/push', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            records: [
              {
                recordType: 'Steps',
                metadata: { id: 'r1' },
                startTime: '2026-06-10T06:00:00Z',
                endTime: '2026-06-10T07:00:00Z',
                count: -1,
              },
            ],
          }),
        }),
      );
      const body = (await res.json()) as { rejected: Array<{ index: number; reason: string }> };
      expect(body.rejected).toEqual([{ index: 0, reason: 'count: Too small: expected number to be >=0' }]);
    } finally {
      if (config) config.localeError = saved;
    }
  });
});
