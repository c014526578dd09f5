import { decimalToCents, parsePercent, parseQuantity } from './amounts';
import { COVERAGE_LEVEL, ELIGIBILITY_CODE, ownValue, TIME_PERIOD } from './codes';
import type { LoopIssue, X12Loop } from './loops';
import { childLoops, findSegment, firstLoop } from './loops';
import { createWalker, envelopePipeline, type ParseOptions, runSync } from './parse';
import { FieldReader, procedureAt } from './scanner';
import { repetitions, type X12Delimiters, type X12Segment } from './tokenizer';

/** AAA03 reject reasons of the 270/271 guide. */
export const REJECT_REASON: Readonly<Record<string, string>> = {
  '04': 'Authorized quantity exceeded',
  '15': 'Required application data missing',
  '33': 'Input errors',
  '35': 'Out of network',
  '41': 'Authorization/access restrictions',
  '42': 'Unable to respond at current time',
  '43': 'Invalid/missing provider identification',
  '45': 'Invalid/missing provider specialty',
  '47': 'Invalid/missing provider state',
  '48': 'Invalid/missing referring provider identification number',
  '49': 'Provider is not primary care physician',
  '51': 'Provider not on file',
  '52': 'Service dates not within provider plan enrollment',
  '56': 'Inappropriate date',
  '57': 'Invalid/missing date(s) of service',
  '58': 'Invalid/missing date-of-birth',
  '60': 'Date of birth follows date(s) of service',
  '61': 'Date of death precedes date(s) of service',
  '62': 'Date of service not within allowable inquiry period',
  '63': 'Date of service in future',
  '64': 'Invalid/missing patient ID',
  '65': 'Invalid/missing patient name',
  '66': 'Invalid/missing patient gender code',
  '67': 'Patient not found',
  '68': 'Duplicate patient ID number',
  '71': 'Patient birth date does not match that for the patient on the database',
  '72': 'Invalid/missing subscriber/insured ID',
  '73': 'Invalid/missing subscriber/insured name',
  '74': 'Invalid/missing subscriber/insured gender code',
  '75': 'Subscriber/insured not found',
  '76': 'Duplicate subscriber/insured ID number',
  '78': 'Subscriber/insured not in group/plan identified',
  '79': 'Invalid participant identification',
};

/** AAA04 follow-up actions. */
export const FOLLOW_UP_ACTION: Readonly<Record<string, string>> = {
  C: 'Please correct and resubmit',
  N: 'Resubmission not allowed',
  P: 'Please resubmit original transaction',
  R: 'Resubmission allowed',
  S: 'Do not resubmit; inquiry initiated to a third party',
  W: 'Please wait 30 days and resubmit',
  X: 'Please wait 10 days and resubmit',
  Y: 'Do not resubmit; we will hand deliver',
};

export interface EligibilityRejection {
  /** Loop that carried the AAA (2000A payer, 2100B provider, 2100C subscriber, 2110C benefit…). */
  loopId: string;
  valid: boolean;
  reason: string;
  reasonDescription: string | undefined;
  followUp: string;
  followUpDescription: string | undefined;
  segmentNumber: number;
}

export interface EligibilityDate {
  /** DTP01: 291 plan, 346 plan begin, 347 plan end, 307 eligibility, 356 eligibility begin… */
  qualifier: string;
  /** D8 CCYYMMDD or RD8 CCYYMMDD-CCYYMMDD, split. */
  start: string;
  end: string | undefined;
}

export interface EligibilityBenefit {
  /** EB01 eligibility or benefit information code (1 active, 6 inactive, A coinsurance, B copay, C deductible, G out of pocket…). */
  code: string;
  description: string | undefined;
  /** EB02 coverage level (IND, FAM, EMP…). */
  coverageLevel: string | undefined;
  coverageLevelDescription: string | undefined;
  /** EB03 service type codes, every repetition. */
  serviceTypes: string[];
  /** EB04 insurance type (HM, PR, MC…). */
  insuranceType: string | undefined;
  /** EB05 plan coverage description. */
  planDescription: string | undefined;
  /** EB06 time period qualifier (23 calendar year, 29 remaining, 27 visit…). */
  timePeriod: string | undefined;
  timePeriodDescription: string | undefined;
  /** EB07 monetary amount in cents. */
  amountCents: number | undefined;
  /** EB08 percent as a fraction (0.2 = 20%). */
  percent: number | undefined;
  /** EB09/EB10 quantity. */
  quantityQualifier: string | undefined;
  quantity: number | undefined;
  /** EB11: Y/N/U. */
  authorizationRequired: boolean | undefined;
  /** EB12: Y in network, N out of network, W both / not applicable. */
  network: 'in' | 'out' | 'both' | undefined;
  /** EB13 procedure composite. */
  procedure: { qualifier: string; code: string; modifiers: string[] } | undefined;
  dates: EligibilityDate[];
  messages: string[];
  relatedEntities: {
    entity: string;
    name: string;
    idQualifier: string | undefined;
    id: string | undefined;
  }[];
  rejections: EligibilityRejection[];
  segmentNumber: number;
}

export interface EligibilityMember {
  lastName: string;
  firstName: string;
  memberId: string | undefined;
  birthDate: string | undefined;
  gender: string | undefined;
  groupNumber: string | undefined;
  planName: string | undefined;
  dates: EligibilityDate[];
  benefits: EligibilityBenefit[];
  rejections: EligibilityRejection[];
}

export interface Eligibility271 {
  transactionControlNumber: string;
  /** BHT03 reference identification (echoes the 270's). */
  reference: string;
  /** TRN trace numbers (the 270's trace comes back here). */
  traces: { type: string; number: string; originatorId: string }[];
  payer: { name: string; id: string | undefined; rejections: EligibilityRejection[] };
  provider: { name: string; npi: string | undefined; rejections: EligibilityRejection[] };
  subscriber: EligibilityMember;
  /** Present when the answer is about a dependent (2000D). */
  dependent: EligibilityMember | undefined;
  /** The benefits of the patient the answer is about (dependent if any, else subscriber). */
  benefits: EligibilityBenefit[];
  /** Every AAA in the answer, outermost first. */
  rejections: EligibilityRejection[];
  issues: LoopIssue[];
}

const el = (s: X12Segment | undefined, n: number): string => s?.elements[n] ?? '';
const opt = (v: string): string | undefined => (v === '' ? undefined : v);

function rejections(loop: X12Loop): EligibilityRejection[] {
  return loop.segments
    .filter((s) => s.id === 'AAA')
    .map((s) => ({
      loopId: loop.id,
      valid: el(s, 1) === 'Y',
      reason: el(s, 3),
      reasonDescription: ownValue(REJECT_REASON, el(s, 3)),
      followUp: el(s, 4),
      followUpDescription: ownValue(FOLLOW_UP_ACTION, el(s, 4)),
      segmentNumber: s.number,
    }));
}

function dates(loop: X12Loop): EligibilityDate[] {
  return loop.segments
    .filter((s) => s.id === 'DTP')
    .map((s) => {
      const [start = '', end] = el(s, 3).split('-');
      return { qualifier: el(s, 1), start, end };
    });
}

function benefit(loop: X12Loop, d: X12Delimiters): EligibilityBenefit {
  const eb = loop.segments[0]!;
  const network = el(eb, 12);
  const auth = el(eb, 11);
  const entities = childLoops(loop, '2120C').concat(childLoops(loop, '2120D'));
  return {
    code: el(eb, 1),
    description: ownValue(ELIGIBILITY_CODE, el(eb, 1)),
    coverageLevel: opt(el(eb, 2)),
    coverageLevelDescription: ownValue(COVERAGE_LEVEL, el(eb, 2)),
    serviceTypes: repetitions(el(eb, 3), d),
    insuranceType: opt(el(eb, 4)),
    planDescription: opt(el(eb, 5)),
    timePeriod: opt(el(eb, 6)),
    timePeriodDescription: ownValue(TIME_PERIOD, el(eb, 6)),
    amountCents: decimalToCents(el(eb, 7)),
    percent: parsePercent(el(eb, 8)),
    quantityQualifier: opt(el(eb, 9)),
    quantity: parseQuantity(el(eb, 10)),
    authorizationRequired: auth === 'Y' ? true : auth === 'N' ? false : undefined,
    network: network === 'Y' ? 'in' : network === 'N' ? 'out' : network === 'W' ? 'both' : undefined,
    // The 835 and 837P readers' rule: up to four non-empty modifiers (C003-07 is a description).
    procedure: el(eb, 13)
      ? procedureAt(new FieldReader().load(eb), 13, d.component.charCodeAt(0))
      : undefined,
    dates: dates(loop),
    messages: loop.segments.filter((s) => s.id === 'MSG').map((s) => el(s, 1)),
    relatedEntities: entities.map((e) => {
      const nm1 = e.segments[0]!;
      return { entity: el(nm1, 1), name: el(nm1, 3), idQualifier: opt(el(nm1, 8)), id: opt(el(nm1, 9)) };
    }),
    rejections: rejections(loop),
    segmentNumber: eb.number,
  };
}

function member(hl: X12Loop, suffix: 'C' | 'D', d: X12Delimiters): EligibilityMember {
  const nameLoop = firstLoop(hl, `2100${suffix}`) ?? {
    id: `2100${suffix}`,
    name: '',
    segments: [],
    loops: [],
  };
  const nm1 = findSegment(nameLoop, 'NM1');
  const dmg = findSegment(nameLoop, 'DMG');
  const group = findSegment(nameLoop, 'REF', [1, ['6P', '1L', 'IG']]);
  const benefitLoops = childLoops(nameLoop, `2110${suffix}`);
  return {
    lastName: el(nm1, 3),
    firstName: el(nm1, 4),
    memberId: opt(el(nm1, 9)),
    birthDate: opt(el(dmg, 2)),
    gender: opt(el(dmg, 3)),
    groupNumber: opt(el(group, 2)),
    planName: opt(el(group, 3)),
    dates: dates(nameLoop),
    benefits: benefitLoops.map((l) => benefit(l, d)),
    rejections: [...rejections(hl), ...rejections(nameLoop), ...benefitLoops.flatMap(rejections)],
  };
}

function traces(hl: X12Loop): Eligibility271['traces'] {
  return hl.segments
    .filter((s) => s.id === 'TRN')
    .map((s) => ({ type: el(s, 1), number: el(s, 2), originatorId: el(s, 3) }));
}

/** Reads the answers of a 271 transaction tree: one per subscriber (or dependent) loop. */
export function eligibilityFromLoops(
  root: X12Loop,
  controlNumber: string,
  delimiters: X12Delimiters,
  issues: LoopIssue[] = [],
): Eligibility271[] {
  const out: Eligibility271[] = [];
  const bht = findSegment(root, 'BHT');
  for (const source of childLoops(root, '2000A')) {
    const payerName = firstLoop(source, '2100A');
    const payerNm1 = payerName ? findSegment(payerName, 'NM1') : undefined;
    const payer = {
      name: el(payerNm1, 3),
      id: opt(el(payerNm1, 9)),
      rejections: [...rejections(source), ...(payerName ? rejections(payerName) : [])],
    };
    for (const receiver of childLoops(source, '2000B')) {
      const receiverName = firstLoop(receiver, '2100B');
      const receiverNm1 = receiverName ? findSegment(receiverName, 'NM1') : undefined;
      const provider = {
        name: el(receiverNm1, 3),
        npi: el(receiverNm1, 8) === 'XX' ? opt(el(receiverNm1, 9)) : undefined,
        rejections: [...rejections(receiver), ...(receiverName ? rejections(receiverName) : [])],
      };
      for (const sub of childLoops(receiver, '2000C')) {
        const subscriber = member(sub, 'C', delimiters);
        const dependents = childLoops(sub, '2000D');
        const answers = dependents.length > 0 ? dependents : [undefined];
        for (const dep of answers) {
          const dependent = dep ? member(dep, 'D', delimiters) : undefined;
          out.push({
            transactionControlNumber: controlNumber,
            reference: el(bht, 3),
            traces: [...traces(sub), ...(dep ? traces(dep) : [])],
            payer,
            provider,
            subscriber,
            dependent,
            benefits: dependent ? dependent.benefits : subscriber.benefits,
            rejections: [
              ...payer.rejections,
              ...provider.rejections,
              ...subscriber.rejections,
              ...(dependent?.rejections ?? []),
            ],
            issues,
          });
        }
      }
    }
  }
  return out;
}

/** Parses every 271 in a file: one Eligibility271 per subscriber or dependent answered. */
export function parse271(input: string | Uint8Array, options: ParseOptions = {}): Eligibility271[] {
  const out: Eligibility271[] = [];
  let walker: ReturnType<typeof createWalker>;
  runSync(
    input,
    envelopePipeline({
      transactionStart(tx) {
        walker = tx.setId === '271' ? createWalker(tx, options) : undefined;
      },
      segment(segment) {
        walker?.push(segment);
      },
      transactionEnd(tx) {
        if (!walker) return;
        out.push(
          ...eligibilityFromLoops(walker.end(), tx.controlNumber, tx.interchange.delimiters, walker.issues),
        );
      },
    }),
  );
  return out;
}
