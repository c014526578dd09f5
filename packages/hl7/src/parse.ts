import { charsetFromMsh18, decodeBytes, decodeLatin1 } from './charset';
import { DEFAULT_DELIMITERS, type Delimiters } from './delimiters';
import { Hl7ParseError } from './errors';
import type { DecodeOptions } from './escape';
import { type Hl7Charset, Hl7Message, Hl7Segment, type SegmentContext } from './message';

export interface ParseOptions {
  /** Overrides MSH-18 when decoding bytes (for senders that mislabel their charset). */
  charset?: Hl7Charset;
  /** Keep `\H\ \N\ \.in\ \.ti\ \.ce\` as written instead of resolving them. */
  keepFormatting?: boolean;
}

interface Source {
  text: string;
  byteOffset(charIndex: number): number;
  charset: Hl7Charset | undefined;
  prefix: string;
  /** 'cr' when the input holds a bare \r, otherwise \n and \r\n end segments. */
  mode: 'cr' | 'lf';
}

function utf8Length(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function terminatorMode(text: string): 'cr' | 'lf' {
  let i = text.indexOf('\r');
  while (i >= 0) {
    if (text.charCodeAt(i + 1) !== 10) return 'cr';
    i = text.indexOf('\r', i + 1);
  }
  return 'lf';
}

function toSource(input: string | Uint8Array, options: ParseOptions): Source {
  if (typeof input === 'string') {
    const bom = input.charCodeAt(0) === 0xfeff ? 1 : 0;
    const text = bom ? input.slice(1) : input;
    return {
      text,
      byteOffset: (i) => bom * 3 + utf8Length(text, i),
      charset: undefined,
      prefix: bom ? '\ufeff' : '',
      mode: terminatorMode(text),
    };
  }
  const decoded = decodeBytes(input, options.charset);
  const { text, charset, prefixBytes } = decoded;
  return {
    text,
    byteOffset: charset === 'iso-8859-1' ? (i) => i : (i) => prefixBytes + utf8Length(text, i),
    charset,
    prefix: prefixBytes ? '\ufeff' : '',
    mode: terminatorMode(text),
  };
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function readHeader(
  src: Source,
  from: number,
  expect: readonly string[],
  segmentIndex: number,
): { name: string; delimiters: Delimiters } {
  const { text } = src;
  const name = text.slice(from, from + 3);
  const at = (fieldPosition: number, charIndex: number, reason: string, code = '100') =>
    new Hl7ParseError(
      reason,
      {
        segmentIndex,
        ...(expect.includes(name) ? { segmentName: name } : {}),
        fieldPosition,
        byteOffset: src.byteOffset(charIndex),
      },
      { hl7ErrorCode: code },
    );
  if (!expect.includes(name)) throw at(0, from, `message does not begin with ${expect.join(' or ')}`);
  const fs = text.charCodeAt(from + 3);
  if (Number.isNaN(fs) || fs === 13 || fs === 10 || fs === 32 || isAlnum(fs)) {
    throw at(1, from + 3, `${name}-1 is not a valid field separator`);
  }
  const field = text[from + 3]!;
  let i = from + 4;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === fs || c === 13 || c === 10) break;
    i++;
  }
  const enc = text.slice(from + 4, i);
  if (enc.length < 4) throw at(2, from + 4, `${name}-2 must hold at least four encoding characters`);
  if (enc.length > 5) throw at(2, from + 4, `${name}-2 holds more than five encoding characters`);
  const seen = new Set<string>([field]);
  for (const ch of enc) {
    const c = ch.charCodeAt(0);
    if (seen.has(ch) || isAlnum(c) || c === 32 || c < 32) {
      throw at(2, from + 4, `${name}-2 encoding characters must be distinct punctuation`);
    }
    seen.add(ch);
  }
  if (field === '|' && enc === '^~\\&') return { name, delimiters: DEFAULT_DELIMITERS };
  const delimiters: Delimiters = {
    field,
    component: enc[0]!,
    repetition: enc[1]!,
    escape: enc[2]!,
    subcomponent: enc[3]!,
    ...(enc.length === 5 ? { truncation: enc[4]! } : {}),
  };
  return { name, delimiters };
}

/** Flat triples (start, end, terminator end) per segment: no object per segment. */
type RawSegments = number[];

const names = new Map<number, string>();

/** Segment ids repeat endlessly; reuse one string per id instead of slicing each time. */
function segmentName(text: string, start: number): string {
  const key = (text.charCodeAt(start) << 16) | (text.charCodeAt(start + 1) << 8) | text.charCodeAt(start + 2);
  let name = names.get(key);
  if (name === undefined) {
    name = text.slice(start, start + 3);
    if (names.size < 512) names.set(key, name);
  }
  return name;
}

function scanSegments(src: Source, from: number, to: number, fs: number, segmentBase: number): RawSegments {
  const { text, mode } = src;
  const out: RawSegments = [];
  let pos = from;
  while (pos < to) {
    let end: number;
    if (mode === 'cr') end = text.indexOf('\r', pos);
    else {
      end = text.indexOf('\n', pos);
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    }
    if (end < 0 || end > to) end = to;
    let t = end;
    while (t < to) {
      const c = text.charCodeAt(t);
      if (c !== 13 && c !== 10) break;
      t++;
    }
    const c0 = text.charCodeAt(pos);
    const c1 = text.charCodeAt(pos + 1);
    const c2 = text.charCodeAt(pos + 2);
    const valid =
      end - pos >= 3 &&
      c0 >= 65 &&
      c0 <= 90 &&
      ((c1 >= 65 && c1 <= 90) || (c1 >= 48 && c1 <= 57)) &&
      ((c2 >= 65 && c2 <= 90) || (c2 >= 48 && c2 <= 57)) &&
      (end - pos === 3 || text.charCodeAt(pos + 3) === fs);
    if (!valid) {
      // Trailing blanks after the last segment are transport noise, not a segment.
      if (t === to && out.length > 0 && text.slice(pos, end).trim() === '') {
        out[out.length - 1] = to;
        break;
      }
      throw new Hl7ParseError(
        'invalid segment id',
        { segmentIndex: segmentBase + out.length / 3 + 1, fieldPosition: 0, byteOffset: src.byteOffset(pos) },
        { hl7ErrorCode: '100' },
      );
    }
    out.push(pos, end, t);
    pos = t;
  }
  return out;
}

const sharedContexts = new WeakMap<Delimiters, SegmentContext>();

function makeContext(
  delimiters: Delimiters,
  charset: Hl7Charset | undefined,
  options: ParseOptions,
): SegmentContext {
  if (!options.keepFormatting && charset !== 'iso-8859-1') {
    // Most messages share one delimiter set: share one reading context too.
    let ctx = sharedContexts.get(delimiters);
    if (!ctx) {
      ctx = { delimiters };
      sharedContexts.set(delimiters, ctx);
    }
    return ctx;
  }
  const decode: DecodeOptions = {};
  if (options.keepFormatting) decode.keepFormatting = true;
  if (charset === 'iso-8859-1') decode.hexDecoder = (b) => decodeLatin1(b);
  return Object.keys(decode).length ? { delimiters, decode } : { delimiters };
}

function buildMessage(
  src: Source,
  from: number,
  to: number,
  segmentBase: number,
  options: ParseOptions,
  prefix: string,
): Hl7Message {
  const { delimiters } = readHeader(src, from, ['MSH'], segmentBase + 1);
  const raws = scanSegments(src, from, to, delimiters.field.charCodeAt(0), segmentBase);
  const warnings: string[] = [];
  const { text } = src;
  const mshEnd = raws[1]!;
  let charset = src.charset;
  if (!charset) {
    // Text input: MSH-18 only decides how toBytes() writes the message back.
    const msh18 = readMsh18(text, from, mshEnd, delimiters);
    charset = charsetFromMsh18(msh18);
    if (!charset) {
      warnings.push('MSH-18 names a character set this library does not write; toBytes() uses UTF-8');
      charset = 'utf-8';
    }
  }
  const ctx = makeContext(delimiters, charset, options);
  const count = raws.length / 3;
  const segments: Hl7Segment[] = new Array(count);
  const terminators: string[] = new Array(count);
  let sawLf = false;
  for (let i = 0, k = 0; i < count; i++, k += 3) {
    const start = raws[k]!;
    const end = raws[k + 1]!;
    const termEnd = raws[k + 2]!;
    segments[i] = new Hl7Segment(ctx, segmentName(text, start), text.slice(start, end));
    let term: string;
    if (termEnd === end) term = '';
    else if (termEnd === end + 1 && text.charCodeAt(end) === 13) term = '\r';
    else {
      term = text.slice(end, termEnd);
      if (!sawLf && src.mode === 'lf' && term.indexOf('\n') >= 0) sawLf = true;
    }
    terminators[i] = term;
  }
  if (sawLf) warnings.push('Segments end in \\n or \\r\\n instead of \\r; read leniently');
  return new Hl7Message({ segments, terminators, ctx, charset, warnings, prefix });
}

function readMsh18(text: string, from: number, to: number, d: Delimiters): string | undefined {
  let pos = from;
  // Split index 17 of the raw MSH is MSH-18 (MSH-1 is the separator itself).
  for (let i = 0; i < 17; i++) {
    const p = text.indexOf(d.field, pos);
    if (p < 0 || p >= to) return undefined;
    pos = p + 1;
  }
  let end = text.indexOf(d.field, pos);
  if (end < 0 || end > to) end = to;
  const r = text.indexOf(d.repetition, pos);
  return text.slice(pos, r >= 0 && r < end ? r : end);
}

/**
 * Parses one HL7 v2 message from text or bytes (bytes are decoded by MSH-18: UTF-8 or
 * ISO-8859-1). Structure is checked up front; field values are split and decoded when read.
 * Throws Hl7ParseError naming segment index, field position and byte offset.
 */
export function parseMessage(input: string | Uint8Array, options: ParseOptions = {}): Hl7Message {
  const src = toSource(input, options);
  return buildMessage(src, 0, src.text.length, 0, options, src.prefix);
}

export interface Hl7BatchGroup {
  /** BHS, when the batch declared one. */
  header?: Hl7Segment;
  messages: Hl7Message[];
  /** BTS, when present. */
  trailer?: Hl7Segment;
}

export interface Hl7Batch {
  /** FHS, when the input is a file. */
  header?: Hl7Segment;
  batches: Hl7BatchGroup[];
  trailer?: Hl7Segment;
  /** Every message of every batch, in order. */
  messages: Hl7Message[];
  warnings: string[];
  /** The batch as text; unchanged parts keep their exact bytes. */
  toString(): string;
}

/**
 * Splits an FHS/BHS … BTS/FTS batch (or a bare run of messages) into messages and checks the
 * counts BTS-1 and FTS-1 declare.
 */
export function parseBatch(input: string | Uint8Array, options: ParseOptions = {}): Hl7Batch {
  const src = toSource(input, options);
  const { text } = src;
  const { delimiters } = readHeader(src, 0, ['FHS', 'BHS', 'MSH'], 1);
  const fs = delimiters.field.charCodeAt(0);
  const raws = scanSegments(src, 0, text.length, fs, 0);
  const ctx = makeContext(delimiters, src.charset, options);
  const parts: Array<{ segment: Hl7Segment; term: string } | Hl7Message> = [];
  const batches: Hl7BatchGroup[] = [];
  const messages: Hl7Message[] = [];
  const warnings: string[] = [];
  let fileHeader: Hl7Segment | undefined;
  let fileTrailer: Hl7Segment | undefined;
  let current: Hl7BatchGroup | undefined;
  const startOf = (i: number) => raws[i * 3]!;
  const endOf = (i: number) => raws[i * 3 + 1]!;
  const termEndOf = (i: number) => raws[i * 3 + 2]!;
  const count = raws.length / 3;
  const fail = (reason: string, index: number, field: number) =>
    new Hl7ParseError(reason, {
      segmentIndex: index + 1,
      segmentName: text.slice(startOf(index), startOf(index) + 3),
      fieldPosition: field,
      byteOffset: src.byteOffset(startOf(index)),
    });
  const headerSegment = (i: number) => {
    const name = text.slice(startOf(i), startOf(i) + 3);
    if (i > 0 && (name === 'FHS' || name === 'BHS')) readHeader(src, startOf(i), [name], i + 1);
    const segment = new Hl7Segment(ctx, name, text.slice(startOf(i), endOf(i)));
    parts.push({ segment, term: text.slice(endOf(i), termEndOf(i)) });
    return segment;
  };
  const countOf = (segment: Hl7Segment, i: number): number | undefined => {
    const v = segment.getAt(1);
    if (v === undefined || v === null) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw fail(`${segment.name}-1 is not a count`, i, 1);
    return n;
  };
  let i = 0;
  while (i < count) {
    const name = text.slice(startOf(i), startOf(i) + 3);
    if (name === 'FHS') {
      if (i !== 0) throw fail('FHS must open the file', i, 0);
      fileHeader = headerSegment(i++);
    } else if (name === 'BHS') {
      if (current && !current.trailer) warnings.push('A batch ended without BTS');
      current = { header: headerSegment(i++), messages: [] };
      batches.push(current);
    } else if (name === 'BTS') {
      if (!current) throw fail('BTS without a batch', i, 0);
      const trailer = headerSegment(i);
      current.trailer = trailer;
      const declared = countOf(trailer, i);
      if (declared !== undefined && declared !== current.messages.length) {
        throw fail(
          `BTS-1 declares ${declared} messages but the batch holds ${current.messages.length}`,
          i,
          1,
        );
      }
      current = undefined;
      i++;
    } else if (name === 'FTS') {
      if (current && !current.trailer) warnings.push('A batch ended without BTS');
      current = undefined;
      fileTrailer = headerSegment(i);
      const declared = countOf(fileTrailer, i);
      if (declared !== undefined && declared !== batches.length) {
        throw fail(`FTS-1 declares ${declared} batches but the file holds ${batches.length}`, i, 1);
      }
      i++;
      if (i < count) throw fail('segments after FTS', i, 0);
    } else if (name === 'MSH') {
      let j = i + 1;
      while (j < count) {
        const n = text.slice(startOf(j), startOf(j) + 3);
        if (n === 'MSH' || n === 'BHS' || n === 'BTS' || n === 'FTS' || n === 'FHS') break;
        j++;
      }
      const message = buildMessage(src, startOf(i), termEndOf(j - 1), i, options, '');
      if (!current) {
        current = { messages: [] };
        batches.push(current);
      }
      current.messages.push(message);
      messages.push(message);
      parts.push(message);
      i = j;
    } else {
      throw fail('segment outside a message', i, 0);
    }
  }
  if (fileHeader && !fileTrailer) warnings.push('The file ended without FTS');
  const prefix = src.prefix;
  return {
    ...(fileHeader ? { header: fileHeader } : {}),
    batches,
    ...(fileTrailer ? { trailer: fileTrailer } : {}),
    messages,
    warnings,
    toString() {
      let out = prefix;
      for (const p of parts) out += p instanceof Hl7Message ? p.toString() : p.segment.toString() + p.term;
      return out;
    },
  };
}
