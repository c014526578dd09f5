import * as z from 'zod/mini';
import type { DeviceInfo, Sample, SampleProvenance, SleepStage } from '../model';
import { sampleId } from '../model';
import { formatInZone } from '../zone';
import { GOOGLE_HEALTH_PROVIDER } from './oauth';

/** Data types this package reads, with the filter field the list method needs for a start time. */
export const GOOGLE_DATA_TYPES = {
  steps: 'steps.interval.start_time',
  distance: 'distance.interval.start_time',
  'heart-rate': 'heart_rate.sample_time.physical_time',
  weight: 'weight.sample_time.physical_time',
  sleep: 'sleep.interval.start_time',
} as const;
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
const int64 = z.pipe(z.union([z.string().check(z.regex(/^-?\d+$/)), z.number()]), z.transform(Number));
const num = z.pipe(z.pipe(z.union([z.string(), z.number()]), z.transform(Number)), z.number());

export const dataPointSchema = z.object({
  name: z.string().check(z.minLength(1)),
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
  distance: z.optional(
    z.object({ interval: intervalSchema, millimeters: z.optional(num), meters: z.optional(num) }),
  ),
  heartRate: z.optional(z.object({ sampleTime: sampleTimeSchema, beatsPerMinute: num })),
  weight: z.optional(z.object({ sampleTime: sampleTimeSchema, weightGrams: num })),
  sleep: z.optional(
    z.object({
      interval: intervalSchema,
      type: z.optional(z.string()),
      stages: z._default(
        z.array(z.object({ ...intervalShape, type: z.string() })).check(z.maxLength(5000)),
        [],
      ),
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

const STAGES: Record<string, SleepStage> = {
  AWAKE: 'awake',
  LIGHT: 'light',
  DEEP: 'deep',
  REM: 'rem',
  ASLEEP: 'asleep',
  RESTLESS: 'asleep',
  OUT_OF_BED: 'out_of_bed',
};

function provenanceOf(point: GoogleDataPoint): SampleProvenance {
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
  const method = ds?.recordingMethod?.toUpperCase();
  return {
    provider: GOOGLE_HEALTH_PROVIDER,
    sourceRecordId: point.name,
    sourceName: ds?.application?.packageName ?? ds?.platform ?? 'Google Health',
    ...(device ? { device } : {}),
    ...(method
      ? { recordingMethod: method === 'MANUAL' ? 'manual' : method === 'UNKNOWN' ? 'unknown' : 'automatic' }
      : {}),
  };
}

/** One Google Health data point → normalized samples (empty for shapes we do not model). */
export function fromGoogleDataPoint(point: GoogleDataPoint): Sample[] {
  const provenance = provenanceOf(point);
  const id = sampleId(GOOGLE_HEALTH_PROVIDER, point.name);
  const interval = (i: z.infer<typeof intervalSchema>) => ({
    start: local(i.startTime, i.startUtcOffset),
    end: local(i.endTime, i.endUtcOffset ?? i.startUtcOffset),
  });
  if (point.steps)
    return [
      {
        id,
        provenance,
        time: interval(point.steps.interval),
        kind: 'steps',
        value: point.steps.count,
        unit: '{steps}',
      },
    ];
  if (point.distance) {
    const km =
      point.distance.millimeters !== undefined
        ? point.distance.millimeters / 1e6
        : (point.distance.meters ?? 0) / 1000;
    return [
      { id, provenance, time: interval(point.distance.interval), kind: 'distance', value: km, unit: 'km' },
    ];
  }
  if (point.heartRate) {
    const t = point.heartRate.sampleTime;
    return [
      {
        id,
        provenance,
        time: { start: local(t.physicalTime, t.utcOffset) },
        kind: 'heart_rate',
        value: point.heartRate.beatsPerMinute,
        unit: '/min',
      },
    ];
  }
  if (point.weight) {
    const t = point.weight.sampleTime;
    return [
      {
        id,
        provenance,
        time: { start: local(t.physicalTime, t.utcOffset) },
        kind: 'weight',
        value: point.weight.weightGrams / 1000,
        unit: 'kg',
      },
    ];
  }
  if (point.sleep) {
    const stages = point.sleep.stages.flatMap((s) => {
      const stage = STAGES[s.type.toUpperCase()];
      return stage ? [{ stage, ...interval(s) }] : [];
    });
    const time = interval(point.sleep.interval);
    const asleep = stages.length
      ? stages
          .filter((s) => s.stage !== 'awake' && s.stage !== 'out_of_bed' && s.stage !== 'in_bed')
          .reduce((t, s) => t + Date.parse(s.end) - Date.parse(s.start), 0)
      : Date.parse(time.end) - Date.parse(time.start);
    return [{ id, provenance, time, kind: 'sleep', value: asleep / 60_000, unit: 'min', stages }];
  }
  return [];
}
