import {
  type EnvelopeHandlers,
  EnvelopeReader,
  type GroupHeader,
  type InterchangeHeader,
  type TransactionHeader,
} from './envelope';
import { X12Error } from './errors';
import {
  type LoopIssue,
  LoopWalker,
  type LoopWalkerOptions,
  type TransactionSchema,
  type X12Loop,
} from './loops';
import { SegmentScanner } from './scanner';
import { schemaFor } from './schemas';
import {
  chunkPieces,
  type InputPiece,
  inputChunks,
  stringPieces,
  syncPieces,
  syncText,
  textChunks,
  type X12Delimiters,
  type X12Input,
  type X12Segment,
  X12Tokenizer,
} from './tokenizer';

export interface ParseOptions {
  /** Unknown, out-of-place or missing segments become fatal X12Errors instead of issues. */
  strict?: boolean;
  /** Extra or replacement loop schemas (matched on ST01 and GS08/ST03). */
  schemas?: readonly TransactionSchema[];
  /**
   * Check elements against the schemas' element definitions (required, length, characters,
   * codes, dates, composites, repetitions), reported as code 8 issues with IK4 detail. On by
   * default in parseX12/readX12, the path to a 999; off by default in the typed readers,
   * where it would cost time on every segment.
   */
  validateElements?: boolean;
}

export interface X12TransactionSet {
  header: TransactionHeader;
  /** The loop tree (`id: 'ST'`); flat when no schema is known for the transaction. */
  root: X12Loop;
  /** Structure problems found by the loop engine (empty when clean). */
  issues: LoopIssue[];
  /** Segment count including ST and SE. */
  segmentCount: number;
  delimiters: X12Delimiters;
}

export interface X12FunctionalGroup {
  header: GroupHeader;
  transactions: X12TransactionSet[];
}

export interface X12Interchange {
  header: InterchangeHeader;
  /** TA1 interchange acknowledgments carried by this interchange. */
  ta1: X12Segment[];
  groups: X12FunctionalGroup[];
}

export interface X12Document {
  interchanges: X12Interchange[];
  /** Every segment in the input, envelopes included. */
  segmentCount: number;
}

function pickSchema(header: TransactionHeader, options: ParseOptions): TransactionSchema | undefined {
  const version = header.implementation ?? header.group.version;
  const custom = options.schemas?.find(
    (s) => s.setId === header.setId && (!version || version.includes(s.version.slice(6, 10))),
  );
  return custom ?? schemaFor(header.setId, version);
}

/** Per-transaction walker hooks used by both the document parser and the streaming readers. */
export function createWalker(
  header: TransactionHeader,
  options: ParseOptions,
  walkerOptions: LoopWalkerOptions = {},
): LoopWalker | undefined {
  const schema = pickSchema(header, options);
  if (!schema) {
    if (options.strict) {
      throw new X12Error(
        'No loop schema for this transaction set',
        {
          segmentNumber: header.segment.number,
          segmentId: 'ST',
          element: 1,
          byteOffset: header.segment.offset,
        },
        'x12_structure',
      );
    }
    return undefined;
  }
  return new LoopWalker(schema, {
    strict: options.strict,
    ...walkerOptions,
    validateElements: options.validateElements ?? walkerOptions.validateElements ?? false,
    delimiters: header.interchange.delimiters,
  });
}

class DocumentBuilder {
  readonly doc: X12Document = { interchanges: [], segmentCount: 0 };
  private walker: LoopWalker | undefined;
  private flat: X12Loop | undefined;
  readonly envelope: EnvelopeReader;

  constructor(options: ParseOptions) {
    const doc = this.doc;
    this.envelope = new EnvelopeReader({
      interchangeStart: (header) => doc.interchanges.push({ header, ta1: [], groups: [] }),
      interchangeSegment: (segment) => doc.interchanges.at(-1)!.ta1.push(segment),
      groupStart: (header) => doc.interchanges.at(-1)!.groups.push({ header, transactions: [] }),
      transactionStart: (header) => {
        this.walker = createWalker(header, options, { validateElements: true });
        this.flat = this.walker
          ? undefined
          : { id: 'ST', name: `Transaction ${header.setId}`, segments: [], loops: [] };
      },
      segment: (segment) => {
        if (this.walker) this.walker.push(segment);
        else this.flat!.segments.push(segment);
      },
      transactionEnd: (header, se) => {
        const walker = this.walker;
        const root = walker ? walker.end() : this.flat!;
        const issues = walker ? walker.issues : [];
        if (!walker) {
          issues.push({
            severity: 'warning',
            code: '1',
            message: 'No loop schema for this transaction set: segments kept flat',
            segmentId: 'ST',
            segmentNumber: header.segment.number,
            position: 1,
            loopId: 'ST',
          });
        }
        doc.interchanges
          .at(-1)!
          .groups.at(-1)!
          .transactions.push({
            header,
            root,
            issues,
            segmentCount: Number(se.elements[1]),
            delimiters: header.interchange.delimiters,
          });
        this.walker = undefined;
        this.flat = undefined;
      },
    });
  }

  segment = (segment: X12Segment, delimiters: X12Delimiters): void => {
    this.doc.segmentCount++;
    this.envelope.push(segment, delimiters);
  };
}

/**
 * Parses a whole X12 file held in memory: envelopes are checked (fatal X12Error on any
 * fault), every transaction set is walked through its loop schema.
 */
export function parseX12(input: string | Uint8Array, options: ParseOptions = {}): X12Document {
  const builder = new DocumentBuilder(options);
  const tokenizer = new X12Tokenizer(builder.segment);
  for (const piece of stringPieces(syncText(input))) tokenizer.push(piece);
  tokenizer.end();
  builder.envelope.end();
  return builder.doc;
}

/** Same as parseX12 for a stream or async iterable (the result is still held in memory). */
export async function readX12(input: X12Input, options: ParseOptions = {}): Promise<X12Document> {
  const builder = new DocumentBuilder(options);
  const tokenizer = new X12Tokenizer(builder.segment);
  for await (const chunk of textChunks(input)) tokenizer.push(chunk);
  tokenizer.end();
  builder.envelope.end();
  return builder.doc;
}

/**
 * A push pipeline: text pieces in, in order. `bytes`, when given, is the same piece as bytes
 * (`bytes[i] === chunk.charCodeAt(i)`), which lets the scanner read boundaries from bytes.
 */
export interface Pipeline {
  push(chunk: string, bytes?: Uint8Array): void;
  end(): void;
}

/**
 * The async iterator behind every streaming reader: it takes a piece of input, pushes it
 * through the pipeline and hands out what the piece completed one item at a time from a plain
 * array, so an item costs one resolved promise rather than a trip through an async generator.
 * A stream's chunks are awaited one by one and cut into pieces synchronously; in-memory input
 * is cut into pieces without awaiting at all. Memory stays bounded by one chunk and the items
 * it completes.
 */
class PumpIterator<T> implements AsyncGenerator<T, undefined, unknown> {
  private items: T[] = [];
  private index = 0;
  private finished = false;
  private pending: Promise<IteratorResult<T, undefined>> | undefined;
  private input: X12Input | undefined;
  /** The pieces of the current chunk (of the whole input when it is in memory). */
  private pieces: Iterator<InputPiece> | undefined;
  /** The stream's chunks; undefined for in-memory input. */
  private source: AsyncIterator<Uint8Array | string> | undefined;
  private ahead: Promise<IteratorResult<Uint8Array | string>> | undefined;
  private readonly pipeline: Pipeline;

  constructor(input: X12Input, setup: (emit: (item: T) => void) => Pipeline) {
    this.input = input;
    this.pipeline = setup((item) => {
      const items = this.items;
      items[items.length] = item;
    });
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.pending) {
      const again = () => this.next();
      return this.pending.then(again, again);
    }
    if (this.index < this.items.length) {
      const value = this.items[this.index]!;
      this.items[this.index++] = undefined as T;
      return Promise.resolve({ value, done: false });
    }
    const pending = this.fill();
    this.pending = pending;
    const clear = () => {
      if (this.pending === pending) this.pending = undefined;
    };
    pending.then(clear, clear);
    return pending;
  }

  /** Opens the input on the first read, so an unsupported input fails there, as before. */
  private open(input: X12Input): void {
    this.input = undefined;
    if (typeof input === 'string' || input instanceof Uint8Array) this.pieces = syncPieces(input);
    else this.source = inputChunks(input);
  }

  private async fill(): Promise<IteratorResult<T, undefined>> {
    // Emptied in place: one array for the whole stream keeps the kind its optimized code expects.
    this.items.length = 0;
    this.index = 0;
    while (!this.finished) {
      try {
        if (this.input !== undefined) this.open(this.input);
        const piece = this.pieces?.next();
        if (piece !== undefined && piece.done !== true) {
          this.pipeline.push(piece.value.text, piece.value.bytes);
        } else if (this.source === undefined) {
          this.finished = true;
          this.pipeline.end();
        } else {
          let chunk: IteratorResult<Uint8Array | string>;
          try {
            chunk = await (this.ahead ?? this.source.next());
          } catch (error) {
            // A source that failed has ended: it is not closed again below.
            this.source = undefined;
            throw error;
          }
          this.ahead = undefined;
          if (chunk.done === true) {
            this.finished = true;
            this.pipeline.end();
          } else {
            // Ask for the next chunk before digesting this one, so reading overlaps parsing
            // (chunkPieces has copied it first: the producer may now reuse its buffer).
            const pieces = chunkPieces(chunk.value);
            this.ahead = this.source.next();
            this.ahead.catch(() => undefined);
            this.pieces = pieces;
          }
        }
      } catch (error) {
        this.finished = true;
        this.items = [];
        this.ahead = undefined;
        this.pieces = undefined;
        // Bad input stops the read: the stream is closed (a Node stream destroyed).
        const source = this.source;
        this.source = undefined;
        await source?.return?.(undefined);
        throw error;
      }
      if (this.items.length > 0) return { value: this.items[this.index++]!, done: false };
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<T, undefined>> {
    await this.pending?.catch(() => undefined);
    this.items = [];
    this.index = 0;
    if (!this.finished) {
      this.finished = true;
      this.ahead = undefined;
      this.pieces = undefined;
      this.input = undefined;
      const source = this.source;
      this.source = undefined;
      await source?.return?.(undefined);
    }
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<T, undefined>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}

/**
 * Drives a push pipeline from any input and yields what it emits after each chunk, so a
 * consumer sees items as soon as they are complete and memory stays bounded by one chunk.
 */
export function pump<T>(
  input: X12Input,
  setup: (emit: (item: T) => void) => Pipeline,
): AsyncGenerator<T, undefined, unknown> {
  return new PumpIterator(input, setup);
}

/** Scanner + envelope checks feeding the given handlers; used by the typed readers. */
export function envelopePipeline(handlers: EnvelopeHandlers): Pipeline & { readonly segmentCount: number } {
  const envelope = new EnvelopeReader(handlers);
  const scanner = new SegmentScanner((segment, delimiters) => envelope.push(segment, delimiters));
  return {
    get segmentCount() {
      return scanner.segmentCount;
    },
    push: (chunk, bytes) => scanner.push(chunk, bytes),
    end: () => {
      scanner.end();
      envelope.end();
    },
  };
}

/** Runs a pipeline over an in-memory input synchronously. */
export function runSync(input: string | Uint8Array, pipeline: Pipeline): void {
  for (const piece of syncPieces(input)) pipeline.push(piece.text, piece.bytes);
  pipeline.end();
}

/** Every segment of an input, envelopes included, streamed. */
export function streamSegments(input: X12Input): AsyncGenerator<X12Segment> {
  return pump<X12Segment>(input, (emit) => {
    const tokenizer = new X12Tokenizer((segment) => emit(segment));
    return { push: (chunk) => tokenizer.push(chunk), end: () => tokenizer.end() };
  });
}
