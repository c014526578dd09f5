import { sampleSchema } from '@medflow/wearables';
import { dataPointSchema, fromGoogleDataPoint } from '@medflow/wearables/google-health';
import { describe, expect, it } from 'vitest';

// Data points shaped as the v4 reference describes them (REST resource users.dataTypes.dataPoints
// and the generated client types): int64 values as JSON strings, offsets as "<seconds>s"
// durations, a name only on identifiable types.
const normalize = (raw: unknown) => {
  const parsed = dataPointSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`fixture does not parse: ${parsed.error.message}`);
  const samples = fromGoogleDataPoint(parsed.data);
  for (const s of samples) expect(sampleSchema.safeParse(s).success, JSON.stringify(s)).toBe(true);
  return samples;
};
const fitbit = { platform: 'FITBIT', recordingMethod: 'PASSIVELY_MEASURED' };
const at = (physicalTime: string) => ({ physicalTime, utcOffset: '-14400s' });

describe('Google Health data points', () => {
  it('heart rate: int64 beats per minute at the sample time, in its offset', () => {
    const [hr] = normalize({
      dataSource: fitbit,
      heartRate: { sampleTime: at('2026-06-10T12:05:00Z'), beatsPerMinute: '88' },
    });
    expect(hr).toMatchObject({
      kind: 'heart_rate',
      value: 88,
      unit: '/min',
      time: { start: '2026-06-10T08:05:00-04:00' },
      provenance: { provider: 'google-health', sourceName: 'FITBIT', recordingMethod: 'automatic' },
    });
  });

  it('gives an unnamed point an id from its content: equal on re-read, different for another value', () => {
    const point = (bpm: string) => ({
      dataSource: fitbit,
      heartRate: { sampleTime: at('2026-06-10T12:05:00Z'), beatsPerMinute: bpm },
    });
    const [a] = normalize(point('88'));
    const [b] = normalize(JSON.parse(JSON.stringify(point('88'))));
    const [c] = normalize(point('89'));
    expect(a?.id).toBe(b?.id);
    expect(a?.id).not.toBe(c?.id);
    expect(a?.id).toMatch(/^google-health:heart-rate:[0-9a-z]{14}$/);
    // Output-only fields added to the point do not change it.
    const [d] = normalize({ ...point('88'), heartRate: { ...point('88').heartRate, metadata: {} } });
    expect(d?.id).toBe(a?.id);
  });

  it('keeps the name of an identifiable point as its id', () => {
    const name = 'users/7583570207748835967/dataTypes/weight/dataPoints/w1';
    const [w] = normalize({
      name,
      dataSource: { platform: 'FITBIT', recordingMethod: 'MANUAL' },
      weight: { sampleTime: at('2026-06-10T11:00:00Z'), weightGrams: 70400.5, notes: 'after run' },
    });
    expect(w).toMatchObject({
      id: `google-health:${name}`,
      kind: 'weight',
      value: 70.4005,
      unit: 'kg',
      provenance: { sourceRecordId: name, recordingMethod: 'manual' },
    });
  });

  it('steps and distance: int64 count and millimeters over the interval', () => {
    const interval = {
      startTime: '2026-06-10T12:00:00Z',
      startUtcOffset: '-14400s',
      endTime: '2026-06-10T12:15:00Z',
      endUtcOffset: '-14400s',
    };
    expect(normalize({ dataSource: fitbit, steps: { interval, count: '500' } })[0]).toMatchObject({
      kind: 'steps',
      value: 500,
      time: { start: '2026-06-10T08:00:00-04:00', end: '2026-06-10T08:15:00-04:00' },
    });
    expect(
      normalize({ dataSource: fitbit, distance: { interval, millimeters: '1250000' } })[0],
    ).toMatchObject({
      kind: 'distance',
      value: 1.25,
      unit: 'km',
    });
  });

  it('heart rate variability: RMSSD and SDNN stay apart', () => {
    const samples = normalize({
      dataSource: fitbit,
      heartRateVariability: {
        sampleTime: at('2026-06-10T08:00:00Z'),
        rootMeanSquareOfSuccessiveDifferencesMilliseconds: 42.5,
        standardDeviationMilliseconds: 55.1,
      },
    });
    expect(samples.map((s) => (s.kind === 'hrv' ? [s.method, s.value] : []))).toEqual([
      ['rmssd', 42.5],
      ['sdnn', 55.1],
    ]);
    expect(new Set(samples.map((s) => s.id)).size).toBe(2);
  });

  it('oxygen saturation: a 0–100 percentage, not a fraction', () => {
    expect(
      normalize({
        dataSource: fitbit,
        oxygenSaturation: { sampleTime: at('2026-06-10T08:00:00Z'), percentage: 96.5 },
      })[0],
    ).toMatchObject({ kind: 'oxygen_saturation', value: 96.5, unit: '%' });
    expect(
      dataPointSchema.safeParse({
        oxygenSaturation: { sampleTime: at('2026-06-10T08:00:00Z'), percentage: 101 },
      }).success,
    ).toBe(false);
  });

  it('daily resting heart rate: a civil date, placed on that day', () => {
    expect(
      normalize({
        dataSource: { platform: 'FITBIT', recordingMethod: 'DERIVED' },
        dailyRestingHeartRate: {
          date: { year: 2026, month: 6, day: 10 },
          beatsPerMinute: '58',
          dailyRestingHeartRateMetadata: { calculationMethod: 'WITH_SLEEP' },
        },
      })[0],
    ).toMatchObject({
      kind: 'resting_heart_rate',
      value: 58,
      time: { start: '2026-06-10T00:00:00Z', end: '2026-06-11T00:00:00Z' },
    });
  });

  it('sleep: RESTLESS and AWAKE are not asleep, and the summary minutes win when present', () => {
    const stage = (type: string, start: string, end: string) => ({
      type,
      startTime: start,
      startUtcOffset: '-14400s',
      endTime: end,
      endUtcOffset: '-14400s',
    });
    const sleep = {
      interval: {
        startTime: '2026-06-10T03:00:00Z',
        startUtcOffset: '-14400s',
        endTime: '2026-06-10T07:00:00Z',
        endUtcOffset: '-14400s',
      },
      type: 'CLASSIC',
      stages: [
        stage('ASLEEP', '2026-06-10T03:00:00Z', '2026-06-10T05:00:00Z'),
        stage('RESTLESS', '2026-06-10T05:00:00Z', '2026-06-10T05:30:00Z'),
        stage('AWAKE', '2026-06-10T05:30:00Z', '2026-06-10T06:00:00Z'),
        stage('ASLEEP', '2026-06-10T06:00:00Z', '2026-06-10T07:00:00Z'),
      ],
    };
    const [night] = normalize({ name: 'users/me/dataTypes/sleep/dataPoints/s2', dataSource: fitbit, sleep });
    expect(night).toMatchObject({ kind: 'sleep', value: 180, time: { end: '2026-06-10T03:00:00-04:00' } });
    const [summarized] = normalize({
      name: 'users/me/dataTypes/sleep/dataPoints/s2',
      dataSource: fitbit,
      sleep: { ...sleep, summary: { minutesAsleep: '175', minutesAwake: '65' } },
    });
    expect(summarized).toMatchObject({ value: 175 });
  });

  it('maps every documented recording method', () => {
    const method = (recordingMethod: string) =>
      normalize({
        dataSource: { recordingMethod },
        heartRate: { sampleTime: at('2026-06-10T08:00:00Z'), beatsPerMinute: '60' },
      })[0]?.provenance.recordingMethod;
    expect(
      [
        'MANUAL',
        'PASSIVELY_MEASURED',
        'ACTIVELY_MEASURED',
        'DERIVED',
        'UNKNOWN',
        'RECORDING_METHOD_UNSPECIFIED',
      ].map(method),
    ).toEqual(['manual', 'automatic', 'automatic', 'automatic', 'unknown', 'unknown']);
  });
});
