import { X12Error } from './errors';
import { codeOf, idCode, idOfCode } from './scanner';
import type { X12Delimiters, X12Segment } from './tokenizer';

export interface InterchangeHeader {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA09 YYMMDD. */
  date: string;
  /** ISA10 HHMM. */
  time: string;
  version: string;
  /** ISA13 as written (leading zeros kept). */
  controlNumber: string;
  acknowledgmentRequested: boolean;
  usage: 'P' | 'T' | string;
  delimiters: X12Delimiters;
  segment: X12Segment;
}

export interface GroupHeader {
  /** GS01 functional identifier: HC (837), HP (835), HS (270), HB (271), FA (999). */
  functionalId: string;
  senderCode: string;
  receiverCode: string;
  date: string;
  time: string;
  /** GS06 as written. */
  controlNumber: string;
  /** GS08 implementation version (005010X221A1 for an 835). */
  version: string;
  segment: X12Segment;
}

export interface TransactionHeader {
  /** ST01: 270, 271, 835, 837, 999. */
  setId: string;
  /** ST02 as written. */
  controlNumber: string;
  /** ST03 implementation convention reference, when present. */
  implementation: string | undefined;
  segment: X12Segment;
  group: GroupHeader;
  interchange: InterchangeHeader;
}

export interface EnvelopeHandlers {
  interchangeStart?(header: InterchangeHeader): void;
  interchangeEnd?(header: InterchangeHeader, iea: X12Segment): void;
  /** TA1 segments between ISA and the first GS. */
  interchangeSegment?(segment: X12Segment, header: InterchangeHeader): void;
  groupStart?(header: GroupHeader): void;
  groupEnd?(header: GroupHeader, ge: X12Segment): void;
  transactionStart?(header: TransactionHeader): void;
  /** Every segment between ST and SE (both excluded). */
  segment?(segment: X12Segment, header: TransactionHeader): void;
  transactionEnd?(header: TransactionHeader, se: X12Segment): void;
}

const ISA = idCode('ISA');
const IEA = idCode('IEA');
const GS = idCode('GS');
const GE = idCode('GE');
const ST = idCode('ST');
const SE = idCode('SE');

/** Offset of element `n` of a segment, for errors that point at a character. */
export function elementOffset(segment: X12Segment, n: number): number {
  let offset = segment.offset;
  for (let i = 0; i < n && i < segment.elements.length; i++) offset += segment.elements[i]!.length + 1;
  return offset;
}

function envelopeError(message: string, segment: X12Segment, element?: number): X12Error {
  return new X12Error(
    message,
    {
      segmentNumber: segment.number,
      segmentId: segment.id,
      element,
      byteOffset: element === undefined ? segment.offset : elementOffset(segment, element),
    },
    'x12_envelope',
  );
}

function count(segment: X12Segment, n: number, actual: number, what: string): void {
  const raw = segment.elements[n] ?? '';
  if (!/^\d+$/.test(raw) || Number(raw) !== actual) {
    throw envelopeError(`${segment.id}0${n} does not match the number of ${what} (${actual})`, segment, n);
  }
}

function control(segment: X12Segment, n: number, expected: string, header: string): void {
  // Compared as written: leading zeros are part of a control number.
  if ((segment.elements[n] ?? '') !== expected) {
    throw envelopeError(`${segment.id}0${n} does not match the control number in ${header}`, segment, n);
  }
}

/**
 * Checks the ISA/GS/ST envelopes of a segment stream and hands transaction content to
 * the handlers. Any envelope fault is fatal: an X12Error naming the segment and element.
 */
export class EnvelopeReader {
  private isa: InterchangeHeader | undefined;
  private gs: GroupHeader | undefined;
  private st: TransactionHeader | undefined;
  private groups = 0;
  private transactions = 0;
  private segments = 0;
  // Where the last segment was, for the error at a truncated end: kept as numbers (the id as
  // its code) rather than the segment, so no new object is stored per segment.
  private lastNumber: number | undefined;
  private lastCode: number | undefined;
  private lastOffset: number | undefined;
  private interchanges = 0;
  private readonly handlers: EnvelopeHandlers;

  constructor(handlers: EnvelopeHandlers) {
    this.handlers = handlers;
  }

  get interchangeCount(): number {
    return this.interchanges;
  }

  push(segment: X12Segment, delimiters: X12Delimiters): void {
    const code = codeOf(segment);
    this.lastNumber = segment.number;
    this.lastCode = code;
    this.lastOffset = segment.offset;
    // Ids compared as their small codes: every segment of a file passes here. The six
    // envelope segments take one call. (The first SE still finds that call without feedback
    // and costs one deoptimization: the first ISA, GS and ST made it before V8 kept any.)
    if (code === ISA || code === IEA || code === GS || code === GE || code === ST || code === SE) {
      this.envelopeSegment(segment, code, delimiters);
      return;
    }
    // Compared with undefined: the truthiness of an object is several checks in optimized code.
    if (this.st !== undefined) {
      this.segments++;
      this.handlers.segment?.(segment, this.st);
      return;
    }
    if (this.isa && !this.gs && segment.id === 'TA1') {
      this.handlers.interchangeSegment?.(segment, this.isa);
      return;
    }
    throw envelopeError('Segment outside a transaction set (missing ST)', segment);
  }

  /** ISA, GS, ST and their trailers. */
  private envelopeSegment(segment: X12Segment, code: number, delimiters: X12Delimiters): void {
    switch (code) {
      case ISA: {
        const e = segment.elements;
        if (this.isa) throw envelopeError('ISA found before the IEA of the previous interchange', segment);
        const controlNumber = e[13] ?? '';
        if (!/^\d{9}$/.test(controlNumber)) {
          throw envelopeError('ISA13 must be a nine-digit control number', segment, 13);
        }
        this.isa = {
          senderQualifier: e[5] ?? '',
          senderId: (e[6] ?? '').trimEnd(),
          receiverQualifier: e[7] ?? '',
          receiverId: (e[8] ?? '').trimEnd(),
          date: e[9] ?? '',
          time: e[10] ?? '',
          version: e[12] ?? '',
          controlNumber,
          acknowledgmentRequested: e[14] === '1',
          usage: e[15] ?? '',
          delimiters,
          segment,
        };
        this.groups = 0;
        this.interchanges++;
        this.handlers.interchangeStart?.(this.isa);
        return;
      }
      case IEA: {
        if (!this.isa) throw envelopeError('IEA without a matching ISA', segment);
        if (this.gs) throw envelopeError('IEA found before the GE of an open group', segment);
        count(segment, 1, this.groups, 'functional groups');
        control(segment, 2, this.isa.controlNumber, 'ISA13');
        this.handlers.interchangeEnd?.(this.isa, segment);
        this.isa = undefined;
        return;
      }
      case GS: {
        const e = segment.elements;
        if (!this.isa) throw envelopeError('GS outside an interchange', segment);
        if (this.gs) throw envelopeError('GS found before the GE of the previous group', segment);
        if (!/^\d{1,9}$/.test(e[6] ?? ''))
          throw envelopeError('GS06 must be a numeric control number', segment, 6);
        this.gs = {
          functionalId: e[1] ?? '',
          senderCode: e[2] ?? '',
          receiverCode: e[3] ?? '',
          date: e[4] ?? '',
          time: e[5] ?? '',
          controlNumber: e[6] ?? '',
          version: e[8] ?? '',
          segment,
        };
        this.groups++;
        this.transactions = 0;
        this.handlers.groupStart?.(this.gs);
        return;
      }
      case GE: {
        if (!this.gs) throw envelopeError('GE without a matching GS', segment);
        if (this.st) throw envelopeError('GE found before the SE of an open transaction', segment);
        count(segment, 1, this.transactions, 'transaction sets');
        control(segment, 2, this.gs.controlNumber, 'GS06');
        this.handlers.groupEnd?.(this.gs, segment);
        this.gs = undefined;
        return;
      }
      case ST: {
        const e = segment.elements;
        if (!this.gs || !this.isa) throw envelopeError('ST outside a functional group', segment);
        if (this.st) throw envelopeError('ST found before the SE of the previous transaction', segment);
        if (!/^\d{3}$/.test(e[1] ?? '')) throw envelopeError('ST01 must be a transaction set id', segment, 1);
        if (!/^[A-Za-z0-9]{4,9}$/.test(e[2] ?? '')) {
          throw envelopeError('ST02 must be a 4 to 9 character control number', segment, 2);
        }
        this.st = {
          setId: e[1]!,
          controlNumber: e[2]!,
          implementation: e[3] || undefined,
          segment,
          group: this.gs,
          interchange: this.isa,
        };
        this.transactions++;
        this.segments = 1;
        this.handlers.transactionStart?.(this.st);
        return;
      }
      case SE: {
        if (!this.st) throw envelopeError('SE without a matching ST', segment);
        this.segments++;
        count(segment, 1, this.segments, 'segments in the transaction set');
        control(segment, 2, this.st.controlNumber, 'ST02');
        this.handlers.transactionEnd?.(this.st, segment);
        this.st = undefined;
        return;
      }
    }
  }

  /** Call at end of input: an open envelope means a truncated file. */
  end(): void {
    const where = {
      segmentNumber: this.lastNumber,
      segmentId: this.lastCode === undefined ? undefined : idOfCode(this.lastCode),
      byteOffset: this.lastOffset,
    };
    if (this.st)
      throw new X12Error('Input ends inside a transaction set (missing SE)', where, 'x12_envelope');
    if (this.gs)
      throw new X12Error('Input ends inside a functional group (missing GE)', where, 'x12_envelope');
    if (this.isa) throw new X12Error('Input ends inside an interchange (missing IEA)', where, 'x12_envelope');
    if (this.interchanges === 0) throw new X12Error('No interchange found', where, 'x12_envelope');
  }
}
