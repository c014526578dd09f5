import { decimalToCents } from './amounts';
import { ADJUSTMENT_GROUP, CARC, CLAIM_STATUS, RARC } from './codes';
import type { TransactionHeader } from './envelope';
import type { LoopIssue, LoopWalker, X12Loop } from './loops';
import { childLoops, findSegment } from './loops';
import { createWalker, envelopePipeline, type ParseOptions, pump, runSync } from './parse';
import { codeOf, elementOf, FieldReader, idCode, idOf, ScannedSegment, shortKey } from './scanner';
import { components, type X12Input, type X12Segment } from './tokenizer';

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
const CARC_DESCRIPTIONS = new Map(Object.entries(CARC.codes));
/**
 * Group and reason codes are 1 to 3 characters: matched by their shortKey number, so the
 * hundreds of thousands of CAS triplets of a big file neither hash nor slice a string for
 * a known code (the code string handed out is the list's own).
 */
const GROUP_BY_KEY = new Map(GROUP_CODES.map((g) => [shortKey(g, 0, g.length), g]));
const CARC_BY_KEY = new Map(
  Object.entries(CARC.codes)
    .filter(([code]) => code.length <= 3)
    .map(([code, description]) => [shortKey(code, 0, code.length), { code, description }]),
);
const CLAIM_STATUS_DESCRIPTIONS = new Map(Object.entries(CLAIM_STATUS));
const RARC_DESCRIPTIONS = new Map(Object.entries(RARC.codes));
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

/** indexOf bounded to `[from, to)`: -1 when the next `sep` is at or past `to`. */
function indexBefore(text: string, sep: string, from: number, to: number): number {
  const q = text.indexOf(sep, from);
  return q < 0 || q >= to ? -1 : q;
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

/**
 * The 835 reader runs in two halves joined by plain data, so that they can run on two threads
 * (see remit835-thread.ts) or one after the other on the calling thread, with the same code:
 *
 * - the structure half (`RemittanceStructure`) scans, checks the envelopes, walks the loops
 *   and writes each finished claim loop as rows of numbers pointing into the text;
 * - the build half (`RemittanceAssembler`) turns those rows into claim objects and checks
 *   their balance.
 *
 * A `RemittanceBatch` carries what the structure half made of one chunk of input.
 */
export interface RemittanceBatch {
  /**
   * Texts the rows point into, after the chunk's own text (text 0, which the build half
   * already holds): pieces joined across chunk boundaries and copies of claim segments that
   * lie in an earlier chunk's text.
   */
  texts: string[];
  /** Rows of ROW numbers; a claim is a header row (-1, segment count) and then its segments. */
  rows: Float64Array;
  /** Segment id codes first used in this batch: code, id, code, id, … */
  ids: (number | string)[];
  /** In input order: a number is the row of a claim's header row. */
  records: (number | RemittanceRecord)[];
}

/** Numbers per row: text index, id code, from, to, segment number, service line (-1: claim level). */
export const ROW = 6;

export type RemittanceRecord =
  | { kind: 'start'; controlNumber: string; component: string; separator: string }
  | { kind: 'header'; header: RemittanceHeader; issues: RemittanceIssue[] }
  | {
      kind: 'end';
      walkerIssues: RemittanceIssue[];
      /** Header issues when the header was made at the end (no claims). */
      header: RemittanceHeader;
      headerIssues: RemittanceIssue[];
      providerAdjustments: ProviderAdjustment[];
      plbIssues: RemittanceIssue[];
      plbTotal: number;
      /** The BPR, for the payment balance issue. */
      bpr: { number: number } | undefined;
    }
  | { kind: 'done'; segments: number };

/** Amount of element n of a segment; a bad one is reported in `issues` and counts as 0. */
function amountOf(segment: X12Segment, n: number, loopId: string, issues: RemittanceIssue[]): number {
  const raw = elementOf(segment, n);
  const cents = decimalToCents(raw);
  if (cents === undefined) {
    if (raw)
      issues.push(issue('error', 'amount', `${segment.id}0${n} is not a valid amount`, segment, loopId));
    return 0;
  }
  return cents;
}

function buildHeader(tx: TransactionHeader, root: X12Loop, issues: RemittanceIssue[]): RemittanceHeader {
  const bpr = findSegment(root, 'BPR');
  const trn = findSegment(root, 'TRN');
  const payer = childLoops(root, '1000A')[0];
  const payee = childLoops(root, '1000B')[0];
  const n1pr = payer ? findSegment(payer, 'N1') : undefined;
  const n1pe = payee ? findSegment(payee, 'N1') : undefined;
  const payerRef = payer ? findSegment(payer, 'REF', [1, ['2U']]) : undefined;
  const payeeTax = payee ? findSegment(payee, 'REF', [1, ['TJ']]) : undefined;
  return {
    transactionControlNumber: tx.controlNumber,
    handling: el(bpr, 1),
    paymentCents: bpr ? amountOf(bpr, 2, 'ST', issues) : 0,
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

const CLAIM_LOOP = '2100';
const LINE_LOOP = '2110';

/**
 * The structure half: envelopes, loops, the header and the provider adjustments. Each push
 * returns the batch of what that chunk completed.
 */
export class RemittanceStructure {
  private readonly pipeline: ReturnType<typeof envelopePipeline>;
  private batch: RemittanceBatch;
  private rows: Float64Array = new Float64Array(ROW * 1024);
  private used = 0;
  /** The chunk being pushed: text 0 of the batch. */
  private chunk = '';
  /** Texts of the previous batch: a claim segment still pointing into one is copied. */
  private previous: string[] = [];
  private readonly sentIds: boolean[] = [];
  private separator = '*';

  constructor(options: ParseOptions) {
    this.batch = this.fresh();
    let tx: TransactionHeader | undefined;
    let walker: LoopWalker | undefined;
    let header: RemittanceHeader | undefined;
    let headerIssues: RemittanceIssue[] = [];
    this.pipeline = envelopePipeline({
      transactionStart: (t) => {
        tx = undefined;
        walker = undefined;
        header = undefined;
        headerIssues = [];
        if (t.setId !== '835') return;
        tx = t;
        const { component, element } = t.interchange.delimiters;
        this.separator = element;
        this.batch.records.push({
          kind: 'start',
          controlNumber: t.controlNumber,
          component,
          separator: element,
        });
        walker = createWalker(t, options, {
          // Claims and LX groups leave memory as soon as they are written out.
          detach: new Set([CLAIM_LOOP, '2000']),
          onLoopEnd: (loop, ancestors) => {
            if (loop.id !== CLAIM_LOOP) return;
            if (header === undefined) {
              header = buildHeader(t, ancestors[0]!, headerIssues);
              this.batch.records.push({ kind: 'header', header, issues: headerIssues });
              headerIssues = [];
            }
            this.batch.records.push(this.writeClaim(loop));
          },
        });
      },
      segment(segment) {
        walker?.push(segment);
      },
      transactionEnd: () => {
        if (!walker || !tx) return;
        const root = walker.end();
        const made = header ?? buildHeader(tx, root, headerIssues);
        const plbIssues: RemittanceIssue[] = [];
        const providerAdjustments: ProviderAdjustment[] = [];
        let plbTotal = 0;
        const component = tx.interchange.delimiters;
        for (const plb of root.segments) {
          if (plb.id !== 'PLB') continue;
          for (let i = 3; i <= 13; i += 2) {
            if (!el(plb, i)) continue;
            const [reason = '', reference] = components(el(plb, i), component);
            const amountCents = amountOf(plb, i + 1, 'ST', plbIssues);
            plbTotal += amountCents;
            providerAdjustments.push({
              providerId: el(plb, 1),
              fiscalPeriodEnd: el(plb, 2),
              reason,
              reference: reference || undefined,
              amountCents,
            });
          }
        }
        const bpr = findSegment(root, 'BPR');
        this.batch.records.push({
          kind: 'end',
          walkerIssues: walker.issues,
          header: made,
          headerIssues: header === undefined ? headerIssues : [],
          providerAdjustments,
          plbIssues,
          plbTotal,
          bpr: bpr ? { number: bpr.number } : undefined,
        });
        tx = undefined;
        walker = undefined;
      },
    });
  }

  private fresh(): RemittanceBatch {
    return { texts: [], rows: this.rows, ids: [], records: [] };
  }

  /** Scans a chunk; returns what it completed. */
  push(chunk: string): RemittanceBatch {
    this.chunk = chunk;
    this.pipeline.push(chunk);
    return this.take();
  }

  /** Ends the input; returns the last batch (it ends with a `done` record). */
  end(): RemittanceBatch {
    this.chunk = '';
    this.pipeline.end();
    this.batch.records.push({ kind: 'done', segments: this.pipeline.segmentCount });
    return this.take();
  }

  private take(): RemittanceBatch {
    const batch = this.batch;
    batch.rows = this.rows.subarray(0, this.used);
    this.previous = batch.texts.length > 0 ? [this.chunk, ...batch.texts] : [this.chunk];
    // The rows handed out are the batch's own: the next batch writes into a new array.
    this.rows = new Float64Array(Math.max(ROW * 1024, this.used));
    this.used = 0;
    this.batch = this.fresh();
    return batch;
  }

  private row(text: number, code: number, from: number, to: number, number: number, line: number): void {
    if (this.used + ROW > this.rows.length) {
      const grown = new Float64Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    const rows = this.rows;
    const at = this.used;
    rows[at] = text;
    rows[at + 1] = code;
    rows[at + 2] = from;
    rows[at + 3] = to;
    rows[at + 4] = number;
    rows[at + 5] = line;
    this.used = at + ROW;
  }

  private writeSegment(segment: X12Segment, line: number): void {
    const code = codeOf(segment);
    if (this.sentIds[code] !== true) {
      this.sentIds[code] = true;
      this.batch.ids.push(code, segment.id);
    }
    if (!(segment instanceof ScannedSegment)) {
      // Not from the scanner (never on this pipeline): its elements joined make its text.
      const text = segment.elements.join(this.separator);
      this.batch.texts.push(text);
      this.row(this.batch.texts.length, code, 0, text.length, segment.number, line);
      return;
    }
    const src = segment.src;
    let text = 0;
    let from = segment.from;
    let to = segment.to;
    if (src !== this.chunk) {
      const texts = this.batch.texts;
      const known = texts.indexOf(src);
      if (known >= 0) text = known + 1;
      else if (this.previous.includes(src)) {
        // A claim that began in an earlier chunk: copy just this segment.
        texts.push(src.slice(from, to));
        text = texts.length;
        to -= from;
        from = 0;
      } else {
        texts.push(src);
        text = texts.length;
      }
    }
    this.row(text, code, from, to, segment.number, line);
  }

  private writeClaim(loop: X12Loop): number {
    const head = this.used;
    this.row(-1, 0, 0, 0, 0, 0);
    let count = 0;
    for (const s of loop.segments) {
      this.writeSegment(s, -1);
      count++;
    }
    let line = 0;
    for (const child of loop.loops) {
      if (child.id !== LINE_LOOP) continue;
      for (const s of child.segments) {
        this.writeSegment(s, line);
        count++;
      }
      line++;
    }
    this.rows[head + 1] = count;
    return head;
  }
}

/**
 * The build half: claim objects from the rows of a batch, their balance, the totals. It
 * keeps no text beyond the batch it is reading.
 */
export class RemittanceAssembler {
  private readonly emit: (event: Remittance835Event) => void;
  private readonly fields = new FieldReader();
  /** Segment id codes of the structure half → this thread's codes. */
  private readonly codes: number[] = [];
  private header: RemittanceHeader | undefined;
  private issues: RemittanceIssue[] = [];
  private paidCents = 0;
  private claimCount = 0;
  private component = ':';
  private separator = '*';
  private inTransaction = false;
  // The batch being read.
  private texts: string[] = [];
  private rows: Float64Array = new Float64Array(0);

  constructor(emit: (event: Remittance835Event) => void) {
    this.emit = emit;
  }

  /** Reads a batch; `text` is the chunk it came from (text 0). */
  read(batch: RemittanceBatch, text: string): void {
    const ids = batch.ids;
    for (let i = 0; i < ids.length; i += 2) this.codes[ids[i] as number] = idCode(ids[i + 1] as string);
    this.texts = batch.texts.length > 0 ? [text, ...batch.texts] : [text];
    this.rows = batch.rows;
    for (const record of batch.records) {
      if (typeof record === 'number') {
        const claim = this.claim(record);
        this.paidCents += claim.paidCents;
        this.claimCount++;
        this.emit({ type: 'claim', claim, header: this.header! });
        continue;
      }
      switch (record.kind) {
        case 'start':
          this.header = undefined;
          this.issues = [];
          this.paidCents = 0;
          this.claimCount = 0;
          this.component = record.component;
          this.separator = record.separator;
          this.inTransaction = true;
          break;
        case 'header':
          this.header = record.header;
          this.issues.push(...record.issues);
          break;
        case 'end':
          this.finish(record);
          break;
        case 'done':
          this.emit({ type: 'done', segments: record.segments });
          break;
      }
    }
    this.texts = [];
  }

  private finish(end: Extract<RemittanceRecord, { kind: 'end' }>): void {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    const header = this.header ?? end.header;
    const own = [...end.headerIssues, ...this.issues, ...end.plbIssues];
    if (end.bpr && this.paidCents - end.plbTotal !== header.paymentCents) {
      own.push({
        severity: 'error',
        code: 'balance',
        message: 'Payment does not balance: Σ CLP04 − Σ PLB ≠ BPR02',
        segmentId: 'BPR',
        segmentNumber: end.bpr.number,
        position: 0,
        loopId: 'ST',
      });
    }
    const issues = [...end.walkerIssues, ...own];
    this.emit({
      type: 'end',
      remittance: {
        ...header,
        providerAdjustments: end.providerAdjustments,
        totals: {
          claims: this.claimCount,
          paidCents: this.paidCents,
          providerAdjustmentCents: end.plbTotal,
        },
        balanced: !issues.some((i) => i.code === 'balance' || i.code === 'amount'),
        issues,
      },
    });
    this.header = undefined;
    this.issues = [];
  }

  /** Loads the segment of row `at` into the field reader. */
  private load(at: number): FieldReader {
    const rows = this.rows;
    return this.fields.loadRange(this.texts[rows[at]!]!, rows[at + 2]!, rows[at + 3]!, this.separator);
  }

  private idAt(at: number): string {
    return idOf(this.codes[this.rows[at + 1]!]!);
  }

  private issueAt(code: 'balance' | 'amount' | 'code', message: string, at: number, loopId: string): void {
    this.issues.push({
      severity: code === 'code' ? 'warning' : 'error',
      code,
      message,
      segmentId: this.idAt(at),
      segmentNumber: this.rows[at + 4]!,
      position: 0,
      loopId,
    });
  }

  /** Cents of element n of the segment loaded from row `at`; a bad amount is reported and counts as 0. */
  private cents(f: FieldReader, at: number, n: number, loopId: string): number {
    const cents = f.cents(n);
    if (cents === undefined) {
      if (f.has(n)) this.issueAt('amount', `${this.idAt(at)}0${n} is not a valid amount`, at, loopId);
      return 0;
    }
    return cents;
  }

  private casInto(at: number, loopId: string, out: Adjustment[]): void {
    const f = this.load(at);
    let group = GROUP_BY_KEY.get(f.key(1));
    if (group === undefined) {
      group = f.str(1);
      this.issueAt('code', 'Unknown claim adjustment group code', at, loopId);
    }
    for (let i = 2; i <= 17; i += 3) {
      if (!f.has(i)) continue;
      const known = CARC_BY_KEY.get(f.key(i));
      let reason: string;
      let description: string | undefined;
      if (known !== undefined) {
        reason = known.code;
        description = known.description;
      } else {
        reason = f.str(i);
        description = CARC_DESCRIPTIONS.get(reason);
      }
      if (description === undefined) {
        this.issueAt('code', 'Claim adjustment reason code not in the bundled list', at, loopId);
      }
      out.push({
        group,
        reason,
        description,
        amountCents: this.cents(f, at, i + 1, loopId),
        quantity: f.quantity(i + 2),
      });
    }
  }

  /**
   * Element n of the loaded segment as a procedure composite (`HC:99213:25` → qualifier, code
   * and up to four non-empty modifiers), read in place without splitting.
   */
  private procedure(f: FieldReader, n: number): ProcedureCode {
    const sep = this.component;
    const value = f.text;
    const from = f.start(n);
    const to = f.end(n);
    let at = indexBefore(value, sep, from, to);
    if (at < 0) return { qualifier: value.slice(from, to), code: '', modifiers: [] };
    const qualifier = value.slice(from, at);
    let next = indexBefore(value, sep, at + 1, to);
    const code = value.slice(at + 1, next < 0 ? to : next);
    const modifiers: string[] = [];
    for (let i = 0; i < 4 && next >= 0; i++) {
      at = next + 1;
      next = indexBefore(value, sep, at, to);
      const end = next < 0 ? to : next;
      if (end > at) modifiers.push(value.slice(at, end));
    }
    return { qualifier, code, modifiers };
  }

  private remark(code: string, at: number, loopId: string): string {
    if (RARC_DESCRIPTIONS.get(code) === undefined) {
      this.issueAt('code', 'Remark code not in the bundled RARC list', at, loopId);
    }
    return code;
  }

  /** Remark codes at the given positions of the segment loaded from row `at`. */
  private remarksInto(f: FieldReader, at: number, positions: readonly number[], out: string[]): void {
    for (const i of positions) {
      const code = f.opt(i);
      if (code !== undefined) out.push(this.remark(code, at, CLAIM_LOOP));
    }
  }

  // One pass over the claim's rows, reading only the elements the model keeps: this runs once
  // per claim on files of millions of segments.
  private claim(head: number): RemittanceClaim {
    const rows = this.rows;
    const codes = this.codes;
    const clp = head + ROW;
    const last = clp + rows[head + 1]! * ROW;
    let patient: RemittanceClaim['patient'];
    let renderingProviderNpi: string | undefined;
    let start: string | undefined;
    let end: string | undefined;
    let receivedDate: string | undefined;
    const remarks: string[] = [];
    const adjustments: Adjustment[] = [];
    let at = clp;
    for (; at < last && rows[at + 5]! < 0; at += ROW) {
      let f: FieldReader;
      switch (codes[rows[at + 1]!]) {
        case CAS:
          this.casInto(at, CLAIM_LOOP, adjustments);
          break;
        case NM1:
          f = this.load(at);
          if (f.is(1, 'QC')) patient = { lastName: f.str(3), firstName: f.str(4), memberId: f.opt(9) };
          else if (f.is(1, '82') && f.is(8, 'XX')) renderingProviderNpi = f.str(9);
          break;
        case MOA:
          this.remarksInto(this.load(at), at, MOA_REMARKS, remarks);
          break;
        case MIA:
          this.remarksInto(this.load(at), at, MIA_REMARKS, remarks);
          break;
        case DTM:
          f = this.load(at);
          if (f.is(1, '232')) start = f.opt(2);
          else if (f.is(1, '233')) end = f.opt(2);
          else if (f.is(1, '050')) receivedDate = f.opt(2);
          break;
      }
    }
    const serviceLines: RemittanceServiceLine[] = [];
    while (at < last) {
      const line = rows[at + 5]!;
      let to = at + ROW;
      while (to < last && rows[to + 5] === line) to += ROW;
      serviceLines.push(this.serviceLine(at, to));
      at = to;
    }
    const f = this.load(clp);
    const chargeCents = this.cents(f, clp, 3, CLAIM_LOOP);
    const paidCents = this.cents(f, clp, 4, CLAIM_LOOP);
    let adjusted = 0;
    for (const a of adjustments) adjusted += a.amountCents;
    let balanced = true;
    for (const line of serviceLines) {
      let lineAdjusted = 0;
      for (const a of line.adjustments) lineAdjusted += a.amountCents;
      adjusted += lineAdjusted;
      if (line.chargeCents - lineAdjusted !== line.paidCents) {
        balanced = false;
        this.issues.push({
          severity: 'error',
          code: 'balance',
          message: 'Service line does not balance: SVC02 − CAS ≠ SVC03',
          segmentId: 'SVC',
          segmentNumber: line.segmentNumber,
          position: 0,
          loopId: LINE_LOOP,
        });
      }
    }
    if (chargeCents - adjusted !== paidCents) {
      balanced = false;
      this.issueAt('balance', 'Claim does not balance: CLP03 − adjustments ≠ CLP04', clp, CLAIM_LOOP);
    }
    const status = f.str(2);
    return {
      patientControlNumber: f.str(1),
      status,
      statusDescription: CLAIM_STATUS_DESCRIPTIONS.get(status),
      reversal: status === '22',
      chargeCents,
      paidCents,
      patientResponsibilityCents: this.cents(f, clp, 5, CLAIM_LOOP),
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
      segmentNumber: rows[clp + 4]!,
    };
  }

  /** The service line of rows [svc, to): SVC first, then its DTM, CAS, REF, AMT, LQ. */
  private serviceLine(svc: number, to: number): RemittanceServiceLine {
    const rows = this.rows;
    const codes = this.codes;
    let serviceDate: string | undefined;
    let lineControlNumber: string | undefined;
    let allowedCents: number | undefined;
    const remarks: string[] = [];
    const adjustments: Adjustment[] = [];
    for (let at = svc; at < to; at += ROW) {
      let f: FieldReader;
      switch (codes[rows[at + 1]!]) {
        case CAS:
          this.casInto(at, LINE_LOOP, adjustments);
          break;
        case DTM:
          f = this.load(at);
          if (serviceDate === undefined || f.is(1, '472')) serviceDate = f.opt(2);
          break;
        case REF:
          f = this.load(at);
          if (f.is(1, '6R')) lineControlNumber = f.opt(2);
          break;
        case AMT:
          f = this.load(at);
          if (f.is(1, 'B6')) allowedCents = f.cents(2);
          break;
        case LQ:
          f = this.load(at);
          if (f.is(1, 'HE')) remarks.push(this.remark(f.str(2), at, LINE_LOOP));
          break;
      }
    }
    const f = this.load(svc);
    return {
      procedure: this.procedure(f, 1),
      submittedProcedure: f.has(6) ? this.procedure(f, 6) : undefined,
      chargeCents: this.cents(f, svc, 2, LINE_LOOP),
      paidCents: this.cents(f, svc, 3, LINE_LOOP),
      revenueCode: f.opt(4),
      units: f.has(5) ? f.quantity(5) : 1,
      serviceDate,
      lineControlNumber,
      allowedCents,
      adjustments,
      remarks,
      segmentNumber: rows[svc + 4]!,
    };
  }
}

/** Structure and build halves joined on the calling thread. */
function remittancePipeline(emit: (event: Remittance835Event) => void, options: ParseOptions) {
  const structure = new RemittanceStructure(options);
  const assembler = new RemittanceAssembler(emit);
  return {
    push: (chunk: string) => assembler.read(structure.push(chunk), chunk),
    end: () => assembler.read(structure.end(), ''),
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
