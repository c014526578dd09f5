import { createMemorySampleSink, dailyTotals } from '@medflow/wearables';
import { createHealthConnectPushHandler } from '@medflow/wearables/health-connect';
import { createSamsungHealthPushHandler } from '@medflow/wearables/samsung-health';
import { describe, expect, it } from 'vitest';

const authenticate = async (request: Request) =>
  request.headers.get('x-api-key') === 'k1' ? { subject: 'p1', actor: 'k1' } : null;
const post = (body: unknown, key = 'k1') =>
  new Request('https://clinic.example/push', {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const meta = (id: string, type = 1) => ({
  id,
  dataOrigin: { packageName: 'com.google.android.apps.fitness' },
  device: { manufacturer: 'Google', model: 'Pixel Watch 3', type },
  recordingMethod: 2,
});

describe('Health Connect push', () => {
  const records = [
    {
      recordType: 'Steps',
      metadata: meta('hc-steps-1'),
      startTime: '2026-06-10T06:00:00Z',
      endTime: '2026-06-10T07:00:00Z',
      startZoneOffset: '+02:00',
      endZoneOffset: '+02:00',
      count: 900,
    },
    {
      recordType: 'HeartRate',
      metadata: meta('hc-hr-1'),
      startTime: '2026-06-10T06:00:00Z',
      endTime: '2026-06-10T06:02:00Z',
      startZoneOffset: 7200,
      samples: [
        { time: '2026-06-10T06:00:00Z', beatsPerMinute: 72 },
        { time: '2026-06-10T06:01:00Z', beatsPerMinute: 75 },
      ],
    },
    {
      recordType: 'SleepSession',
      metadata: meta('hc-sleep-1'),
      startTime: '2026-06-09T21:00:00Z',
      endTime: '2026-06-10T05:00:00Z',
      startZoneOffset: '+02:00',
      endZoneOffset: '+02:00',
      stages: [
        { startTime: '2026-06-09T21:00:00Z', endTime: '2026-06-10T01:00:00Z', stage: 4 },
        { startTime: '2026-06-10T01:00:00Z', endTime: '2026-06-10T01:30:00Z', stage: 1 },
        { startTime: '2026-06-10T01:30:00Z', endTime: '2026-06-10T05:00:00Z', stage: 6 },
      ],
    },
    {
      recordType: 'Weight',
      metadata: meta('hc-w-1', 3),
      time: '2026-06-10T05:10:00Z',
      zoneOffset: '+02:00',
      weight: { inKilograms: 70.4 },
    },
    {
      recordType: 'OxygenSaturation',
      metadata: meta('hc-o-1'),
      time: 1781060000000,
      zoneOffset: '+02:00',
      percentage: { value: 98 },
    },
    {
      recordType: 'HeartRateVariabilityRmssd',
      metadata: meta('hc-hrv-1'),
      time: '2026-06-10T04:00:00Z',
      heartRateVariabilityMillis: 41,
    },
    {
      recordType: 'Steps',
      metadata: meta('hc-bad'),
      startTime: '2026-06-10T07:00:00Z',
      endTime: '2026-06-10T06:00:00Z',
      count: 3,
    },
    { recordType: 'Nutrition', metadata: meta('hc-n') },
  ];

  it('normalizes records in their own offsets, idempotently', async () => {
    const sink = createMemorySampleSink();
    const handler = createHealthConnectPushHandler({ authenticate, sink });
    const res = await handler(post({ records }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number; rejected: Array<{ index: number }> };
    expect(body.accepted).toBe(7);
    expect(body.rejected.map((r) => r.index)).toEqual([6, 7]);
    const all = sink.all('p1');
    expect(all.find((s) => s.kind === 'steps')).toMatchObject({
      id: 'health-connect:hc-steps-1',
      time: { start: '2026-06-10T08:00:00+02:00', end: '2026-06-10T09:00:00+02:00' },
      provenance: { device: { type: 'watch' }, sourceName: 'com.google.android.apps.fitness' },
    });
    expect(all.filter((s) => s.kind === 'heart_rate').map((s) => s.id)).toEqual([
      'health-connect:hc-hr-1#0',
      'health-connect:hc-hr-1#1',
    ]);
    expect(all.find((s) => s.kind === 'hrv')).toMatchObject({ method: 'rmssd', value: 41 });
    expect(all.find((s) => s.kind === 'sleep')).toMatchObject({ value: 450 });
    // Asleep 23:00–07:00 local (+02:00) minus the half hour awake; counted on the wake date.
    expect(dailyTotals(all, { kinds: ['sleep'] })).toMatchObject([{ date: '2026-06-10', value: 450 }]);
    await handler(post({ records }));
    expect(sink.all('p1')).toEqual(all);
  });

  it('applies deletions, series included', async () => {
    const sink = createMemorySampleSink();
    const handler = createHealthConnectPushHandler({ authenticate, sink });
    await handler(post({ records }));
    await handler(post({ deletedRecordIds: ['hc-hr-1', 'hc-w-1'] }));
    const kinds = sink.all('p1').map((s) => s.kind);
    expect(kinds).not.toContain('heart_rate');
    expect(kinds).not.toContain('weight');
    expect(kinds).toContain('steps');
  });

  it('refuses callers the app does not authenticate', async () => {
    const sink = createMemorySampleSink();
    const res = await createHealthConnectPushHandler({ authenticate, sink })(post({ records }, 'nope'));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Authentication required' } });
  });
});

describe('Samsung Health push', () => {
  const source = { appId: 'com.sec.android.app.shealth', deviceName: 'Galaxy Watch7', deviceType: 'WATCH' };
  const points = [
    {
      dataType: 'STEPS',
      startTime: 1781049600000,
      endTime: 1781053200000,
      zoneOffset: '+09:00',
      dataSource: source,
      count: 1500,
    },
    {
      dataType: 'BLOOD_OXYGEN',
      uid: 'sh-o-1',
      startTime: '2026-06-10T00:00:00Z',
      zoneOffset: '+09:00',
      dataSource: source,
      oxygenSaturation: 96,
    },
    {
      dataType: 'BLOOD_PRESSURE',
      uid: 'sh-bp-1',
      startTime: '2026-06-10T00:10:00Z',
      zoneOffset: '+09:00',
      systolic: 118,
      diastolic: 76,
    },
    {
      dataType: 'BODY_COMPOSITION',
      uid: 'sh-bc-1',
      startTime: '2026-06-10T00:20:00Z',
      zoneOffset: '+09:00',
      weight: 61.2,
      bodyFat: 24.1,
    },
    {
      dataType: 'SLEEP',
      uid: 'sh-s-1',
      startTime: '2026-06-09T14:00:00Z',
      endTime: '2026-06-09T21:00:00Z',
      zoneOffset: '+09:00',
      dataSource: source,
      sessions: [
        {
          startTime: '2026-06-09T14:00:00Z',
          endTime: '2026-06-09T21:00:00Z',
          stages: [
            { startTime: '2026-06-09T14:00:00Z', endTime: '2026-06-09T18:00:00Z', stage: 'LIGHT' },
            { startTime: '2026-06-09T18:00:00Z', endTime: '2026-06-09T21:00:00Z', stage: 'DEEP' },
          ],
        },
      ],
    },
    { dataType: 'SKIN_TEMPERATURE', uid: 'sh-t', startTime: '2026-06-10T00:00:00Z', skinTemperature: 33.1 },
  ];

  it('normalizes Data SDK points, deriving stable ids for aggregated steps', async () => {
    const sink = createMemorySampleSink();
    const handler = createSamsungHealthPushHandler({ authenticate, sink });
    const res = await handler(post({ dataPoints: points }));
    const body = (await res.json()) as { accepted: number; rejected: Array<{ index: number }> };
    expect(body.accepted).toBe(6);
    expect(body.rejected.map((r) => r.index)).toEqual([5]);
    const all = sink.all('p1');
    const stepsSample = all.find((s) => s.kind === 'steps');
    expect(stepsSample?.time.start).toBe('2026-06-10T09:00:00+09:00');
    expect(all.find((s) => s.kind === 'body_fat')).toMatchObject({
      id: 'samsung-health:sh-bc-1#fat',
      value: 24.1,
    });
    expect(dailyTotals(all, { kinds: ['sleep', 'steps'] }).map((t) => [t.kind, t.date, t.value])).toEqual([
      ['sleep', '2026-06-10', 420],
      ['steps', '2026-06-10', 1500],
    ]);
    await handler(post({ dataPoints: points }));
    expect(sink.all('p1')).toEqual(all);
    await handler(post({ deletedUids: ['sh-bc-1'] }));
    expect(sink.all('p1').some((s) => s.kind === 'weight' || s.kind === 'body_fat')).toBe(false);
  });

  it('leaves the device type out for a type it does not know, even one named like an object property', async () => {
    const sink = createMemorySampleSink();
    const handler = createSamsungHealthPushHandler({ authenticate, sink });
    const odd = ['constructor', 'toString', 'GLASSES'].map((deviceType, i) => ({
      ...points[1],
      uid: `sh-o-odd-${i}`,
      dataSource: { ...source, deviceType },
    }));
    const body = (await (await handler(post({ dataPoints: odd }))).json()) as { accepted: number };
    expect(body.accepted).toBe(3);
    for (const sample of sink.all('p1')) {
      expect(sample.provenance.device).toEqual({ name: 'Galaxy Watch7' });
    }
  });
});
