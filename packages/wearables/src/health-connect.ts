import { ValidationError } from '@medflow/core';
import * as z from 'zod/mini';
import { instantSchema, localTimestamp, zoneOffsetSchema } from './companion';
import type { DeviceInfo, Sample, SampleProvenance, SleepStage } from './model';
import { sampleId } from './model';
import { createPushHandler, mapRecords, type PushChanges, type PushHandlerOptions } from './push';

export type { Authenticate, PushHandlerOptions, PushIdentity } from './push';

export const HEALTH_CONNECT_PROVIDER = 'health-connect';

// androidx.health.connect.client.records.metadata.Device.TYPE_* values.
const DEVICE_TYPES: Record<number, DeviceInfo['type']> = {
  1: 'watch',
  2: 'phone',
  3: 'scale',
  4: 'ring',
  6: 'band',
  7: 'band',
};
// Metadata.RECORDING_METHOD_*: 1 actively recorded, 2 automatically recorded, 3 manual entry.
const RECORDING: Record<number, SampleProvenance['recordingMethod']> = {
  1: 'automatic',
  2: 'automatic',
  3: 'manual',
};
// SleepSessionRecord.STAGE_TYPE_*.
const SLEEP_STAGES: Record<number, SleepStage> = {
  1: 'awake',
  2: 'asleep',
  3: 'out_of_bed',
  4: 'light',
  5: 'deep',
  6: 'rem',
  7: 'awake',
};

// Built on first use: constructing these ~15 object schemas at import time cost a few
// milliseconds of the entry's 30 ms import budget.
function buildRecordSchema() {
  const metadataSchema = z.object({
    /** Health Connect's record id: the idempotency key and what deletions name. */
    id: z.string().check(z.minLength(1), z.maxLength(128)),
    dataOrigin: z.optional(z.object({ packageName: z.string().check(z.maxLength(256)) })),
    device: z.optional(
      z.object({
        manufacturer: z.optional(z.string()),
        model: z.optional(z.string()),
        type: z.optional(z.int()),
      }),
    ),
    recordingMethod: z.optional(z.int()),
    lastModifiedTime: z.optional(instantSchema),
  });

  const interval = {
    metadata: metadataSchema,
    startTime: instantSchema,
    endTime: instantSchema,
    startZoneOffset: z.nullish(zoneOffsetSchema),
    endZoneOffset: z.nullish(zoneOffsetSchema),
  };
  const instant = { metadata: metadataSchema, time: instantSchema, zoneOffset: z.nullish(zoneOffsetSchema) };
  const pos = z.number().check(z.nonnegative());
  const percent = z.number().check(z.nonnegative(), z.lte(100));

  return z.discriminatedUnion('recordType', [
    z.object({ recordType: z.literal('Steps'), ...interval, count: z.int().check(z.nonnegative()) }),
    z.object({ recordType: z.literal('Distance'), ...interval, distance: z.object({ inMeters: pos }) }),
    z.object({
      recordType: z.literal('ActiveCaloriesBurned'),
      ...interval,
      energy: z.object({ inKilocalories: pos }),
    }),
    z.object({
      recordType: z.literal('HeartRate'),
      ...interval,
      samples: z.array(z.object({ time: instantSchema, beatsPerMinute: pos })).check(z.maxLength(100_000)),
    }),
    z.object({ recordType: z.literal('RestingHeartRate'), ...instant, beatsPerMinute: pos }),
    z.object({
      recordType: z.literal('HeartRateVariabilityRmssd'),
      ...instant,
      heartRateVariabilityMillis: pos,
    }),
    z.object({ recordType: z.literal('Weight'), ...instant, weight: z.object({ inKilograms: pos }) }),
    z.object({ recordType: z.literal('BodyFat'), ...instant, percentage: z.object({ value: percent }) }),
    z.object({
      recordType: z.literal('OxygenSaturation'),
      ...instant,
      percentage: z.object({ value: percent }),
    }),
    z.object({
      recordType: z.literal('BloodPressure'),
      ...instant,
      systolic: z.object({ inMillimetersOfMercury: pos }),
      diastolic: z.object({ inMillimetersOfMercury: pos }),
    }),
    z.object({ recordType: z.literal('RespiratoryRate'), ...instant, rate: pos }),
    z.object({
      recordType: z.literal('BodyTemperature'),
      ...instant,
      temperature: z.object({ inCelsius: z.number() }),
    }),
    z.object({
      recordType: z.literal('SleepSession'),
      ...interval,
      stages: z._default(
        z
          .array(z.object({ startTime: instantSchema, endTime: instantSchema, stage: z.int() }))
          .check(z.maxLength(2000)),
        [],
      ),
    }),
    z.object({
      recordType: z.literal('ExerciseSession'),
      ...interval,
      exerciseType: z.int(),
      title: z.nullish(z.string().check(z.maxLength(256))),
    }),
  ]);
}
// z.lazy memoizes the built schema.
export const healthConnectRecordSchema = z.lazy(buildRecordSchema);
export type HealthConnectRecord = z.infer<typeof healthConnectRecordSchema>;

export const healthConnectPushSchema = z.object({
  records: z._default(z.array(z.unknown()).check(z.maxLength(10_000)), []),
  /** Record ids from the Changes API's DeletionChange entries. */
  deletedRecordIds: z._default(
    z.array(z.string().check(z.minLength(1), z.maxLength(128))).check(z.maxLength(10_000)),
    [],
  ),
});
export type HealthConnectPush = z.infer<typeof healthConnectPushSchema>;

function provenanceOf(record: HealthConnectRecord): SampleProvenance {
  const m = record.metadata;
  const type = m.device?.type !== undefined ? DEVICE_TYPES[m.device.type] : undefined;
  const device =
    m.device && (m.device.manufacturer || m.device.model)
      ? {
          ...(m.device.model ? { model: m.device.model, name: m.device.model } : {}),
          ...(m.device.manufacturer ? { manufacturer: m.device.manufacturer } : {}),
          ...(type ? { type } : {}),
        }
      : type
        ? { type }
        : undefined;
  const recordingMethod = m.recordingMethod !== undefined ? RECORDING[m.recordingMethod] : undefined;
  return {
    provider: HEALTH_CONNECT_PROVIDER,
    sourceRecordId: m.id,
    ...(m.dataOrigin ? { sourceName: m.dataOrigin.packageName } : {}),
    ...(device ? { device } : {}),
    ...(recordingMethod ? { recordingMethod } : {}),
  };
}

/** One Health Connect record → normalized samples (a heart-rate series becomes one sample per beat reading). */
export function fromHealthConnectRecord(record: HealthConnectRecord): Sample[] {
  const provenance = provenanceOf(record);
  const id = sampleId(HEALTH_CONNECT_PROVIDER, record.metadata.id);
  if ('startTime' in record) {
    const time = {
      start: localTimestamp(record.startTime, record.startZoneOffset),
      end: localTimestamp(record.endTime, record.endZoneOffset ?? record.startZoneOffset),
    };
    if (Date.parse(time.end) < Date.parse(time.start))
      throw new ValidationError('endTime is before startTime');
    const base = { id, time, provenance };
    switch (record.recordType) {
      case 'Steps':
        return [{ ...base, kind: 'steps', value: record.count, unit: '{steps}' }];
      case 'Distance':
        return [{ ...base, kind: 'distance', value: record.distance.inMeters / 1000, unit: 'km' }];
      case 'ActiveCaloriesBurned':
        return [{ ...base, kind: 'active_energy', value: record.energy.inKilocalories, unit: 'kcal' }];
      case 'HeartRate':
        return record.samples.map((s, i) => ({
          id: `${id}#${i}`,
          kind: 'heart_rate' as const,
          value: s.beatsPerMinute,
          unit: '/min',
          time: { start: localTimestamp(s.time, record.startZoneOffset) },
          provenance,
        }));
      case 'SleepSession': {
        const stages = record.stages.flatMap((s) => {
          const stage = SLEEP_STAGES[s.stage];
          return stage
            ? [
                {
                  stage,
                  start: localTimestamp(s.startTime, record.startZoneOffset),
                  end: localTimestamp(s.endTime, record.endZoneOffset ?? record.startZoneOffset),
                },
              ]
            : [];
        });
        const asleepMs =
          stages.length > 0
            ? stages
                .filter(
                  (s) =>
                    s.stage === 'light' || s.stage === 'deep' || s.stage === 'rem' || s.stage === 'asleep',
                )
                .reduce((t, s) => t + Date.parse(s.end) - Date.parse(s.start), 0)
            : Date.parse(time.end) - Date.parse(time.start);
        return [{ ...base, kind: 'sleep', value: asleepMs / 60_000, unit: 'min', stages }];
      }
      case 'ExerciseSession':
        return [
          {
            ...base,
            kind: 'workout',
            activity: `health_connect_exercise_${record.exerciseType}`,
            value: (Date.parse(time.end) - Date.parse(time.start)) / 60_000,
            unit: 'min',
          },
        ];
    }
  }
  const time = { start: localTimestamp(record.time, record.zoneOffset) };
  const base = { id, time, provenance };
  switch (record.recordType) {
    case 'RestingHeartRate':
      return [{ ...base, kind: 'resting_heart_rate', value: record.beatsPerMinute, unit: '/min' }];
    case 'HeartRateVariabilityRmssd':
      return [
        { ...base, kind: 'hrv', method: 'rmssd', value: record.heartRateVariabilityMillis, unit: 'ms' },
      ];
    case 'Weight':
      return [{ ...base, kind: 'weight', value: record.weight.inKilograms, unit: 'kg' }];
    case 'BodyFat':
      return [{ ...base, kind: 'body_fat', value: record.percentage.value, unit: '%' }];
    case 'OxygenSaturation':
      return [{ ...base, kind: 'oxygen_saturation', value: record.percentage.value, unit: '%' }];
    case 'BloodPressure':
      return [
        {
          ...base,
          kind: 'blood_pressure',
          systolic: record.systolic.inMillimetersOfMercury,
          diastolic: record.diastolic.inMillimetersOfMercury,
          unit: 'mm[Hg]',
        },
      ];
    case 'RespiratoryRate':
      return [{ ...base, kind: 'respiratory_rate', value: record.rate, unit: '/min' }];
    case 'BodyTemperature':
      return [{ ...base, kind: 'body_temperature', value: record.temperature.inCelsius, unit: 'Cel' }];
  }
  throw new ValidationError('Unsupported Health Connect record');
}

export function healthConnectChanges(body: HealthConnectPush): PushChanges {
  const changes = mapRecords(body.records, healthConnectRecordSchema, (record, out) => {
    out.samples.push(...fromHealthConnectRecord(record));
  });
  changes.deletedIds = body.deletedRecordIds.map((id) => sampleId(HEALTH_CONNECT_PROVIDER, id));
  return changes;
}

/**
 * `POST` endpoint for a companion Android app that reads Health Connect (records plus the
 * Changes API's deletions). Record ids make it idempotent; authentication is the caller's
 * `authenticate(request)`.
 */
export function createHealthConnectPushHandler(options: PushHandlerOptions) {
  return createPushHandler(HEALTH_CONNECT_PROVIDER, healthConnectPushSchema, healthConnectChanges, options);
}
