import { X12Error } from './errors';

/** The four delimiters of an interchange, read from its ISA. */
export interface X12Delimiters {
  element: string;
  /** ISA11; undefined when ISA11 is the 4010-style `U` (no repetition separator). */
  repetition: string | undefined;
  component: string;
  segment: string;
}

export interface X12Segment {
  /** Segment id, also `elements[0]`. */
  id: string;
  /** `elements[n]` is element n in X12 numbering (CLP04 is `elements[4]`). */
  elements: string[];
  /** 1-based ordinal of the segment in the whole input. */
  number: number;
  /** Offset of the segment's first character from the start of the input (bytes for binary input). */
  offset: number;
}

export type SegmentHandler = (segment: X12Segment, delimiters: X12Delimiters) => void;

/** Input accepted by every reader: text, bytes, a Web ReadableStream or any async iterable (Node Readable). */
export type X12Input =
  | string
  | Uint8Array
  | ReadableStream<Uint8Array | string>
  | AsyncIterable<Uint8Array | string>;

export const ISA_LENGTH = 106;
/** Offsets of the element separator inside the fixed-width ISA. */
const ISA_SEPARATOR_OFFSETS = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103];

/** Hot path: 2–3 upper-case letters or digits, checked without a regex. */
function isSegmentId(id: string): boolean {
  const n = id.length;
  if (n < 2 || n > 3) return false;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 13 || code === 10 || code === 9;
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
 * Incremental tokenizer: feed it text in chunks of any size; it emits a segment only once
 * its terminator has been seen, so chunk boundaries never split or glue segments. Delimiters
 * are re-read at every ISA, so interchanges with different delimiters may follow each other.
 */
export class X12Tokenizer {
  private buf = '';
  /** Absolute offset of buf[0]. */
  private bufOffset = 0;
  private delimiters: X12Delimiters | undefined;
  private count = 0;
  private readonly onSegment: SegmentHandler;

  constructor(onSegment: SegmentHandler) {
    this.onSegment = onSegment;
  }

  /** Segments emitted so far. */
  get segmentCount(): number {
    return this.count;
  }

  push(chunk: string): void {
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    this.drain();
  }

  end(): void {
    this.drain();
    let i = 0;
    while (i < this.buf.length && isSpace(this.buf.charCodeAt(i))) i++;
    if (i < this.buf.length) {
      if (!this.delimiters) {
        if (this.buf.startsWith('ISA', i) || 'ISA'.startsWith(this.buf.slice(i, i + 3))) {
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
      this.emit(this.buf, 0, this.buf.length);
    } else if (this.count === 0) {
      throw new X12Error('Input is empty: no ISA segment', { byteOffset: this.bufOffset });
    }
    this.bufOffset += this.buf.length;
    this.buf = '';
  }

  private drain(): void {
    let start = 0;
    const buf = this.buf;
    for (;;) {
      if (!this.delimiters) {
        while (start < buf.length && isSpace(buf.charCodeAt(start))) start++;
        if (start >= buf.length) break;
        if (buf.length - start < ISA_LENGTH) {
          // Fail fast on garbage instead of buffering it until the end.
          const head = buf.slice(start, start + 3);
          if (!'ISA'.startsWith(head)) {
            throw new X12Error('Expected an ISA segment', {
              segmentNumber: this.count + 1,
              byteOffset: this.bufOffset + start,
            });
          }
          break;
        }
        this.delimiters = readDelimiters(
          buf.slice(start, start + ISA_LENGTH),
          this.bufOffset + start,
          this.count + 1,
        );
        this.emit(buf, start, start + ISA_LENGTH - 1);
        start += ISA_LENGTH;
        continue;
      }
      const term = this.delimiters.segment;
      const last = buf.lastIndexOf(term);
      if (last < start) break;
      // One native split for every complete segment in the buffer, then one per segment.
      const parts = buf.slice(start, last).split(term);
      let ended = false;
      for (const part of parts) {
        const id = this.emitPart(part, this.bufOffset + start);
        start += part.length + 1;
        if (id === 'IEA') {
          // The next interchange may use other delimiters: re-read them from its ISA.
          this.delimiters = undefined;
          ended = true;
          break;
        }
      }
      if (!ended) break;
    }
    if (start > 0) {
      this.buf = buf.slice(start);
      this.bufOffset += start;
    }
  }

  /** Emits buf[from, to) as a segment after trimming line breaks and padding; returns its id. */
  private emit(buf: string, from: number, to: number): string | undefined {
    return this.emitPart(buf.slice(from, to), this.bufOffset + from);
  }

  /** Emits one segment's text (terminator excluded) found at `offset`; returns its id. */
  private emitPart(part: string, offset: number): string | undefined {
    const delimiters = this.delimiters!;
    const elements = part.split(delimiters.element);
    let id = elements[0]!;
    if (id.length > 0 && isSpace(id.charCodeAt(0))) {
      let k = 0;
      while (k < id.length && isSpace(id.charCodeAt(k))) k++;
      id = id.slice(k);
      elements[0] = id;
      offset += k;
    }
    const n = elements.length - 1;
    const tail = elements[n]!;
    if (tail.length > 0 && isSpace(tail.charCodeAt(tail.length - 1))) {
      let k = tail.length;
      while (k > 0 && isSpace(tail.charCodeAt(k - 1))) k--;
      elements[n] = tail.slice(0, k);
    }
    if (n === 0 && id === '') return undefined;
    const number = this.count + 1;
    if (!isSegmentId(id)) {
      throw new X12Error('Invalid segment id', { segmentNumber: number, element: 0, byteOffset: offset });
    }
    this.count = number;
    this.onSegment({ id, elements, number, offset }, delimiters);
    return id;
  }
}

// windows-1252 maps every byte to one character, so character offsets are byte offsets;
// X12 5010's basic and extended character sets are ASCII, where this decoding is exact.
const byteDecoder = () => new TextDecoder('latin1');

/**
 * Text pieces stay below V8's large-object threshold so they die young: with 1 MB pieces a
 * 50 MB file peaks at about 3× the RSS of 64 KB pieces, for no gain in speed.
 */
const PIECE = 64 * 1024;

function* decodePieces(decoder: TextDecoder, bytes: Uint8Array): Generator<string> {
  for (let i = 0; i < bytes.length; i += PIECE) {
    yield decoder.decode(bytes.subarray(i, Math.min(i + PIECE, bytes.length)), { stream: true });
  }
}

/** Cuts text into pieces the tokenizer digests without building one giant split array. */
export function* stringPieces(text: string): Generator<string> {
  if (text.length <= PIECE) {
    yield text;
    return;
  }
  for (let i = 0; i < text.length; i += PIECE) yield text.slice(i, i + PIECE);
}

/** Turns any supported input into text chunks, without buffering the whole stream. */
export async function* textChunks(input: X12Input): AsyncGenerator<string> {
  if (typeof input === 'string') {
    yield* stringPieces(input);
    return;
  }
  const decoder = byteDecoder();
  if (input instanceof Uint8Array) {
    yield* decodePieces(decoder, input);
    return;
  }
  if (typeof (input as ReadableStream).getReader === 'function') {
    const reader = (input as ReadableStream<Uint8Array | string>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (typeof value === 'string') yield* stringPieces(value);
        else yield* decodePieces(decoder, value);
      }
    } finally {
      reader.releaseLock();
    }
    return;
  }
  if (typeof (input as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    for await (const value of input as AsyncIterable<Uint8Array | string>) {
      if (typeof value === 'string') yield* stringPieces(value);
      else yield* decodePieces(decoder, value);
    }
    return;
  }
  throw new X12Error('Unsupported input: pass a string, Uint8Array, ReadableStream or async iterable');
}

/** Decodes a string or bytes synchronously. */
export function syncText(input: string | Uint8Array): string {
  return typeof input === 'string' ? input : byteDecoder().decode(input);
}

/** Tokenizes a whole string or byte array. */
export function tokenize(input: string | Uint8Array): { segment: X12Segment; delimiters: X12Delimiters }[] {
  const out: { segment: X12Segment; delimiters: X12Delimiters }[] = [];
  const tokenizer = new X12Tokenizer((segment, delimiters) => out.push({ segment, delimiters }));
  for (const piece of stringPieces(syncText(input))) tokenizer.push(piece);
  tokenizer.end();
  return out;
}

/** Splits an element into its components (`HC:99213:25` → `['HC','99213','25']`). */
export function components(value: string | undefined, delimiters: X12Delimiters): string[] {
  if (!value) return [];
  return value.split(delimiters.component);
}

/** Splits an element into its repetitions (EB03 `30^1^33`). */
export function repetitions(value: string | undefined, delimiters: X12Delimiters): string[] {
  if (!value) return [];
  return delimiters.repetition ? value.split(delimiters.repetition) : [value];
}
