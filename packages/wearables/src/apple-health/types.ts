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

// An export is written in one or two UTC offsets: the last one's ISO form is kept, so a date
// is two slices and one concatenation instead of a string built from five pieces.
let lastOffset = '';
let lastIsoOffset = '';

/** "2024-01-01 08:10:00 -0500" → "2024-01-01T08:10:00-05:00" (undefined when malformed). */
export function appleDate(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.length !== 25 || raw.charCodeAt(10) !== 32 || raw.charCodeAt(19) !== 32)
    return undefined;
  const offset = raw.slice(20);
  if (offset !== lastOffset) {
    lastIsoOffset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
    lastOffset = offset;
  }
  return `${raw.slice(0, 10)}T${raw.slice(11, 19)}${lastIsoOffset}`;
}
