import { createMemorySampleSink, dailyTotals } from '@medflow/wearables';
import { createHealthKitPushHandler } from '@medflow/wearables/apple-health';
import { describe, expect, it } from 'vitest';

const authenticate = (request: Request) =>
  request.headers.get('authorization') === 'Bearer device-key-1' ? { subject: 'p1', actor: 'key-1' } : null;

const post = (body: unknown, auth = 'Bearer device-key-1') =>
  new Request('https://clinic.example/api/wearables/healthkit', {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const watch = {
  name: 'Apple Watch',
  manufacturer: 'Apple Inc.',
  model: 'Watch',
  hardwareVersion: 'Watch6,1',
};
const payload = {
  samples: [
    {
      uuid: '6F1C8E4A-1111-4A5B-9C3D-000000000001',
      type: 'HKQuantityTypeIdentifierStepCount',
      startDate: '2026-06-10T08:00:00-04:00',
      endDate: '2026-06-10T09:00:00-04:00',
      value: 1200,
      unit: 'count',
      sourceName: "Ann's Apple Watch",
      device: watch,
      timeZone: 'America/New_York',
    },
    {
      uuid: '6F1C8E4A-1111-4A5B-9C3D-000000000002',
      type: 'HKQuantityTypeIdentifierOxygenSaturation',
      startDate: '2026-06-10T03:00:00-04:00',
      endDate: '2026-06-10T03:00:00-04:00',
      value: 0.96,
      unit: '%',
      sourceName: "Ann's Apple Watch",
    },
    {
      uuid: '6F1C8E4A-1111-4A5B-9C3D-000000000003',
      type: 'HKCorrelationTypeIdentifierBloodPressure',
      startDate: '2026-06-10T07:30:00-04:00',
      endDate: '2026-06-10T07:30:00-04:00',
      objects: [
        { type: 'HKQuantityTypeIdentifierBloodPressureSystolic', value: 121, unit: 'mmHg' },
        { type: 'HKQuantityTypeIdentifierBloodPressureDiastolic', value: 79, unit: 'mmHg' },
      ],
    },
    {
      uuid: '6F1C8E4A-1111-4A5B-9C3D-000000000004',
      type: 'HKCategoryTypeIdentifierSleepAnalysis',
      startDate: '2026-06-10T01:00:00-04:00',
      endDate: '2026-06-10T03:00:00-04:00',
      value: 'HKCategoryValueSleepAnalysisAsleepDeep',
    },
    {
      uuid: '6F1C8E4A-1111-4A5B-9C3D-000000000005',
      type: 'HKWorkoutTypeIdentifier',
      workoutActivityType: 'HKWorkoutActivityTypeRunning',
      startDate: '2026-06-10T18:00:00-04:00',
      endDate: '2026-06-10T18:30:00-04:00',
      duration: 1800,
      totalEnergyBurned: { value: 310, unit: 'kcal' },
      totalDistance: { value: 5000, unit: 'm' },
    },
    {
      uuid: 'X-6',
      type: 'HKQuantityTypeIdentifierDietaryWater',
      startDate: '2026-06-10T07:00:00Z',
      endDate: '2026-06-10T07:00:00Z',
      value: 250,
      unit: 'mL',
    },
    {
      uuid: 'X-7',
      type: 'HKQuantityTypeIdentifierStepCount',
      startDate: 'yesterday',
      endDate: 'today',
      value: 1,
      unit: 'count',
    },
  ],
  deletedObjects: [],
  anchor: 'opaque-anchor',
};

describe('HealthKit push endpoint', () => {
  it('stores samples once by UUID and answers with counts', async () => {
    const sink = createMemorySampleSink();
    const handler = createHealthKitPushHandler({ authenticate, sink });
    const res = await handler(post(payload));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      accepted: number;
      rejected: Array<{ index: number }>;
      anchor: string;
    };
    expect(body.accepted).toBe(5);
    expect(body.anchor).toBe('opaque-anchor');
    expect(body.rejected.map((r) => r.index)).toEqual([5, 6]);
    const stored = sink.all('p1');
    expect(stored.map((s) => s.kind).sort()).toEqual([
      'blood_pressure',
      'oxygen_saturation',
      'sleep',
      'steps',
      'workout',
    ]);
    expect(stored.find((s) => s.kind === 'oxygen_saturation')).toMatchObject({ value: 96, unit: '%' });
    expect(stored.find((s) => s.kind === 'steps')).toMatchObject({
      id: 'apple-health:6F1C8E4A-1111-4A5B-9C3D-000000000001',
      time: { timeZone: 'America/New_York' },
      provenance: { device: { type: 'watch' } },
    });
    expect(stored.find((s) => s.kind === 'workout')).toMatchObject({
      activity: 'running',
      value: 30,
      distanceKm: 5,
    });

    // A resend (the app timed out before our 200) changes nothing.
    expect((await handler(post(payload))).status).toBe(200);
    expect(sink.all('p1')).toEqual(stored);
  });

  it('takes whole nights as sessions so they count on the wake date', async () => {
    const sink = createMemorySampleSink();
    const handler = createHealthKitPushHandler({ authenticate, sink });
    const night = {
      uuid: 'NIGHT-1',
      sourceName: "Ann's Apple Watch",
      timeZone: 'America/New_York',
      stages: [
        {
          startDate: '2026-06-09T23:00:00-04:00',
          endDate: '2026-06-10T01:00:00-04:00',
          value: 'HKCategoryValueSleepAnalysisAsleepCore',
        },
        {
          startDate: '2026-06-10T01:00:00-04:00',
          endDate: '2026-06-10T01:30:00-04:00',
          value: 'HKCategoryValueSleepAnalysisAwake',
        },
        { startDate: '2026-06-10T01:30:00-04:00', endDate: '2026-06-10T06:30:00-04:00', value: 5 },
      ],
    };
    const res = await handler(post({ sleepSessions: [night, { uuid: 'bad', stages: [] }] }));
    expect(await res.json()).toMatchObject({ accepted: 1, rejected: [{ index: 1 }] });
    const [sleep] = sink.all('p1');
    expect(sleep).toMatchObject({
      kind: 'sleep',
      value: 420,
      time: { start: '2026-06-09T23:00:00-04:00', end: '2026-06-10T06:30:00-04:00' },
    });
    expect(dailyTotals(sink.all('p1'), { kinds: ['sleep'] })).toMatchObject([
      { date: '2026-06-10', value: 420 },
    ]);
  });

  it('removes deleted objects', async () => {
    const sink = createMemorySampleSink();
    const handler = createHealthKitPushHandler({ authenticate, sink });
    await handler(post(payload));
    const res = await handler(post({ deletedObjects: [{ uuid: '6F1C8E4A-1111-4A5B-9C3D-000000000001' }] }));
    expect(await res.json()).toMatchObject({ accepted: 0, deleted: 1 });
    expect(sink.all('p1').some((s) => s.kind === 'steps')).toBe(false);
    expect(sink.all('p1')).toHaveLength(4);
  });

  it('refuses unauthenticated, malformed and oversized requests with safe errors', async () => {
    const sink = createMemorySampleSink();
    const handler = createHealthKitPushHandler({ authenticate, sink, maxBodyBytes: 10_000 });
    expect((await handler(post(payload, 'Bearer wrong'))).status).toBe(401);
    const bad = await handler(post({ samples: 'nope' }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed' } });
    const notJson = await handler(
      new Request('https://x/', {
        method: 'POST',
        headers: { authorization: 'Bearer device-key-1' },
        body: '{',
      }),
    );
    expect(notJson.status).toBe(400);
    const big = { samples: Array.from({ length: 200 }, () => payload.samples[0]) };
    expect((await handler(post(big))).status).toBe(413);
    expect((await handler(new Request('https://x/', { method: 'GET' }))).status).toBe(405);
    expect(sink.all()).toEqual([]);
  });
});
