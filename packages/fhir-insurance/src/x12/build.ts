import type { Claim } from '@medplum/fhirtypes';
import type { EligibilityRequest } from '../eligibility/result';
import { centsToDecimal } from './amounts';
import { writeFailure as fail, itemCharge, itemCoding, moneyCents } from './claim-items';
import { ownValue } from './codes';
import { isX12Character } from './elements';
import type { LoopIssue } from './loops';
import type { X12FunctionalGroup } from './parse';
import {
  type BuiltInterchange,
  DEFAULT_DELIMITERS,
  type EnvelopeOptions,
  toX12Date,
  writeInterchange,
  writeIsa,
  writeSegment,
  type X12SegmentData,
  x12Date,
  x12Time,
} from './writer';

const GENDER: Record<string, string> = { male: 'M', female: 'F', other: 'U', unknown: 'U' };
// 270 2100D INS02 allows 01 spouse, 19 child and 34 other adult (G8 is the 837's "other").
const RELATIONSHIP_270: Record<string, string> = { spouse: '01', child: '19', other: '34' };

/** What build270 needs: the transport-neutral request of checkEligibility (defaults applied or not). */
export type Build270Input = Pick<EligibilityRequest, 'patient' | 'coverage' | 'payer' | 'provider'> &
  Partial<Pick<EligibilityRequest, 'subscriber' | 'relationship' | 'servicedDate' | 'serviceTypes'>>;

export interface Build270Options {
  envelope: EnvelopeOptions;
  /** TRN02 trace number: comes back in the 271 so answers can be matched to questions. */
  traceNumber: string;
  /** TRN03: 1 + EIN or 9 + an id of the clinic's choosing (10 characters). */
  traceOriginator?: string;
  /** BHT03 reference; defaults to the trace number. */
  reference?: string;
}

/** A 270 eligibility inquiry (005010X279A1) for one patient. */
export function build270(input: Build270Input, options: Build270Options): BuiltInterchange {
  const now = options.envelope.now ?? new Date();
  const relationship = input.relationship ?? 'self';
  const dependent = relationship !== 'self' && input.subscriber !== undefined;
  const holder = dependent ? input.subscriber! : input.patient;
  const originator = options.traceOriginator ?? `9${input.provider.npi}`.slice(0, 10);
  const date = input.servicedDate ? toX12Date(input.servicedDate, ['servicedDate']) : undefined;
  const eq: X12SegmentData = ['EQ', { repeat: input.serviceTypes ?? ['30'] }];
  const segments: X12SegmentData[] = [
    ['BHT', '0022', '13', options.reference ?? options.traceNumber, x12Date(now), x12Time(now)],
    ['HL', '1', '', '20', '1'],
    ['NM1', 'PR', '2', input.payer.name, '', '', '', '', 'PI', input.payer.id],
    ['HL', '2', '1', '21', '1'],
    [
      'NM1',
      '1P',
      input.provider.organization === false ? '1' : '2',
      input.provider.name,
      '',
      '',
      '',
      '',
      'XX',
      input.provider.npi,
    ],
    ['HL', '3', '2', '22', dependent ? '1' : '0'],
  ];
  const trn: X12SegmentData = ['TRN', '1', options.traceNumber, originator];
  if (!dependent) segments.push(trn);
  segments.push(personName(holder, 'IL', input.coverage.memberId));
  if (input.coverage.groupNumber) segments.push(['REF', '6P', input.coverage.groupNumber]);
  segments.push([
    'DMG',
    'D8',
    toX12Date(holder.birthDate, ['birthDate']),
    ownValue(GENDER, holder.gender) ?? '',
  ]);
  if (!dependent) {
    if (date) segments.push(['DTP', '291', 'D8', date]);
    segments.push(eq);
  } else {
    segments.push(['HL', '4', '3', '23', '0'], trn, personName(input.patient, '03'));
    segments.push([
      'DMG',
      'D8',
      toX12Date(input.patient.birthDate, ['patient', 'birthDate']),
      ownValue(GENDER, input.patient.gender) ?? '',
    ]);
    segments.push(['INS', 'N', ownValue(RELATIONSHIP_270, relationship) ?? '34']);
    if (date) segments.push(['DTP', '291', 'D8', date]);
    segments.push(eq);
  }
  return writeInterchange(
    { functionalId: 'HS', version: '005010X279A1', setId: '270' },
    [segments],
    options.envelope,
  );
}

export interface Address {
  line: string[];
  city: string;
  state: string;
  postalCode: string;
}

export interface Build837PParties {
  submitter: { name: string; id: string; contactName: string; phone: string };
  receiver: { name: string; id: string };
  billingProvider: { name: string; npi: string; taxId: string; address: Address; taxonomy?: string };
  subscriber: {
    memberId: string;
    family: string;
    given: string[];
    birthDate: string;
    gender?: 'male' | 'female' | 'other' | 'unknown';
    address?: Address;
    groupNumber?: string;
    /** SBR01: P primary (default), S secondary, T tertiary. */
    payerResponsibility?: 'P' | 'S' | 'T';
    /** SBR09 claim filing indicator (CI commercial, MB Medicare B, MC Medicaid…). */
    filingIndicator?: string;
  };
  /** The patient when not the subscriber. */
  patient?: {
    relationship: 'spouse' | 'child' | 'other';
    family: string;
    given: string[];
    birthDate: string;
    gender?: 'male' | 'female' | 'other' | 'unknown';
    address?: Address;
  };
  payer: { name: string; id: string };
  renderingProvider?: { family: string; given: string[]; npi: string };
  /**
   * On a secondary or tertiary claim, the payers that adjudicated it before (2320/2330 and,
   * per line, 2430), in the order they paid. Set `subscriber.payerResponsibility` to the
   * receiving payer's place (S, T) as well.
   */
  otherPayers?: Build837POtherPayer[];
}

/** An adjustment an earlier payer made, in integer cents. */
export interface Build837PAdjustment {
  /** CAS01: CO, PR, OA, PI or CR. */
  group: 'CO' | 'CR' | 'OA' | 'PI' | 'PR';
  /** CARC. */
  reason: string;
  amountCents: number;
  quantity?: number;
}

/** What an earlier payer decided on the claim, as its remittance (835) said. */
export interface Build837POtherPayer {
  /** SBR01 of that payer: P primary, S secondary, T tertiary. */
  responsibility: 'P' | 'S' | 'T';
  /** SBR02: the other subscriber's relationship to the patient; 18 (self) by default. */
  relationship?: string;
  groupNumber?: string;
  groupName?: string;
  /** SBR09 claim filing indicator; CI by default. */
  filingIndicator?: string;
  /** 2330A: the other subscriber (NM1*IL with the member id), its address and identifiers. */
  subscriber: Build837POtherSubscriber;
  /** 2330B: the payer, its address (N3/N4) and its other identifiers (REF 2U, EI, FY, NF; two at most). */
  payer: {
    name: string;
    id: string;
    address?: Address;
    secondaryIds?: Build837PReference<Build837POtherPayerIdQualifier>[];
  };
  /** 2330B REF*G1: the prior authorization number that payer assigned to the claim. */
  priorAuthorization?: string;
  /** 2330B REF*9F: the referral number that payer assigned to the claim. */
  referralNumber?: string;
  /** 2330B REF*T4 (Y): that payer re-adjudicated the claim (payer-to-payer COB). */
  readjudicated?: boolean;
  /** 2330B REF*F8: that payer's claim control number (CLP07 of its 835). */
  claimControlNumber?: string;
  /**
   * 2330C–2330G: the identifiers that payer knows the claim's providers by, when they differ
   * from what the claim's own provider loops send. Only the entity and the REF identifiers are
   * written (the guide leaves the names to the 2310 loops).
   */
  providers?: Build837POtherPayerProviders;
  /** AMT*D: what that payer paid on the claim. */
  paidCents: number;
  /** AMT*A8: the charges that payer did not cover (its non-covered amount). */
  nonCoveredCents?: number;
  /** MOA: that payer's outpatient adjudication, as its 835's MOA said. */
  outpatientAdjudication?: Build837POutpatientAdjudication;
  /** AMT*EAF: what remains the patient's to pay after that payer. */
  remainingPatientLiabilityCents?: number;
  /** Claim-level adjustments (CAS); line-level ones go on `lines`. */
  adjustments?: Build837PAdjustment[];
  /** DTP*573: the date of that payer's check or remittance (ISO date). */
  adjudicationDate: string;
  /** 2430: that payer's decision per service line. */
  lines?: {
    /** Position of the line in `claim.item` (0-based). */
    item: number;
    paidCents: number;
    /** SVD05 paid units; the billed quantity by default. */
    units?: number;
    adjustments?: Build837PAdjustment[];
    remainingPatientLiabilityCents?: number;
  }[];
}

/** 2330A: the subscriber of the earlier payer's coverage. */
export interface Build837POtherSubscriber {
  memberId: string;
  family: string;
  given: string[];
  /** N3/N4. */
  address?: Address;
  /** REF*SY, the subscriber's social security number (one at most). PHI: never logged. */
  secondaryIds?: Build837PReference<'SY'>[];
}

/**
 * 2320 MOA: the earlier payer's outpatient adjudication of the claim (at least one field). Amounts
 * in integer cents; remark codes (RARC) are written as given, up to five.
 */
export interface Build837POutpatientAdjudication {
  /** MOA01: reimbursement rate as a decimal (0.8 for 80%). */
  reimbursementRate?: number;
  /** MOA02: the claim's HCPCS payable amount. */
  hcpcsPayableCents?: number;
  /** MOA03–MOA07: claim payment remark codes. */
  remarks?: string[];
  /** MOA08: end-stage renal disease payment amount. */
  esrdPaymentCents?: number;
  /** MOA09: professional component amount billed but not payable. */
  nonPayableProfessionalComponentCents?: number;
}

/** A reference identifier: REF01 qualifier and REF02 value. */
export interface Build837PReference<Q extends string = string> {
  qualifier: Q;
  value: string;
}

/** 2330B REF01 of the payer's other identifiers: payer id, tax id, claim office, NAIC code. */
export type Build837POtherPayerIdQualifier = '2U' | 'EI' | 'FY' | 'NF';

/** A provider as the other payer knows it: NM102 and one to three REF identifiers (two for billing). */
export interface Build837POtherPayerProvider<Q extends string, E extends 'person' | 'organization'> {
  /** NM102; each loop takes only the entities its provider can be (see the defaults below). */
  entity?: E;
  secondaryIds: Build837PReference<Q>[];
}

export interface Build837POtherPayerProviders {
  /** 2330C (NM1*DN, or NM1*P3 with `primaryCare`): a person; REF 0B, 1G, G2. */
  referring?: Build837POtherPayerProvider<'0B' | '1G' | 'G2', 'person'> & { primaryCare?: boolean };
  /** 2330D (NM1*82): a person by default or an organization; REF 0B, 1G, G2, LU. */
  rendering?: Build837POtherPayerProvider<'0B' | '1G' | 'G2' | 'LU', 'person' | 'organization'>;
  /** 2330E (NM1*77): an organization; REF 0B, G2, LU. */
  serviceFacility?: Build837POtherPayerProvider<'0B' | 'G2' | 'LU', 'organization'>;
  /** 2330F (NM1*DQ): a person; REF 0B, 1G, G2, LU. */
  supervising?: Build837POtherPayerProvider<'0B' | '1G' | 'G2' | 'LU', 'person'>;
  /** 2330G (NM1*85): an organization by default or a person; REF G2, LU (two at most). */
  billing?: Build837POtherPayerProvider<'G2' | 'LU', 'person' | 'organization'>;
}

/**
 * The 2330C–2330G loops in guide order: the key of `providers`, NM101, the entities NM102
 * allows (the first is the default), the REF01 qualifiers and how many REF segments fit.
 */
const OTHER_PAYER_PROVIDERS = [
  { key: 'referring', code: 'DN', entities: ['person'], refs: ['0B', '1G', 'G2'], max: 3 },
  {
    key: 'rendering',
    code: '82',
    entities: ['person', 'organization'],
    refs: ['0B', '1G', 'G2', 'LU'],
    max: 3,
  },
  { key: 'serviceFacility', code: '77', entities: ['organization'], refs: ['0B', 'G2', 'LU'], max: 3 },
  { key: 'supervising', code: 'DQ', entities: ['person'], refs: ['0B', '1G', 'G2', 'LU'], max: 3 },
  { key: 'billing', code: '85', entities: ['organization', 'person'], refs: ['G2', 'LU'], max: 2 },
] as const satisfies readonly {
  key: keyof Build837POtherPayerProviders;
  code: string;
  entities: readonly ('person' | 'organization')[];
  refs: readonly string[];
  max: number;
}[];

const OTHER_PAYER_IDS: readonly string[] = ['2U', 'EI', 'FY', 'NF'];

/**
 * Text a reader gets back as written: X12 drops trailing spaces (a segment's last element loses
 * them on the way), so a value with spaces at either end, or only spaces, is refused.
 */
function trimmed(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && value.trim() === value;
}

/** REF02 is 1 to 50 characters. */
function refValue(value: string, path: (string | number)[]): string {
  if (!trimmed(value) || value.length > 50) {
    fail('A reference identifier is 1 to 50 characters without spaces at either end', path);
  }
  return value;
}

/** REF segments of a list of identifiers, refusing a qualifier the loop does not take. */
function refSegments(
  ids: readonly Build837PReference[],
  allowed: readonly string[],
  max: number,
  path: (string | number)[],
): X12SegmentData[] {
  if (ids.length > max) fail(`This loop carries at most ${max} reference identifiers`, path);
  return ids.map((ref, i) => {
    if (!allowed.includes(ref.qualifier)) {
      fail(`Reference qualifier not allowed here (expected ${allowed.join(', ')})`, [
        ...path,
        i,
        'qualifier',
      ]);
    }
    const value = refValue(ref.value, [...path, i, 'value']);
    // The guide's rule for REF*SY: exactly nine digits, no separators.
    if (ref.qualifier === 'SY' && !/^\d{9}$/.test(value)) {
      fail('A social security number (REF*SY) is exactly nine digits', [...path, i, 'value']);
    }
    return ['REF', ref.qualifier, value];
  });
}

/** N3/N4 of an address, refused when they could not carry it. */
function checkedAddressSegments(address: Address | undefined, at: (string | number)[]): X12SegmentData[] {
  if (address) {
    const { line, city, state, postalCode } = address;
    if (line.length === 0 || line.length > 2 || !line.every((l) => trimmed(l) && l.length <= 55)) {
      fail('An address has one or two lines of 1 to 55 characters without spaces at either end', [
        ...at,
        'line',
      ]);
    }
    if (!trimmed(city) || city.length < 2 || city.length > 30) {
      fail('A city is 2 to 30 characters without spaces at either end', [...at, 'city']);
    }
    if (!/^[A-Z]{2}$/.test(state)) fail('A state is a two-letter code', [...at, 'state']);
    if (!/^[A-Z0-9]{3,15}$/.test(postalCode.replace('-', ''))) {
      fail('A postal code is 3 to 15 letters or digits', [...at, 'postalCode']);
    }
  }
  return addressSegments(address);
}

/** 2330B after its NM1: address, adjudication date, the payer's identifiers, then the claim's at that payer. */
function otherPayerNameSegments(other: Build837POtherPayer, path: (string | number)[]): X12SegmentData[] {
  const claimRef = (qualifier: string, value: string | undefined, key: string): X12SegmentData[] =>
    value === undefined ? [] : [['REF', qualifier, refValue(value, [...path, key])]];
  return [
    ...checkedAddressSegments(other.payer.address, [...path, 'payer', 'address']),
    ['DTP', '573', 'D8', toX12Date(other.adjudicationDate, [...path, 'adjudicationDate'])],
    ...refSegments(other.payer.secondaryIds ?? [], OTHER_PAYER_IDS, 2, [...path, 'payer', 'secondaryIds']),
    ...claimRef('G1', other.priorAuthorization, 'priorAuthorization'),
    ...claimRef('9F', other.referralNumber, 'referralNumber'),
    ...(other.readjudicated ? [['REF', 'T4', 'Y'] as X12SegmentData] : []),
    ...claimRef('F8', other.claimControlNumber, 'claimControlNumber'),
  ];
}

/** MOA01 is a decimal of at most ten digits; written as JavaScript prints it (0.8, 1). */
const RATE = /^\d+(\.\d+)?$/;
/** A remark code as the RARC list writes them: capital letters and digits. */
const REMARK = /^[A-Z0-9]{1,50}$/;

/** An amount given in integer cents, as X12 writes it; anything else is refused with its path. */
function amountText(value: unknown, path: (string | number)[]): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail('Amounts are integer cents', path);
  return centsToDecimal(value);
}

/** 2320 MOA, its trailing empty elements dropped. */
function moaSegments(
  moa: Build837POutpatientAdjudication | undefined,
  path: (string | number)[],
): X12SegmentData[] {
  if (!moa) return [];
  const at = [...path, 'outpatientAdjudication'];
  const rate = moa.reimbursementRate;
  let rateText = '';
  if (rate !== undefined) {
    rateText = typeof rate === 'number' && Number.isFinite(rate) ? String(rate) : '';
    if (!RATE.test(rateText) || rateText.replace('.', '').length > 10) {
      fail('A reimbursement rate is a decimal from 0 with at most 10 digits', [...at, 'reimbursementRate']);
    }
  }
  const amount = (key: keyof Build837POutpatientAdjudication): string => {
    const value = moa[key];
    return value === undefined ? '' : amountText(value, [...at, key]);
  };
  const remarks = moa.remarks ?? [];
  if (remarks.length > 5) fail('MOA carries at most five remark codes', [...at, 'remarks']);
  remarks.forEach((code, i) => {
    if (typeof code !== 'string' || !REMARK.test(code)) {
      fail('A remark code is 1 to 50 capital letters or digits', [...at, 'remarks', i]);
    }
  });
  const moaData: [string, ...string[]] = [
    'MOA',
    rateText,
    amount('hcpcsPayableCents'),
    ...Array.from({ length: 5 }, (_, i) => remarks[i] ?? ''),
    amount('esrdPaymentCents'),
    amount('nonPayableProfessionalComponentCents'),
  ];
  while (moaData.at(-1) === '') moaData.pop();
  if (moaData.length === 1) fail('An outpatient adjudication needs at least one value', at);
  return [moaData];
}

/**
 * NM1 of a person: entity code, family and given names, and the member id (MI) when there is
 * one (270 2100C/2100D, 837P 2010BA and 2330A).
 */
function personName(p: { family: string; given: string[] }, code: string, id?: string): X12SegmentData {
  return [
    'NM1',
    code,
    '1',
    p.family,
    p.given[0] ?? '',
    p.given.slice(1).join(' '),
    '',
    '',
    id ? 'MI' : '',
    id ?? '',
  ];
}

/** 2330A: NM1*IL with the member id, N3/N4 and REF*SY. */
function otherSubscriberSegments(sub: Build837POtherSubscriber, path: (string | number)[]): X12SegmentData[] {
  const at = [...path, 'subscriber'];
  return [
    personName(sub, 'IL', sub.memberId),
    ...checkedAddressSegments(sub.address, [...at, 'address']),
    ...refSegments(sub.secondaryIds ?? [], ['SY'], 1, [...at, 'secondaryIds']),
  ];
}

/** 2330C–2330G: NM1 with the entity only, then the provider's identifiers at that payer. */
function otherPayerProviderSegments(
  providers: Build837POtherPayerProviders | undefined,
  path: (string | number)[],
): X12SegmentData[] {
  if (!providers) return [];
  for (const key of Object.keys(providers)) {
    if (!OTHER_PAYER_PROVIDERS.some((loop) => loop.key === key)) {
      fail('Unknown other-payer provider (referring, rendering, serviceFacility, supervising, billing)', [
        ...path,
        'providers',
        key,
      ]);
    }
  }
  const out: X12SegmentData[] = [];
  for (const loop of OTHER_PAYER_PROVIDERS) {
    const provider: Build837POtherPayerProvider<string, 'person' | 'organization'> | undefined =
      providers[loop.key];
    if (!provider) continue;
    const at = [...path, 'providers', loop.key];
    const entities: readonly string[] = loop.entities;
    const entity = provider.entity ?? loop.entities[0];
    if (!entities.includes(entity)) fail(`This provider cannot be a ${entity}`, [...at, 'entity']);
    const ids = provider.secondaryIds ?? [];
    if (ids.length === 0)
      fail('A provider loop needs at least one reference identifier', [...at, 'secondaryIds']);
    const code = loop.key === 'referring' && providers.referring?.primaryCare ? 'P3' : loop.code;
    out.push(
      ['NM1', code, entity === 'person' ? '1' : '2'],
      ...refSegments(ids, loop.refs, loop.max, [...at, 'secondaryIds']),
    );
  }
  return out;
}

/** CAS segments: adjustments grouped by CAS01, up to six reason/amount/quantity triplets each. */
function casSegments(
  adjustments: readonly Build837PAdjustment[],
  path: (string | number)[],
): X12SegmentData[] {
  const byGroup = new Map<string, Build837PAdjustment[]>();
  for (const a of adjustments) {
    if (!Number.isSafeInteger(a.amountCents)) fail('Adjustment amounts are integer cents', path);
    const list = byGroup.get(a.group);
    if (list) list.push(a);
    else byGroup.set(a.group, [a]);
  }
  const out: X12SegmentData[] = [];
  for (const [group, list] of byGroup) {
    for (let i = 0; i < list.length; i += 6) {
      const cas: [string, ...string[]] = ['CAS', group];
      for (const a of list.slice(i, i + 6))
        cas.push(a.reason, centsToDecimal(a.amountCents), a.quantity === undefined ? '' : String(a.quantity));
      while (cas.at(-1) === '') cas.pop();
      out.push(cas);
    }
  }
  if (out.length > 5) fail('An other-payer loop carries at most five CAS segments', path);
  return out;
}

export interface Build837POptions {
  envelope: EnvelopeOptions;
  /** BHT03 batch reference; defaults to the claim id. */
  reference?: string;
  /** CLM05-3 frequency: 1 original (default), 7 replacement, 8 void. */
  frequencyCode?: string;
}

const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';

const RELATIONSHIP_837: Record<string, string> = { spouse: '01', child: '19', other: 'G8' };

function addressSegments(a: Address | undefined): X12SegmentData[] {
  if (!a) return [];
  return [
    ['N3', a.line[0] ?? '', a.line[1] ?? ''],
    ['N4', a.city, a.state, a.postalCode.replace('-', '')],
  ];
}

/**
 * An 837P professional claim (005010X222A1) from a FHIR Claim plus the parties the Claim
 * only references: billing provider (NPI + tax id), subscriber, payer, submitter.
 */
export function build837P(
  claim: Claim,
  parties: Build837PParties,
  options: Build837POptions,
): BuiltInterchange {
  const now = options.envelope.now ?? new Date();
  const pcn = claim.identifier?.[0]?.value ?? claim.id;
  if (!pcn) fail('The claim needs an identifier (CLM01 patient control number)', ['identifier']);
  if (pcn.length > 20) fail('CLM01 is at most 20 characters', ['identifier', 0, 'value']);
  const diagnoses = [...(claim.diagnosis ?? [])].sort((a, b) => a.sequence - b.sequence);
  if (diagnoses.length === 0) fail('The claim needs at least one diagnosis', ['diagnosis']);
  if (diagnoses.length > 12) fail('An 837P carries at most 12 diagnoses', ['diagnosis']);
  const pointer = new Map<number, number>();
  const hi: string[][] = diagnoses.map((d, i) => {
    const coding =
      d.diagnosisCodeableConcept?.coding?.find((c) => c.system === ICD10) ??
      d.diagnosisCodeableConcept?.coding?.[0];
    if (!coding?.code) fail('Diagnosis without an ICD-10-CM code', ['diagnosis', i]);
    pointer.set(d.sequence, i + 1);
    return [i === 0 ? 'ABK' : 'ABF', coding.code.replace('.', '')];
  });
  const items = claim.item ?? [];
  if (items.length === 0) fail('The claim needs at least one item', ['item']);
  if (items.length > 50) fail('An 837P carries at most 50 service lines', ['item']);
  const placeOfService = items[0]?.locationCodeableConcept?.coding?.[0]?.code ?? '11';
  let total = 0;
  const lines: X12SegmentData[] = [];
  items.forEach((item, i) => {
    const coding = itemCoding(item);
    if (!coding?.code) fail('Item without a CPT/HCPCS code', ['item', i, 'productOrService']);
    const modifiers = (item.modifier ?? []).map((m) => m.coding?.[0]?.code ?? '').filter(Boolean);
    if (modifiers.length > 4) fail('At most four modifiers per line', ['item', i, 'modifier']);
    const charge = itemCharge(item, i);
    total += charge;
    const pointers = (item.diagnosisSequence ?? []).slice(0, 4).map((s) => {
      const p = pointer.get(s);
      if (p === undefined) fail('diagnosisSequence points at no diagnosis', ['item', i, 'diagnosisSequence']);
      return String(p);
    });
    if (pointers.length === 0) pointers.push('1');
    const pos = item.locationCodeableConcept?.coding?.[0]?.code;
    const date =
      item.servicedDate ??
      item.servicedPeriod?.start?.slice(0, 10) ??
      claim.billablePeriod?.start?.slice(0, 10);
    if (!date) fail('Item without a service date', ['item', i, 'servicedDate']);
    const procedure = ['HC', coding.code, ...modifiers];
    const adjudications: X12SegmentData[] = [];
    (parties.otherPayers ?? []).forEach((other, k) => {
      for (const line of other.lines ?? []) {
        if (line.item !== i) continue;
        const path = ['otherPayers', k, 'lines', line.item];
        adjudications.push(
          [
            'SVD',
            other.payer.id,
            amountText(line.paidCents, [...path, 'paidCents']),
            procedure,
            '',
            String(line.units ?? item.quantity?.value ?? 1),
          ],
          ...casSegments(line.adjustments ?? [], path),
          ['DTP', '573', 'D8', toX12Date(other.adjudicationDate, ['otherPayers', k, 'adjudicationDate'])],
          ...(line.remainingPatientLiabilityCents === undefined
            ? []
            : [
                [
                  'AMT',
                  'EAF',
                  amountText(line.remainingPatientLiabilityCents, [
                    ...path,
                    'remainingPatientLiabilityCents',
                  ]),
                ] as X12SegmentData,
              ]),
        );
      }
    });
    lines.push(
      ['LX', String(i + 1)],
      [
        'SV1',
        ['HC', coding.code, ...modifiers],
        centsToDecimal(charge),
        'UN',
        String(item.quantity?.value ?? 1),
        pos && pos !== placeOfService ? pos : '',
        '',
        pointers,
      ],
      ['DTP', '472', 'D8', toX12Date(date, ['item', i, 'servicedDate'])],
      ...adjudications,
    );
  });
  (parties.otherPayers ?? []).forEach((other, k) => {
    if (other.responsibility === (parties.subscriber.payerResponsibility ?? 'P')) {
      fail("An other payer cannot hold the receiving payer's place (SBR01)", [
        'otherPayers',
        k,
        'responsibility',
      ]);
    }
    for (const line of other.lines ?? []) {
      if (!Number.isInteger(line.item) || line.item < 0 || line.item >= items.length) {
        fail('Line adjudication for an item the claim does not have', ['otherPayers', k, 'lines']);
      }
    }
  });
  if (claim.total?.value !== undefined && moneyCents(claim.total.value, ['total']) !== total) {
    fail('Claim total does not equal the sum of its lines', ['total']);
  }
  const sub = parties.subscriber;
  const patient = parties.patient;
  const bp = parties.billingProvider;
  const segments: X12SegmentData[] = [
    ['BHT', '0019', '00', options.reference ?? pcn, x12Date(now), x12Time(now), 'CH'],
    ['NM1', '41', '2', parties.submitter.name, '', '', '', '', '46', parties.submitter.id],
    ['PER', 'IC', parties.submitter.contactName, 'TE', parties.submitter.phone],
    ['NM1', '40', '2', parties.receiver.name, '', '', '', '', '46', parties.receiver.id],
    ['HL', '1', '', '20', '1'],
    ...(bp.taxonomy ? [['PRV', 'BI', 'PXC', bp.taxonomy] as X12SegmentData] : []),
    ['NM1', '85', '2', bp.name, '', '', '', '', 'XX', bp.npi],
    ...addressSegments(bp.address),
    ['REF', 'EI', bp.taxId.replace('-', '')],
    ['HL', '2', '1', '22', patient ? '1' : '0'],
    [
      'SBR',
      sub.payerResponsibility ?? 'P',
      patient ? '' : '18',
      sub.groupNumber ?? '',
      '',
      '',
      '',
      '',
      '',
      sub.filingIndicator ?? 'CI',
    ],
    personName(sub, 'IL', sub.memberId),
    ...addressSegments(sub.address),
    ...(patient
      ? []
      : [
          [
            'DMG',
            'D8',
            toX12Date(sub.birthDate, ['subscriber', 'birthDate']),
            ownValue(GENDER, sub.gender) ?? 'U',
          ] as X12SegmentData,
        ]),
    ['NM1', 'PR', '2', parties.payer.name, '', '', '', '', 'PI', parties.payer.id],
  ];
  if (patient) {
    segments.push(
      ['HL', '3', '2', '23', '0'],
      ['PAT', ownValue(RELATIONSHIP_837, patient.relationship) ?? 'G8'],
      ['NM1', 'QC', '1', patient.family, patient.given[0] ?? '', patient.given.slice(1).join(' ')],
      ...addressSegments(patient.address),
      [
        'DMG',
        'D8',
        toX12Date(patient.birthDate, ['patient', 'birthDate']),
        ownValue(GENDER, patient.gender) ?? 'U',
      ],
    );
  }
  segments.push(
    [
      'CLM',
      pcn,
      centsToDecimal(total),
      '',
      '',
      [placeOfService, 'B', options.frequencyCode ?? '1'],
      'Y',
      'A',
      'Y',
      'Y',
    ],
    ['HI', ...hi],
  );
  if (parties.renderingProvider) {
    const r = parties.renderingProvider;
    segments.push(['NM1', '82', '1', r.family, r.given[0] ?? '', '', '', '', 'XX', r.npi]);
  }
  (parties.otherPayers ?? []).forEach((other, k) => {
    const path = ['otherPayers', k];
    segments.push(
      [
        'SBR',
        other.responsibility,
        other.relationship ?? '18',
        other.groupNumber ?? '',
        other.groupName ?? '',
        '',
        '',
        '',
        '',
        other.filingIndicator ?? 'CI',
      ],
      ...casSegments(other.adjustments ?? [], [...path, 'adjustments']),
      ['AMT', 'D', amountText(other.paidCents, [...path, 'paidCents'])],
      ...(other.nonCoveredCents === undefined
        ? []
        : [['AMT', 'A8', amountText(other.nonCoveredCents, [...path, 'nonCoveredCents'])] as X12SegmentData]),
      ...(other.remainingPatientLiabilityCents === undefined
        ? []
        : [
            [
              'AMT',
              'EAF',
              amountText(other.remainingPatientLiabilityCents, [...path, 'remainingPatientLiabilityCents']),
            ] as X12SegmentData,
          ]),
      ['OI', '', '', 'Y', '', '', 'Y'],
      ...moaSegments(other.outpatientAdjudication, path),
      ...otherSubscriberSegments(other.subscriber, path),
      ['NM1', 'PR', '2', other.payer.name, '', '', '', '', 'PI', other.payer.id],
      ...otherPayerNameSegments(other, path),
      ...otherPayerProviderSegments(other.providers, path),
    );
  });
  segments.push(...lines);
  return writeInterchange(
    { functionalId: 'HC', version: '005010X222A1', setId: '837' },
    [segments],
    options.envelope,
  );
}

export interface AckElementErrorInput {
  /** IK401: element position, or [element, component] / [element, component, repetition]. */
  position: number | readonly [number, number] | readonly [number, number | undefined, number];
  reference?: string;
  /** IK403 code (1 required element missing, 7 invalid code value, 8 invalid date…). */
  code: string;
  badValue?: string;
  context?: (readonly string[])[];
}

export interface AckSegmentErrorInput {
  segmentId: string;
  /** Position in the transaction set, ST = 1. */
  position: number;
  loopId?: string;
  /** IK304 code (1 unrecognized segment, 2 unexpected, 3 required missing, 8 data element errors…). */
  code: string;
  /** CTX01 composites, e.g. [['CLM01', 'PCN0001']]. */
  context?: (readonly string[])[];
  elements?: AckElementErrorInput[];
}

export interface AckTransactionInput {
  setId: string;
  controlNumber: string;
  implementation?: string;
  /** Defaults to A without errors, R with errors. */
  status?: 'A' | 'E' | 'M' | 'R' | 'W' | 'X';
  /** IK502…: 5 one or more segments in error, I5 implementation one or more segments in error… */
  errorCodes?: string[];
  errors?: AckSegmentErrorInput[];
}

export interface Build999Input {
  /** The functional group acknowledged. */
  group: { functionalId: string; controlNumber: string; version?: string };
  transactions: AckTransactionInput[];
}

/**
 * A 999 implementation acknowledgment: accepted, accepted with errors or rejected per
 * transaction (IK5) and for the group (AK9 A/E/P/R), with IK3/IK4/CTX detail.
 */
export function build999(input: Build999Input, options: { envelope: EnvelopeOptions }): BuiltInterchange {
  const d = { ...DEFAULT_DELIMITERS, ...options.envelope.delimiters };
  const segments: X12SegmentData[] = [
    ['AK1', input.group.functionalId, input.group.controlNumber, input.group.version ?? ''],
  ];
  let accepted = 0;
  let withErrors = 0;
  for (const tx of input.transactions) {
    const errors = tx.errors ?? [];
    const status = tx.status ?? (errors.length > 0 ? 'R' : 'A');
    if (status === 'A' || status === 'E') accepted++;
    if (status === 'E') withErrors++;
    segments.push(['AK2', tx.setId, tx.controlNumber, tx.implementation ?? '']);
    for (const e of errors) {
      // 5010 gives IK303 four characters: a guide loop id keeps its number (2010BA → 2010).
      segments.push(['IK3', e.segmentId, String(e.position), (e.loopId ?? '').slice(0, 4), e.code]);
      for (const c of e.context ?? []) segments.push(['CTX', context(c, d)]);
      for (const el of e.elements ?? []) {
        const position =
          typeof el.position === 'number'
            ? String(el.position)
            : el.position.map((p) => (p === undefined ? '' : String(p)));
        segments.push([
          'IK4',
          position,
          // IK402 is a number; a composite's id (C023) has none, so it is left out.
          /^\d{1,4}$/.test(el.reference ?? '') ? el.reference! : '',
          el.code,
          el.badValue ? sanitize(el.badValue, d) : '',
        ]);
        for (const c of el.context ?? []) segments.push(['CTX', context(c, d)]);
      }
    }
    const codes = tx.errorCodes ?? (errors.length > 0 && status !== 'A' ? ['5'] : []);
    segments.push(['IK5', status, ...codes.slice(0, 5)]);
  }
  const n = input.transactions.length;
  const groupStatus = accepted === n ? (withErrors > 0 ? 'E' : 'A') : accepted === 0 ? 'R' : 'P';
  segments.push(['AK9', groupStatus, String(n), String(n), String(accepted)]);
  return writeInterchange(
    { functionalId: 'FA', version: '005010X231A1', setId: '999' },
    [segments],
    options.envelope,
  );
}

/**
 * IK404 copies the bad value. What the 999 itself may not carry is dropped: the delimiters
 * (they would break it), characters outside the X12 basic and extended sets (the value was
 * often refused for holding one, and the 999 would fail its own element check), and spaces
 * at the end (a reader trims them before the segment terminator).
 */
function sanitize(value: string, d: typeof DEFAULT_DELIMITERS): string {
  const delimiters = [d.element, d.component, d.segment, d.repetition ?? ''];
  let out = '';
  for (const c of value) {
    if (c.length === 1 && isX12Character(c.charCodeAt(0)) && !delimiters.includes(c)) out += c;
  }
  return out.slice(0, 99).trimEnd();
}

/** CTX01 names a value of the received file: its parts are kept only as far as a 999 may carry them. */
function context(parts: readonly string[], d: typeof DEFAULT_DELIMITERS): string[] {
  return parts.map((part) => sanitize(part, d));
}

/** IK4 detail of an element-level issue. */
function elementError(i: LoopIssue): AckElementErrorInput {
  const element = i.element ?? 0;
  const position: AckElementErrorInput['position'] =
    i.repetition !== undefined
      ? [element, i.component, i.repetition]
      : i.component !== undefined
        ? [element, i.component]
        : element;
  return {
    position,
    ...(i.reference ? { reference: i.reference } : {}),
    // Element issues from before element validation (HL numbering) describe a bad value.
    code: i.elementCode ?? '7',
    ...(i.badValue !== undefined ? { badValue: i.badValue } : {}),
  };
}

/** One IK3 per segment in error: element issues of the same segment become its IK4s. */
function segmentErrors(issues: readonly LoopIssue[]): AckSegmentErrorInput[] {
  const out: AckSegmentErrorInput[] = [];
  let last: { segmentNumber: number; error: AckSegmentErrorInput } | undefined;
  for (const i of issues) {
    const hasElement = i.element !== undefined;
    if (
      i.code === '8' &&
      hasElement &&
      last &&
      last.segmentNumber === i.segmentNumber &&
      last.error.code === '8'
    ) {
      (last.error.elements as AckElementErrorInput[]).push(elementError(i));
      continue;
    }
    const error: AckSegmentErrorInput = {
      segmentId: i.segmentId,
      position: i.position,
      loopId: i.loopId === 'ST' ? undefined : i.loopId,
      code: i.code,
      elements: hasElement ? [elementError(i)] : undefined,
    };
    out.push(error);
    last = { segmentNumber: i.segmentNumber, error };
  }
  return out;
}

/**
 * The 999 input for a group we parsed: every transaction with its loop-engine issues
 * turned into IK3 segment errors (warnings such as unknown codes are not syntax errors).
 */
export function acknowledgmentFor(group: X12FunctionalGroup): Build999Input {
  return {
    group: {
      functionalId: group.header.functionalId,
      controlNumber: group.header.controlNumber,
      version: group.header.version,
    },
    transactions: group.transactions.map((tx) => {
      const syntax = tx.issues.filter(
        (i): i is LoopIssue & { code: '1' | '2' | '3' | '4' | '5' | '8' } =>
          i.severity === 'error' && /^[1-8]$/.test(i.code),
      );
      return {
        setId: tx.header.setId,
        controlNumber: tx.header.controlNumber,
        implementation: tx.header.implementation,
        errors: segmentErrors(syntax),
      };
    }),
  };
}

export interface BuildTA1Input {
  /** The ISA13 acknowledged, as written. */
  interchangeControlNumber: string;
  /** ISA09/ISA10 of the acknowledged interchange. */
  interchangeDate: string;
  interchangeTime: string;
  /** A accepted, E accepted with errors, R rejected. */
  status: 'A' | 'E' | 'R';
  /** TA105 note code: 000 no error, 001 control numbers do not match, 021 invalid number of groups… */
  noteCode: string;
}

/** A TA1 interchange acknowledgment, alone in its interchange (IEA01 = 0). */
export function buildTA1(input: BuildTA1Input, options: { envelope: EnvelopeOptions }): BuiltInterchange {
  const { isa, controlNumber, delimiters: d } = writeIsa(options.envelope);
  const end = options.envelope.lineBreaks ? `${d.segment}\n` : d.segment;
  const ta1 = writeSegment(
    [
      'TA1',
      input.interchangeControlNumber,
      input.interchangeDate,
      input.interchangeTime,
      input.status,
      input.noteCode,
    ],
    d,
  );
  const iea = writeSegment(['IEA', '0', controlNumber], d);
  return {
    text: [isa, ta1, iea].join(end) + end,
    interchangeControlNumber: controlNumber,
    groupControlNumber: '',
    transactionControlNumbers: [],
  };
}
