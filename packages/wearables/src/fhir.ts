import type { CodeableConcept, Device, Observation, Patient, Reference } from '@medplum/fhirtypes';
import type { Sample } from './model';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** For measures LOINC has no code for (RMSSD), so they are never mislabeled as SDNN. */
export const MEDFLOW_WEARABLE_CODES = 'https://medflow.dev/fhir/CodeSystem/wearable';
export const MEDFLOW_SOURCE_IDS = 'https://medflow.dev/fhir/NamingSystem/wearable-source-record';

const loinc = (code: string, display: string): CodeableConcept => ({
  coding: [{ system: LOINC, code, display }],
  text: display,
});

function codeFor(sample: Sample): CodeableConcept {
  switch (sample.kind) {
    case 'steps':
      return sample.aggregation === 'day'
        ? loinc('41950-7', 'Number of steps in 24 hour Measured')
        : loinc('55423-8', 'Number of steps in unspecified time Pedometer');
    case 'distance':
      return loinc('55430-3', 'Walking distance unspecified time Pedometer');
    case 'active_energy':
      return loinc('41981-2', 'Calories burned');
    case 'heart_rate':
      return loinc('8867-4', 'Heart rate');
    case 'resting_heart_rate':
      return loinc('40443-4', 'Heart rate --resting');
    case 'hrv':
      return sample.method === 'sdnn'
        ? loinc('80404-7', 'R-R interval.standard deviation (Heart rate variability)')
        : {
            coding: [
              { system: MEDFLOW_WEARABLE_CODES, code: 'hrv-rmssd', display: 'Heart rate variability RMSSD' },
            ],
            text: 'Heart rate variability (RMSSD)',
          };
    case 'weight':
      return loinc('29463-7', 'Body weight');
    case 'body_fat':
      return loinc('41982-0', 'Percentage of body fat Measured');
    case 'oxygen_saturation':
      return {
        coding: [
          {
            system: LOINC,
            code: '59408-5',
            display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
          },
          { system: LOINC, code: '2708-6', display: 'Oxygen saturation in Arterial blood' },
        ],
        text: 'Oxygen saturation',
      };
    case 'blood_pressure':
      return loinc('85354-9', 'Blood pressure panel with all children optional');
    case 'respiratory_rate':
      return loinc('9279-1', 'Respiratory rate');
    case 'body_temperature':
      return loinc('8310-5', 'Body temperature');
    case 'sleep':
      return loinc('93832-4', 'Sleep duration');
    case 'workout':
      return loinc('55411-3', 'Exercise duration');
  }
}

const VITAL = new Set([
  'heart_rate',
  'resting_heart_rate',
  'weight',
  'oxygen_saturation',
  'blood_pressure',
  'respiratory_rate',
  'body_temperature',
]);

function categoryFor(sample: Sample): CodeableConcept[] {
  const code = VITAL.has(sample.kind) ? 'vital-signs' : 'activity';
  return [
    {
      coding: [{ system: CATEGORY, code, display: code === 'vital-signs' ? 'Vital Signs' : 'Activity' }],
      text: code === 'vital-signs' ? 'Vital Signs' : 'Activity',
    },
  ];
}

const quantity = (value: number, unit: string) => ({ value, unit, system: UCUM, code: unit });

export interface ToFhirOptions {
  /** `Patient/<id>`, a bare id, or a Reference. */
  patient: string | Reference<Patient>;
  /** Adds a contained Device (from the sample's provenance) and references it. Default true. */
  includeDevice?: boolean;
}

/** Normalized samples → FHIR R4 Observations (LOINC, UCUM, effectivePeriod for intervals). */
export function toFhirObservations(samples: readonly Sample[], options: ToFhirOptions): Observation[] {
  const subject: Reference<Patient> =
    typeof options.patient === 'string'
      ? { reference: options.patient.includes('/') ? options.patient : `Patient/${options.patient}` }
      : options.patient;
  return samples.map((sample) => toObservation(sample, subject, options.includeDevice ?? true));
}

function toObservation(sample: Sample, subject: Reference<Patient>, includeDevice: boolean): Observation {
  const obs: Observation = {
    resourceType: 'Observation',
    meta: { source: `urn:medflow:wearables:${sample.provenance.provider}` },
    identifier: [{ system: MEDFLOW_SOURCE_IDS, value: sample.id }],
    status: 'final',
    category: categoryFor(sample),
    code: codeFor(sample),
    subject,
  };
  const interval = sample.time.end !== undefined && sample.time.end !== sample.time.start;
  if (interval) obs.effectivePeriod = { start: sample.time.start, end: sample.time.end };
  else obs.effectiveDateTime = sample.time.start;

  switch (sample.kind) {
    case 'blood_pressure':
      obs.component = [
        {
          code: loinc('8480-6', 'Systolic blood pressure'),
          valueQuantity: quantity(sample.systolic, 'mm[Hg]'),
        },
        {
          code: loinc('8462-4', 'Diastolic blood pressure'),
          valueQuantity: quantity(sample.diastolic, 'mm[Hg]'),
        },
      ];
      break;
    case 'workout':
      obs.valueQuantity = quantity(sample.value, 'min');
      obs.component = [
        {
          code: {
            coding: [{ system: MEDFLOW_WEARABLE_CODES, code: 'workout-activity' }],
            text: 'Activity type',
          },
          valueString: sample.activity,
        },
        ...(sample.energyKcal !== undefined
          ? [
              {
                code: loinc('41981-2', 'Calories burned'),
                valueQuantity: quantity(sample.energyKcal, 'kcal'),
              },
            ]
          : []),
        ...(sample.distanceKm !== undefined
          ? [
              {
                code: loinc('55430-3', 'Walking distance unspecified time Pedometer'),
                valueQuantity: quantity(sample.distanceKm, 'km'),
              },
            ]
          : []),
      ];
      break;
    default:
      obs.valueQuantity = quantity(sample.value, sample.unit);
  }
  if (sample.derivedFrom?.length) {
    obs.note = [
      {
        text: `Merged by source priority from: ${sample.derivedFrom.map((d) => `${d.source} (${d.value})`).join(', ')}`,
      },
    ];
  }
  const device = includeDevice ? deviceOf(sample) : undefined;
  if (device) {
    obs.contained = [device];
    obs.device = { reference: `#${device.id}`, display: device.deviceName?.[0]?.name };
  }
  return obs;
}

function deviceOf(sample: Sample): Device | undefined {
  const d = sample.provenance.device;
  const name = d?.name ?? sample.provenance.sourceName;
  if (!d && !name) return undefined;
  const device: Device = { resourceType: 'Device', id: 'device' };
  if (name) device.deviceName = [{ name, type: 'user-friendly-name' }];
  if (d?.manufacturer) device.manufacturer = d.manufacturer;
  if (d?.model) device.modelNumber = d.model;
  const versions = [
    ...(d?.hardwareVersion ? [{ type: { text: 'hardware' }, value: d.hardwareVersion }] : []),
    ...(d?.softwareVersion ? [{ type: { text: 'software' }, value: d.softwareVersion }] : []),
  ];
  if (versions.length) device.version = versions;
  return device;
}
