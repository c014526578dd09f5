import { decimalToCents, parseQuantity } from './amounts';
import type { LoopIssue, LoopWalker, X12Loop } from './loops';
import { childLoops, findSegment } from './loops';
import { createWalker, envelopePipeline, type ParseOptions, pump, runSync } from './parse';
import type { ProcedureCode } from './remit835';
import { components, type X12Delimiters, type X12Input, type X12Segment } from './tokenizer';

export interface Claim837Party {
  entity: 'person' | 'organization';
  lastName: string;
  firstName: string | undefined;
  idQualifier: string | undefined;
  id: string | undefined;
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
  segmentNumber: number;
}

export type Claim837Event =
  | { type: 'claim'; claim: Claim837; transactionControlNumber: string }
  | { type: 'end'; transactionControlNumber: string; claims: number; issues: LoopIssue[] }
  /** Last event of the input: how many segments it held, envelopes included. */
  | { type: 'done'; segments: number };

const el = (s: X12Segment | undefined, n: number): string => s?.elements[n] ?? '';
const opt = (v: string): string | undefined => (v === '' ? undefined : v);

function party(loop: X12Loop | undefined): Claim837Party {
  const nm1 = loop ? findSegment(loop, 'NM1') : undefined;
  return {
    entity: el(nm1, 2) === '1' ? 'person' : 'organization',
    lastName: el(nm1, 3),
    firstName: opt(el(nm1, 4)),
    idQualifier: opt(el(nm1, 8)),
    id: opt(el(nm1, 9)),
  };
}

// Billing provider and subscriber are shared by every claim below them: read each once.
const billingCache = new WeakMap<X12Loop, Claim837['billingProvider']>();

function billingOf(billing: X12Loop | undefined): Claim837['billingProvider'] {
  const cached = billing ? billingCache.get(billing) : undefined;
  if (cached) return cached;
  const name = billing ? childLoops(billing, '2010AA')[0] : undefined;
  const value = { ...party(name), taxId: name ? opt(el(findSegment(name, 'REF', EI_SY), 2)) : undefined };
  if (billing) billingCache.set(billing, value);
  return value;
}

const EI_SY = [1, ['EI', 'SY']] as const;

function serviceLine(line: X12Loop, d: X12Delimiters): Claim837ServiceLine {
  let sv1: X12Segment | undefined;
  let serviceDate: string | undefined;
  let lineControlNumber: string | undefined;
  for (const s of line.segments) {
    if (s.id === 'SV1') sv1 = s;
    else if (s.id === 'DTP' && el(s, 1) === '472') serviceDate = opt(el(s, 3));
    else if (s.id === 'REF' && el(s, 1) === '6R') lineControlNumber = opt(el(s, 2));
  }
  const [qualifier = '', code = '', ...modifiers] = components(el(sv1, 1), d);
  const pointers: number[] = [];
  for (const p of components(el(sv1, 7), d)) if (p) pointers.push(Number(p));
  return {
    lineNumber: Number(el(line.segments[0], 1)),
    procedure: { qualifier, code, modifiers: modifiers.filter(Boolean) },
    chargeCents: decimalToCents(el(sv1, 2)) ?? 0,
    unit: el(sv1, 3),
    quantity: parseQuantity(el(sv1, 4)),
    placeOfService: opt(el(sv1, 5)),
    diagnosisPointers: pointers,
    serviceDate,
    lineControlNumber,
  };
}

function claimFrom(loop: X12Loop, ancestors: readonly X12Loop[], d: X12Delimiters): Claim837 {
  const clm = loop.segments[0]!;
  let billing: X12Loop | undefined;
  let subscriberHl: X12Loop | undefined;
  let patientHl: X12Loop | undefined;
  for (const a of ancestors) {
    if (a.id === '2000A') billing = a;
    else if (a.id === '2000B') subscriberHl = a;
    else if (a.id === '2000C') patientHl = a;
  }
  const [pos = '', , frequency = ''] = components(el(clm, 5), d);
  const diagnoses: Claim837['diagnoses'] = [];
  for (const hi of loop.segments) {
    if (hi.id !== 'HI') continue;
    for (let i = 1; i < hi.elements.length; i++) {
      const [qualifier = '', code = ''] = components(hi.elements[i], d);
      if (qualifier) diagnoses.push({ qualifier, code });
    }
  }
  const serviceLines: Claim837ServiceLine[] = [];
  for (const child of loop.loops) if (child.id === '2400') serviceLines.push(serviceLine(child, d));
  const sbr = subscriberHl ? findSegment(subscriberHl, 'SBR') : undefined;
  return {
    patientControlNumber: el(clm, 1),
    chargeCents: decimalToCents(el(clm, 2)) ?? 0,
    placeOfService: pos,
    frequencyCode: frequency,
    providerSignature: el(clm, 6),
    assignment: el(clm, 7),
    benefitsAssignment: el(clm, 8),
    releaseOfInformation: el(clm, 9),
    diagnoses,
    serviceLines,
    billingProvider: billingOf(billing),
    subscriber: {
      ...party(subscriberHl ? childLoops(subscriberHl, '2010BA')[0] : undefined),
      payerResponsibility: el(sbr, 1),
      groupNumber: opt(el(sbr, 3)),
    },
    patient: patientHl ? party(childLoops(patientHl, '2010CA')[0]) : undefined,
    payer: party(subscriberHl ? childLoops(subscriberHl, '2010BB')[0] : undefined),
    segmentNumber: clm.number,
  };
}

function claimPipeline(emit: (event: Claim837Event) => void, options: ParseOptions) {
  let walker: LoopWalker | undefined;
  let claims = 0;
  const pipeline = envelopePipeline({
    transactionStart(tx) {
      claims = 0;
      walker =
        tx.setId === '837'
          ? createWalker(tx, options, {
              // Claims and finished subscribers are dropped once yielded: memory stays flat.
              detach: new Set(['2300', '2000B', '2000C']),
              onLoopEnd(loop, ancestors) {
                if (loop.id !== '2300') return;
                claims++;
                emit({
                  type: 'claim',
                  claim: claimFrom(loop, ancestors, tx.interchange.delimiters),
                  transactionControlNumber: tx.controlNumber,
                });
              },
            })
          : undefined;
    },
    segment(segment) {
      walker?.push(segment);
    },
    transactionEnd(tx) {
      if (!walker) return;
      walker.end();
      emit({ type: 'end', transactionControlNumber: tx.controlNumber, claims, issues: walker.issues });
    },
  });
  return {
    push: (chunk: string) => pipeline.push(chunk),
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
