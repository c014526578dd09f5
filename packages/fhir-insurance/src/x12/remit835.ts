import { ADJUSTMENT_GROUP, CARC, CLAIM_STATUS, type CodeList, codeDescription, RARC } from './codes';
import type { TransactionHeader } from './envelope';
import type { LoopIssue, LoopWalker, X12Loop } from './loops';
import { findSegment, firstLoop } from './loops';
import { createWalker, envelopePipeline, type ParseOptions, pump, runSync } from './parse';
import { codeOf, elementOf, FieldReader, idCode, procedureAt, ShortKeyTable, shortKey } from './scanner';
import { components, type X12Delimiters, type X12Input, type X12Segment } from './tokenizer';

export interface Adjustment {
  /** CAS01: CO, PR, OA, PI (or CR). */
  group: string;
  /** CARC code. */
  reason: string;
  /** Published CARC description when the code is in our list. */
  description: string | undefined;
  amountCents: number;
  quantity: number | undefined;
}

export interface ProcedureCode {
  /** HC (CPT/HCPCS), AD, ER, IV, N4, NU, WK… */
  qualifier: string;
  code: string;
  modifiers: string[];
}

export interface RemittanceServiceLine {
  procedure: ProcedureCode;
  /** SVC06 when the payer adjudicated a different code than billed. */
  submittedProcedure: ProcedureCode | undefined;
  chargeCents: number;
  paidCents: number;
  revenueCode: string | undefined;
  units: number | undefined;
  serviceDate: string | undefined;
  /** REF*6R: the line control number sent on the claim. */
  lineControlNumber: string | undefined;
  /** AMT*B6 allowed amount. */
  allowedCents: number | undefined;
  adjustments: Adjustment[];
  /** LQ*HE remark codes (RARC). */
  remarks: string[];
  segmentNumber: number;
}

export interface RemittanceClaim {
  /** CLP01: the provider's claim id (patient control number). */
  patientControlNumber: string;
  /** CLP02. */
  status: string;
  statusDescription: string | undefined;
  /** True for CLP02 = 22 (reversal of a previous payment: amounts are negative). */
  reversal: boolean;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents: number;
  /** CLP06 claim filing indicator. */
  filingIndicator: string;
  /** CLP07 payer claim control number. */
  payerClaimControlNumber: string;
  /** CLP08 facility type / place of service and CLP09 frequency. */
  facilityCode: string;
  frequencyCode: string;
  patient: { lastName: string; firstName: string; memberId: string | undefined } | undefined;
  renderingProviderNpi: string | undefined;
  /** Claim-level CAS. */
  adjustments: Adjustment[];
  serviceLines: RemittanceServiceLine[];
  /** MOA/MIA remark codes. */
  remarks: string[];
  statementPeriod: { start: string | undefined; end: string | undefined };
  receivedDate: string | undefined;
  /** CLP03 − all adjustments (claim and lines) = CLP04, and every line balances. */
  balanced: boolean;
  segmentNumber: number;
}

export interface ProviderAdjustment {
  providerId: string;
  fiscalPeriodEnd: string;
  /** PLB03-1 adjustment reason (L6 interest, WO overpayment recovery, FB forwarding balance…). */
  reason: string;
  reference: string | undefined;
  /** Positive reduces the payment, negative increases it. */
  amountCents: number;
}

export interface RemittanceHeader {
  transactionControlNumber: string;
  /** BPR01 handling code: I remittance with payment, H notification only… */
  handling: string;
  /** BPR02 total actual provider payment. */
  paymentCents: number;
  creditDebit: string;
  /** BPR04: ACH, CHK, FWT, NON, BOP. */
  paymentMethod: string;
  /** BPR16 effective (check issue) date CCYYMMDD. */
  paymentDate: string;
  trace: { type: string; number: string; originatorId: string };
  payer: { name: string; id: string | undefined };
  payee: { name: string; npi: string | undefined; taxId: string | undefined };
  productionDate: string | undefined;
}

export interface RemittanceIssue extends LoopIssue {}

export interface Remittance835 extends RemittanceHeader {
  claims: RemittanceClaim[];
  providerAdjustments: ProviderAdjustment[];
  totals: { claims: number; paidCents: number; providerAdjustmentCents: number };
  /** Σ CLP04 − Σ PLB = BPR02, and every claim balances. */
  balanced: boolean;
  issues: RemittanceIssue[];
}

export type Remittance835Event =
  | { type: 'claim'; claim: RemittanceClaim; header: RemittanceHeader }
  | { type: 'end'; remittance: Omit<Remittance835, 'claims'> }
  /** Last event of the input: how many segments it held, envelopes included. */
  | { type: 'done'; segments: number };

const el = (s: X12Segment | undefined, n: number): string => (s ? elementOf(s, n) : '');
// Values sliced from the input are not internalized strings: looking one up as a key of a
// plain object costs a string-table probe each time, so the hot path compares and uses Maps.
const GROUP_CODES = Object.keys(ADJUSTMENT_GROUP);
/**
 * Group and reason codes are 1 to 3 characters: matched by their shortKey number, so the
 * hundreds of thousands of CAS triplets of a big file neither hash nor slice a string for
 * a known code (the code string handed out is the list's own).
 */
const GROUP_INDEX = keyTable(GROUP_CODES);
const CLAIM_STATUS_DESCRIPTIONS = new Map(Object.entries(CLAIM_STATUS));

interface ReasonTables {
  carcDescriptions: Map<string, string>;
  /** The CARC codes of up to 3 characters, found through carcIndex. */
  carcEntries: { code: string; description: string; stop: string | undefined }[];
  carcIndex: ShortKeyTable;
  /** RARC code → the day it stopped, for the codes known to be deactivated. */
  rarcStops: Map<string, string>;
}

let reasonTables: ReasonTables | undefined;

/** The CARC/RARC lookups of the reader, built when the first 835 is read (not at import). */
function getReasonTables(): ReasonTables {
  if (reasonTables !== undefined) return reasonTables;
  const carcShort = Object.entries(CARC.codes).filter(([code]) => code.length <= 3);
  reasonTables = {
    carcDescriptions: new Map(Object.entries(CARC.codes)),
    carcEntries: carcShort.map(([code, description]) => ({ code, description, stop: lastDay(CARC, code) })),
    carcIndex: keyTable(carcShort.map(([code]) => code)),
    rarcStops: new Map(
      Object.keys(RARC.dates)
        .map((code) => [code, lastDay(RARC, code)] as const)
        .filter((entry): entry is readonly [string, string] => entry[1] !== undefined),
    ),
  };
  return reasonTables;
}
// Segment ids of the claim and line loops, switched on as numbers (see idCode).
const CAS = idCode('CAS');
const NM1 = idCode('NM1');
const MOA = idCode('MOA');
const MIA = idCode('MIA');
const DTM = idCode('DTM');
const REF = idCode('REF');
const AMT = idCode('AMT');
const LQ = idCode('LQ');
const MOA_REMARKS = [3, 4, 5, 6, 7] as const;
const MIA_REMARKS = [5, 20, 21, 22, 23] as const;

/**
 * The day a code stopped as CCYYMMDD (the 835's date format), or undefined while it is in use.
 * A code whose exact stop date is unknown counts from the date its deactivation was published.
 */
function lastDay(list: CodeList, code: string): string | undefined {
  const dates = list.dates[code];
  const day = dates?.stop ?? dates?.deactivatedBy;
  return day === undefined ? undefined : day.replaceAll('-', '');
}

/** codes[i] → i by shortKey, for codes of 1 to 3 characters. */
function keyTable(codes: readonly string[]): ShortKeyTable {
  const table = new ShortKeyTable(Math.max(4, Math.ceil(Math.log2(codes.length)) + 2));
  codes.forEach((code, i) => {
    if (!table.set(shortKey(code, 0, code.length), i)) throw new Error(`Code table rejected ${code}`);
  });
  return table;
}

function issue(
  severity: 'error' | 'warning',
  code: 'balance' | 'amount' | 'code',
  message: string,
  segment: X12Segment,
  loopId: string,
): RemittanceIssue {
  return {
    severity,
    code,
    message,
    segmentId: segment.id,
    segmentNumber: segment.number,
    position: 0,
    loopId,
  };
}

class Remittance835Builder {
  header: RemittanceHeader | undefined;
  readonly issues: RemittanceIssue[] = [];
  paidCents = 0;
  claimCount = 0;
  private readonly tx: TransactionHeader;
  private readonly delimiters: X12Delimiters;
  /** Shared by the builders of one stream, so every transaction set reads through one object. */
  private readonly fields: FieldReader;
  private readonly carcEntries: ReasonTables['carcEntries'];
  private readonly carcIndex: ShortKeyTable;
  /** The component separator's character code. */
  private readonly componentCode: number;
  private readonly carcDescriptions: ReasonTables['carcDescriptions'];
  private readonly rarcStops: ReasonTables['rarcStops'];

  constructor(tx: TransactionHeader, fields: FieldReader) {
    this.tx = tx;
    this.fields = fields;
    this.delimiters = tx.interchange.delimiters;
    const tables = getReasonTables();
    this.carcEntries = tables.carcEntries;
    this.carcIndex = tables.carcIndex;
    this.componentCode = this.delimiters.component.charCodeAt(0);
    this.carcDescriptions = tables.carcDescriptions;
    this.rarcStops = tables.rarcStops;
  }

  buildHeader(root: X12Loop): RemittanceHeader {
    const bpr = findSegment(root, 'BPR');
    const trn = findSegment(root, 'TRN');
    const payer = firstLoop(root, '1000A');
    const payee = firstLoop(root, '1000B');
    const n1pr = payer ? findSegment(payer, 'N1') : undefined;
    const n1pe = payee ? findSegment(payee, 'N1') : undefined;
    const payerRef = payer ? findSegment(payer, 'REF', [1, ['2U']]) : undefined;
    const payeeTax = payee ? findSegment(payee, 'REF', [1, ['TJ']]) : undefined;
    return {
      transactionControlNumber: this.tx.controlNumber,
      handling: el(bpr, 1),
      paymentCents: bpr ? this.cents(this.fields.load(bpr), bpr, 2, 'ST') : 0,
      creditDebit: el(bpr, 3),
      paymentMethod: el(bpr, 4),
      paymentDate: el(bpr, 16),
      trace: { type: el(trn, 1), number: el(trn, 2), originatorId: el(trn, 3) },
      payer: { name: el(n1pr, 2), id: el(n1pr, 4) || el(payerRef, 2) || undefined },
      payee: {
        name: el(n1pe, 2),
        npi: el(n1pe, 3) === 'XX' ? el(n1pe, 4) : undefined,
        taxId: el(n1pe, 3) === 'FI' ? el(n1pe, 4) : el(payeeTax, 2) || undefined,
      },
      productionDate: el(findSegment(root, 'DTM', [1, ['405']]), 2) || undefined,
    };
  }

  /** Cents of element n of the segment loaded in `f`; a bad amount is reported and counts as 0. */
  cents(f: FieldReader, segment: X12Segment, n: number, loopId: string): number {
    const cents = f.cents(n);
    if (cents === undefined) {
      if (f.has(n))
        this.issues.push(
          issue('error', 'amount', `${segment.id}0${n} is not a valid amount`, segment, loopId),
        );
      return 0;
    }
    return cents;
  }

  /**
   * The remittance's date as CCYYMMDD: its production date (DTM*405), else the payment date
   * (BPR16). A code stopped on or before it is reported; with no date, none is.
   */
  private adviceDay(): string {
    return this.header?.productionDate ?? this.header?.paymentDate ?? '';
  }

  casInto(cas: X12Segment, loopId: string, out: Adjustment[]): void {
    const f = this.fields.load(cas);
    const g = GROUP_INDEX.get(f.key(1));
    let group: string;
    if (g >= 0) group = GROUP_CODES[g]!;
    else {
      group = f.str(1);
      this.issues.push(issue('warning', 'code', 'Unknown claim adjustment group code', cas, loopId));
    }
    for (let i = 2; i <= 17; i += 3) {
      if (!f.has(i)) continue;
      const k = this.carcIndex.get(f.key(i));
      const known = k >= 0 ? this.carcEntries[k] : undefined;
      let reason: string;
      let description: string | undefined;
      if (known !== undefined) {
        reason = known.code;
        description = known.description;
        if (known.stop !== undefined && known.stop <= this.adviceDay()) {
          this.issues.push(
            issue(
              'warning',
              'code',
              'Claim adjustment reason code was deactivated before the date of this remittance',
              cas,
              loopId,
            ),
          );
        }
      } else {
        reason = f.str(i);
        description = this.carcDescriptions.get(reason);
      }
      if (description === undefined) {
        this.issues.push(
          issue('warning', 'code', 'Claim adjustment reason code not in the bundled list', cas, loopId),
        );
      }
      out[out.length] = {
        group,
        reason,
        description,
        amountCents: this.cents(f, cas, i + 1, loopId),
        quantity: f.quantity(i + 2),
      };
    }
  }

  remark(code: string, segment: X12Segment, loopId: string): string {
    if (codeDescription(RARC, code) === undefined) {
      this.issues.push(issue('warning', 'code', 'Remark code not in the bundled RARC list', segment, loopId));
    } else {
      const stop = this.rarcStops.get(code);
      if (stop !== undefined && stop <= this.adviceDay()) {
        this.issues.push(
          issue(
            'warning',
            'code',
            'Remark code was deactivated before the date of this remittance',
            segment,
            loopId,
          ),
        );
      }
    }
    return code;
  }

  /** Remark codes at the given positions of the segment loaded in `f`. */
  remarksInto(f: FieldReader, segment: X12Segment, positions: readonly number[], out: string[]): void {
    for (const i of positions) {
      const code = f.opt(i);
      if (code !== undefined) out.push(this.remark(code, segment, '2100'));
    }
  }

  // One pass over the loop's segments, reading only the elements the model keeps: this runs
  // once per claim on files of millions of segments.
  claim(loop: X12Loop): RemittanceClaim {
    const clp = loop.segments[0]!;
    const f = this.fields;
    let patient: RemittanceClaim['patient'];
    let renderingProviderNpi: string | undefined;
    let start: string | undefined;
    let end: string | undefined;
    let receivedDate: string | undefined;
    const remarks: string[] = [];
    const adjustments: Adjustment[] = [];
    for (const s of loop.segments) {
      switch (codeOf(s)) {
        case CAS:
          this.casInto(s, '2100', adjustments);
          break;
        case NM1:
          f.load(s);
          if (f.is(1, 'QC')) patient = { lastName: f.str(3), firstName: f.str(4), memberId: f.opt(9) };
          else if (f.is(1, '82') && f.is(8, 'XX')) renderingProviderNpi = f.str(9);
          break;
        case MOA:
          this.remarksInto(f.load(s), s, MOA_REMARKS, remarks);
          break;
        case MIA:
          this.remarksInto(f.load(s), s, MIA_REMARKS, remarks);
          break;
        case DTM:
          f.load(s);
          if (f.is(1, '232')) start = f.opt(2);
          else if (f.is(1, '233')) end = f.opt(2);
          else if (f.is(1, '050')) receivedDate = f.opt(2);
          break;
      }
    }
    const serviceLines: RemittanceServiceLine[] = [];
    for (const child of loop.loops)
      if (child.id === '2110') serviceLines[serviceLines.length] = this.serviceLine(child);
    f.load(clp);
    const chargeCents = this.cents(f, clp, 3, '2100');
    const paidCents = this.cents(f, clp, 4, '2100');
    let adjusted = 0;
    for (const a of adjustments) adjusted += a.amountCents;
    let balanced = true;
    for (const line of serviceLines) {
      let lineAdjusted = 0;
      for (const a of line.adjustments) lineAdjusted += a.amountCents;
      adjusted += lineAdjusted;
      if (line.chargeCents - lineAdjusted !== line.paidCents) {
        balanced = false;
        const svc = { id: 'SVC', elements: [], number: line.segmentNumber, offset: 0 };
        this.issues.push(
          issue('error', 'balance', 'Service line does not balance: SVC02 − CAS ≠ SVC03', svc, '2110'),
        );
      }
    }
    if (chargeCents - adjusted !== paidCents) {
      balanced = false;
      this.issues.push(
        issue('error', 'balance', 'Claim does not balance: CLP03 − adjustments ≠ CLP04', clp, '2100'),
      );
    }
    const status = f.str(2);
    return {
      patientControlNumber: f.str(1),
      status,
      statusDescription: CLAIM_STATUS_DESCRIPTIONS.get(status),
      reversal: status === '22',
      chargeCents,
      paidCents,
      patientResponsibilityCents: this.cents(f, clp, 5, '2100'),
      filingIndicator: f.str(6),
      payerClaimControlNumber: f.str(7),
      facilityCode: f.str(8),
      frequencyCode: f.str(9),
      patient,
      renderingProviderNpi,
      adjustments,
      serviceLines,
      remarks,
      statementPeriod: { start, end },
      receivedDate,
      balanced,
      segmentNumber: clp.number,
    };
  }

  serviceLine(loop: X12Loop): RemittanceServiceLine {
    const svc = loop.segments[0]!;
    const f = this.fields;
    let serviceDate: string | undefined;
    let lineControlNumber: string | undefined;
    let allowedCents: number | undefined;
    const remarks: string[] = [];
    const adjustments: Adjustment[] = [];
    for (const s of loop.segments) {
      switch (codeOf(s)) {
        case CAS:
          this.casInto(s, '2110', adjustments);
          break;
        case DTM:
          f.load(s);
          if (serviceDate === undefined || f.is(1, '472')) serviceDate = f.opt(2);
          break;
        case REF:
          f.load(s);
          if (f.is(1, '6R')) lineControlNumber = f.opt(2);
          break;
        case AMT:
          f.load(s);
          if (f.is(1, 'B6')) allowedCents = f.cents(2);
          break;
        case LQ:
          f.load(s);
          if (f.is(1, 'HE')) remarks.push(this.remark(f.str(2), s, '2110'));
          break;
      }
    }
    f.load(svc);
    return {
      procedure: procedureAt(f, 1, this.componentCode),
      submittedProcedure: f.has(6) ? procedureAt(f, 6, this.componentCode) : undefined,
      chargeCents: this.cents(f, svc, 2, '2110'),
      paidCents: this.cents(f, svc, 3, '2110'),
      revenueCode: f.opt(4),
      units: f.has(5) ? f.quantity(5) : 1,
      serviceDate,
      lineControlNumber,
      allowedCents,
      adjustments,
      remarks,
      segmentNumber: svc.number,
    };
  }

  finish(root: X12Loop, walker: LoopWalker): Omit<Remittance835, 'claims'> {
    const header = this.header ?? this.buildHeader(root);
    const providerAdjustments: ProviderAdjustment[] = [];
    let plbTotal = 0;
    for (const plb of root.segments) {
      if (plb.id !== 'PLB') continue;
      const f = this.fields.load(plb);
      for (let i = 3; i <= 13; i += 2) {
        if (!f.has(i)) continue;
        const [reason = '', reference] = components(f.str(i), this.delimiters);
        const amountCents = this.cents(f, plb, i + 1, 'ST');
        plbTotal += amountCents;
        providerAdjustments.push({
          providerId: f.str(1),
          fiscalPeriodEnd: f.str(2),
          reason,
          reference: reference || undefined,
          amountCents,
        });
      }
    }
    const bpr = findSegment(root, 'BPR');
    const totalBalanced = this.paidCents - plbTotal === header.paymentCents;
    if (!totalBalanced && bpr) {
      this.issues.push(
        issue('error', 'balance', 'Payment does not balance: Σ CLP04 − Σ PLB ≠ BPR02', bpr, 'ST'),
      );
    }
    const issues = [...walker.issues, ...this.issues];
    return {
      ...header,
      providerAdjustments,
      totals: { claims: this.claimCount, paidCents: this.paidCents, providerAdjustmentCents: plbTotal },
      balanced: !issues.some((i) => i.code === 'balance' || i.code === 'amount'),
      issues,
    };
  }
}

function remittancePipeline(emit: (event: Remittance835Event) => void, options: ParseOptions) {
  let builder: Remittance835Builder | undefined;
  let walker: LoopWalker | undefined;
  // One handler and one detach set for every transaction set of the stream: a new closure per
  // transaction would be a new call target for the walker's optimized code each time.
  const detach = new Set(['2100', '2000']);
  const fields = new FieldReader();
  const onLoopEnd = (loop: X12Loop, ancestors: readonly X12Loop[]): void => {
    const b = builder;
    if (loop.id !== '2100' || b === undefined) return;
    b.header ??= b.buildHeader(ancestors[0]!);
    const claim = b.claim(loop);
    b.paidCents += claim.paidCents;
    b.claimCount++;
    emit({ type: 'claim', claim, header: b.header });
  };
  const pipeline = envelopePipeline({
    transactionStart(tx) {
      builder = undefined;
      walker = undefined;
      if (tx.setId !== '835') return;
      builder = new Remittance835Builder(tx, fields);
      // Claims and LX groups leave memory as soon as they are yielded.
      walker = createWalker(tx, options, { detach, onLoopEnd });
    },
    segment(segment) {
      walker?.push(segment);
    },
    transactionEnd() {
      if (!walker || !builder) return;
      const root = walker.end();
      emit({ type: 'end', remittance: builder.finish(root, walker) });
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

/**
 * Streams an 835: one `claim` event per CLP loop as soon as it is complete, then an `end`
 * event per transaction set with the provider adjustments, totals and balancing result, and
 * a final `done` event with the segment count. Memory stays flat whatever the file size.
 */
export function stream835(input: X12Input, options: ParseOptions = {}): AsyncGenerator<Remittance835Event> {
  return pump<Remittance835Event>(input, (emit) => remittancePipeline(emit, options));
}

function collect(events: Remittance835Event[]): Remittance835[] {
  const out: Remittance835[] = [];
  let claims: RemittanceClaim[] = [];
  for (const event of events) {
    if (event.type === 'claim') claims.push(event.claim);
    else if (event.type === 'end') {
      out.push({ ...event.remittance, claims });
      claims = [];
    }
  }
  return out;
}

/** Parses every 835 transaction set of an in-memory file. */
export function parse835(input: string | Uint8Array, options: ParseOptions = {}): Remittance835[] {
  const events: Remittance835Event[] = [];
  runSync(
    input,
    remittancePipeline((e) => events.push(e), options),
  );
  return collect(events);
}

/** Reads every 835 transaction set of a stream into memory (prefer stream835 for big files). */
export async function read835(input: X12Input, options: ParseOptions = {}): Promise<Remittance835[]> {
  const events: Remittance835Event[] = [];
  for await (const event of stream835(input, options)) events.push(event);
  return collect(events);
}
