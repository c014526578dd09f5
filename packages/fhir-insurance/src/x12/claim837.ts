import { CARC, codeDescription, lookupCode, RARC } from './codes';
import type { TransactionHeader } from './envelope';
import type { LoopIssue, LoopWalker, X12Loop } from './loops';
import { findSegment, firstLoop } from './loops';
import { createWalker, envelopePipeline, type ParseOptions, pump, runSync } from './parse';
import type { Adjustment, ProcedureCode } from './remit835';
import { codeOf, elementOf, FieldReader, idCode, procedureAt } from './scanner';
import type { X12Delimiters, X12Input, X12Segment } from './tokenizer';

export interface Claim837Party {
  entity: 'person' | 'organization';
  lastName: string;
  firstName: string | undefined;
  idQualifier: string | undefined;
  id: string | undefined;
}

/** A reference identifier: REF01 qualifier and REF02 value. */
export interface Claim837Reference {
  qualifier: string;
  value: string;
}

/** N3/N4 as sent (the postal code without a dash, as the 837P carries it). */
export interface Claim837Address {
  line: string[];
  city: string;
  state: string | undefined;
  postalCode: string | undefined;
  /** N404, outside the United States. */
  country: string | undefined;
}

/**
 * A provider of the claim as another payer knows it (2330C–2330G): the guide sends only the
 * entity and that payer's identifiers for it, the name staying in the claim's 2310 loops.
 */
export interface Claim837OtherPayerProvider {
  entity: 'person' | 'organization';
  /** REF: REF01 (0B, 1G, G2, LU as the loop allows) and REF02. */
  secondaryIds: Claim837Reference[];
}

export interface Claim837OtherPayerProviders {
  /** 2330C: NM1*DN, or NM1*P3 (`primaryCare`). */
  referring?: Claim837OtherPayerProvider & { primaryCare: boolean };
  /** 2330D: NM1*82. */
  rendering?: Claim837OtherPayerProvider;
  /** 2330E: NM1*77. */
  serviceFacility?: Claim837OtherPayerProvider;
  /** 2330F: NM1*DQ. */
  supervising?: Claim837OtherPayerProvider;
  /** 2330G: NM1*85. */
  billing?: Claim837OtherPayerProvider;
}

/**
 * 2320 MOA: what the other payer reported about its outpatient adjudication of the claim, as its
 * 835's MOA carried it. Every element is situational.
 */
export interface Claim837OutpatientAdjudication {
  /** MOA01: the reimbursement rate as a decimal (0.8 for 80%). */
  reimbursementRate: number | undefined;
  /** MOA02: the claim's HCPCS payable amount. */
  hcpcsPayableCents: number | undefined;
  /**
   * MOA03–MOA07: claim payment remark codes (RARC), as sent. A code outside the bundled list, or
   * deactivated before the other payer's adjudication date, is kept and reported as a warning.
   */
  remarks: string[];
  /** MOA08: the end-stage renal disease payment amount. */
  esrdPaymentCents: number | undefined;
  /** MOA09: the professional component amount billed but not payable. */
  nonPayableProfessionalComponentCents: number | undefined;
}

/**
 * A payer that adjudicated the claim before the one it is sent to (2320 with its 2330A/2330B
 * loops): what a secondary or tertiary claim carries about the primary's decision.
 */
export interface Claim837OtherPayer {
  /** SBR01: that payer's responsibility sequence (P primary, S secondary, T tertiary…). */
  responsibility: string;
  /** SBR02: the other subscriber's relationship to the patient (18 self, 01 spouse…). */
  relationship: string | undefined;
  /** SBR03 group or policy number and SBR04 group name. */
  groupNumber: string | undefined;
  groupName: string | undefined;
  /** SBR05 insurance type (Medicare secondary payer cases) and SBR09 claim filing indicator. */
  insuranceType: string | undefined;
  filingIndicator: string | undefined;
  /** AMT*D: what that payer paid on the claim. */
  paidCents: number | undefined;
  /** AMT*A8: the charges that payer did not cover. */
  nonCoveredCents: number | undefined;
  /** AMT*EAF: what remains the patient's to pay after that payer. */
  remainingPatientLiabilityCents: number | undefined;
  /** Claim-level CAS of that payer's adjudication. */
  adjustments: Adjustment[];
  /** OI03 benefits assignment and OI06 release of information. */
  benefitsAssignment: string | undefined;
  releaseOfInformation: string | undefined;
  /** MOA, when that payer's adjudication carried one. */
  outpatientAdjudication: Claim837OutpatientAdjudication | undefined;
  /**
   * 2330A, the other subscriber, with its N3/N4 address and REF identifiers (REF*SY, the social
   * security number: PHI).
   */
  subscriber: Claim837Party & { address: Claim837Address | undefined; secondaryIds: Claim837Reference[] };
  /**
   * 2330B, the other payer (its id is what SVD01 of the lines points at), its N3/N4 address and
   * its other identifiers (REF 2U, EI, FY, NF).
   */
  payer: Claim837Party & { address: Claim837Address | undefined; secondaryIds: Claim837Reference[] };
  /** 2330B DTP*573: the date that payer's check or remittance was issued. */
  adjudicationDate: string | undefined;
  /** 2330B REF*G1: the prior authorization number that payer assigned. */
  priorAuthorization: string | undefined;
  /** 2330B REF*9F: the referral number that payer assigned. */
  referralNumber: string | undefined;
  /** 2330B REF*T4 with Y: that payer re-adjudicated the claim. */
  readjudicated: boolean;
  /** 2330B REF*F8: that payer's claim control number. */
  claimControlNumber: string | undefined;
  /** 2330C–2330G, each present when its loop is. */
  providers: Claim837OtherPayerProviders;
}

/** A line as another payer adjudicated it (2430). */
export interface Claim837LineAdjudication {
  /** SVD01: the other payer, as identified in its 2330B NM109. */
  payerId: string;
  /** SVD02: what that payer paid on the line. */
  paidCents: number;
  /** SVD03: the procedure that payer adjudicated (may differ from the one billed). */
  procedure: ProcedureCode;
  /** SVD05: paid units. */
  units: number | undefined;
  /** SVD06: the line this one was bundled into, when that payer bundled it. */
  bundledLineNumber: number | undefined;
  adjustments: Adjustment[];
  /** DTP*573: the date of that payer's check or remittance. */
  adjudicationDate: string | undefined;
  /** AMT*EAF: what remains the patient's to pay on the line. */
  remainingPatientLiabilityCents: number | undefined;
}

export interface Claim837ServiceLine {
  lineNumber: number;
  procedure: ProcedureCode;
  chargeCents: number;
  /** SV103: UN units, MJ minutes. */
  unit: string;
  quantity: number | undefined;
  placeOfService: string | undefined;
  /** SV107 diagnosis pointers (1-based into `diagnoses`). */
  diagnosisPointers: number[];
  /** DTP*472 date (CCYYMMDD or CCYYMMDD-CCYYMMDD). */
  serviceDate: string | undefined;
  lineControlNumber: string | undefined;
  /** 2430: how earlier payers adjudicated this line (empty on a primary claim). */
  adjudications: Claim837LineAdjudication[];
}

export interface Claim837 {
  /** CLM01. */
  patientControlNumber: string;
  chargeCents: number;
  /** CLM05-1 place of service, CLM05-2 facility qualifier (B), CLM05-3 frequency code. */
  placeOfService: string;
  frequencyCode: string;
  /** CLM06–CLM09: signature, assignment, benefits assignment, release of information. */
  providerSignature: string;
  assignment: string;
  benefitsAssignment: string;
  releaseOfInformation: string;
  /** HI composites: ABK principal, ABF other (ICD-10-CM, decimal point omitted as sent). */
  diagnoses: { qualifier: string; code: string }[];
  serviceLines: Claim837ServiceLine[];
  billingProvider: Claim837Party & { taxId: string | undefined };
  subscriber: Claim837Party & { payerResponsibility: string; groupNumber: string | undefined };
  /** Present when the patient is not the subscriber (2000C). */
  patient: Claim837Party | undefined;
  payer: Claim837Party;
  /** 2320: payers that adjudicated the claim before this one (empty on a primary claim). */
  otherPayers: Claim837OtherPayer[];
  segmentNumber: number;
}

export type Claim837Event =
  | { type: 'claim'; claim: Claim837; transactionControlNumber: string }
  | { type: 'end'; transactionControlNumber: string; claims: number; issues: LoopIssue[] }
  /** Last event of the input: how many segments it held, envelopes included. */
  | { type: 'done'; segments: number };

const el = (s: X12Segment | undefined, n: number): string => s?.elements[n] ?? '';
const opt = (v: string): string | undefined => (v === '' ? undefined : v);

// One reader for every segment: fields are read in place, and only the ones the model keeps
// become strings. Nothing here re-enters, so sharing it is safe.
const f = new FieldReader();

function party(loop: X12Loop | undefined): Claim837Party {
  const nm1 = loop ? findSegment(loop, 'NM1') : undefined;
  if (!nm1)
    return {
      entity: 'organization',
      lastName: '',
      firstName: undefined,
      idQualifier: undefined,
      id: undefined,
    };
  f.load(nm1);
  return {
    entity: f.is(2, '1') ? 'person' : 'organization',
    lastName: f.str(3),
    firstName: f.opt(4),
    idQualifier: f.opt(8),
    id: f.opt(9),
  };
}

/**
 * Billing provider, subscriber and payer are shared by every claim below them and their claims
 * arrive one after another: each is read once and kept until the next one (no WeakMap, whose
 * ephemerons would cost the garbage collector on every claim).
 */
interface PartyCache {
  billingLoop?: X12Loop;
  billing?: Claim837['billingProvider'];
  subscriberLoop?: X12Loop;
  subscriber?: Pick<Claim837, 'subscriber' | 'payer'>;
}

function billingOf(billing: X12Loop | undefined, cache: PartyCache): Claim837['billingProvider'] {
  if (billing && cache.billingLoop === billing && cache.billing) return cache.billing;
  const loop = billing ? firstLoop(billing, '2010AA') : undefined;
  const name = party(loop);
  // Every field in one literal: a spread and then more properties makes V8 move the copy
  // to a new map, once per object. (The subscriber and the 2330 parties are built the same
  // way; each shape has its own fields after the name's five.)
  const value = {
    entity: name.entity,
    lastName: name.lastName,
    firstName: name.firstName,
    idQualifier: name.idQualifier,
    id: name.id,
    taxId: loop ? opt(el(findSegment(loop, 'REF', EI_SY), 2)) : undefined,
  };
  cache.billingLoop = billing;
  cache.billing = value;
  return value;
}

function subscriberOf(hl: X12Loop | undefined, cache: PartyCache): Pick<Claim837, 'subscriber' | 'payer'> {
  if (hl && cache.subscriberLoop === hl && cache.subscriber) return cache.subscriber;
  const sbr = hl ? findSegment(hl, 'SBR') : undefined;
  const name = party(hl ? firstLoop(hl, '2010BA') : undefined);
  const payer = party(hl ? firstLoop(hl, '2010BB') : undefined);
  if (sbr) f.load(sbr);
  const value = {
    subscriber: {
      entity: name.entity,
      lastName: name.lastName,
      firstName: name.firstName,
      idQualifier: name.idQualifier,
      id: name.id,
      payerResponsibility: sbr ? f.str(1) : '',
      groupNumber: sbr ? f.opt(3) : undefined,
    },
    payer,
  };
  cache.subscriberLoop = hl;
  cache.subscriber = value;
  return value;
}

const EI_SY = [1, ['EI', 'SY']] as const;

const CAS = idCode('CAS');
const DTP = idCode('DTP');
const REF = idCode('REF');
const AMT = idCode('AMT');
const SV1 = idCode('SV1');
const HI = idCode('HI');

/** The CAS segment loaded in `f` as adjustments (group, then up to six reason/amount/quantity). */
function adjustmentsInto(out: Adjustment[]): void {
  const group = f.str(1);
  for (let i = 2; i <= 17; i += 3) {
    const reason = f.opt(i);
    if (reason === undefined) continue;
    out.push({
      group,
      reason,
      description: codeDescription(CARC, reason),
      amountCents: f.cents(i + 1) ?? 0,
      quantity: f.quantity(i + 2),
    });
  }
}

/** Reports a code-list warning on an element of a segment of the claim being read. */
type CodeWarning = (segment: X12Segment, element: number, message: string) => void;

const MOA_REMARKS = [3, 4, 5, 6, 7] as const;

/** The MOA loaded in `f`. */
function outpatientAdjudication(): Claim837OutpatientAdjudication {
  const remarks: string[] = [];
  for (const i of MOA_REMARKS) {
    const code = f.opt(i);
    if (code !== undefined) remarks.push(code);
  }
  return {
    reimbursementRate: f.quantity(1),
    hcpcsPayableCents: f.cents(2),
    remarks,
    esrdPaymentCents: f.cents(8),
    nonPayableProfessionalComponentCents: f.cents(9),
  };
}

/**
 * Checks MOA remark codes against the bundled RARC list as the 835 reader does: an unknown code,
 * or one deactivated before the other payer adjudicated the claim, is a warning, never fatal.
 */
function checkRemarks(moa: X12Segment, adjudicationDate: string | undefined, warn: CodeWarning): void {
  f.load(moa);
  const day =
    adjudicationDate !== undefined && /^\d{8}$/.test(adjudicationDate)
      ? `${adjudicationDate.slice(0, 4)}-${adjudicationDate.slice(4, 6)}-${adjudicationDate.slice(6)}`
      : undefined;
  for (const i of MOA_REMARKS) {
    const code = f.opt(i);
    if (code === undefined) continue;
    const found = lookupCode(RARC, code, day);
    if (!found.known) warn(moa, i, 'Remark code not in the bundled RARC list');
    else if (day !== undefined && !found.active) {
      warn(moa, i, 'Remark code was deactivated before the other payer adjudicated the claim');
    }
  }
}

/** A REF loaded in `f` as a qualifier and value pair. */
function referenceInto(out: Claim837Reference[]): void {
  out.push({ qualifier: f.str(1), value: f.str(2) });
}

/** 2330A: the other subscriber's name, N3/N4 address and REF identifiers. */
function otherSubscriber(loop: X12Loop | undefined): Claim837OtherPayer['subscriber'] {
  let address: Claim837Address | undefined;
  const secondaryIds: Claim837Reference[] = [];
  for (const s of loop?.segments ?? []) {
    if (s.id === 'N3' || s.id === 'N4') address = addressInto(address, s);
    else if (s.id === 'REF') {
      f.load(s);
      referenceInto(secondaryIds);
    }
  }
  return addressedParty(loop, address, secondaryIds);
}

/**
 * A 2330A or 2330B party: its name with its address and identifiers, every field in one
 * literal (see billingOf).
 */
function addressedParty(
  loop: X12Loop | undefined,
  address: Claim837Address | undefined,
  secondaryIds: Claim837Reference[],
): Claim837OtherPayer['payer'] {
  const name = party(loop);
  return {
    entity: name.entity,
    lastName: name.lastName,
    firstName: name.firstName,
    idQualifier: name.idQualifier,
    id: name.id,
    address,
    secondaryIds,
  };
}

function otherPayer(loop: X12Loop, warn: CodeWarning): Claim837OtherPayer {
  let paidCents: number | undefined;
  let nonCoveredCents: number | undefined;
  let remainingPatientLiabilityCents: number | undefined;
  let benefitsAssignment: string | undefined;
  let releaseOfInformation: string | undefined;
  let moa: X12Segment | undefined;
  let outpatient: Claim837OutpatientAdjudication | undefined;
  const adjustments: Adjustment[] = [];
  for (const s of loop.segments) {
    if (s.id === 'CAS') {
      f.load(s);
      adjustmentsInto(adjustments);
    } else if (s.id === 'MOA') {
      f.load(s);
      moa = s;
      outpatient = outpatientAdjudication();
    } else if (s.id === 'AMT') {
      f.load(s);
      if (f.is(1, 'D')) paidCents = f.cents(2);
      else if (f.is(1, 'A8')) nonCoveredCents = f.cents(2);
      else if (f.is(1, 'EAF')) remainingPatientLiabilityCents = f.cents(2);
    } else if (s.id === 'OI') {
      f.load(s);
      benefitsAssignment = f.opt(3);
      releaseOfInformation = f.opt(6);
    }
  }
  const payerLoop = firstLoop(loop, '2330B');
  let adjudicationDate: string | undefined;
  let priorAuthorization: string | undefined;
  let referralNumber: string | undefined;
  let readjudicated = false;
  let claimControlNumber: string | undefined;
  let address: Claim837Address | undefined;
  const secondaryIds: Claim837Reference[] = [];
  if (payerLoop) {
    for (const s of payerLoop.segments) {
      if (s.id === 'DTP') {
        if (f.load(s).is(1, '573')) adjudicationDate = f.opt(3);
      } else if (s.id === 'REF') {
        f.load(s);
        if (f.is(1, 'G1')) priorAuthorization = f.opt(2);
        else if (f.is(1, '9F')) referralNumber = f.opt(2);
        else if (f.is(1, 'T4')) readjudicated = f.is(2, 'Y');
        else if (f.is(1, 'F8')) claimControlNumber = f.opt(2);
        // Other qualifiers are kept as identifiers; element validation flags those the loop lacks.
        else referenceInto(secondaryIds);
      } else if (s.id === 'N3' || s.id === 'N4') {
        address = addressInto(address, s);
      }
    }
  }
  const providers: Claim837OtherPayerProviders = {};
  for (const child of loop.loops) {
    const id = child.id;
    if (id === '2330C') providers.referring = otherPayerProvider(child, true);
    else if (id === '2330D') providers.rendering = otherPayerProvider(child, false);
    else if (id === '2330E') providers.serviceFacility = otherPayerProvider(child, false);
    else if (id === '2330F') providers.supervising = otherPayerProvider(child, false);
    else if (id === '2330G') providers.billing = otherPayerProvider(child, false);
  }
  if (moa) checkRemarks(moa, adjudicationDate, warn);
  const subscriber = otherSubscriber(firstLoop(loop, '2330A'));
  const payer = addressedParty(payerLoop, address, secondaryIds);
  f.load(loop.segments[0]!);
  return {
    responsibility: f.str(1),
    relationship: f.opt(2),
    groupNumber: f.opt(3),
    groupName: f.opt(4),
    insuranceType: f.opt(5),
    filingIndicator: f.opt(9),
    paidCents,
    nonCoveredCents,
    remainingPatientLiabilityCents,
    adjustments,
    benefitsAssignment,
    releaseOfInformation,
    outpatientAdjudication: outpatient,
    subscriber,
    payer,
    adjudicationDate,
    priorAuthorization,
    referralNumber,
    readjudicated,
    claimControlNumber,
    providers,
  };
}

/** Adds an N3 or N4 to the address read so far. */
function addressInto(address: Claim837Address | undefined, s: X12Segment): Claim837Address {
  const out = address ?? { line: [], city: '', state: undefined, postalCode: undefined, country: undefined };
  f.load(s);
  if (s.id === 'N3') {
    const first = f.opt(1);
    const second = f.opt(2);
    if (first !== undefined) out.line.push(first);
    if (second !== undefined) out.line.push(second);
  } else {
    out.city = f.str(1);
    out.state = f.opt(2);
    out.postalCode = f.opt(3);
    out.country = f.opt(4);
  }
  return out;
}

/** A 2330C–2330G loop: NM102 and every REF of the loop (and for 2330C, NM101 P3 or DN). */
function otherPayerProvider(
  loop: X12Loop,
  referring: true,
): Claim837OtherPayerProvider & { primaryCare: boolean };
function otherPayerProvider(loop: X12Loop, referring: false): Claim837OtherPayerProvider;
function otherPayerProvider(
  loop: X12Loop,
  referring: boolean,
): Claim837OtherPayerProvider | (Claim837OtherPayerProvider & { primaryCare: boolean }) {
  const secondaryIds: Claim837Reference[] = [];
  let entity: Claim837OtherPayerProvider['entity'] = 'organization';
  let primaryCare = false;
  for (const s of loop.segments) {
    f.load(s);
    if (s.id === 'REF') referenceInto(secondaryIds);
    else if (s.id === 'NM1') {
      entity = f.is(2, '1') ? 'person' : 'organization';
      primaryCare = f.is(1, 'P3');
    }
  }
  return referring ? { entity, secondaryIds, primaryCare } : { entity, secondaryIds };
}

/** A 2430 loop; `sep` is the component separator's code. */
function lineAdjudication(loop: X12Loop, sep: number): Claim837LineAdjudication {
  let adjudicationDate: string | undefined;
  let remainingPatientLiabilityCents: number | undefined;
  const adjustments: Adjustment[] = [];
  for (const s of loop.segments) {
    const code = codeOf(s);
    if (code === CAS) {
      f.load(s);
      adjustmentsInto(adjustments);
    } else if (code === DTP) {
      if (f.load(s).is(1, '573')) adjudicationDate = f.opt(3);
    } else if (code === AMT) {
      if (f.load(s).is(1, 'EAF')) remainingPatientLiabilityCents = f.cents(2);
    }
  }
  f.load(loop.segments[0]!);
  const bundled = f.opt(6);
  return {
    payerId: f.str(1),
    paidCents: f.cents(2) ?? 0,
    procedure: procedureAt(f, 3, sep),
    units: f.quantity(5),
    bundledLineNumber: bundled === undefined ? undefined : Number(bundled),
    adjustments,
    adjudicationDate,
    remainingPatientLiabilityCents,
  };
}

/** A 2400 loop; `sep` is the component separator's code. */
function serviceLine(line: X12Loop, sep: number): Claim837ServiceLine {
  let sv1: X12Segment | undefined;
  let serviceDate: string | undefined;
  let lineControlNumber: string | undefined;
  for (const s of line.segments) {
    const code = codeOf(s);
    if (code === SV1) sv1 = s;
    else if (code === DTP) {
      if (f.load(s).is(1, '472')) serviceDate = f.opt(3);
    } else if (code === REF) {
      if (f.load(s).is(1, '6R')) lineControlNumber = f.opt(2);
    }
  }
  const lineNumber = Number(elementOf(line.segments[0]!, 1));
  const adjudications: Claim837LineAdjudication[] = [];
  for (const child of line.loops) if (child.id === '2430') adjudications.push(lineAdjudication(child, sep));
  if (!sv1) {
    return {
      lineNumber,
      procedure: { qualifier: '', code: '', modifiers: [] },
      chargeCents: 0,
      unit: '',
      quantity: undefined,
      placeOfService: undefined,
      diagnosisPointers: [],
      serviceDate,
      lineControlNumber,
      adjudications,
    };
  }
  f.load(sv1);
  // SV107's pointers, read in place: up to four components, empty ones skipped.
  const pointers: number[] = [];
  const text = f.text;
  const end = f.end(7);
  for (let from = f.start(7); from < end; ) {
    const to = f.next(7, from, sep);
    if (to > from) pointers.push(Number(text.slice(from, to)));
    from = to + 1;
  }
  return {
    lineNumber,
    procedure: procedureAt(f, 1, sep),
    chargeCents: f.cents(2) ?? 0,
    unit: f.str(3),
    quantity: f.quantity(4),
    placeOfService: f.opt(5),
    diagnosisPointers: pointers,
    serviceDate,
    lineControlNumber,
    adjudications,
  };
}

function claimFrom(
  loop: X12Loop,
  ancestors: readonly X12Loop[],
  d: X12Delimiters,
  cache: PartyCache,
  warn: CodeWarning,
): Claim837 {
  const clm = loop.segments[0]!;
  let billing: X12Loop | undefined;
  let subscriberHl: X12Loop | undefined;
  let patientHl: X12Loop | undefined;
  for (const a of ancestors) {
    if (a.id === '2000A') billing = a;
    else if (a.id === '2000B') subscriberHl = a;
    else if (a.id === '2000C') patientHl = a;
  }
  const sep = d.component.charCodeAt(0);
  const diagnoses: Claim837['diagnoses'] = [];
  for (const hi of loop.segments) {
    if (codeOf(hi) !== HI) continue;
    f.load(hi);
    for (let i = 1; i < f.size; i++) {
      const qualifier = f.component(i, 1, sep);
      if (qualifier !== '') diagnoses.push({ qualifier, code: f.component(i, 2, sep) });
    }
  }
  const serviceLines: Claim837ServiceLine[] = [];
  const otherPayers: Claim837OtherPayer[] = [];
  for (const child of loop.loops) {
    if (child.id === '2400') serviceLines.push(serviceLine(child, sep));
    else if (child.id === '2320') otherPayers.push(otherPayer(child, warn));
  }
  const { subscriber, payer } = subscriberOf(subscriberHl, cache);
  const billingProvider = billingOf(billing, cache);
  const patient = patientHl ? party(firstLoop(patientHl, '2010CA')) : undefined;
  // Last: the reader is shared, and the parties above load their own segments into it.
  f.load(clm);
  return {
    patientControlNumber: f.str(1),
    chargeCents: f.cents(2) ?? 0,
    placeOfService: f.component(5, 1, sep),
    frequencyCode: f.component(5, 3, sep),
    providerSignature: f.str(6),
    assignment: f.str(7),
    benefitsAssignment: f.str(8),
    releaseOfInformation: f.str(9),
    diagnoses,
    serviceLines,
    billingProvider,
    subscriber,
    payer,
    patient,
    otherPayers,
    segmentNumber: clm.number,
  };
}

function claimPipeline(emit: (event: Claim837Event) => void, options: ParseOptions) {
  let walker: LoopWalker | undefined;
  let current: TransactionHeader | undefined;
  let claims = 0;
  let cache: PartyCache = {};
  // Code-list warnings of the claims read, merged with the walker's issues at the set's end.
  let warnings: LoopIssue[] = [];
  const warn: CodeWarning = (segment, element, message) => {
    warnings.push({
      severity: 'warning',
      code: 'code',
      message,
      segmentId: segment.id,
      segmentNumber: segment.number,
      position: current ? segment.number - current.segment.number + 1 : 0,
      loopId: '2320',
      element,
    });
  };
  // One handler and one detach set for every transaction set of the stream (see stream835).
  // Claims and finished subscribers are dropped once yielded: memory stays flat.
  const detach = new Set(['2300', '2000B', '2000C']);
  const onLoopEnd = (loop: X12Loop, ancestors: readonly X12Loop[]): void => {
    const tx = current;
    if (loop.id !== '2300' || tx === undefined) return;
    claims++;
    emit({
      type: 'claim',
      claim: claimFrom(loop, ancestors, tx.interchange.delimiters, cache, warn),
      transactionControlNumber: tx.controlNumber,
    });
  };
  const pipeline = envelopePipeline({
    transactionStart(tx) {
      claims = 0;
      cache = {};
      warnings = [];
      current = tx;
      walker = tx.setId === '837' ? createWalker(tx, options, { detach, onLoopEnd }) : undefined;
    },
    segment(segment) {
      walker?.push(segment);
    },
    transactionEnd(tx) {
      if (!walker) return;
      walker.end();
      const issues =
        warnings.length === 0
          ? walker.issues
          : [...walker.issues, ...warnings].sort((a, b) => a.segmentNumber - b.segmentNumber);
      emit({ type: 'end', transactionControlNumber: tx.controlNumber, claims, issues });
    },
  });
  return {
    push: (chunk: string, bytes?: Uint8Array) => pipeline.push(chunk, bytes),
    end: () => {
      pipeline.end();
      emit({ type: 'done', segments: pipeline.segmentCount });
    },
  };
}

/** Streams the claims (2300 loops) of an 837P one at a time, with their provider, subscriber and payer. */
export function stream837P(input: X12Input, options: ParseOptions = {}): AsyncGenerator<Claim837Event> {
  return pump<Claim837Event>(input, (emit) => claimPipeline(emit, options));
}

/** Reads every claim of an in-memory 837P. */
export function parse837P(
  input: string | Uint8Array,
  options: ParseOptions = {},
): { claims: Claim837[]; issues: LoopIssue[] } {
  const claims: Claim837[] = [];
  const issues: LoopIssue[] = [];
  runSync(
    input,
    claimPipeline((e) => {
      if (e.type === 'claim') claims.push(e.claim);
      else if (e.type === 'end') issues.push(...e.issues);
    }, options),
  );
  return { claims, issues };
}
