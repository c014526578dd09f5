import { DEFAULT_DELIMITERS, type Delimiters, encodingCharacters } from './delimiters';
import { type DecodeOptions, decodeEscapes, encodeEscapes } from './escape';
import { parseFieldPath, parsePath } from './path';

/**
 * A leaf value: decoded text, `null` for HL7's explicit null (`""`, "delete this value"),
 * `undefined` when the position is empty or absent.
 */
export type Hl7Value = string | null | undefined;

export type Hl7Charset = 'utf-8' | 'iso-8859-1';

/** Shared, per-message reading context handed to every segment. */
export interface SegmentContext {
  delimiters: Delimiters;
  decode?: DecodeOptions;
}

/** Returns the `index`-th (0-based) piece of `s` split by `sep`, without allocating an array. */
function piece(s: string, sep: string, index: number): string {
  let start = 0;
  for (let i = 0; i < index; i++) {
    const p = s.indexOf(sep, start);
    if (p < 0) return '';
    start = p + 1;
  }
  const end = s.indexOf(sep, start);
  if (end < 0) return start === 0 ? s : s.slice(start);
  return s.slice(start, end);
}

let narrowStart = 0;
let narrowEnd = 0;

/** Narrows [s, e) to its `index`-th (1-based) piece split by `sep`; results in narrowStart/End. */
function narrow(str: string, sep: number, index: number, s: number, e: number): boolean {
  let seen = 1;
  let i = s;
  let start = s;
  while (i < e) {
    if (str.charCodeAt(i) === sep) {
      if (seen === index) break;
      seen++;
      start = i + 1;
    }
    i++;
  }
  if (seen !== index) return false;
  narrowStart = start;
  narrowEnd = i;
  return true;
}

function toValue(leaf: string, ctx: SegmentContext): Hl7Value {
  if (leaf === '') return undefined;
  if (leaf === '""') return null;
  return decodeEscapes(leaf, ctx.delimiters, ctx.decode);
}

function replacePiece(s: string, sep: string, index: number, value: string): string {
  const parts = s.split(sep);
  while (parts.length <= index) parts.push('');
  parts[index] = value;
  let last = parts.length;
  while (last > 1 && parts[last - 1] === '') last--;
  return parts.slice(0, last).join(sep);
}

export class Hl7Segment {
  readonly name: string;
  /** @internal */
  readonly ctx: SegmentContext;
  #raw: string | undefined;
  #fields: string[] | undefined;
  // Reading fields in increasing order (the common case) resumes from the last one found
  // instead of splitting the whole segment.
  #cursorIndex = 0;
  #cursorPos = 0;

  /** @internal Use `parseMessage` or `Hl7Message.addSegment`. */
  constructor(ctx: SegmentContext, name: string, raw: string | undefined, fields?: string[]) {
    this.ctx = ctx;
    this.name = name;
    this.#raw = raw;
    this.#fields = fields;
  }

  /** The raw (encoded) fields; index 0 is the segment id, index n is field n (MSH-1 is the field separator). */
  fields(): readonly string[] {
    if (this.#fields === undefined) {
      const parts = (this.#raw as string).split(this.ctx.delimiters.field);
      if (this.name === 'MSH' || this.name === 'FHS' || this.name === 'BHS')
        parts.splice(1, 0, this.ctx.delimiters.field);
      this.#fields = parts;
    }
    return this.#fields;
  }

  #fieldStart = 0;
  #fieldEnd = 0;

  /** Finds field `n` in the raw text (sets #fieldStart/#fieldEnd) without splitting the segment. */
  private locate(n: number): boolean {
    const raw = this.#raw as string;
    let index = n;
    if (this.name === 'MSH' || this.name === 'FHS' || this.name === 'BHS') {
      if (n === 1) {
        this.#fieldStart = 3;
        this.#fieldEnd = 4;
        return raw.length > 3;
      }
      index = n - 1;
    }
    if (index < this.#cursorIndex) {
      this.#cursorIndex = 0;
      this.#cursorPos = 0;
    }
    const fs = this.ctx.delimiters.field;
    let pos = this.#cursorPos;
    let at = this.#cursorIndex;
    while (at < index) {
      const p = raw.indexOf(fs, pos);
      if (p < 0) return false;
      pos = p + 1;
      at++;
    }
    this.#cursorIndex = at;
    this.#cursorPos = pos;
    const end = raw.indexOf(fs, pos);
    this.#fieldStart = pos;
    this.#fieldEnd = end < 0 ? raw.length : end;
    return true;
  }

  /** Encoded text of field `n`, or undefined past the last field. */
  private fieldText(n: number): string | undefined {
    if (this.#fields !== undefined) return this.#fields[n];
    if (!this.locate(n)) return undefined;
    return (this.#raw as string).slice(this.#fieldStart, this.#fieldEnd);
  }

  /** The last valued field position. */
  get fieldCount(): number {
    return this.fields().length - 1;
  }

  private isHeader(): boolean {
    return this.name === 'MSH' || this.name === 'FHS' || this.name === 'BHS';
  }

  /** Encoded text of a field, repetition, component or subcomponent ('' when absent). */
  getRawAt(field: number, repetition?: number, component?: number, subcomponent?: number): string {
    const f = this.fieldText(field) ?? '';
    if (this.isHeader() && field <= 2) return f;
    if (repetition === undefined && component === undefined) return f;
    const d = this.ctx.delimiters;
    let v = piece(f, d.repetition, (repetition ?? 1) - 1);
    if (component === undefined) return v;
    v = piece(v, d.component, component - 1);
    if (subcomponent === undefined) return v;
    return piece(v, d.subcomponent, subcomponent - 1);
  }

  /** Decoded leaf at a position; omitted levels default to 1, so `getAt(5)` is `5[1].1.1`. */
  getAt(field: number, component = 1, subcomponent = 1, repetition = 1): Hl7Value {
    let str: string;
    let s: number;
    let e: number;
    if (this.#fields !== undefined) {
      const f = this.#fields[field];
      if (f === undefined) return undefined;
      str = f;
      s = 0;
      e = f.length;
    } else {
      if (!this.locate(field)) return undefined;
      str = this.#raw as string;
      s = this.#fieldStart;
      e = this.#fieldEnd;
    }
    if (s === e) return undefined;
    if (field <= 2 && this.isHeader()) return str.slice(s, e);
    const d = this.ctx.delimiters;
    const rc = d.repetition.charCodeAt(0);
    const cc = d.component.charCodeAt(0);
    const sc = d.subcomponent.charCodeAt(0);
    if (repetition === 1 && component === 1 && subcomponent === 1) {
      // The leaf ends at the first delimiter of any level: one bounded scan.
      let i = s;
      while (i < e) {
        const c = str.charCodeAt(i);
        if (c === rc || c === cc || c === sc) break;
        i++;
      }
      e = i;
    } else {
      if (!narrow(str, rc, repetition, s, e)) return undefined;
      if (!narrow(str, cc, component, narrowStart, narrowEnd)) return undefined;
      if (!narrow(str, sc, subcomponent, narrowStart, narrowEnd)) return undefined;
      s = narrowStart;
      e = narrowEnd;
    }
    if (s === e) return undefined;
    return toValue(str.slice(s, e), this.ctx);
  }

  /** Decoded leaf by in-segment path (`3[2].1`) or field number. */
  get(path: string | number): Hl7Value {
    if (typeof path === 'number') return this.getAt(path);
    const p = parseFieldPath(path);
    return this.getAt(p.field, p.component, p.subcomponent, p.repetition);
  }

  /** Encoded text by in-segment path; stops at the level the path names. */
  getRaw(path: string | number): string {
    if (typeof path === 'number') return this.getRawAt(path);
    const p = parseFieldPath(path);
    return this.getRawAt(p.field, p.repetition, p.component, p.subcomponent);
  }

  /** Number of repetitions a field holds (0 when empty). */
  repetitionCount(field: number): number {
    const f = this.fieldText(field) ?? '';
    if (f === '') return 0;
    if (field <= 2 && this.isHeader()) return 1;
    return f.split(this.ctx.delimiters.repetition).length;
  }

  /** The decoded leaf at `component.subcomponent` of every repetition of a field. */
  getRepetitions(field: number, component = 1, subcomponent = 1): Hl7Value[] {
    const n = this.repetitionCount(field);
    const out: Hl7Value[] = [];
    for (let r = 1; r <= n; r++) out.push(this.getAt(field, component, subcomponent, r));
    return out;
  }

  /** The decoded components of one repetition of a field (subcomponent 1 of each). */
  getComponents(field: number, repetition = 1): Hl7Value[] {
    const rep = this.getRawAt(field, repetition);
    if (rep === '') return [];
    if (field <= 2 && this.isHeader()) return [rep];
    const n = rep.split(this.ctx.delimiters.component).length;
    const out: Hl7Value[] = [];
    for (let c = 1; c <= n; c++) out.push(this.getAt(field, c, 1, repetition));
    return out;
  }

  /** Sets a leaf (text is escape-encoded; `null` writes the explicit null `""`). */
  set(path: string | number, value: string | null): this {
    const p = typeof path === 'number' ? { field: path } : parseFieldPath(path);
    const encoded = value === null ? '""' : encodeEscapes(value, this.ctx.delimiters);
    return this.setRawAt(p.field, encoded, p.repetition, p.component, p.subcomponent);
  }

  /** Sets already-encoded text at a level (use for whole fields holding delimiters). */
  setRawAt(field: number, raw: string, repetition?: number, component?: number, subcomponent?: number): this {
    if (field < 1 || (this.isHeader() && field <= 2)) {
      throw new RangeError(`${this.name}-${field} cannot be set: it defines the delimiters`);
    }
    const fields = [...this.fields()];
    while (fields.length <= field) fields.push('');
    const d = this.ctx.delimiters;
    if (repetition === undefined && component === undefined && subcomponent === undefined) {
      fields[field] = raw;
    } else {
      const r = (repetition ?? 1) - 1;
      let rep = piece(fields[field]!, d.repetition, r);
      if (component === undefined) rep = raw;
      else {
        let comp = piece(rep, d.component, component - 1);
        comp = subcomponent === undefined ? raw : replacePiece(comp, d.subcomponent, subcomponent - 1, raw);
        rep = replacePiece(rep, d.component, component - 1, comp);
      }
      fields[field] = replacePiece(fields[field]!, d.repetition, r, rep);
    }
    this.#fields = fields;
    this.#raw = undefined;
    return this;
  }

  /** The segment as encoded text (without terminator). */
  toString(): string {
    if (this.#raw === undefined) {
      const fields = this.fields();
      const fs = this.ctx.delimiters.field;
      this.#raw = this.isHeader() ? `${fields[0]}${fs}${fields.slice(2).join(fs)}` : fields.join(fs);
    }
    return this.#raw;
  }
}

/** Message type triple from MSH-9. */
export interface Hl7MessageType {
  code: Hl7Value;
  trigger: Hl7Value;
  structure: Hl7Value;
}

export interface Hl7MessageInit {
  segments: Hl7Segment[];
  terminators: string[];
  ctx: SegmentContext;
  charset: Hl7Charset;
  warnings?: string[];
  prefix?: string;
}

export class Hl7Message {
  readonly segments: Hl7Segment[];
  /** Lenient readings the parser applied (e.g. `\n` segment terminators). Never patient data. */
  readonly warnings: string[];
  readonly delimiters: Delimiters;
  /** The character set the message declares in MSH-18 (and is written in by `toBytes`). */
  charset: Hl7Charset;
  /** @internal */
  readonly ctx: SegmentContext;
  #terminators: string[];
  #prefix: string;

  /** @internal Use `parseMessage` or `createMessage`. */
  constructor(init: Hl7MessageInit) {
    this.segments = init.segments;
    this.#terminators = init.terminators;
    this.ctx = init.ctx;
    this.delimiters = init.ctx.delimiters;
    this.charset = init.charset;
    this.warnings = init.warnings ?? [];
    this.#prefix = init.prefix ?? '';
  }

  /** The `occurrence`-th (1-based) segment with this id. */
  segment(name: string, occurrence = 1): Hl7Segment | undefined {
    let seen = 0;
    for (const s of this.segments) if (s.name === name && ++seen === occurrence) return s;
    return undefined;
  }

  getSegments(name: string): Hl7Segment[] {
    return this.segments.filter((s) => s.name === name);
  }

  /** Decoded leaf by path: `PID-3[2].1`, `OBX(3)-5`, `PID-5.1.1`. */
  get(path: string): Hl7Value {
    const p = parsePath(path);
    const seg = this.segment(p.segment, p.occurrence);
    if (!seg || p.field === undefined) return undefined;
    return seg.getAt(p.field, p.component, p.subcomponent, p.repetition);
  }

  /** Encoded text by path, stopping at the level the path names (`MSH-9` → `ORU^R01^ORU_R01`). */
  getRaw(path: string): string {
    const p = parsePath(path);
    const seg = this.segment(p.segment, p.occurrence);
    if (!seg) return '';
    if (p.field === undefined) return seg.toString();
    return seg.getRawAt(p.field, p.repetition, p.component, p.subcomponent);
  }

  /** Sets a leaf by path; text is escape-encoded, `null` writes `""`. */
  set(path: string, value: string | null): this {
    const p = parsePath(path);
    const seg = this.segment(p.segment, p.occurrence);
    if (!seg || p.field === undefined) throw new RangeError(`No segment for HL7 path "${path}"`);
    const encoded = value === null ? '""' : encodeEscapes(value, this.delimiters);
    seg.setRawAt(p.field, encoded, p.repetition, p.component, p.subcomponent);
    return this;
  }

  /** Appends a segment built from already-encoded field texts (field 1 first). */
  addSegment(name: string, fields: readonly string[] = []): Hl7Segment {
    if (!/^[A-Z][A-Z0-9]{2}$/.test(name)) throw new RangeError(`Invalid segment id "${name}"`);
    const isHeader = name === 'MSH' || name === 'FHS' || name === 'BHS';
    const all = isHeader
      ? [name, this.delimiters.field, encodingCharacters(this.delimiters), ...fields.slice(2)]
      : [name, ...fields];
    const seg = new Hl7Segment(this.ctx, name, undefined, all);
    const last = this.#terminators.length - 1;
    if (last >= 0 && this.#terminators[last] === '') this.#terminators[last] = '\r';
    this.segments.push(seg);
    this.#terminators.push('\r');
    return seg;
  }

  get type(): Hl7MessageType {
    const msh = this.segments[0]!;
    return { code: msh.getAt(9, 1), trigger: msh.getAt(9, 2), structure: msh.getAt(9, 3) };
  }

  /** MSH-10. */
  get controlId(): string | undefined {
    return this.segments[0]?.getAt(10) ?? undefined;
  }

  /** MSH-12.1. */
  get version(): string | undefined {
    return this.segments[0]?.getAt(12) ?? undefined;
  }

  /**
   * The message as text. Unchanged segments keep their exact bytes and terminators, so a parsed
   * message serializes back byte for byte; `normalize` writes `\r` after every segment instead.
   */
  toString(options: { normalize?: boolean } = {}): string {
    let out = options.normalize ? '' : this.#prefix;
    const n = this.segments.length;
    for (let i = 0; i < n; i++) {
      out += this.segments[i]!.toString();
      out += options.normalize ? '\r' : (this.#terminators[i] ?? '\r');
    }
    return out;
  }

  /** The message encoded in its MSH-18 character set. */
  toBytes(options: { normalize?: boolean } = {}): Uint8Array {
    return encodeText(this.toString(options), this.charset);
  }
}

/** Encodes text in a supported HL7 character set. */
const utf8Encoder = new TextEncoder();

export function encodeText(text: string, charset: Hl7Charset): Uint8Array {
  if (charset === 'utf-8') return utf8Encoder.encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 255) throw new RangeError('Text holds a character ISO-8859-1 cannot represent');
    out[i] = c;
  }
  return out;
}

export interface CreateMessageOptions {
  delimiters?: Partial<Delimiters>;
  charset?: Hl7Charset;
  decode?: DecodeOptions;
}

/**
 * An empty message holding only `MSH|^~\&`; fill it with `addSegment` and `set`. Field texts
 * given to `addSegment` are already encoded; `set` encodes for you.
 */
export function createMessage(options: CreateMessageOptions = {}): Hl7Message {
  const delimiters: Delimiters = { ...DEFAULT_DELIMITERS, ...options.delimiters };
  const ctx: SegmentContext = { delimiters, ...(options.decode ? { decode: options.decode } : {}) };
  const msh = new Hl7Segment(ctx, 'MSH', undefined, [
    'MSH',
    delimiters.field,
    encodingCharacters(delimiters),
  ]);
  return new Hl7Message({ segments: [msh], terminators: ['\r'], ctx, charset: options.charset ?? 'utf-8' });
}
