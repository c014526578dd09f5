import { X12Error } from './errors';
import type { ProcedureCode } from './remit835';
import type { X12Delimiters, X12Segment } from './tokenizer';

type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;

/**
 * Bytes become characters one for one (ISO-8859-1), so character offsets are byte offsets;
 * X12 5010's basic and extended character sets are ASCII, where any such decoding is exact.
 * On Node, Buffer's latin1 slice is a plain copy, several times faster than TextDecoder (which
 * goes through ICU). Elsewhere TextDecoder's `latin1` (windows-1252 by the WHATWG table) is
 * used and the characters it gives bytes 0x80-0x9F are mapped back, so every runtime reads
 * every byte the same way.
 */
const nodeLatin1 = (globalThis as { Buffer?: { prototype: { latin1Slice?: Latin1Slice } } }).Buffer?.prototype
  .latin1Slice;

let windows1252Back: Map<string, string> | undefined;
const NOT_LATIN1 = /[^\u0000-\u00ff]/g;

/** Decodes bytes[from, to) one character per byte. */
export function decodeBytes(bytes: Uint8Array, from = 0, to = bytes.length): string {
  return nodeLatin1 ? nodeLatin1.call(bytes, from, to) : decodeWithTextDecoder(bytes.subarray(from, to));
}

/** The decoding used where Node's Buffer is missing (exported for tests). */
export function decodeWithTextDecoder(bytes: Uint8Array): string {
  const text = new TextDecoder('latin1').decode(bytes);
  NOT_LATIN1.lastIndex = 0;
  if (!NOT_LATIN1.test(text)) return text;
  if (!windows1252Back) {
    const high = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const shown = new TextDecoder('latin1').decode(high);
    windows1252Back = new Map([...shown].map((c, i) => [c, String.fromCharCode(0x80 + i)]));
  }
  const back = windows1252Back;
  return text.replace(NOT_LATIN1, (c) => back.get(c) ?? c);
}

export const ISA_LENGTH = 106;
/** Offsets of the element separator inside the fixed-width ISA. */
const ISA_SEPARATOR_OFFSETS = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103];

/** An upper-case letter or a digit, the characters of a segment id. */
function isIdByte(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

function isSpace(code: number): boolean {
  // Most bytes tested are a segment's first and last, letters and digits: one comparison.
  return code <= 32 && (code === 32 || code === 10 || code === 13 || code === 9);
}

/** Reads the delimiters from the 106 characters of an ISA, checking its fixed width. */
export function readDelimiters(isa: string, baseOffset = 0, segmentNumber = 1): X12Delimiters {
  if (!isa.startsWith('ISA')) {
    throw new X12Error('Expected an ISA segment', { segmentNumber, byteOffset: baseOffset });
  }
  if (isa.length < ISA_LENGTH) {
    throw new X12Error('ISA is truncated: it must be 106 characters', {
      segmentNumber,
      segmentId: 'ISA',
      byteOffset: baseOffset,
    });
  }
  const element = isa[3]!;
  for (let i = 1; i < ISA_SEPARATOR_OFFSETS.length; i++) {
    const at = ISA_SEPARATOR_OFFSETS[i]!;
    if (isa[at] !== element) {
      throw new X12Error('ISA is not fixed width: an element has the wrong length', {
        segmentNumber,
        segmentId: 'ISA',
        element: i,
        byteOffset: baseOffset + at,
      });
    }
  }
  const rep = isa[82]!;
  const component = isa[104]!;
  const segment = isa[105]!;
  const repetition = /[A-Za-z0-9 ]/.test(rep) ? undefined : rep;
  const set = [element, component, segment, ...(repetition ? [repetition] : [])];
  if (new Set(set).size !== set.length || /[A-Za-z0-9]/.test(component) || /[A-Za-z0-9 ]/.test(segment)) {
    throw new X12Error('ISA delimiters are not distinct non-alphanumeric characters', {
      segmentNumber,
      segmentId: 'ISA',
      element: 16,
      byteOffset: baseOffset + 104,
    });
  }
  return { element, repetition, component, segment };
}

/**
 * What the segments found in one piece of input share: the text, the same text as bytes and
 * words when the input came as bytes, where the text starts in the input, and the element
 * separator. Held once per piece rather than copied into each of its segments, which a big
 * file makes by the million.
 */
export class ScanPiece {
  /** The text holding the segments. */
  readonly src: string;
  /**
   * The same text as bytes when the input came as bytes (`bytes[i]` is `src.charCodeAt(i)`),
   * else undefined. Element boundaries are found in it with plain byte reads, cheaper than a
   * native string search per element or `charCodeAt`, which checks the string's kind on
   * every call.
   */
  readonly bytes: Uint8Array | undefined;
  /** `bytes` as 32-bit words (see wordsOf), or undefined; FieldReader reads them four bytes at a time. */
  readonly words: Int32Array | undefined;
  /** Offset in the input of `src[0]`. */
  readonly base: number;
  readonly separator: string;
  /** The element separator's character code. */
  readonly separatorCode: number;

  constructor(
    src: string,
    bytes: Uint8Array | undefined,
    words: Int32Array | undefined,
    base: number,
    separator: string,
  ) {
    this.src = src;
    this.bytes = bytes;
    this.words = words;
    this.base = base;
    this.separator = separator;
    this.separatorCode = separator.charCodeAt(0);
  }
}

/**
 * A segment as the scanner found it: the piece it came from and where it lies in it. Its
 * elements are split only when something reads `elements`; the typed readers pick single
 * elements with `element(n)` or a FieldReader instead, so most values never become strings.
 * It holds six fields, everything else is its piece's or derived: a 50 MB file has two
 * million of these.
 */
export class ScannedSegment implements X12Segment {
  /** Small number standing for the id (see idCode). */
  readonly code: number;
  readonly number: number;
  readonly piece: ScanPiece;
  /** `[from, to)` of the piece's text is the segment, id included, terminator and padding excluded. */
  readonly from: number;
  readonly to: number;
  private split: string[] | undefined;

  constructor(code: number, number: number, piece: ScanPiece, from: number, to: number) {
    this.code = code;
    this.number = number;
    this.piece = piece;
    this.from = from;
    this.to = to;
    this.split = undefined;
  }

  get id(): string {
    return idOfCode(this.code);
  }

  /** Byte offset of the segment in the input. */
  get offset(): number {
    return this.piece.base + this.from;
  }

  /** Where element n starts, or -1 when the segment has fewer elements. */
  elementStart(n: number): number {
    if (n === 0) return this.from;
    const to = this.to;
    // The id holds no separator: element 1 starts right after it, when the segment goes on.
    let p = this.from + this.id.length;
    if (p >= to) return -1;
    p++;
    const piece = this.piece;
    const bytes = piece.bytes;
    if (bytes !== undefined) {
      const sep = piece.separatorCode;
      for (let i = 1; i < n; i++) {
        while (p < to && bytes[p] !== sep) p++;
        if (p >= to) return -1;
        p++;
      }
      return p;
    }
    const { src, separator } = piece;
    for (let i = 1; i < n; i++) {
      const q = src.indexOf(separator, p);
      if (q < 0 || q >= to) return -1;
      p = q + 1;
    }
    return p;
  }

  /** Where the element starting at `p` ends. */
  elementEnd(p: number): number {
    const to = this.to;
    const piece = this.piece;
    const bytes = piece.bytes;
    if (bytes !== undefined) {
      const sep = piece.separatorCode;
      while (p < to && bytes[p] !== sep) p++;
      return p;
    }
    const q = piece.src.indexOf(piece.separator, p);
    return q < 0 || q > to ? to : q;
  }

  get elements(): string[] {
    if (this.split === undefined) {
      const piece = this.piece;
      this.split = piece.src.slice(this.from, this.to).split(piece.separator);
    }
    return this.split;
  }

  /** Element n (`''` when absent) without splitting the whole segment. */
  element(n: number): string {
    if (this.split !== undefined) return this.split[n] ?? '';
    const p = this.elementStart(n);
    return p < 0 ? '' : this.piece.src.slice(p, this.elementEnd(p));
  }
}

/**
 * Whether a segment is a ScannedSegment, asked several times for every segment of a file. Only
 * scanned segments have a piece, so this is one property load that TurboFan compiles to a map
 * check; `instanceof` walks the prototype chain on each call.
 */
export function isScanned(segment: X12Segment): segment is ScannedSegment {
  return (segment as Partial<ScannedSegment>).piece !== undefined;
}

/** Element n of any segment, without splitting a scanned one. */
export function elementOf(segment: X12Segment, n: number): string {
  return isScanned(segment) ? segment.element(n) : (segment.elements[n] ?? '');
}

/**
 * Integer cents of the decimal in `text[from, to)`, by hand: no regex, no float. Undefined for
 * anything that is not a decimal with at most two significant places (zeros beyond are exact).
 * `bytes`, when given, is the same text as bytes and is read instead.
 */
export function centsIn(text: string, from: number, to: number, bytes?: Uint8Array): number | undefined {
  return bytes !== undefined ? centsOfBytes(bytes, from, to) : centsOfText(text, from, to);
}

function centsOfBytes(bytes: Uint8Array, from: number, to: number): number | undefined {
  // No branch of its own for the sign: code optimized before the first negative amount would
  // otherwise be thrown away when one comes.
  const negative = from < to && bytes[from] === 45;
  let i = from + (negative ? 1 : 0);
  let whole = 0;
  let digits = 0;
  for (; i < to; i++) {
    const c = bytes[i]! - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
  }
  let frac = 0;
  let places = 0;
  if (i < to) {
    if (bytes[i] !== 46) return undefined;
    for (i++; i < to; i++) {
      const c = bytes[i]! - 48;
      if (c < 0 || c > 9 || (places >= 2 && c !== 0)) return undefined;
      if (places < 2) frac = frac * 10 + c;
      places++;
    }
  }
  if (digits + places === 0) return undefined;
  const cents = whole * 100 + (places === 1 ? frac * 10 : frac);
  // A compare, not Number.isSafeInteger: up to 2^53 every step above was exact.
  if (cents > Number.MAX_SAFE_INTEGER) return undefined;
  return cents * (negative ? -1 : 1);
}

/** Where an amount held as text is copied to be read by centsOfBytes. */
let amountBytes = new Uint8Array(32);

// One parse for both sources: testing the source on every character, as a single reader of
// both would, costs a test and a second memory access per digit, which TurboFan does not
// hoist out of the loop. Text is copied instead (amounts are short, and text input is rare).
function centsOfText(text: string, from: number, to: number): number | undefined {
  const n = to - from;
  if (n > amountBytes.length) amountBytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(from + i);
    // A character beyond Latin-1 is no more a digit, sign or point than 0xFF is.
    amountBytes[i] = Math.min(c, 255);
  }
  return centsOfBytes(amountBytes, 0, n);
}

const QUANTITY = /^-?\d*\.?\d+$/;

/** X12 quantity in `text[from, to)`, or undefined; plain integers are read without a regex. */
export function quantityIn(text: string, from: number, to: number): number | undefined {
  if (from >= to) return undefined;
  let n = 0;
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  if (i === to && to - from < 16) return n;
  const value = text.slice(from, to);
  return QUANTITY.test(value) ? Number(value) : undefined;
}

/** Whether an Int32Array reads bytes lowest first (the word reads of FieldReader.load need it). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * The bytes as 32-bit words, `words[k]` holding bytes 4k to 4k + 3, covering every byte: only
 * where the bytes start on a 4-byte boundary of their buffer, the buffer holds the last word
 * whole (see paddedBytes) and the machine is little-endian; else undefined.
 */
export function wordsOf(bytes: Uint8Array | undefined): Int32Array | undefined {
  return bytes !== undefined && hasWords(bytes)
    ? new Int32Array(bytes.buffer, bytes.byteOffset, (bytes.length + 3) >> 2)
    : undefined;
}

/** Whether wordsOf gives a view of these bytes. */
export function hasWords(bytes: Uint8Array): boolean {
  const offset = bytes.byteOffset;
  return (
    LITTLE_ENDIAN && offset % 4 === 0 && bytes.buffer.byteLength - offset >= ((bytes.length + 3) >> 2) * 4
  );
}

/** `length` zeroed bytes at the start of a buffer rounded up to whole words, so wordsOf views them. */
export function paddedBytes(length: number): Uint8Array {
  return new Uint8Array(new ArrayBuffer((length + 3) & ~3), 0, length);
}

/**
 * Reads many elements of one segment after a single pass that records where each starts;
 * values are sliced or parsed in place on demand. One reader is reused for every segment.
 */
export class FieldReader {
  private src = '';
  /** The loaded segment's bytes when it has them (see ScanPiece.bytes). */
  private bytes: Uint8Array | undefined = undefined;
  /**
   * Where each element starts, and one more entry: the segment's end + 1. Element k ends one
   * before `bounds[k + 1]` (at its separator), so one store per separator records both.
   */
  private bounds = new Int32Array(33);
  private n = 0;

  load(segment: X12Segment): this {
    if (!isScanned(segment)) return this.loadText(segment);
    const piece = segment.piece;
    const bytes = piece.bytes;
    if (bytes === undefined) return this.loadText(segment);
    // Stored only when the piece changes: a reader lives long and the pieces are young, so
    // each store would go through the write barrier's slow path.
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.src = piece.src;
    }
    const sep = piece.separatorCode;
    const from = segment.from;
    const to = segment.to;
    // A segment of k characters has at most k + 1 elements: room for all of them and the end
    // up front, so the loops below store without checking.
    if (to - from + 2 >= this.bounds.length) this.grow(to - from + 3);
    const bounds = this.bounds;
    let count = 0;
    bounds[0] = from;
    const words = piece.words;
    if (words !== undefined) {
      // Four bytes at a time (the words cover every byte of the segment): m gets the high bit
      // of each byte of the word that equals the separator (exactly: no carry crosses a
      // byte), and each such byte ends an element.
      const pattern = Math.imul(sep, 0x01010101);
      const last = (to - 1) >> 2;
      for (let i = from >> 2; i <= last; i++) {
        const x = words[i]! ^ pattern;
        let m = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
        while (m !== 0) {
          const q = (i << 2) + ((31 - Math.clz32(m & -m)) >> 3);
          m &= m - 1;
          if (q >= from && q < to) bounds[++count] = q + 1;
        }
      }
    } else {
      for (let p = from; p < to; p++) if (bytes[p] === sep) bounds[++count] = p + 1;
    }
    bounds[++count] = to + 1;
    this.n = count;
    return this;
  }

  /** load for a segment without bytes: one native search per element. */
  private loadText(segment: X12Segment): this {
    let src: string;
    let from: number;
    let to: number;
    let separator: string;
    if (isScanned(segment)) {
      src = segment.piece.src;
      from = segment.from;
      to = segment.to;
      separator = segment.piece.separator;
    } else {
      // Any other segment: join with a character its elements cannot hold once split.
      separator = '\u0000';
      src = segment.elements.join(separator);
      from = 0;
      to = src.length;
    }
    this.src = src;
    this.bytes = undefined;
    let count = 0;
    this.bounds[0] = from;
    for (let p = from; ; ) {
      const q = src.indexOf(separator, p);
      if (q < 0 || q >= to) break;
      p = q + 1;
      if (count + 2 >= this.bounds.length) this.grow();
      this.bounds[++count] = p;
    }
    if (count + 2 >= this.bounds.length) this.grow();
    this.bounds[++count] = to + 1;
    this.n = count;
    return this;
  }

  /** Makes room for at least `size` entries (at least twice the room there was). */
  private grow(size = 0): void {
    const bounds = new Int32Array(Math.max(size, this.bounds.length * 2));
    bounds.set(this.bounds);
    this.bounds = bounds;
  }

  /** Element n, `''` when absent. */
  str(n: number): string {
    return n < this.n ? this.src.slice(this.bounds[n]!, this.bounds[n + 1]! - 1) : '';
  }

  /** Element n, undefined when absent or empty. */
  opt(n: number): string | undefined {
    if (n >= this.n) return undefined;
    const from = this.bounds[n]!;
    const to = this.bounds[n + 1]! - 1;
    return to > from ? this.src.slice(from, to) : undefined;
  }

  has(n: number): boolean {
    return n < this.n && this.bounds[n + 1]! - 1 > this.bounds[n]!;
  }

  /** Element n equals `value`, compared in place (byte by byte when the segment has bytes). */
  is(n: number, value: string): boolean {
    if (n >= this.n) return value === '';
    const from = this.bounds[n]!;
    const length = value.length;
    if (this.bounds[n + 1]! - 1 - from !== length) return false;
    const bytes = this.bytes;
    if (bytes === undefined) return this.src.startsWith(value, from);
    for (let i = 0; i < length; i++) if (bytes[from + i] !== value.charCodeAt(i)) return false;
    return true;
  }

  /** Where the first character with this code lies in element n at or after `from`; the element's end when none does. */
  next(n: number, from: number, code: number): number {
    const to = this.end(n);
    const bytes = this.bytes;
    let p = from;
    if (bytes !== undefined) while (p < to && bytes[p] !== code) p++;
    else while (p < to && this.src.charCodeAt(p) !== code) p++;
    return p;
  }

  /** How many elements the loaded segment has, the id (element 0) included. */
  get size(): number {
    return this.n;
  }

  /**
   * Component k (1-based) of element n, where components are split at the character with
   * this code; `''` when absent. Read in place: the element is not split.
   */
  component(n: number, k: number, code: number): string {
    const to = this.end(n);
    let from = this.start(n);
    for (let i = 1; i < k; i++) {
      const at = this.next(n, from, code);
      if (at >= to) return '';
      from = at + 1;
    }
    return this.src.slice(from, this.next(n, from, code));
  }

  /** The text the loaded segment lies in; `start(n)`/`end(n)` bound element n in it. */
  get text(): string {
    return this.src;
  }

  start(n: number): number {
    return n < this.n ? this.bounds[n]! : 0;
  }

  end(n: number): number {
    return n < this.n ? this.bounds[n + 1]! - 1 : 0;
  }

  /** shortKey of element n (-1 when absent or empty, -2 when longer than 3 characters). */
  key(n: number): number {
    if (n >= this.n) return -1;
    return shortKey(this.src, this.bounds[n]!, this.bounds[n + 1]! - 1, this.bytes);
  }

  /** Cents of element n; undefined when absent, empty or not a decimal. */
  cents(n: number): number | undefined {
    return n < this.n ? centsIn(this.src, this.bounds[n]!, this.bounds[n + 1]! - 1, this.bytes) : undefined;
  }

  quantity(n: number): number | undefined {
    return n < this.n ? quantityIn(this.src, this.bounds[n]!, this.bounds[n + 1]! - 1) : undefined;
  }
}

/**
 * Element n of the segment loaded in `f` as a procedure composite (`HC:99213:25` → qualifier,
 * code and up to four non-empty modifiers; C003-07, the description, and what follows it are
 * not modifiers), read in place without splitting. `sep` is the component separator's code.
 */
export function procedureAt(f: FieldReader, n: number, sep: number): ProcedureCode {
  const value = f.text;
  const from = f.start(n);
  const to = f.end(n);
  let at = f.next(n, from, sep);
  if (at === to) return { qualifier: value.slice(from, to), code: '', modifiers: [] };
  const qualifier = value.slice(from, at);
  let next = f.next(n, at + 1, sep);
  const code = value.slice(at + 1, next);
  // Most lines carry no modifier or one: those get an array of exactly that size (one that
  // grows from empty is given room for 17 elements), and only a second one grows an array.
  let first: string | undefined;
  let more: string[] | undefined;
  for (let i = 0; i < 4 && next < to; i++) {
    at = next + 1;
    next = f.next(n, at, sep);
    if (next <= at) continue;
    const modifier = value.slice(at, next);
    if (first === undefined) first = modifier;
    else if (more === undefined) more = [first, modifier];
    else more.push(modifier);
  }
  return { qualifier, code, modifiers: more ?? (first === undefined ? [] : [first]) };
}

/**
 * A map from shortKey numbers to small non-negative integers, for lookups on the hot path:
 * open addressing with linear probing in two typed arrays, so a lookup is a multiply, a shift
 * and usually one comparison, where a Map would hash through a builtin call. Two keys never
 * evict each other. It is filled to half at most; `set` beyond that does nothing, and callers
 * keep the full mapping elsewhere.
 */
export class ShortKeyTable {
  /** 0 marks an empty slot: valid keys (1 to 3 characters) are positive. */
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  private readonly shift: number;
  private size = 0;

  constructor(bits: number) {
    this.keys = new Int32Array(1 << bits);
    this.values = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  /** The value stored for `key`, or -1 (also for the -1 and -2 of shortKey). */
  get(key: number): number {
    if (key <= 0) return -1;
    const keys = this.keys;
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const stored = keys[slot]!;
      if (stored === key) return this.values[slot]!;
      if (stored === 0) return -1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Stores `value` (0 or more) for `key`; false when the key is not positive or the table is half full. */
  set(key: number, value: number): boolean {
    if (key <= 0) return false;
    const keys = this.keys;
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (keys[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & this.mask;
    if (keys[slot] === 0) {
      if (this.size >= (this.mask + 1) / 2) return false;
      keys[slot] = key;
      this.size++;
    }
    this.values[slot] = value;
    return true;
  }
}

export type ScannedHandler = (segment: ScannedSegment, delimiters: X12Delimiters) => void;

/**
 * Segment ids are few: each gets a small number (its code) and one internalized string, so
 * the loop walker indexes arrays by code and comparisons of ids are cheap.
 */
const codeByKey = new Map<number, number>();
const codeById = new Map<string, number>();
const idByCode: string[] = [];
/**
 * The codes of the ids seen so far by their key (see emit): the scanner's lookup for every
 * segment, a multiply, a shift and usually one comparison.
 */
const codeTable = new ShortKeyTable(10);

function internalize(value: string): string {
  return Object.keys({ [value]: 0 })[0]!;
}

function register(id: string): number {
  const code = idByCode.length;
  idByCode.push(internalize(id));
  codeById.set(id, code);
  return code;
}

/** The code of the id in `text[from, to)`, whose key is not in codeTable yet. */
function codeOfKey(key: number, text: string, from: number, to: number): number {
  let code = codeByKey.get(key);
  if (code === undefined) {
    code = idCode(text.slice(from, to));
    codeByKey.set(key, code);
  }
  codeTable.set(key, code);
  return code;
}

/** The code of a segment id (assigned on first sight). */
export function idCode(id: string): number {
  return codeById.get(id) ?? register(id);
}

/** The segment id a code stands for. */
export function idOfCode(code: number): string {
  return idByCode[code]!;
}

/** The code of any segment's id. */
export function codeOf(segment: X12Segment): number {
  return isScanned(segment) ? segment.code : idCode(segment.id);
}

/**
 * A short value (1 to 3 characters) as one number, the way qualifiers are matched without
 * slicing them out of the segment: -1 when empty, -2 when longer than 3 characters. `bytes`,
 * when given, is the same text as bytes and is read instead.
 */
export function shortKey(text: string, from: number, to: number, bytes?: Uint8Array): number {
  const n = to - from;
  if (n === 0) return -1;
  if (n > 3) return -2;
  let key = 0;
  for (let i = from; i < to; i++) {
    const c = bytes !== undefined ? bytes[i]! : text.charCodeAt(i);
    if (c > 255) return -2;
    key = key * 256 + c;
  }
  return key;
}

/** shortKey of element n of a segment. */
export function elementKey(segment: X12Segment, n: number): number {
  if (!isScanned(segment)) {
    const value = segment.elements[n] ?? '';
    return shortKey(value, 0, value.length);
  }
  const p = segment.elementStart(n);
  if (p < 0) return -1;
  const piece = segment.piece;
  const bytes = piece.bytes;
  if (bytes === undefined) return shortKey(piece.src, p, segment.elementEnd(p));
  // shortKey in the same pass that finds the element's end.
  const sep = piece.separatorCode;
  const to = segment.to;
  let key = 0;
  let q = p;
  for (; q < to; q++) {
    const c = bytes[q]!;
    if (c === sep) break;
    if (q - p === 3) return -2;
    key = key * 256 + c;
  }
  return q === p ? -1 : key;
}

const IEA_CODE = idCode('IEA');

/** a then b in one new array; undefined unless both are known. */
function joinBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): Uint8Array | undefined {
  if (a === undefined || b === undefined) return undefined;
  const joined = paddedBytes(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/**
 * Incremental segment scanner: feed it text in chunks of any size; it emits a segment only once
 * its terminator has been seen, so chunk boundaries never split or glue segments. Segments are
 * found with a native search for the terminator and emitted unsplit. Delimiters are re-read at
 * every ISA, so interchanges with different delimiters may follow each other.
 */
export class SegmentScanner {
  private buf = '';
  /** buf as bytes when every piece it came from had them (see push), else undefined. */
  private bufBytes: Uint8Array | undefined = undefined;
  /** Absolute offset of buf[0]. */
  private bufOffset = 0;
  private delimiters: X12Delimiters | undefined;
  private count = 0;
  private readonly onSegment: ScannedHandler;

  constructor(onSegment: ScannedHandler) {
    this.onSegment = onSegment;
  }

  /** Segments emitted so far. */
  get segmentCount(): number {
    return this.count;
  }

  /**
   * Feeds the next piece of text. `bytes`, when given, holds the same piece as bytes
   * (`bytes[i] === chunk.charCodeAt(i)`, as `decodeBytes` makes it): segments then carry
   * it, and boundaries are found with byte reads. The scanner keeps views of it until the
   * segments it holds are complete, so it must not change while the scanner runs.
   */
  push(chunk: string, bytes?: Uint8Array): void {
    if (bytes !== undefined && bytes.length !== chunk.length) bytes = undefined;
    let from = 0;
    if (this.buf.length > 0) {
      const delimiters = this.delimiters;
      if (delimiters === undefined) {
        // Still looking for an ISA: rare, so the pieces are simply joined.
        bytes = joinBytes(this.bufBytes, bytes);
        chunk = this.buf + chunk;
        this.buf = '';
        this.bufBytes = undefined;
      } else {
        // Complete the segment cut by the chunk boundary on its own, so the rest of the chunk
        // is scanned as the decoder made it (a flat string) rather than as a joined copy.
        const end = chunk.indexOf(delimiters.segment);
        if (end < 0) {
          this.bufBytes = joinBytes(this.bufBytes, bytes);
          this.buf += chunk;
          return;
        }
        const head = this.buf + chunk.slice(0, end + 1);
        const headBytes = joinBytes(this.bufBytes, bytes?.subarray(0, end + 1));
        const rest = this.drain(head, 0, headBytes);
        if (rest < head.length) {
          // Only after an IEA: the next ISA starts here; hand it the whole chunk again.
          chunk = head.slice(rest) + chunk.slice(end + 1);
          bytes = joinBytes(headBytes?.subarray(rest), bytes?.subarray(end + 1));
          this.bufOffset += rest;
        } else {
          this.bufOffset += head.length - (end + 1);
          from = end + 1;
        }
        this.buf = '';
        this.bufBytes = undefined;
      }
    }
    const start = this.drain(chunk, from, bytes);
    if (start === chunk.length) {
      this.buf = '';
      this.bufBytes = undefined;
    } else {
      this.buf = chunk.slice(start);
      this.bufBytes = bytes?.subarray(start);
    }
    this.bufOffset += start;
  }

  end(): void {
    const buf = this.buf;
    let i = 0;
    while (i < buf.length && isSpace(buf.charCodeAt(i))) i++;
    if (i < buf.length) {
      if (!this.delimiters) {
        if (buf.startsWith('ISA', i) || 'ISA'.startsWith(buf.slice(i, i + 3))) {
          throw new X12Error('ISA is truncated: it must be 106 characters', {
            segmentNumber: this.count + 1,
            segmentId: 'ISA',
            byteOffset: this.bufOffset + i,
          });
        }
        throw new X12Error('Expected an ISA segment', {
          segmentNumber: this.count + 1,
          byteOffset: this.bufOffset + i,
        });
      }
      // A final segment without terminator: emitted so the envelope check can name what is missing.
      const piece = new ScanPiece(
        buf,
        this.bufBytes,
        wordsOf(this.bufBytes),
        this.bufOffset,
        this.delimiters.element,
      );
      this.emit(piece, 0, buf.length);
    } else if (this.count === 0) {
      throw new X12Error('Input is empty: no ISA segment', { byteOffset: this.bufOffset });
    }
    this.bufOffset += buf.length;
    this.buf = '';
    this.bufBytes = undefined;
  }

  /** Emits every complete segment of buf; returns where the unfinished rest starts. */
  private drain(buf: string, start: number, bytes: Uint8Array | undefined): number {
    const words = wordsOf(bytes);
    // The segments of this call share one piece, made again when an ISA brings new delimiters.
    let piece =
      this.delimiters === undefined
        ? undefined
        : new ScanPiece(buf, bytes, words, this.bufOffset, this.delimiters.element);
    for (;;) {
      if (!this.delimiters) {
        while (start < buf.length && isSpace(buf.charCodeAt(start))) start++;
        if (start >= buf.length) return start;
        if (buf.length - start < ISA_LENGTH) {
          // Fail fast on garbage instead of buffering it until the end.
          if (!'ISA'.startsWith(buf.slice(start, start + 3))) {
            throw new X12Error('Expected an ISA segment', {
              segmentNumber: this.count + 1,
              byteOffset: this.bufOffset + start,
            });
          }
          return start;
        }
        this.delimiters = readDelimiters(
          buf.slice(start, start + ISA_LENGTH),
          this.bufOffset + start,
          this.count + 1,
        );
        piece = new ScanPiece(buf, bytes, words, this.bufOffset, this.delimiters.element);
        this.emit(piece, start, start + ISA_LENGTH - 1);
        start += ISA_LENGTH;
      }
      const term = this.delimiters.segment;
      for (;;) {
        // A native search: segments are long enough for it to beat a loop over bytes.
        const end = buf.indexOf(term, start);
        if (end < 0) return start;
        const code = this.emit(piece!, start, end);
        start = end + 1;
        if (code === IEA_CODE) {
          // The next interchange may use other delimiters: re-read them from its ISA.
          this.delimiters = undefined;
          break;
        }
      }
    }
  }

  /** Emits the piece's text [from, to) as a segment after trimming line breaks and padding; returns its id code (-1 if blank). */
  private emit(piece: ScanPiece, from: number, to: number): number {
    const buf = piece.src;
    const bytes = piece.bytes;
    const words = piece.words;
    const separator = piece.separatorCode;
    const number = this.count + 1;
    // Characters are read from the bytes when the piece has them (see ScanPiece.bytes).
    if (bytes !== undefined) {
      while (from < to && isSpace(bytes[from]!)) from++;
      while (to > from && isSpace(bytes[to - 1]!)) to--;
    } else {
      while (from < to && isSpace(buf.charCodeAt(from))) from++;
      while (to > from && isSpace(buf.charCodeAt(to - 1))) to--;
    }
    if (from === to) return -1;
    // The id is 2 or 3 upper-case letters or digits, read as one number to find its string.
    let key = 0;
    let k = from;
    if (words !== undefined && to - from >= 4) {
      // Its first four bytes in one read (two words when they straddle a boundary; the words
      // cover every byte up to `to`); the loop below decides anything else.
      const at = from >> 2;
      const shift = (from & 3) << 3;
      const w = shift === 0 ? words[at]! : (words[at]! >>> shift) | (words[at + 1]! << (32 - shift));
      const b0 = w & 255;
      const b1 = (w >>> 8) & 255;
      const b2 = (w >>> 16) & 255;
      if (isIdByte(b0) && isIdByte(b1)) {
        if (b2 === separator) {
          key = b0 * 256 + b1;
          k = from + 2;
        } else if (w >>> 24 === separator && isIdByte(b2)) {
          key = (b0 * 256 + b1) * 256 + b2;
          k = from + 3;
        }
      }
    }
    if (k === from)
      for (; k < to && k - from < 4; k++) {
        const c = bytes !== undefined ? bytes[k]! : buf.charCodeAt(k);
        if (c === separator) break;
        if (!isIdByte(c)) {
          key = -1;
          break;
        }
        key = key * 256 + c;
      }
    const length = k - from;
    if (key < 0 || length < 2 || length > 3) {
      throw new X12Error('Invalid segment id', {
        segmentNumber: number,
        element: 0,
        byteOffset: this.bufOffset + from,
      });
    }
    let code = codeTable.get(key);
    if (code < 0) code = codeOfKey(key, buf, from, k);
    this.count = number;
    this.onSegment(new ScannedSegment(code, number, piece, from, to), this.delimiters!);
    return code;
  }
}
