import * as z from 'zod/mini';
import { stableHash } from '../hash';
import type { DeviceInfo, Sample, SampleProvenance, SleepStage } from '../model';
import { sampleId } from '../model';
import { formatInZone } from '../zone';
import { GOOGLE_HEALTH_PROVIDER } from './oauth';

/**
 * Data types this package reads, with the filter field the list method takes for a start time
 * ({interval type}.interval.start_time, {sample type}.sample_time.physical_time; null: the
 * daily type is listed unfiltered, it is one point a day) and the page size limit.
 * Checked against the v4 reference: users.dataTypes.dataPoints.list (filter patterns, page
 * size 10000, 25 for sleep) and the DataPoint union.
 */
export const GOOGLE_DATA_TYPES = {
  steps: { filter: 'steps.interval.start_time', maxPageSize: 10_000 },
  distance: { filter: 'distance.interval.start_time', maxPageSize: 10_000 },
  'heart-rate': { filter: 'heart_rate.sample_time.physical_time', maxPageSize: 10_000 },
  'heart-rate-variability': {
    filter: 'heart_rate_variability.sample_time.physical_time',
    maxPageSize: 10_000,
  },
  'oxygen-saturation': { filter: 'oxygen_saturation.sample_time.physical_time', maxPageSize: 10_000 },
  weight: { filter: 'weight.sample_time.physical_time', maxPageSize: 10_000 },
  sleep: { filter: 'sleep.interval.start_time', maxPageSize: 25 },
  'daily-resting-heart-rate': { filter: null, maxPageSize: 10_000 },
} as const satisfies Record<string, { filter: string | null; maxPageSize: number }>;
export type GoogleDataType = keyof typeof GOOGLE_DATA_TYPES;

// Durations in Google APIs are JSON strings of seconds ("-14400s").
const offsetSchema = z.string().check(z.regex(/^-?\d+(\.\d+)?s$/));
const intervalShape = {
  startTime: z.string(),
  startUtcOffset: z.optional(offsetSchema),
  endTime: z.string(),
  endUtcOffset: z.optional(offsetSchema),
};
const intervalSchema = z.object(intervalShape);
const sampleTimeSchema = z.object({ physicalTime: z.string(), utcOffset: z.optional(offsetSchema) });
// int64 fields arrive as JSON strings (proto3 JSON mapping); doubles as numbers.
const int64 = z.pipe(z.union([z.string().check(z.regex(/^-?\d+$/)), z.number()]), z.transform(Number));
const num = z.pipe(z.pipe(z.union([z.string(), z.number()]), z.transform(Number)), z.number());
const civilDate = z.object({
  year: z.number().check(z.int(), z.gte(1), z.lte(9999)),
  month: z.number().check(z.int(), z.gte(1), z.lte(12)),
  day: z.number().check(z.int(), z.gte(1), z.lte(31)),
});

export const dataPointSchema = z.object({
  // Only identifiable data types carry a name; for the others an id is derived from the content.
  name: z.optional(z.string()),
  dataSource: z.optional(
    z.object({
      recordingMethod: z.optional(z.string()),
      platform: z.optional(z.string()),
      device: z.optional(
        z.partial(
          z.object({
            displayName: z.optional(z.string()),
            manufacturer: z.optional(z.string()),
            formFactor: z.optional(z.string()),
          }),
        ),
      ),
      application: z.optional(z.partial(z.object({ packageName: z.optional(z.string()) }))),
    }),
  ),
  steps: z.optional(z.object({ interval: intervalSchema, count: int64 })),
  distance: z.optional(z.object({ interval: intervalSchema, millimeters: int64 })),
  heartRate: z.optional(z.object({ sampleTime: sampleTimeSchema, beatsPerMinute: int64 })),
  heartRateVariability: z.optional(
    z.object({
      sampleTime: sampleTimeSchema,
      rootMeanSquareOfSuccessiveDifferencesMilliseconds: z.optional(num),
      standardDeviationMilliseconds: z.optional(num),
    }),
  ),
  oxygenSaturation: z.optional(
    z.object({ sampleTime: sampleTimeSchema, percentage: z.number().check(z.gte(0), z.lte(100)) }),
  ),
  weight: z.optional(z.object({ sampleTime: sampleTimeSchema, weightGrams: num })),
  dailyRestingHeartRate: z.optional(z.object({ date: civilDate, beatsPerMinute: int64 })),
  sleep: z.optional(
    z.object({
      interval: intervalSchema,
      type: z.optional(z.string()),
      stages: z._default(
        z.array(z.object({ ...intervalShape, type: z.string() })).check(z.maxLength(5000)),
        [],
      ),
      summary: z.optional(z.object({ minutesAsleep: z.optional(int64) })),
    }),
  ),
});
export type GoogleDataPoint = z.infer<typeof dataPointSchema>;

export const listDataPointsSchema = z.object({
  dataPoints: z._default(z.array(z.unknown()), []),
  nextPageToken: z.optional(z.string()),
});

const offsetMinutes = (o: string | undefined) => (o ? Math.round(Number.parseFloat(o) / 60) : 0);
const local = (time: string, offset: string | undefined) =>
  formatInZone(Date.parse(time), { offsetMinutes: offsetMinutes(offset) });

// Sleep.SleepStageType. RESTLESS is not sleep: Google's own minutesAsleep leaves it out.
const STAGES: Record<string, SleepStage> = {
  AWAKE: 'awake',
  RESTLESS: 'awake',
  LIGHT: 'light',
  DEEP: 'deep',
  REM: 'rem',
  ASLEEP: 'asleep',
};

function provenanceOf(point: GoogleDataPoint, recordId: string): SampleProvenance {
  const ds = point.dataSource;
  const form = ds?.device?.formFactor?.toLowerCase() ?? '';
  const type: DeviceInfo['type'] = form.includes('watch')
    ? 'watch'
    : form.includes('ring')
      ? 'ring'
      : form.includes('tracker') || form.includes('band')
        ? 'band'
        : form.includes('phone')
          ? 'phone'
          : form.includes('scale')
            ? 'scale'
            : undefined;
  const device =
    ds?.device?.displayName || ds?.device?.manufacturer || type
      ? {
          ...(ds?.device?.displayName ? { name: ds.device.displayName } : {}),
          ...(ds?.device?.manufacturer ? { manufacturer: ds.device.manufacturer } : {}),
          ...(type ? { type } : {}),
        }
      : undefined;
  // DataSource.RecordingMethod: MANUAL, PASSIVELY_MEASURED, ACTIVELY_MEASURED, DERIVED, UNKNOWN.
  const method = ds?.recordingMethod?.toUpperCase();
  return {
    provider: GOOGLE_HEALTH_PROVIDER,
    sourceRecordId: recordId,
    sourceName: ds?.application?.packageName ?? ds?.platform ?? 'Google Health',
    ...(device ? { device } : {}),
    ...(method
      ? {
          recordingMethod:
            method === 'MANUAL'
              ? 'manual'
              : method === 'UNKNOWN' || method === 'RECORDING_METHOD_UNSPECIFIED'
                ? 'unknown'
                : 'automatic',
        }
      : {}),
  };
}

/**
 * The record id: the data point's name when the type is identifiable; otherwise a hash of what
 * makes the point (its source, type, physical time and value), stable across re-reads and
 * indifferent to output-only fields Google may add later.
 */
function recordIdOf(point: GoogleDataPoint, type: string, time: string, value: unknown): string {
  if (point.name) return point.name;
  const ds = point.dataSource;
  return `${type}:${stableHash(
    ds?.platform,
    ds?.application?.packageName,
    ds?.device?.displayName,
    ds?.device?.manufacturer,
    ds?.device?.formFactor,
    time,
    JSON.stringify(value),
  )}`;
}

/** One Google Health data point → normalized samples (empty for shapes we do not model). */
export function fromGoogleDataPoint(point: GoogleDataPoint): Sample[] {
  const base = (type: string, time: string, value: unknown) => {
    const recordId = recordIdOf(point, type, time, value);
    return { id: sampleId(GOOGLE_HEALTH_PROVIDER, recordId), provenance: provenanceOf(point, recordId) };
  };
  const interval = (i: z.infer<typeof intervalSchema>) => ({
    start: local(i.startTime, i.startUtcOffset),
    end: local(i.endTime, i.endUtcOffset ?? i.startUtcOffset),
  });
  const at = (t: z.infer<typeof sampleTimeSchema>) => ({ start: local(t.physicalTime, t.utcOffset) });
  const span = (i: { startTime: string; endTime: string }) => `${i.startTime}/${i.endTime}`;
  if (point.steps)
    return [
      {
        ...base('steps', span(point.steps.interval), point.steps.count),
        time: interval(point.steps.interval),
        kind: 'steps',
        value: point.steps.count,
        unit: '{steps}',
      },
    ];
  if (point.distance)
    return [
      {
        ...base('distance', span(point.distance.interval), point.distance.millimeters),
        time: interval(point.distance.interval),
        kind: 'distance',
        value: point.distance.millimeters / 1e6,
        unit: 'km',
      },
    ];
  if (point.heartRate)
    return [
      {
        ...base('heart-rate', point.heartRate.sampleTime.physicalTime, point.heartRate.beatsPerMinute),
        time: at(point.heartRate.sampleTime),
        kind: 'heart_rate',
        value: point.heartRate.beatsPerMinute,
        unit: '/min',
      },
    ];
  if (point.heartRateVariability) {
    // One measurement may carry both methods; they stay apart (RMSSD is not SDNN).
    const hrv = point.heartRateVariability;
    const time = at(hrv.sampleTime);
    const { id, provenance } = base('heart-rate-variability', hrv.sampleTime.physicalTime, [
      hrv.rootMeanSquareOfSuccessiveDifferencesMilliseconds,
      hrv.standardDeviationMilliseconds,
    ]);
    const out: Sample[] = [];
    if (hrv.rootMeanSquareOfSuccessiveDifferencesMilliseconds !== undefined)
      out.push({
        id: `${id}#rmssd`,
        provenance,
        time,
        kind: 'hrv',
        method: 'rmssd',
        value: hrv.rootMeanSquareOfSuccessiveDifferencesMilliseconds,
        unit: 'ms',
      });
    if (hrv.standardDeviationMilliseconds !== undefined)
      out.push({
        id: `${id}#sdnn`,
        provenance,
        time,
        kind: 'hrv',
        method: 'sdnn',
        value: hrv.standardDeviationMilliseconds,
        unit: 'ms',
      });
    return out;
  }
  if (point.oxygenSaturation)
    return [
      {
        ...base(
          'oxygen-saturation',
          point.oxygenSaturation.sampleTime.physicalTime,
          point.oxygenSaturation.percentage,
        ),
        time: at(point.oxygenSaturation.sampleTime),
        kind: 'oxygen_saturation',
        value: point.oxygenSaturation.percentage,
        unit: '%',
      },
    ];
  if (point.weight)
    return [
      {
        ...base('weight', point.weight.sampleTime.physicalTime, point.weight.weightGrams),
        time: at(point.weight.sampleTime),
        kind: 'weight',
        value: point.weight.weightGrams / 1000,
        unit: 'kg',
      },
    ];
  if (point.dailyRestingHeartRate) {
    // A civil date in the user's zone, with no offset given: the sample spans that date at
    // +00:00, so it lands on the same local day and nothing pretends to know the instant.
    const { year, month, day } = point.dailyRestingHeartRate.date;
    const startMs = Date.UTC(year, month - 1, day);
    return [
      {
        ...base(
          'daily-resting-heart-rate',
          `${year}-${month}-${day}`,
          point.dailyRestingHeartRate.beatsPerMinute,
        ),
        time: {
          start: formatInZone(startMs, { offsetMinutes: 0 }),
          end: formatInZone(startMs + 86_400_000, { offsetMinutes: 0 }),
        },
        kind: 'resting_heart_rate',
        value: point.dailyRestingHeartRate.beatsPerMinute,
        unit: '/min',
      },
    ];
  }
  if (point.sleep) {
    const stages = point.sleep.stages.flatMap((s) => {
      const stage = STAGES[s.type.toUpperCase()];
      return stage ? [{ stage, ...interval(s) }] : [];
    });
    const time = interval(point.sleep.interval);
    const summary = point.sleep.summary?.minutesAsleep;
    const asleepMs =
      summary !== undefined
        ? summary * 60_000
        : stages.length
          ? stages
              .filter((s) => s.stage !== 'awake')
              .reduce((t, s) => t + Date.parse(s.end) - Date.parse(s.start), 0)
          : Date.parse(time.end) - Date.parse(time.start);
    const value = asleepMs / 60_000;
    return [
      {
        ...base('sleep', span(point.sleep.interval), value),
        time,
        kind: 'sleep',
        value,
        unit: 'min',
        stages,
      },
    ];
  }
  return [];
}
