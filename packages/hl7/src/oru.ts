import type { Hl7Message, Hl7Segment, Hl7Value } from './message';

/** A coded element (CE/CWE/CNE): identifier, text, coding system, and the alternate triple. */
export interface Hl7Coded {
  code?: string;
  display?: string;
  system?: string;
  alternate?: { code?: string; display?: string; system?: string };
  /** CWE-9 original text. */
  text?: string;
}

export interface OruObservation {
  segment: Hl7Segment;
  /** Occurrence of this OBX in the message, 1-based (for `OBX(n)` paths). */
  occurrence: number;
  setId: Hl7Value;
  /** OBX-2 value type (NM, ST, TX, FT, CE, CWE, SN, DT, DTM, TS, …). */
  valueType: string | undefined;
  /** OBX-3 observation identifier. */
  code: Hl7Coded;
  /** OBX-4 sub-id. */
  subId: Hl7Value;
  /** OBX-6 units. */
  units: Hl7Coded;
  /** OBX-7 reference range text. */
  referenceRange: Hl7Value;
  /** OBX-8 abnormal flags, every repetition. */
  abnormalFlags: string[];
  /** OBX-11 result status. */
  status: Hl7Value;
  /** OBX-14 date/time of the observation (HL7 format). */
  observedAt: Hl7Value;
  /** NTE segments that follow this OBX. */
  notes: string[];
}

export interface OruSpecimen {
  segment: Hl7Segment;
  /** SPM-2.1 specimen id (placer^filler EIP: the first component given). */
  id: Hl7Value;
  /** SPM-4 specimen type. */
  type: Hl7Coded;
  /** SPM-17.1 collection date/time. */
  collectedAt: Hl7Value;
  observations: OruObservation[];
}

export interface OruOrder {
  /** The ORC before the OBR, if any. */
  orc?: Hl7Segment;
  obr: Hl7Segment;
  /** Occurrence of this OBR in the message, 1-based. */
  occurrence: number;
  placerOrderNumber: Hl7Value;
  fillerOrderNumber: Hl7Value;
  /** OBR-4 universal service identifier. */
  service: Hl7Coded;
  /** OBR-7 observation date/time. */
  observedAt: Hl7Value;
  /** OBR-22 results report/status change date/time. */
  reportedAt: Hl7Value;
  /** OBR-25 result status. */
  resultStatus: Hl7Value;
  observations: OruObservation[];
  notes: string[];
  specimens: OruSpecimen[];
}

export interface OruPatient {
  segment: Hl7Segment;
  identifiers: Array<{
    value: string;
    assigner?: string;
    assignerId?: string;
    assignerIdType?: string;
    type?: string;
  }>;
  names: Array<{ family?: string; given: string[]; prefix?: string; suffix?: string; use?: string }>;
  birthDate: Hl7Value;
  sex: Hl7Value;
  notes: string[];
}

export interface OruVisit {
  segment: Hl7Segment;
  patientClass: Hl7Value;
  visitNumber: Hl7Value;
}

export interface OruR01 {
  message: Hl7Message;
  patient?: OruPatient;
  visit?: OruVisit;
  orders: OruOrder[];
  /** OBX segments that arrived before any OBR (kept, never dropped). */
  unorderedObservations: OruObservation[];
}

function str(v: Hl7Value): string | undefined {
  return v === null || v === undefined ? undefined : v;
}

/** Reads a CE/CWE/CNE repetition. */
export function readCoded(seg: Hl7Segment, field: number, repetition = 1): Hl7Coded {
  const out: Hl7Coded = {};
  const code = str(seg.getAt(field, 1, 1, repetition));
  const display = str(seg.getAt(field, 2, 1, repetition));
  const system = str(seg.getAt(field, 3, 1, repetition));
  if (code !== undefined) out.code = code;
  if (display !== undefined) out.display = display;
  if (system !== undefined) out.system = system;
  const altCode = str(seg.getAt(field, 4, 1, repetition));
  const altDisplay = str(seg.getAt(field, 5, 1, repetition));
  if (altCode !== undefined || altDisplay !== undefined) {
    const alt: Hl7Coded['alternate'] = {};
    if (altCode !== undefined) alt.code = altCode;
    if (altDisplay !== undefined) alt.display = altDisplay;
    const altSystem = str(seg.getAt(field, 6, 1, repetition));
    if (altSystem !== undefined) alt.system = altSystem;
    out.alternate = alt;
  }
  const text = str(seg.getAt(field, 9, 1, repetition));
  if (text !== undefined) out.text = text;
  return out;
}

function observation(seg: Hl7Segment, occurrence: number): OruObservation {
  const flags: string[] = [];
  for (const f of seg.getRepetitions(8)) if (f) flags.push(f);
  return {
    segment: seg,
    occurrence,
    setId: seg.getAt(1),
    valueType: str(seg.getAt(2)),
    code: readCoded(seg, 3),
    subId: seg.getAt(4),
    units: readCoded(seg, 6),
    referenceRange: seg.getAt(7),
    abnormalFlags: flags,
    status: seg.getAt(11),
    observedAt: seg.getAt(14),
    notes: [],
  };
}

function noteText(nte: Hl7Segment): string {
  // NTE-3 is a repeating FT: each repetition is a line.
  return nte
    .getRepetitions(3)
    .map((v) => v ?? '')
    .join('\n');
}

function patient(seg: Hl7Segment): OruPatient {
  const identifiers: OruPatient['identifiers'] = [];
  for (let r = 1; r <= seg.repetitionCount(3); r++) {
    const value = str(seg.getAt(3, 1, 1, r));
    if (value === undefined) continue;
    const id: OruPatient['identifiers'][number] = { value };
    const assigner = str(seg.getAt(3, 4, 1, r));
    if (assigner !== undefined) id.assigner = assigner;
    const assignerId = str(seg.getAt(3, 4, 2, r));
    if (assignerId !== undefined) id.assignerId = assignerId;
    const assignerIdType = str(seg.getAt(3, 4, 3, r));
    if (assignerIdType !== undefined) id.assignerIdType = assignerIdType;
    const type = str(seg.getAt(3, 5, 1, r));
    if (type !== undefined) id.type = type;
    identifiers.push(id);
  }
  const names: OruPatient['names'] = [];
  for (let r = 1; r <= seg.repetitionCount(5); r++) {
    const name: OruPatient['names'][number] = { given: [] };
    const family = str(seg.getAt(5, 1, 1, r));
    if (family !== undefined) name.family = family;
    for (const c of [2, 3]) {
      const g = str(seg.getAt(5, c, 1, r));
      if (g !== undefined) name.given.push(g);
    }
    const suffix = str(seg.getAt(5, 4, 1, r));
    if (suffix !== undefined) name.suffix = suffix;
    const prefix = str(seg.getAt(5, 5, 1, r));
    if (prefix !== undefined) name.prefix = prefix;
    const use = str(seg.getAt(5, 7, 1, r));
    if (use !== undefined) name.use = use;
    if (name.family !== undefined || name.given.length) names.push(name);
  }
  return { segment: seg, identifiers, names, birthDate: seg.getAt(7), sex: seg.getAt(8), notes: [] };
}

/**
 * A typed view over an ORU^R01 (any version): patient, visit, orders with their observations,
 * notes and specimens. It reads what is there and never rejects a message for missing parts.
 */
export function readOruR01(message: Hl7Message): OruR01 {
  const result: OruR01 = { message, orders: [], unorderedObservations: [] };
  let orc: Hl7Segment | undefined;
  let order: OruOrder | undefined;
  let specimen: OruSpecimen | undefined;
  let lastObx: OruObservation | undefined;
  let obxCount = 0;
  let obrCount = 0;
  for (const seg of message.segments) {
    switch (seg.name) {
      case 'PID':
        if (!result.patient) result.patient = patient(seg);
        lastObx = undefined;
        break;
      case 'PV1':
        if (!result.visit)
          result.visit = { segment: seg, patientClass: seg.getAt(2), visitNumber: seg.getAt(19) };
        break;
      case 'ORC':
        orc = seg;
        break;
      case 'OBR':
        order = {
          ...(orc ? { orc } : {}),
          obr: seg,
          occurrence: ++obrCount,
          placerOrderNumber: seg.getAt(2) ?? orc?.getAt(2),
          fillerOrderNumber: seg.getAt(3) ?? orc?.getAt(3),
          service: readCoded(seg, 4),
          observedAt: seg.getAt(7),
          reportedAt: seg.getAt(22),
          resultStatus: seg.getAt(25),
          observations: [],
          notes: [],
          specimens: [],
        };
        orc = undefined;
        specimen = undefined;
        lastObx = undefined;
        result.orders.push(order);
        break;
      case 'OBX': {
        const obs = observation(seg, ++obxCount);
        if (specimen) specimen.observations.push(obs);
        else if (order) order.observations.push(obs);
        else result.unorderedObservations.push(obs);
        lastObx = obs;
        break;
      }
      case 'NTE': {
        const text = noteText(seg);
        if (lastObx) lastObx.notes.push(text);
        else if (order) order.notes.push(text);
        else if (result.patient) result.patient.notes.push(text);
        break;
      }
      case 'SPM':
        if (order) {
          specimen = {
            segment: seg,
            id: seg.getAt(2, 1) ?? seg.getAt(2, 2),
            type: readCoded(seg, 4),
            collectedAt: seg.getAt(17),
            observations: [],
          };
          order.specimens.push(specimen);
          lastObx = undefined;
        }
        break;
      default:
        break;
    }
  }
  return result;
}
