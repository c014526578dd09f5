import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  Coding,
  DiagnosticReport,
  Encounter,
  HumanName,
  Identifier,
  Observation,
  ObservationReferenceRange,
  Patient,
  Quantity,
  Reference,
  Resource,
  Specimen,
} from '@medplum/fhirtypes';
import { Hl7MappingError } from './errors';
import type { Hl7Message } from './message';
import { type Hl7Coded, type OruObservation, type OruOrder, type OruR01, readOruR01 } from './oru';
import { toUcum } from './ucum';

export interface ToFhirOptions {
  /**
   * UTC offset (`+01:00`, `Z`) for HL7 timestamps that carry a time but no offset. FHIR needs
   * one; without this option such values keep only their date and a warning is recorded.
   */
  defaultTimezone?: string;
  /** Receives mapping warnings (never patient data). */
  warnings?: string[];
  /** Makes `urn:uuid:` ids (defaults to crypto.randomUUID). */
  newId?: () => string;
  /** Identifier system for PID-3 values whose assigning authority has no OID. */
  identifierSystem?: (assigner: string | undefined) => string | undefined;
}

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const UCUM_SYSTEM = 'http://unitsofmeasure.org';
const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const DATA_ABSENT = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';

/** HL7 coding system names (table 0396) → FHIR system URIs. */
const SYSTEMS: Record<string, string> = {
  LN: 'http://loinc.org',
  LNC: 'http://loinc.org',
  SCT: 'http://snomed.info/sct',
  SNM: 'http://snomed.info/sct',
  UCUM: UCUM_SYSTEM,
  I10: 'http://hl7.org/fhir/sid/icd-10',
  I10C: 'http://hl7.org/fhir/sid/icd-10-cm',
  I9C: 'http://hl7.org/fhir/sid/icd-9-cm',
  C4: 'http://www.ama-assn.org/go/cpt',
  CPT: 'http://www.ama-assn.org/go/cpt',
  RXNORM: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  HL70078: 'http://terminology.hl7.org/CodeSystem/v2-0078',
  HL70487: 'http://terminology.hl7.org/CodeSystem/v2-0487',
  HL70074: V2_0074,
};

function systemUri(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const known = SYSTEMS[name.toUpperCase()];
  if (known) return known;
  if (/^\d+(\.\d+)+$/.test(name)) return `urn:oid:${name}`;
  if (/^HL7\d{4}$/i.test(name)) return `http://terminology.hl7.org/CodeSystem/v2-${name.slice(3)}`;
  // A local system name: a URI-shaped placeholder keeps the code without inventing a meaning.
  return `urn:hl7v2:coding-system:${encodeURIComponent(name)}`;
}

function codeable(c: Hl7Coded): CodeableConcept | undefined {
  const coding: Coding[] = [];
  if (c.code !== undefined) {
    const system = systemUri(c.system);
    coding.push({
      ...(system ? { system } : {}),
      code: c.code,
      ...(c.display ? { display: c.display } : {}),
    });
  }
  if (c.alternate?.code !== undefined) {
    const system = systemUri(c.alternate.system);
    coding.push({
      ...(system ? { system } : {}),
      code: c.alternate.code,
      ...(c.alternate.display ? { display: c.alternate.display } : {}),
    });
  }
  const text = c.text ?? (coding.length === 0 ? c.display : undefined);
  if (coding.length === 0 && !text) return undefined;
  return { ...(coding.length ? { coding } : {}), ...(text ? { text } : {}) };
}

const TS_RE = /^(\d{4})(\d{2})?(\d{2})?(?:(\d{2})(\d{2})?(\d{2})?(\.\d{1,4})?)?([+-]\d{4}|Z)?$/;

/** HL7 DTM/TS → FHIR dateTime (precision kept; a time without offset needs `defaultTimezone`). */
export function toFhirDateTime(
  value: string | null | undefined,
  options: ToFhirOptions = {},
): string | undefined {
  if (!value) return undefined;
  const m = TS_RE.exec(value.trim());
  if (!m) {
    options.warnings?.push('A date/time was not in HL7 format and was left out');
    return undefined;
  }
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let date = y!;
  if (mo) date += `-${mo}`;
  if (mo && d) date += `-${d}`;
  if (!h || !d) return date;
  let offset: string | undefined;
  if (zone === 'Z') offset = 'Z';
  else if (zone) offset = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  else offset = options.defaultTimezone;
  if (!offset) {
    options.warnings?.push('A time without UTC offset was reduced to its date (set defaultTimezone)');
    return date;
  }
  return `${date}T${h}:${mi ?? '00'}:${s ?? '00'}${frac ?? ''}${offset}`;
}

function toFhirDate(value: string | null | undefined): string | undefined {
  const m = value ? /^(\d{4})(\d{2})?(\d{2})?/.exec(value) : null;
  if (!m) return undefined;
  return [m[1], m[2], m[2] ? m[3] : undefined].filter(Boolean).join('-');
}

const GENDER: Record<string, Patient['gender']> = {
  M: 'male',
  F: 'female',
  O: 'other',
  A: 'other',
  U: 'unknown',
  N: 'unknown',
};

const NAME_USE: Record<string, HumanName['use']> = {
  L: 'official',
  D: 'usual',
  M: 'maiden',
  N: 'nickname',
  A: 'anonymous',
  B: 'official',
  C: 'old',
  T: 'temp',
};

/** HL7 table 0123 (OBR-25) → DiagnosticReport.status. */
const REPORT_STATUS: Record<string, DiagnosticReport['status']> = {
  O: 'registered',
  I: 'registered',
  S: 'registered',
  A: 'partial',
  P: 'preliminary',
  R: 'partial',
  C: 'corrected',
  F: 'final',
  X: 'cancelled',
  Y: 'entered-in-error',
  Z: 'entered-in-error',
};

/** HL7 table 0085 (OBX-11) → Observation.status. */
const OBS_STATUS: Record<string, Observation['status']> = {
  C: 'corrected',
  D: 'entered-in-error',
  F: 'final',
  I: 'registered',
  N: 'cancelled',
  P: 'preliminary',
  R: 'preliminary',
  S: 'preliminary',
  U: 'final',
  W: 'entered-in-error',
  X: 'cancelled',
};

function num(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const t = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return undefined;
  return Number(t);
}

function quantity(value: number, obx: OruObservation): Quantity {
  const q: Quantity = { value };
  const unit = obx.units.code ?? obx.units.display;
  if (unit) {
    const ucum = obx.units.system?.toUpperCase() === 'UCUM' ? unit : toUcum(unit);
    q.unit = obx.units.display ?? unit;
    if (ucum) {
      q.system = UCUM_SYSTEM;
      q.code = ucum;
    }
  }
  return q;
}

type ObservationValue = Pick<
  Observation,
  | 'valueQuantity'
  | 'valueString'
  | 'valueCodeableConcept'
  | 'valueRatio'
  | 'valueRange'
  | 'valueDateTime'
  | 'valueInteger'
>;

function observationValue(obx: OruObservation, options: ToFhirOptions): ObservationValue | undefined {
  const seg = obx.segment;
  const type = (obx.valueType ?? '').toUpperCase();
  const first = seg.getAt(5);
  if (first === undefined || first === null) {
    if (seg.repetitionCount(5) === 0) return undefined;
  }
  switch (type) {
    case 'NM': {
      const n = num(first);
      if (n === undefined) {
        options.warnings?.push(`OBX(${obx.occurrence})-5 is not a number; mapped as text`);
        return first ? { valueString: first } : undefined;
      }
      return { valueQuantity: quantity(n, obx) };
    }
    case 'SN': {
      const comparator = (seg.getAt(5, 1) ?? '').trim();
      const n1 = num(seg.getAt(5, 2));
      const sep = (seg.getAt(5, 3) ?? '').trim();
      const n2 = num(seg.getAt(5, 4));
      if (n1 !== undefined && (sep === ':' || sep === '/') && n2 !== undefined) {
        return { valueRatio: { numerator: { value: n1 }, denominator: { value: n2 } } };
      }
      if (n1 !== undefined && sep === '-' && n2 !== undefined) {
        return { valueRange: { low: quantity(n1, obx), high: quantity(n2, obx) } };
      }
      if (n1 !== undefined && sep === '') {
        const q = quantity(n1, obx);
        if (comparator === '<' || comparator === '>' || comparator === '<=' || comparator === '>=')
          q.comparator = comparator;
        else if (comparator !== '' && comparator !== '=') {
          options.warnings?.push(`OBX(${obx.occurrence})-5 has an SN comparator FHIR cannot express`);
        }
        return { valueQuantity: q };
      }
      options.warnings?.push(
        `OBX(${obx.occurrence})-5 is not a structured numeric FHIR can express; mapped as text`,
      );
      return { valueString: seg.getRaw('5') };
    }
    case 'CE':
    case 'CWE':
    case 'CNE':
    case 'CF': {
      const cc = codeable(readCodedField(obx));
      return cc ? { valueCodeableConcept: cc } : undefined;
    }
    case 'DT':
    case 'DTM':
    case 'TS': {
      const dt = toFhirDateTime(first, options);
      return dt ? { valueDateTime: dt } : { valueString: first ?? '' };
    }
    default: {
      // ST, TX, FT and anything else readable as text: repetitions are lines.
      const lines = seg.getRepetitions(5).map((v) => v ?? '');
      const text = lines.join('\n');
      return text ? { valueString: text } : undefined;
    }
  }
}

function readCodedField(obx: OruObservation): Hl7Coded {
  const seg = obx.segment;
  const out: Hl7Coded = {};
  const get = (c: number) => seg.getAt(5, c) ?? undefined;
  const code = get(1);
  const display = get(2);
  const system = get(3);
  if (code) out.code = code;
  if (display) out.display = display;
  if (system) out.system = system;
  const altCode = get(4);
  if (altCode) {
    out.alternate = { code: altCode };
    const altDisplay = get(5);
    const altSystem = get(6);
    if (altDisplay) out.alternate.display = altDisplay;
    if (altSystem) out.alternate.system = altSystem;
  }
  const text = get(9);
  if (text) out.text = text;
  return out;
}

/** OBX-7 → referenceRange: `low-high`, `<x`, `>x`, `<=x`, `>=x`; anything else as text. */
function referenceRange(obx: OruObservation): ObservationReferenceRange[] | undefined {
  const text = obx.referenceRange;
  if (!text) return undefined;
  const t = text.trim();
  const range = /^([+-]?\d*\.?\d+)\s*-\s*([+-]?\d*\.?\d+)$/.exec(t);
  if (range) return [{ low: quantity(Number(range[1]), obx), high: quantity(Number(range[2]), obx) }];
  const bound = /^(<=|>=|<|>)\s*([+-]?\d*\.?\d+)$/.exec(t);
  if (bound) {
    const q = quantity(Number(bound[2]), obx);
    return [{ ...(bound[1]!.startsWith('<') ? { high: q } : { low: q }), text: t }];
  }
  return [{ text: t }];
}

function identifier(value: string | null | undefined, type: 'PLAC' | 'FILL'): Identifier | undefined {
  if (!value) return undefined;
  return { type: { coding: [{ system: V2_0203, code: type }] }, value };
}

interface Entry {
  fullUrl: string;
  resource: Resource;
  ifNoneExist?: string;
}

/**
 * ORU^R01 → FHIR R4 transaction Bundle (Patient, Encounter, Specimen, DiagnosticReport per
 * OBR, Observation per OBX) following the HL7 v2-to-FHIR mapping. Throws Hl7MappingError when
 * a value FHIR requires is missing (e.g. OBR-25).
 */
export function toFhir(message: Hl7Message, options: ToFhirOptions = {}): Bundle {
  return oruToFhir(readOruR01(message), options);
}

export function oruToFhir(oru: OruR01, options: ToFhirOptions = {}): Bundle {
  const newId = options.newId ?? (() => crypto.randomUUID());
  const entries: Entry[] = [];
  const add = <T extends Resource>(resource: T, ifNoneExist?: string): Reference<T> => {
    const fullUrl = `urn:uuid:${newId()}`;
    entries.push({ fullUrl, resource, ...(ifNoneExist ? { ifNoneExist } : {}) });
    return { reference: fullUrl };
  };

  let subject: Reference<Patient> | undefined;
  if (oru.patient) {
    const p = oru.patient;
    const patient: Patient = { resourceType: 'Patient' };
    const ids: Identifier[] = p.identifiers.map((id) => {
      const system =
        id.assignerId && /^(ISO|OID)$/i.test(id.assignerIdType ?? '')
          ? `urn:oid:${id.assignerId}`
          : options.identifierSystem?.(id.assigner);
      return {
        ...(id.type ? { type: { coding: [{ system: V2_0203, code: id.type }] } } : {}),
        ...(system ? { system } : {}),
        value: id.value,
        ...(id.assigner ? { assigner: { display: id.assigner } } : {}),
      };
    });
    if (ids.length) patient.identifier = ids;
    const names: HumanName[] = p.names.map((n) => ({
      ...(n.use && Object.hasOwn(NAME_USE, n.use) ? { use: NAME_USE[n.use] } : {}),
      ...(n.family ? { family: n.family } : {}),
      ...(n.given.length ? { given: n.given } : {}),
      ...(n.prefix ? { prefix: [n.prefix] } : {}),
      ...(n.suffix ? { suffix: [n.suffix] } : {}),
    }));
    if (names.length) patient.name = names;
    const gender = p.sex ? GENDER[p.sex.toUpperCase()] : undefined;
    if (gender) patient.gender = gender;
    const birthDate = toFhirDate(p.birthDate);
    if (birthDate) patient.birthDate = birthDate;
    const first = ids.find((i) => i.system);
    subject = add(
      patient,
      first ? `identifier=${encodeURIComponent(`${first.system}|${first.value}`)}` : undefined,
    );
  }

  let encounter: Reference<Encounter> | undefined;
  if (oru.visit) {
    const cls = (oru.visit.patientClass ?? '').toUpperCase();
    const code = cls === 'I' ? 'IMP' : cls === 'E' ? 'EMER' : cls === 'P' ? 'PRENC' : 'AMB';
    const enc: Encounter = {
      resourceType: 'Encounter',
      status: 'unknown',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code },
      ...(subject ? { subject } : {}),
      ...(oru.visit.visitNumber
        ? {
            identifier: [
              { type: { coding: [{ system: V2_0203, code: 'VN' }] }, value: oru.visit.visitNumber },
            ],
          }
        : {}),
    };
    encounter = add(enc);
  }

  const observationFor = (
    obx: OruObservation,
    order: OruOrder | undefined,
    specimen?: Reference<Specimen>,
  ): Reference<Observation> => {
    const statusCode = (obx.status ?? '').toUpperCase();
    const status = OBS_STATUS[statusCode];
    if (!status) {
      options.warnings?.push(`OBX(${obx.occurrence})-11 is missing or unknown; status set to unknown`);
    }
    const obs: Observation = {
      resourceType: 'Observation',
      status: status ?? 'unknown',
      category: [{ coding: [{ system: OBS_CATEGORY, code: 'laboratory' }] }],
      code: codeable(obx.code) ?? { text: 'Unknown observation' },
    };
    if (subject) obs.subject = subject;
    if (encounter) obs.encounter = encounter;
    const effective = toFhirDateTime(obx.observedAt ?? order?.observedAt, options);
    if (effective) obs.effectiveDateTime = effective;
    if (statusCode === 'X') {
      obs.dataAbsentReason = { coding: [{ system: DATA_ABSENT, code: 'not-performed' }] };
    } else {
      const value = observationValue(obx, options);
      if (value) Object.assign(obs, value);
      else obs.dataAbsentReason = { coding: [{ system: DATA_ABSENT, code: 'unknown' }] };
    }
    if (obx.abnormalFlags.length) {
      obs.interpretation = obx.abnormalFlags.map((flag) => ({
        coding: [{ system: INTERPRETATION, code: flag }],
      }));
    }
    const rr = referenceRange(obx);
    if (rr) obs.referenceRange = rr;
    if (obx.notes.length) obs.note = obx.notes.map((text) => ({ text }));
    if (specimen) obs.specimen = specimen;
    return add(obs);
  };

  for (const order of oru.orders) {
    const statusCode = order.resultStatus ?? undefined;
    if (!statusCode)
      throw new Hl7MappingError('OBR-25 result status is required', `OBR(${order.occurrence})-25`);
    const status = REPORT_STATUS[statusCode.toUpperCase()];
    if (!status)
      throw new Hl7MappingError(
        'OBR-25 result status is not in HL7 table 0123',
        `OBR(${order.occurrence})-25`,
      );
    const specimenRefs: Reference<Specimen>[] = [];
    const results: Reference<Observation>[] = [];
    const specimenOf = new Map<OruObservation, Reference<Specimen>>();
    for (const spm of order.specimens) {
      const specimen: Specimen = { resourceType: 'Specimen' };
      if (spm.id) specimen.identifier = [{ value: spm.id }];
      const type = codeable(spm.type);
      if (type) specimen.type = type;
      if (subject) specimen.subject = subject;
      const collected = toFhirDateTime(spm.collectedAt, options);
      if (collected) specimen.collection = { collectedDateTime: collected };
      const ref = add(specimen);
      specimenRefs.push(ref);
      for (const obs of spm.observations) specimenOf.set(obs, ref);
    }
    const report: DiagnosticReport = {
      resourceType: 'DiagnosticReport',
      status,
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }] }],
      code: codeable(order.service) ?? { text: 'Laboratory report' },
    };
    const ids = [
      identifier(order.placerOrderNumber, 'PLAC'),
      identifier(order.fillerOrderNumber, 'FILL'),
    ].filter((i): i is Identifier => i !== undefined);
    if (ids.length) report.identifier = ids;
    if (subject) report.subject = subject;
    if (encounter) report.encounter = encounter;
    const effective = toFhirDateTime(order.observedAt, options);
    if (effective) report.effectiveDateTime = effective;
    const issued = toFhirDateTime(order.reportedAt, options);
    if (issued?.includes('T')) report.issued = issued;
    if (order.notes.length) report.conclusion = order.notes.join('\n');
    const reportIndex = entries.length;
    add(
      report,
      order.fillerOrderNumber ? `identifier=${encodeURIComponent(order.fillerOrderNumber)}` : undefined,
    );
    for (const obx of order.observations) results.push(observationFor(obx, order));
    for (const spm of order.specimens) {
      for (const obx of spm.observations) results.push(observationFor(obx, order, specimenOf.get(obx)));
    }
    if (results.length) report.result = results;
    if (specimenRefs.length) report.specimen = specimenRefs;
    // The report was added before its results so the bundle reads top-down.
    entries[reportIndex]!.resource = report;
  }
  for (const obx of oru.unorderedObservations) observationFor(obx, undefined);

  const entry: BundleEntry[] = entries.map((e) => ({
    fullUrl: e.fullUrl,
    resource: e.resource,
    request: {
      method: 'POST',
      url: e.resource.resourceType,
      ...(e.ifNoneExist ? { ifNoneExist: e.ifNoneExist } : {}),
    },
  }));
  return { resourceType: 'Bundle', type: 'transaction', entry };
}
