import { randomBytes, toHex } from '@medflow/core';
import { decodeLatin1 } from './charset';
import { DEFAULT_DELIMITERS, encodingCharacters } from './delimiters';
import { Hl7ParseError } from './errors';
import { encodeEscapes } from './escape';
import { Hl7Message, Hl7Segment } from './message';

/** MSA-1: original mode (AA/AE/AR) or enhanced-mode accept acknowledgment (CA/CE/CR). */
export type AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';

/** HL7 table 0357, message error condition codes. */
export const HL7_ERROR_CODES = {
  '0': 'Message accepted',
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '104': 'Value too long',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '206': 'Application record locked',
  '207': 'Application internal error',
} as const;

export type Hl7ErrorCode = keyof typeof HL7_ERROR_CODES;

export interface AckErrorLocation {
  segment: string;
  /** Occurrence of the segment in the message, 1-based. */
  sequence?: number;
  field?: number;
  repetition?: number;
  component?: number;
  subcomponent?: number;
}

export interface AckError {
  code: Hl7ErrorCode;
  /** ERR-4: E error (default), W warning, I information, F fatal. */
  severity?: 'E' | 'W' | 'I' | 'F';
  location?: AckErrorLocation;
  /** ERR-8 user message. Sent to the peer: keep it free of patient data. */
  message?: string;
}

export interface BuildAckOptions {
  errors?: AckError[];
  /** MSA-3 text message (client-safe). */
  text?: string;
  /** MSH-10 of the ACK; a fresh random id by default. */
  controlId?: string;
  /** MSH-7 of the ACK; now by default. */
  timestamp?: Date;
}

/** `original` unless MSH-15 or MSH-16 asks for enhanced-mode acknowledgments. */
export function ackModeOf(message: Hl7Message): 'original' | 'enhanced' {
  const msh = message.segments[0]!;
  return msh.getAt(15) || msh.getAt(16) ? 'enhanced' : 'original';
}

// A random per-process prefix plus a counter: unique without paying for randomness per ACK.
const idPrefix = toHex(randomBytes(5));
let idCounter = 0;

/** A fresh MSH-10 of at most 20 characters (the v2.5 maximum). */
export function newControlId(): string {
  idCounter = (idCounter + 1) % 0xffffffffff;
  return idPrefix + idCounter.toString(16).padStart(10, '0');
}

let stampSecond = -1;
let stampText = '';

function hl7Timestamp(date: Date): string {
  // ACKs come in bursts: format each second once.
  const second = Math.floor(date.getTime() / 1000);
  if (second === stampSecond) return stampText;
  stampText = formatTimestamp(date);
  stampSecond = second;
  return stampText;
}

function formatTimestamp(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}+0000`;
}

interface AckHeader {
  sendingApp: string;
  sendingFacility: string;
  receivingApp: string;
  receivingFacility: string;
  trigger: string;
  controlId: string;
  processingId: string;
  version: string;
  charset: string;
}

function assemble(header: AckHeader, code: AckCode, options: BuildAckOptions, from?: Hl7Message): Hl7Message {
  const d = from ? from.delimiters : DEFAULT_DELIMITERS;
  const ctx = from ? from.ctx : { delimiters: d };
  // The ACK goes back where the message came from: sender and receiver swap places.
  const fields = [
    'MSH',
    d.field,
    encodingCharacters(d),
    header.receivingApp,
    header.receivingFacility,
    header.sendingApp,
    header.sendingFacility,
    hl7Timestamp(options.timestamp ?? new Date()),
    '',
    header.trigger ? `ACK${d.component}${header.trigger}${d.component}ACK` : 'ACK',
    encodeEscapes(options.controlId ?? newControlId(), d),
    header.processingId,
    header.version,
    '',
    '',
    '',
    '',
    '',
    header.charset,
  ];
  while (fields.length > 3 && fields[fields.length - 1] === '') fields.pop();
  const ack = new Hl7Message({
    segments: [new Hl7Segment(ctx, 'MSH', undefined, fields)],
    terminators: ['\r'],
    ctx,
    charset: from?.charset ?? 'utf-8',
  });
  ack.addSegment('MSA', [code, header.controlId, ...(options.text ? [encodeEscapes(options.text, d)] : [])]);
  const legacy = /^2\.[1-4](\.|$)/.test(header.version.split(d.component)[0] ?? '');
  for (const error of options.errors ?? []) {
    const text = HL7_ERROR_CODES[error.code] ?? '';
    const loc = error.location;
    if (legacy) {
      // v2.1–2.4: ERR-1 is ELD (segment^sequence^field^code&text&table).
      const eld = [
        loc?.segment ?? '',
        loc?.sequence ?? '',
        loc?.field ?? '',
        [error.code, text, 'HL70357'].join(d.subcomponent),
      ];
      ack.addSegment('ERR', [eld.join(d.component)]);
      continue;
    }
    const erl = loc
      ? [
          loc.segment,
          loc.sequence ?? 1,
          loc.field ?? '',
          loc.repetition ?? '',
          loc.component ?? '',
          loc.subcomponent ?? '',
        ]
          .join(d.component)
          .replace(new RegExp(`\\${d.component}+$`), '')
      : '';
    const fields = [
      '',
      erl,
      [error.code, encodeEscapes(text, d), 'HL70357'].join(d.component),
      error.severity ?? 'E',
    ];
    if (error.message) fields.push('', '', '', encodeEscapes(error.message, d));
    ack.addSegment('ERR', fields);
  }
  return ack;
}

/**
 * Builds the acknowledgment for a parsed message: MSH-3/4 and MSH-5/6 swapped, MSH-9
 * `ACK^<trigger>^ACK`, a fresh MSH-10, MSA-2 = the original MSH-10, MSH-11/12/18 echoed,
 * and one ERR per error (HL7 table 0357 code and location).
 */
export function buildAck(message: Hl7Message, code: AckCode, options: BuildAckOptions = {}): Hl7Message {
  const msh = message.segments[0]!;
  const header: AckHeader = {
    sendingApp: msh.getRawAt(3),
    sendingFacility: msh.getRawAt(4),
    receivingApp: msh.getRawAt(5),
    receivingFacility: msh.getRawAt(6),
    trigger: msh.getRawAt(9, 1, 2),
    controlId: msh.getRawAt(10),
    processingId: msh.getRawAt(11),
    version: msh.getRawAt(12),
    charset: msh.getRawAt(18),
  };
  return assemble(header, code, options, message);
}

/** Keeps recovered header text harmless: no delimiters, no control characters. */
function clean(value: string | undefined): string {
  return (value ?? '').replace(/[^A-Za-z0-9 ._:/+-]/g, '').slice(0, 199);
}

/** Whatever MSH fields can be read from input that did not parse. */
export function recoverHeader(input: string | Uint8Array): Partial<AckHeader> {
  const text =
    typeof input === 'string' ? input.slice(0, 8192) : decodeLatin1(input, 0, Math.min(input.length, 8192));
  const at = text.search(/(^|[\r\n])MSH/);
  if (at < 0) return {};
  const start = text.startsWith('MSH', at) ? at : at + 1;
  const fs = text[start + 3];
  if (fs === undefined || /[A-Za-z0-9\r\n]/.test(fs)) return {};
  let end = text.slice(start).search(/[\r\n]/);
  end = end < 0 ? text.length : start + end;
  const parts = text.slice(start, end).split(fs);
  const component = parts[1]?.[0] ?? '^';
  const field = (n: number) => parts[n - 1];
  const first = (n: number) => field(n)?.split(component)[0];
  return {
    sendingApp: clean(first(3)),
    sendingFacility: clean(first(4)),
    receivingApp: clean(first(5)),
    receivingFacility: clean(first(6)),
    trigger: clean(field(9)?.split(component)[1]),
    controlId: clean(field(10)),
    processingId: clean(first(11)),
    version: clean(first(12)),
    charset: clean(first(18)),
  };
}

/**
 * An AR (or AE/CR/CE) for input that could not be parsed, carrying whatever control id and
 * header fields could be recovered and an ERR naming the failure and its location.
 */
export function buildRejectAck(
  input: string | Uint8Array,
  error: unknown,
  code: AckCode = 'AR',
  options: BuildAckOptions = {},
): Hl7Message {
  const recovered = recoverHeader(input);
  const header: AckHeader = {
    sendingApp: '',
    sendingFacility: '',
    receivingApp: '',
    receivingFacility: '',
    trigger: '',
    controlId: '',
    processingId: '',
    version: '',
    charset: '',
    ...recovered,
  };
  const errors: AckError[] = options.errors ?? [
    error instanceof Hl7ParseError
      ? {
          code: (error.hl7ErrorCode in HL7_ERROR_CODES ? error.hl7ErrorCode : '100') as Hl7ErrorCode,
          location: {
            segment: error.segmentName ?? '',
            sequence: error.segmentIndex,
            ...(error.fieldPosition > 0 ? { field: error.fieldPosition } : {}),
          },
          message: error.message,
        }
      : { code: '207', message: 'The message could not be processed' },
  ];
  return assemble(header, code, { ...options, errors });
}
