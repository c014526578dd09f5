import * as z from 'zod/mini';

/**
 * The normalized sample, shaped after Open mHealth / IEEE 1752.1: one measure, one canonical
 * UCUM unit, one time frame that keeps the source's own offset or zone, and provenance that
 * names where it came from (the source record id makes every write idempotent).
 */
export const SAMPLE_KINDS = [
  'steps',
  'distance',
  'active_energy',
  'heart_rate',
  'resting_heart_rate',
  'hrv',
  'weight',
  'body_fat',
  'oxygen_saturation',
  'blood_pressure',
  'respiratory_rate',
  'body_temperature',
  'sleep',
  'workout',
] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

/** Canonical UCUM unit of every quantity kind; conversions in units.ts land here. */
export const CANONICAL_UNITS = {
  steps: '{steps}',
  distance: 'km',
  active_energy: 'kcal',
  heart_rate: '/min',
  resting_heart_rate: '/min',
  hrv: 'ms',
  weight: 'kg',
  body_fat: '%',
  oxygen_saturation: '%',
  respiratory_rate: '/min',
  body_temperature: 'Cel',
  blood_pressure: 'mm[Hg]',
  sleep: 'min',
} as const;
export type QuantityKind = Exclude<SampleKind, 'blood_pressure' | 'sleep' | 'workout' | 'hrv'>;

/** Kinds whose values add up over time (and so can be double counted by overlapping sources). */
export const CUMULATIVE_KINDS = ['steps', 'distance', 'active_energy'] as const;
export type CumulativeKind = (typeof CUMULATIVE_KINDS)[number];
export function isCumulativeKind(kind: SampleKind): kind is CumulativeKind {
  return kind === 'steps' || kind === 'distance' || kind === 'active_energy';
}

export const SLEEP_STAGES = ['awake', 'light', 'deep', 'rem', 'asleep', 'in_bed', 'out_of_bed'] as const;
export type SleepStage = (typeof SLEEP_STAGES)[number];

// The schemas are built on first use (z.lazy memoizes each): constructing them at import
// time cost a few milliseconds of every entry's 30 ms import budget.
function buildModelSchemas() {
  // RFC 3339 with an explicit offset: a sample without one cannot be put on a local day.
  const dateTime = z.iso.datetime({ offset: true });

  const timeFrameSchema = z
    .object({
      /** Instant, or the start of an interval; RFC 3339 with the source's UTC offset. */
      start: dateTime,
      /** End of an interval (absent for an instant). */
      end: z.optional(dateTime),
      /** IANA zone the source recorded in, when known (wins over the offset for local days). */
      timeZone: z.optional(z.string().check(z.minLength(1))),
    })
    .check(
      z.refine((t) => t.end === undefined || Date.parse(t.end) >= Date.parse(t.start), {
        message: 'end is before start',
        path: ['end'],
      }),
    );

  const deviceSchema = z.object({
    name: z.optional(z.string()),
    manufacturer: z.optional(z.string()),
    model: z.optional(z.string()),
    hardwareVersion: z.optional(z.string()),
    softwareVersion: z.optional(z.string()),
    /** What kind of device: watch, phone, ring, scale… (drives the default dedup priority). */
    type: z.optional(z.enum(['watch', 'ring', 'band', 'phone', 'scale', 'cuff', 'oximeter', 'other'])),
  });

  const provenanceSchema = z.object({
    /** Which integration produced it: apple-health, google-health, health-connect, samsung-health, … */
    provider: z.string().check(z.minLength(1)),
    /** App or source name as the platform reports it ("Jane's Apple Watch", "com.fitbit.FitbitMobile"). */
    sourceName: z.optional(z.string()),
    device: z.optional(deviceSchema),
    /** The platform's own id of the record (HealthKit UUID, Health Connect id, data point name). */
    sourceRecordId: z.string().check(z.minLength(1)),
    /** How it was recorded. */
    recordingMethod: z.optional(z.enum(['automatic', 'manual', 'unknown'])),
  });

  const base = {
    /** Stable id: `<provider>:<sourceRecordId>`, the idempotency key of every write. */
    id: z.string().check(z.minLength(1)),
    time: timeFrameSchema,
    provenance: provenanceSchema,
    /** For derived samples (daily totals): the sources that contributed and how much each did. */
    derivedFrom: z.optional(z.array(z.object({ source: z.string(), value: z.number() }))),
    /** `day`: a per-local-day total produced by dailyTotals. */
    aggregation: z.optional(z.enum(['day'])),
  };

  const finite = z.number();

  const quantitySampleSchema = z.object({
    ...base,
    kind: z.enum([
      'steps',
      'distance',
      'active_energy',
      'heart_rate',
      'resting_heart_rate',
      'weight',
      'body_fat',
      'oxygen_saturation',
      'respiratory_rate',
      'body_temperature',
    ]),
    value: finite,
    unit: z.string().check(z.minLength(1)),
  });

  const hrvSampleSchema = z.object({
    ...base,
    kind: z.literal('hrv'),
    /** SDNN and RMSSD are different statistics: they are never merged or converted. */
    method: z.enum(['sdnn', 'rmssd']),
    value: finite,
    unit: z.literal('ms'),
  });

  const bloodPressureSampleSchema = z.object({
    ...base,
    kind: z.literal('blood_pressure'),
    systolic: finite,
    diastolic: finite,
    unit: z.literal('mm[Hg]'),
  });

  const sleepStageSchema = z.object({ stage: z.enum(SLEEP_STAGES), start: dateTime, end: dateTime });

  const sleepSampleSchema = z.object({
    ...base,
    kind: z.literal('sleep'),
    /** Minutes asleep (stages other than awake / in bed / out of bed). */
    value: finite,
    unit: z.literal('min'),
    stages: z.array(sleepStageSchema),
  });

  const workoutSampleSchema = z.object({
    ...base,
    kind: z.literal('workout'),
    /** Activity name in snake case (running, walking, cycling, …). */
    activity: z.string().check(z.minLength(1)),
    /** Duration in minutes. */
    value: finite,
    unit: z.literal('min'),
    energyKcal: z.optional(finite),
    distanceKm: z.optional(finite),
    steps: z.optional(finite),
  });

  const sampleSchema = z.discriminatedUnion('kind', [
    quantitySampleSchema,
    hrvSampleSchema,
    bloodPressureSampleSchema,
    sleepSampleSchema,
    workoutSampleSchema,
  ]);
  return {
    timeFrameSchema,
    deviceSchema,
    provenanceSchema,
    quantitySampleSchema,
    hrvSampleSchema,
    bloodPressureSampleSchema,
    sleepStageSchema,
    sleepSampleSchema,
    workoutSampleSchema,
    sampleSchema,
  };
}
let built: ReturnType<typeof buildModelSchemas> | undefined;
const schemas = () => {
  built ??= buildModelSchemas();
  return built;
};

export const timeFrameSchema = z.lazy(() => schemas().timeFrameSchema);
export const deviceSchema = z.lazy(() => schemas().deviceSchema);
export const provenanceSchema = z.lazy(() => schemas().provenanceSchema);
export const quantitySampleSchema = z.lazy(() => schemas().quantitySampleSchema);
export const hrvSampleSchema = z.lazy(() => schemas().hrvSampleSchema);
export const bloodPressureSampleSchema = z.lazy(() => schemas().bloodPressureSampleSchema);
export const sleepStageSchema = z.lazy(() => schemas().sleepStageSchema);
export const sleepSampleSchema = z.lazy(() => schemas().sleepSampleSchema);
export const workoutSampleSchema = z.lazy(() => schemas().workoutSampleSchema);
export const sampleSchema = z.lazy(() => schemas().sampleSchema);

export type TimeFrame = z.infer<typeof timeFrameSchema>;
export type DeviceInfo = z.infer<typeof deviceSchema>;
export type SampleProvenance = z.infer<typeof provenanceSchema>;

export type QuantitySample = z.infer<typeof quantitySampleSchema>;
export type HrvSample = z.infer<typeof hrvSampleSchema>;
export type BloodPressureSample = z.infer<typeof bloodPressureSampleSchema>;
export type SleepSample = z.infer<typeof sleepSampleSchema>;
export type WorkoutSample = z.infer<typeof workoutSampleSchema>;
export type Sample = z.infer<typeof sampleSchema>;

/** `<provider>:<sourceRecordId>`, the one id scheme every source uses. */
export function sampleId(provider: string, sourceRecordId: string): string {
  return `${provider}:${sourceRecordId}`;
}

/** Start and end in epoch ms (end = start for an instant). */
export function timeRange(time: TimeFrame): { startMs: number; endMs: number } {
  const startMs = Date.parse(time.start);
  return { startMs, endMs: time.end === undefined ? startMs : Date.parse(time.end) };
}

/** How dedup names a source: the app/source name, else the device, else the provider. */
export function sourceKey(sample: Pick<Sample, 'provenance'>): string {
  const p = sample.provenance;
  return p.sourceName ?? p.device?.name ?? p.device?.model ?? p.provider;
}
