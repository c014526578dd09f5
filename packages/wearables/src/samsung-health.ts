import { ValidationError } from '@medflow/core';
import * as z from 'zod/mini';
import { instantSchema, localTimestamp, zoneOffsetSchema } from './companion';
import { stableHash } from './hash';
import { type Sample, type SampleProvenance, type SleepStage, sampleId } from './model';
import { createPushHandler, mapRecords, type PushChanges, type PushHandlerOptions } from './push';

export type { Authenticate, PushHandlerOptions, PushIdentity } from './push';

export const SAMSUNG_PROVIDER = 'samsung-health';

const SLEEP_STAGES: Record<string, SleepStage> = { AWAKE: 'awake', LIGHT: 'light', DEEP: 'deep', REM: 'rem' };

// Built on first use (z.lazy memoizes it): constructing the union at import time cost a
// few milliseconds of the entry's 30 ms import budget.
function buildDataPointSchema() {
  const base = {
    /** HealthDataPoint uid; aggregated steps have none (an id is derived from source and interval). */
    uid: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
    startTime: instantSchema,
    endTime: z.optional(instantSchema),
    zoneOffset: z.nullish(zoneOffsetSchema),
    dataSource: z.optional(
      z.object({
        appId: z.optional(z.string().check(z.maxLength(256))),
        deviceId: z.optional(z.string().check(z.maxLength(256))),
        deviceName: z.optional(z.string().check(z.maxLength(256))),
        deviceManufacturer: z.optional(z.string().check(z.maxLength(256))),
        /** DeviceType: WATCH, MOBILE, RING, BAND, ACCESSORY… */
        deviceType: z.optional(z.string().check(z.maxLength(32))),
      }),
    ),
  };
  const pos = z.number().check(z.nonnegative());
  const percent = z.number().check(z.nonnegative(), z.lte(100));

  /** Samsung Health Data SDK data points as a companion app serializes them (DataTypes.*). */
  return z.discriminatedUnion('dataType', [
    z.object({
      dataType: z.literal('STEPS'),
      ...base,
      endTime: instantSchema,
      count: z.int().check(z.nonnegative()),
    }),
    z.object({
      dataType: z.literal('HEART_RATE'),
      ...base,
      heartRate: pos,
      /** Series readings inside the point (HeartRate.SERIES_DATA). */
      series: z.optional(
        z.array(z.object({ time: instantSchema, heartRate: pos })).check(z.maxLength(100_000)),
      ),
    }),
    z.object({ dataType: z.literal('BLOOD_OXYGEN'), ...base, oxygenSaturation: percent }),
    z.object({
      dataType: z.literal('BLOOD_PRESSURE'),
      ...base,
      systolic: pos,
      diastolic: pos,
      pulseRate: z.optional(pos),
    }),
    z.object({
      dataType: z.literal('BODY_COMPOSITION'),
      ...base,
      weight: z.optional(pos),
      bodyFat: z.optional(percent),
    }),
    z.object({
      dataType: z.literal('SLEEP'),
      ...base,
      endTime: instantSchema,
      sessions: z._default(
        z
          .array(
            z.object({
              startTime: instantSchema,
              endTime: instantSchema,
              stages: z._default(
                z
                  .array(z.object({ startTime: instantSchema, endTime: instantSchema, stage: z.string() }))
                  .check(z.maxLength(2000)),
                [],
              ),
            }),
          )
          .check(z.maxLength(16)),
        [],
      ),
    }),
    z.object({
      dataType: z.literal('EXERCISE'),
      ...base,
      endTime: instantSchema,
      exerciseType: z.string().check(z.maxLength(64)),
      calories: z.optional(pos),
      distance: z.optional(pos),
    }),
    z.object({ dataType: z.literal('SKIN_TEMPERATURE'), ...base, skinTemperature: z.number() }),
  ]);
}

export const samsungDataPointSchema = z.lazy(buildDataPointSchema);
export type SamsungDataPoint = z.infer<typeof samsungDataPointSchema>;

export const samsungPushSchema = z.object({
  dataPoints: z._default(z.array(z.unknown()).check(z.maxLength(10_000)), []),
  deletedUids: z._default(
    z.array(z.string().check(z.minLength(1), z.maxLength(128))).check(z.maxLength(10_000)),
    [],
  ),
});
export type SamsungPush = z.infer<typeof samsungPushSchema>;

const DEVICE_TYPES: Record<string, 'watch' | 'phone' | 'ring' | 'band'> = {
  WATCH: 'watch',
  MOBILE: 'phone',
  RING: 'ring',
  BAND: 'band',
};

/** One Samsung data point → normalized samples. */
export function fromSamsungDataPoint(point: SamsungDataPoint): Sample[] {
  const ds = point.dataSource;
  const uid =
    point.uid ??
    stableHash(`${point.dataType}|${ds?.appId}|${ds?.deviceId}|${point.startTime}|${point.endTime}`);
  const type =
    ds?.deviceType && Object.hasOwn(DEVICE_TYPES, ds.deviceType) ? DEVICE_TYPES[ds.deviceType] : undefined;
  const device =
    ds?.deviceName || ds?.deviceManufacturer || type
      ? {
          ...(ds?.deviceName ? { name: ds.deviceName } : {}),
          ...(ds?.deviceManufacturer ? { manufacturer: ds.deviceManufacturer } : {}),
          ...(type ? { type } : {}),
        }
      : undefined;
  const provenance: SampleProvenance = {
    provider: SAMSUNG_PROVIDER,
    sourceRecordId: uid,
    ...(ds?.appId ? { sourceName: ds.appId } : {}),
    ...(device ? { device } : {}),
  };
  const id = sampleId(SAMSUNG_PROVIDER, uid);
  const start = localTimestamp(point.startTime, point.zoneOffset);
  const end = point.endTime !== undefined ? localTimestamp(point.endTime, point.zoneOffset) : undefined;
  if (end !== undefined && Date.parse(end) < Date.parse(start))
    throw new ValidationError('endTime is before startTime');
  const time = end !== undefined && end !== start ? { start, end } : { start };
  const b = { id, time, provenance };
  switch (point.dataType) {
    case 'STEPS':
      return [{ ...b, kind: 'steps', value: point.count, unit: '{steps}' }];
    case 'HEART_RATE':
      if (point.series?.length)
        return point.series.map((s, i) => ({
          id: `${id}#${i}`,
          kind: 'heart_rate' as const,
          value: s.heartRate,
          unit: '/min',
          time: { start: localTimestamp(s.time, point.zoneOffset) },
          provenance,
        }));
      return [{ ...b, kind: 'heart_rate', value: point.heartRate, unit: '/min' }];
    case 'BLOOD_OXYGEN':
      return [{ ...b, kind: 'oxygen_saturation', value: point.oxygenSaturation, unit: '%' }];
    case 'BLOOD_PRESSURE':
      return [
        {
          ...b,
          kind: 'blood_pressure',
          systolic: point.systolic,
          diastolic: point.diastolic,
          unit: 'mm[Hg]',
        },
      ];
    case 'BODY_COMPOSITION': {
      const out: Sample[] = [];
      if (point.weight !== undefined)
        out.push({ ...b, id: `${id}#weight`, kind: 'weight', value: point.weight, unit: 'kg' });
      if (point.bodyFat !== undefined)
        out.push({ ...b, id: `${id}#fat`, kind: 'body_fat', value: point.bodyFat, unit: '%' });
      return out;
    }
    case 'SLEEP': {
      const stages = point.sessions.flatMap((s) =>
        s.stages.flatMap((st) => {
          const stage = SLEEP_STAGES[st.stage];
          return stage
            ? [
                {
                  stage,
                  start: localTimestamp(st.startTime, point.zoneOffset),
                  end: localTimestamp(st.endTime, point.zoneOffset),
                },
              ]
            : [];
        }),
      );
      const asleepMs =
        stages.length > 0
          ? stages
              .filter((s) => s.stage !== 'awake')
              .reduce((t, s) => t + Date.parse(s.end) - Date.parse(s.start), 0)
          : Date.parse(end ?? start) - Date.parse(start);
      return [{ ...b, kind: 'sleep', value: asleepMs / 60_000, unit: 'min', stages }];
    }
    case 'EXERCISE':
      return [
        {
          ...b,
          kind: 'workout',
          activity: point.exerciseType.toLowerCase(),
          value: (Date.parse(end ?? start) - Date.parse(start)) / 60_000,
          unit: 'min',
          ...(point.calories !== undefined ? { energyKcal: point.calories } : {}),
          ...(point.distance !== undefined ? { distanceKm: point.distance / 1000 } : {}),
        },
      ];
    case 'SKIN_TEMPERATURE':
      // Skin temperature is not body temperature; it is kept out of the normalized model.
      throw new ValidationError('Skin temperature is not imported');
  }
}

export function samsungChanges(body: SamsungPush): PushChanges {
  const changes = mapRecords(body.dataPoints, samsungDataPointSchema, (point, out) => {
    out.samples.push(...fromSamsungDataPoint(point));
  });
  changes.deletedIds = body.deletedUids.map((uid) => sampleId(SAMSUNG_PROVIDER, uid));
  return changes;
}

/** `POST` endpoint for a companion app using the Samsung Health Data SDK; idempotent by data point uid. */
export function createSamsungHealthPushHandler(options: PushHandlerOptions) {
  return createPushHandler(SAMSUNG_PROVIDER, samsungPushSchema, samsungChanges, options);
}
