import { ValidationError } from '@medflow/core';
import { hasInvalidCharacter } from './elements';
import type { X12Delimiters } from './tokenizer';

/** An element: a plain value, a composite (components), or repetitions of either. */
export type X12ElementValue =
  | string
  | readonly string[]
  | { repeat: readonly (string | readonly string[])[] };
/** A segment to write: its id then elements 1…n; trailing empty elements are dropped. */
export type X12SegmentData = readonly [string, ...X12ElementValue[]];

/**
 * Where control numbers come from. The caller owns it (a database sequence in production)
 * so numbers stay unique across processes and restarts.
 */
export interface ControlNumberSequence {
  next(kind: 'interchange' | 'group' | 'transaction'): number;
}

/** An in-memory sequence for tests and single-process tools. */
export function createControlNumberSequence(
  start: { interchange?: number; group?: number; transaction?: number } = {},
): ControlNumberSequence {
  const next = {
    interchange: start.interchange ?? 1,
    group: start.group ?? 1,
    transaction: start.transaction ?? 1,
  };
  return {
    next(kind) {
      const n = next[kind];
      next[kind] = n >= 999_999_999 ? 1 : n + 1;
      return n;
    },
  };
}

export interface EnvelopeOptions {
  /** ISA05/ISA06 (ZZ mutually defined by default); GS02 unless applicationSender is given. */
  sender: { qualifier?: string; id: string };
  receiver: { qualifier?: string; id: string };
  applicationSender?: string;
  applicationReceiver?: string;
  controlNumbers: ControlNumberSequence;
  /** ISA15: P production (default) or T test. */
  usage?: 'P' | 'T';
  /** ISA14: ask for a TA1. */
  acknowledgmentRequested?: boolean;
  /** Timestamp of the envelope (UTC); defaults to now. */
  now?: Date;
  delimiters?: Partial<X12Delimiters>;
  /** Put a line break after every segment terminator (readable; accepted by clearinghouses). */
  lineBreaks?: boolean;
}

export interface BuiltInterchange {
  text: string;
  interchangeControlNumber: string;
  groupControlNumber: string;
  transactionControlNumbers: string[];
}

export const DEFAULT_DELIMITERS: X12Delimiters = {
  element: '*',
  repetition: '^',
  component: ':',
  segment: '~',
};

function fail(message: string, path: (string | number)[]): never {
  throw new ValidationError(message, [{ path, message }], { code: 'x12_write' });
}

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/**
 * A value as X12 may carry it. Letters with accents are written without them (José → Jose,
 * Núñez → Nunez): the X12 character sets have none, and payers keep names that way. Anything
 * else outside printable ASCII, and any delimiter, is refused. The message names the element,
 * never the value (it may be PHI).
 */
function clean(value: string, d: X12Delimiters, path: (string | number)[]): string {
  let out = value;
  if (hasInvalidCharacter(out)) {
    out = out.normalize('NFKD').replace(COMBINING_MARKS, '');
    if (hasInvalidCharacter(out)) fail('A value holds a character outside the X12 character set', path);
  }
  for (const c of [d.element, d.component, d.segment, d.repetition]) {
    if (c && out.includes(c)) fail('A value contains an X12 delimiter', path);
  }
  // X12 suppresses trailing spaces, and a reader trims them off a segment's last element, so a
  // value is written without them (a value of spaces only is an element not sent).
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 32) end--;
  return end === out.length ? out : out.slice(0, end);
}

function writeElement(value: X12ElementValue, d: X12Delimiters, path: (string | number)[]): string {
  const composite = (parts: readonly string[]) => {
    const out = parts.map((p, i) => clean(p, d, [...path, i]));
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    return out.join(d.component);
  };
  if (typeof value === 'string') return clean(value, d, path);
  if ('repeat' in value) {
    if (!d.repetition) fail('No repetition separator for repeated elements', path);
    return value.repeat
      .map((r) => (typeof r === 'string' ? clean(r, d, path) : composite(r)))
      .join(d.repetition);
  }
  return composite(value as readonly string[]);
}

export function writeSegment(segment: X12SegmentData, d: X12Delimiters): string {
  const [id, ...elements] = segment;
  const out = elements.map((e, i) => writeElement(e, d, [id, i + 1]));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return [id, ...out].join(d.element);
}

const pad = (value: string, width: number) => value.padEnd(width, ' ').slice(0, width);
const two = (n: number) => String(n).padStart(2, '0');

export function x12Date(date: Date): string {
  return `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

export function x12Time(date: Date): string {
  return `${two(date.getUTCHours())}${two(date.getUTCMinutes())}`;
}

/** ISO `YYYY-MM-DD` → X12 `CCYYMMDD`. */
export function toX12Date(iso: string, path: (string | number)[] = []): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) fail('Expected a date as YYYY-MM-DD', path);
  return iso.replaceAll('-', '');
}

function controlNumber(n: number, kind: string): number {
  if (!Number.isInteger(n) || n < 1 || n > 999_999_999)
    fail('Control numbers must be 1 to 999999999', [kind]);
  return n;
}

/** The fixed-width ISA of a new interchange, with its freshly drawn control number. */
export function writeIsa(options: EnvelopeOptions): {
  isa: string;
  controlNumber: string;
  delimiters: X12Delimiters;
} {
  const d = { ...DEFAULT_DELIMITERS, ...options.delimiters };
  const now = options.now ?? new Date();
  const senderId = clean(options.sender.id, d, ['sender', 'id']);
  const receiverId = clean(options.receiver.id, d, ['receiver', 'id']);
  if (senderId.length > 15 || receiverId.length > 15)
    fail('Interchange ids are at most 15 characters', ['sender']);
  const isa13 = String(controlNumber(options.controlNumbers.next('interchange'), 'interchange')).padStart(
    9,
    '0',
  );
  const isa = [
    'ISA',
    '00',
    pad('', 10),
    '00',
    pad('', 10),
    pad(options.sender.qualifier ?? 'ZZ', 2),
    pad(senderId, 15),
    pad(options.receiver.qualifier ?? 'ZZ', 2),
    pad(receiverId, 15),
    x12Date(now).slice(2),
    x12Time(now),
    d.repetition ?? 'U',
    '00501',
    isa13,
    options.acknowledgmentRequested ? '1' : '0',
    options.usage ?? 'P',
    d.component,
  ].join(d.element);
  return { isa, controlNumber: isa13, delimiters: d };
}

/**
 * Wraps transaction sets in ST/SE, one GS/GE and one ISA/IEA. Every count and control
 * number is computed here, never taken from the caller's segments.
 */
export function writeInterchange(
  group: { functionalId: string; version: string; setId: string },
  transactions: readonly (readonly X12SegmentData[])[],
  options: EnvelopeOptions,
): BuiltInterchange {
  const { isa, controlNumber: isa13, delimiters: d } = writeIsa(options);
  const now = options.now ?? new Date();
  const senderId = options.sender.id;
  const receiverId = options.receiver.id;
  const gs06 = String(controlNumber(options.controlNumbers.next('group'), 'group'));
  const lines: string[] = [isa];
  lines.push(
    writeSegment(
      [
        'GS',
        group.functionalId,
        options.applicationSender ?? senderId,
        options.applicationReceiver ?? receiverId,
        x12Date(now),
        x12Time(now),
        gs06,
        'X',
        group.version,
      ],
      d,
    ),
  );
  const transactionControlNumbers: string[] = [];
  for (const segments of transactions) {
    const st02 = String(controlNumber(options.controlNumbers.next('transaction'), 'transaction')).padStart(
      4,
      '0',
    );
    transactionControlNumbers.push(st02);
    lines.push(writeSegment(['ST', group.setId, st02, group.version], d));
    for (const s of segments) lines.push(writeSegment(s, d));
    lines.push(writeSegment(['SE', String(segments.length + 2), st02], d));
  }
  lines.push(writeSegment(['GE', String(transactions.length), gs06], d));
  lines.push(writeSegment(['IEA', '1', isa13], d));
  const end = options.lineBreaks ? `${d.segment}\n` : d.segment;
  return {
    text: lines.join(end) + end,
    interchangeControlNumber: isa13,
    groupControlNumber: gs06,
    transactionControlNumbers,
  };
}
