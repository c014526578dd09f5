import { ValidationError } from '@medflow/core';
import * as z from 'zod/mini';
import { type DeviceInfo, type Sample, sampleId } from '../model';
import { createPushHandler, mapRecords, type PushChanges, type PushHandlerOptions } from '../push';
import { normalizeQuantity, UnitConversionError } from '../units';
import {
  APPLE_PROVIDER,
  HK_BLOOD_PRESSURE,
  HK_DIASTOLIC,
  HK_QUANTITY_TYPES,
  HK_SLEEP,
  HK_SLEEP_VALUES,
  HK_SYSTOLIC,
  workoutActivityName,
} from './types';

const dateTime = z.iso.datetime({ offset: true });

const hkDeviceSchema = z.partial(
  z.object({
    name: z.string(),
    manufacturer: z.string(),
    model: z.string(),
    hardwareVersion: z.string(),
    softwareVersion: z.string(),
  }),
);
const uuidSchema = z.string().check(z.minLength(1), z.maxLength(64));

const common = {
  /** HKObject.uuid: the idempotency key, and what deletions name. */
  uuid: uuidSchema,
  startDate: dateTime,
  endDate: dateTime,
  sourceName: z.optional(z.string().check(z.maxLength(256))),
  sourceBundleId: z.optional(z.string().check(z.maxLength(256))),
  device: z.optional(hkDeviceSchema),
  /** HKMetadataKeyTimeZone when the app has it (an IANA name). */
  timeZone: z.optional(z.string().check(z.maxLength(64))),
};

export const healthKitQuantitySchema = z.object({
  ...common,
  type: z.string().check(z.regex(/^HKQuantityTypeIdentifier/)),
  value: z.number(),
  unit: z.string().check(z.maxLength(32)),
});
export const healthKitCategorySchema = z.object({
  ...common,
  type: z.literal(HK_SLEEP),
  value: z.union([z.string(), z.int()]),
});
export const healthKitCorrelationSchema = z.object({
  ...common,
  type: z.literal(HK_BLOOD_PRESSURE),
  objects: z
    .array(z.object({ type: z.string(), value: z.number(), unit: z.optional(z.string()) }))
    .check(z.maxLength(8)),
});
export const healthKitWorkoutSchema = z.object({
  ...common,
  type: z.literal('HKWorkoutTypeIdentifier'),
  workoutActivityType: z.union([z.string(), z.int()]),
  /** Seconds, as HKWorkout.duration. */
  duration: z.optional(z.number().check(z.nonnegative())),
  totalEnergyBurned: z.optional(z.object({ value: z.number(), unit: z.string() })),
  totalDistance: z.optional(z.object({ value: z.number(), unit: z.string() })),
});
const healthKitSampleSchema = z.union([
  healthKitQuantitySchema,
  healthKitCategorySchema,
  healthKitCorrelationSchema,
  healthKitWorkoutSchema,
]);
export type HealthKitSample = z.infer<typeof healthKitSampleSchema>;

/**
 * A night as the app groups it: HealthKit stores each sleep stage as its own sample, and only
 * a whole session lets the night count on the date the patient woke up. Send a night either
 * as a session or as stage samples, not both (the two would add up).
 */
export const healthKitSleepSessionSchema = z.object({
  /** The app's stable id for the night (e.g. the first stage's UUID). */
  uuid: uuidSchema,
  sourceName: z.optional(z.string().check(z.maxLength(256))),
  device: z.optional(hkDeviceSchema),
  timeZone: z.optional(z.string().check(z.maxLength(64))),
  stages: z
    .array(
      z.object({
        startDate: dateTime,
        endDate: dateTime,
        value: z.union([z.string(), z.int()]),
      }),
    )
    .check(z.minLength(1), z.maxLength(2000)),
});
export type HealthKitSleepSession = z.infer<typeof healthKitSleepSessionSchema>;

/** One companion-app night → one sleep sample spanning its stages. */
export function fromHealthKitSleepSession(session: HealthKitSleepSession): Sample {
  const stages = session.stages.map((s) => {
    const stage = HK_SLEEP_VALUES[String(s.value)];
    if (!stage) throw new ValidationError('Unknown sleep analysis value');
    return { stage, start: s.startDate, end: s.endDate };
  });
  const byStart = [...stages].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const start = byStart[0]?.start as string;
  const end = stages.reduce((e, s) => (Date.parse(s.end) > Date.parse(e) ? s.end : e), start);
  let asleepMs = 0;
  for (const s of stages)
    if (s.stage === 'light' || s.stage === 'deep' || s.stage === 'rem' || s.stage === 'asleep')
      asleepMs += Date.parse(s.end) - Date.parse(s.start);
  const device = deviceOf(session.device);
  return {
    id: sampleId(APPLE_PROVIDER, session.uuid),
    kind: 'sleep',
    value: asleepMs / 60_000,
    unit: 'min',
    stages: byStart,
    time: { start, end, ...(session.timeZone ? { timeZone: session.timeZone } : {}) },
    provenance: {
      provider: APPLE_PROVIDER,
      sourceRecordId: session.uuid,
      ...(session.sourceName ? { sourceName: session.sourceName } : {}),
      ...(device ? { device } : {}),
    },
  };
}

/** What the companion iOS app posts: new samples since its HKAnchoredObjectQuery anchor, and deletions. */
export const healthKitPushSchema = z.object({
  samples: z._default(z.array(z.unknown()).check(z.maxLength(10_000)), []),
  sleepSessions: z._default(z.array(z.unknown()).check(z.maxLength(1000)), []),
  deletedObjects: z._default(
    z.array(z.object({ uuid: uuidSchema, type: z.optional(z.string()) })).check(z.maxLength(10_000)),
    [],
  ),
  /** The app's anchor, echoed back untouched so it can store it after a 200. */
  anchor: z.optional(z.string().check(z.maxLength(4096))),
});
export type HealthKitPush = z.infer<typeof healthKitPushSchema>;

function deviceOf(d: z.infer<typeof hkDeviceSchema> | undefined): DeviceInfo | undefined {
  if (!d || Object.keys(d).length === 0) return undefined;
  const lower = `${d.name ?? ''} ${d.model ?? ''}`.toLowerCase();
  const type = lower.includes('watch') ? 'watch' : lower.includes('iphone') ? 'phone' : undefined;
  return { ...d, ...(type ? { type } : {}) };
}

/** One HealthKit sample → a normalized sample (throws ValidationError when it cannot be used). */
export function fromHealthKitSample(input: HealthKitSample): Sample {
  const id = sampleId(APPLE_PROVIDER, input.uuid);
  const device = deviceOf(input.device);
  const provenance = {
    provider: APPLE_PROVIDER,
    sourceRecordId: input.uuid,
    ...(input.sourceName ? { sourceName: input.sourceName } : {}),
    ...(device ? { device } : {}),
  };
  const time = {
    start: input.startDate,
    ...(input.endDate !== input.startDate ? { end: input.endDate } : {}),
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
  };
  const base = { id, time, provenance };
  if (input.type === HK_SLEEP && !('unit' in input)) {
    {
      const stage = HK_SLEEP_VALUES[String(input.value)];
      if (!stage) throw new ValidationError('Unknown sleep analysis value');
      const minutes = (Date.parse(input.endDate) - Date.parse(input.startDate)) / 60_000;
      const asleep = stage === 'light' || stage === 'deep' || stage === 'rem' || stage === 'asleep';
      return {
        ...base,
        time: { ...time, end: input.endDate },
        kind: 'sleep',
        value: asleep ? minutes : 0,
        unit: 'min',
        stages: [{ stage, start: input.startDate, end: input.endDate }],
      };
    }
  }
  if ('objects' in input) {
    {
      const systolic = input.objects.find((o) => o.type === HK_SYSTOLIC)?.value;
      const diastolic = input.objects.find((o) => o.type === HK_DIASTOLIC)?.value;
      if (systolic === undefined || diastolic === undefined)
        throw new ValidationError('Blood pressure needs a systolic and a diastolic value');
      return { ...base, kind: 'blood_pressure', systolic, diastolic, unit: 'mm[Hg]' };
    }
  }
  if ('workoutActivityType' in input) {
    {
      const minutes =
        input.duration !== undefined
          ? input.duration / 60
          : (Date.parse(input.endDate) - Date.parse(input.startDate)) / 60_000;
      const energy = input.totalEnergyBurned
        ? normalizeQuantity('active_energy', input.totalEnergyBurned.value, input.totalEnergyBurned.unit)
            .value
        : undefined;
      const distance = input.totalDistance
        ? normalizeQuantity('distance', input.totalDistance.value, input.totalDistance.unit).value
        : undefined;
      return {
        ...base,
        kind: 'workout',
        activity:
          typeof input.workoutActivityType === 'number'
            ? `hk_activity_${input.workoutActivityType}`
            : workoutActivityName(input.workoutActivityType),
        value: Math.round(minutes * 1000) / 1000,
        unit: 'min',
        ...(energy !== undefined ? { energyKcal: energy } : {}),
        ...(distance !== undefined ? { distanceKm: distance } : {}),
      };
    }
  }
  if ('unit' in input) {
    {
      const mapping = HK_QUANTITY_TYPES[input.type];
      if (!mapping) throw new ValidationError('Unsupported HealthKit type');
      if (mapping.kind === 'hrv_sdnn')
        return { ...base, kind: 'hrv', method: 'sdnn', value: input.value, unit: 'ms' };
      const q = normalizeQuantity(
        mapping.kind,
        input.value,
        input.unit,
        mapping.fraction ? { fraction: 'auto' } : {},
      );
      return { ...base, kind: mapping.kind, value: q.value, unit: q.unit };
    }
  }
  throw new ValidationError('Unsupported HealthKit type');
}

export function healthKitChanges(body: HealthKitPush): PushChanges {
  const changes = mapRecords(body.samples, healthKitSampleSchema, (record, out) => {
    try {
      out.samples.push(fromHealthKitSample(record));
    } catch (error) {
      if (error instanceof UnitConversionError) throw new ValidationError('Unsupported unit');
      throw error;
    }
  });
  const nights = mapRecords(body.sleepSessions, healthKitSleepSessionSchema, (session, out) => {
    out.samples.push(fromHealthKitSleepSession(session));
  });
  changes.samples.push(...nights.samples);
  // Session problems are reported after the samples, numbered past them.
  for (const r of nights.rejected)
    changes.rejected.push({ index: body.samples.length + r.index, reason: r.reason });
  changes.deletedIds = body.deletedObjects.map((d) => sampleId(APPLE_PROVIDER, d.uuid));
  if (body.anchor !== undefined) changes.anchor = body.anchor;
  return changes;
}

/**
 * `POST` endpoint for a companion iOS app: `{ samples, deletedObjects, anchor }` from an
 * HKAnchoredObjectQuery. Sample UUIDs are the ids, so a resend after a timeout changes
 * nothing, and deleted objects remove what was stored under their UUID.
 */
export function createHealthKitPushHandler(options: PushHandlerOptions) {
  return createPushHandler(APPLE_PROVIDER, healthKitPushSchema, healthKitChanges, options);
}
