import type { StableHasher } from '../hash';
import type { DeviceInfo, QuantityKind, SleepStage } from '../model';

export const APPLE_PROVIDER = 'apple-health';

/** HealthKit quantity types we normalize, with how their values arrive. */
export const HK_QUANTITY_TYPES: Record<string, { kind: QuantityKind | 'hrv_sdnn'; fraction?: boolean }> = {
  HKQuantityTypeIdentifierStepCount: { kind: 'steps' },
  HKQuantityTypeIdentifierDistanceWalkingRunning: { kind: 'distance' },
  HKQuantityTypeIdentifierActiveEnergyBurned: { kind: 'active_energy' },
  HKQuantityTypeIdentifierHeartRate: { kind: 'heart_rate' },
  HKQuantityTypeIdentifierRestingHeartRate: { kind: 'resting_heart_rate' },
  // HealthKit only measures SDNN; RMSSD never comes from Apple.
  HKQuantityTypeIdentifierHeartRateVariabilitySDNN: { kind: 'hrv_sdnn' },
  HKQuantityTypeIdentifierBodyMass: { kind: 'weight' },
  // HealthKit stores ratios as fractions even when it labels them "%".
  HKQuantityTypeIdentifierBodyFatPercentage: { kind: 'body_fat', fraction: true },
  HKQuantityTypeIdentifierOxygenSaturation: { kind: 'oxygen_saturation', fraction: true },
  HKQuantityTypeIdentifierRespiratoryRate: { kind: 'respiratory_rate' },
  HKQuantityTypeIdentifierBodyTemperature: { kind: 'body_temperature' },
};

export const HK_SLEEP = 'HKCategoryTypeIdentifierSleepAnalysis';
export const HK_BLOOD_PRESSURE = 'HKCorrelationTypeIdentifierBloodPressure';
export const HK_SYSTOLIC = 'HKQuantityTypeIdentifierBloodPressureSystolic';
export const HK_DIASTOLIC = 'HKQuantityTypeIdentifierBloodPressureDiastolic';

export const HK_SLEEP_VALUES: Record<string, SleepStage> = {
  HKCategoryValueSleepAnalysisInBed: 'in_bed',
  HKCategoryValueSleepAnalysisAsleep: 'asleep',
  HKCategoryValueSleepAnalysisAsleepUnspecified: 'asleep',
  HKCategoryValueSleepAnalysisAsleepCore: 'light',
  HKCategoryValueSleepAnalysisAsleepDeep: 'deep',
  HKCategoryValueSleepAnalysisAsleepREM: 'rem',
  HKCategoryValueSleepAnalysisAwake: 'awake',
  // Numeric raw values, as a companion app may send them.
  '0': 'in_bed',
  '1': 'asleep',
  '2': 'awake',
  '3': 'light',
  '4': 'deep',
  '5': 'rem',
};

/** "HKWorkoutActivityTypeTraditionalStrengthTraining" → "traditional_strength_training". */
export function workoutActivityName(type: string): string {
  const bare = type.replace(/^HKWorkoutActivityType/, '');
  return (
    bare
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
      .toLowerCase() || 'other'
  );
}

const deviceCache = new Map<string, DeviceInfo | undefined>();

/**
 * Apple writes devices as "<<HKDevice: 0x…>, name:Apple Watch, manufacturer:Apple Inc.,
 * model:Watch, hardware:Watch6,1, software:10.1>" (the hardware id itself has a comma).
 * Exports repeat a handful of distinct strings millions of times, so results are cached.
 */
let lastRaw: string | undefined;
let lastDevice: DeviceInfo | undefined;

export function parseHkDevice(raw: string | undefined): DeviceInfo | undefined {
  if (!raw) return undefined;
  // Consecutive records nearly always share a device: an equality check beats a Map lookup.
  if (raw === lastRaw) return lastDevice;
  if (deviceCache.has(raw)) {
    lastRaw = raw;
    lastDevice = deviceCache.get(raw);
    return lastDevice;
  }
  const field = (re: RegExp) => re.exec(raw)?.[1]?.trim() || undefined;
  const name = field(
    /[<,]\s*name:(.*?)(?:, (?:manufacturer|model|hardware|software|localIdentifier|UDIDeviceIdentifier):|>$)/,
  );
  const manufacturer = field(
    /manufacturer:(.*?)(?:, (?:model|hardware|software|localIdentifier|UDIDeviceIdentifier):|>$)/,
  );
  const model = field(/model:(.*?)(?:, (?:hardware|software|localIdentifier|UDIDeviceIdentifier):|>$)/);
  const hardwareVersion = field(/hardware:(.*?)(?:, (?:software|localIdentifier|UDIDeviceIdentifier):|>$)/);
  const softwareVersion = field(/software:(.*?)(?:, (?:localIdentifier|UDIDeviceIdentifier):|>$)/);
  const lower = `${name ?? ''} ${model ?? ''}`.toLowerCase();
  const type = lower.includes('watch') ? 'watch' : lower.includes('iphone') ? 'phone' : undefined;
  const device: DeviceInfo | undefined =
    name || model
      ? {
          ...(name ? { name } : {}),
          ...(manufacturer ? { manufacturer } : {}),
          ...(model ? { model } : {}),
          ...(hardwareVersion ? { hardwareVersion } : {}),
          ...(softwareVersion ? { softwareVersion } : {}),
          ...(type ? { type } : {}),
        }
      : undefined;
  if (deviceCache.size < 10_000) deviceCache.set(raw, device);
  lastRaw = raw;
  lastDevice = device;
  return device;
}

// Consecutive records mostly share their day and always their UTC offset: the ISO forms of the
// last ones are kept ("2024-01-01T", "-05:00") and checked character by character, so a date
// costs one slice and two concatenations instead of seven strings.
let lastDay = '';
let lastDayIso = '';
let lastOffset = -1;
let lastOffsetIso = '';

/** "2024-01-01 08:10:00 -0500" → "2024-01-01T08:10:00-05:00" (undefined when malformed). */
export function appleDate(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.length !== 25 || raw.charCodeAt(10) !== 32 || raw.charCodeAt(19) !== 32)
    return undefined;
  let sameDay = lastDay.length === 10;
  for (let i = 0; sameDay && i < 10; i++) sameDay = raw.charCodeAt(i) === lastDay.charCodeAt(i);
  if (!sameDay) {
    lastDay = raw.slice(0, 10);
    lastDayIso = `${lastDay}T`;
  }
  // The offset's five characters packed into one number (seven bits each, ASCII only).
  const c20 = raw.charCodeAt(20);
  const c21 = raw.charCodeAt(21);
  const c22 = raw.charCodeAt(22);
  const c23 = raw.charCodeAt(23);
  const c24 = raw.charCodeAt(24);
  const offset =
    (c20 | c21 | c22 | c23 | c24) < 128 ? (((c20 * 128 + c21) * 128 + c22) * 128 + c23) * 128 + c24 : -1;
  if (offset < 0 || offset !== lastOffset) {
    lastOffset = offset;
    lastOffsetIso = `${raw.slice(20, 23)}:${raw.slice(23, 25)}`;
  }
  return lastDayIso + raw.slice(11, 19) + lastOffsetIso;
}

// "2024-01-01 08:10:00 -0500": 0 where a digit goes, 1 for the offset's sign, else the character.
const DATE_SHAPE = [0, 0, 0, 0, 45, 0, 0, 45, 0, 0, 32, 0, 0, 58, 0, 0, 58, 0, 0, 32, 1, 0, 0, 0, 0];

/** What hashAppleDate read: the date as numbers, equal exactly when the strings are equal. */
export const appleDateKey = {
  /** yyyyMMddHHmmss, or NaN when the string is not an Apple date. */
  time: Number.NaN,
  /** HHmm of the offset, plus 10000 when it is negative. */
  offset: 0,
};

/**
 * Hashes `raw` into `hasher` exactly as hasher.add(raw) would, and in the same pass reads it as
 * an Apple date into appleDateKey: each character of a multi-gigabyte export's dates is read
 * once, and dates are then compared and cached as numbers.
 */
export function hashAppleDate(hasher: StableHasher, raw: string | undefined): void {
  let h1 = hasher.h1;
  let h2 = hasher.h2;
  let time = Number.NaN;
  let offset = 0;
  if (raw !== undefined) {
    const n = raw.length;
    let ok = n === 25;
    time = 0;
    for (let i = 0; i < n; i++) {
      const k = raw.charCodeAt(i);
      h1 = Math.imul(h1 ^ k, 2654435761);
      h2 = Math.imul(h2 ^ k, 1597334677);
      if (!ok) continue;
      const want = DATE_SHAPE[i] as number;
      if (want === 0) {
        const d = k - 48;
        if (d < 0 || d > 9) ok = false;
        else if (i < 19) time = time * 10 + d;
        else offset = offset * 10 + d;
      } else if (want === 1) {
        if (k === 45) offset = 1;
        else if (k !== 43) ok = false;
      } else if (k !== want) ok = false;
    }
    if (!ok) time = Number.NaN;
  }
  hasher.h1 = Math.imul(h1 ^ 0x1f, 2654435761);
  hasher.h2 = Math.imul(h2 ^ 0x1f, 1597334677);
  appleDateKey.time = time;
  appleDateKey.offset = offset;
}
