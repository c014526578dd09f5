import { X12Error } from './errors';
import { decodeBytes, hasWords, paddedBytes, SegmentScanner } from './scanner';

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

export { ISA_LENGTH, readDelimiters } from './scanner';

/**
 * Incremental tokenizer: feed it text in chunks of any size; it emits a segment only once
 * its terminator has been seen, so chunk boundaries never split or glue segments. Delimiters
 * are re-read at every ISA, so interchanges with different delimiters may follow each other.
 * Every segment it emits carries its elements already split; the typed readers use the
 * scanner underneath directly and split only what they read.
 */
export class X12Tokenizer {
  private readonly scanner: SegmentScanner;

  constructor(onSegment: SegmentHandler) {
    this.scanner = new SegmentScanner((s, delimiters) =>
      onSegment({ id: s.id, elements: s.elements, number: s.number, offset: s.offset }, delimiters),
    );
  }

  /** Segments emitted so far. */
  get segmentCount(): number {
    return this.scanner.segmentCount;
  }

  push(chunk: string): void {
    this.scanner.push(chunk);
  }

  end(): void {
    this.scanner.end();
  }
}

/**
 * Input is cut into pieces of 16 KB, each scanned and its claims handed out before the next.
 * What a piece leaves alive when the young generation is collected (its text, the claims not
 * yet taken) is what V8 counts to decide to double that generation: with 64 KB pieces it
 * doubled halfway through the 50 MB bench 835, for 88 MB peak RSS on Node 20 and 101-105 MB
 * on Node 24; with 16 KB pieces it does not, for 73 MB and 86-89 MB, at the same speed.
 * (With 1 MB pieces the peak was about 3× that of 64 KB pieces.)
 */
const PIECE = 16 * 1024;

/** A piece of input: its text, and the same piece as bytes when the input came as bytes. */
export interface InputPiece {
  text: string;
  /** `bytes[i] === text.charCodeAt(i)`; owned by the reader (never the caller's buffer when streaming). */
  bytes: Uint8Array | undefined;
}

/**
 * Pieces of bytes the reader may keep (in-memory input, read synchronously, or a stream chunk
 * already copied by chunkPieces): views of them where the scanner can read them as words (see
 * wordsOf), else copies into buffers it can.
 */
function* bytePieces(bytes: Uint8Array): Generator<InputPiece> {
  for (let i = 0; i < bytes.length; i += PIECE) {
    const to = Math.min(i + PIECE, bytes.length);
    // A plain Uint8Array (not a Buffer), so byte reads see one kind of array.
    let own = new Uint8Array(bytes.buffer, bytes.byteOffset + i, to - i);
    if (!hasWords(own)) {
      own = paddedBytes(to - i);
      own.set(bytes.subarray(i, to));
    }
    yield { text: decodeBytes(bytes, i, to), bytes: own };
  }
}

function* textPieces(text: string): Generator<InputPiece> {
  for (const piece of stringPieces(text)) yield { text: piece, bytes: undefined };
}

/** Cuts text into pieces the tokenizer digests without building one giant split array. */
export function* stringPieces(text: string): Generator<string> {
  if (text.length <= PIECE) {
    yield text;
    return;
  }
  for (let i = 0; i < text.length; i += PIECE) yield text.slice(i, i + PIECE);
}

/** Pieces of an in-memory input, read synchronously. */
export function syncPieces(input: string | Uint8Array): Generator<InputPiece> {
  return typeof input === 'string' ? textPieces(input) : bytePieces(input);
}

/**
 * The pieces of one chunk of a stream. A producer may reuse its buffer once the next chunk is
 * asked for, so the chunk's bytes are copied here, at once, into one buffer the pieces view;
 * each piece's text is decoded from that copy only when the piece is taken, so no more than
 * one piece of text is alive at a time (see PIECE).
 */
export function chunkPieces(chunk: Uint8Array | string): Generator<InputPiece> {
  if (typeof chunk === 'string') return textPieces(chunk);
  const own = paddedBytes(chunk.length);
  own.set(chunk);
  return bytePieces(own);
}

/**
 * The chunks of a streamed input as they arrive: a Web ReadableStream, a Node Readable (read in
 * flowing mode, see flowingChunks) or any other async iterable. Throws an X12Error for any other
 * kind of input. The caller cuts each chunk into pieces itself (chunkPieces), synchronously, so
 * a piece costs no trip through another async generator.
 */
export function inputChunks(input: X12Input): AsyncIterator<Uint8Array | string> {
  if (typeof (input as ReadableStream).getReader === 'function') {
    return readerChunks((input as ReadableStream<Uint8Array | string>).getReader());
  }
  if (isNodeReadable(input)) return flowingChunks(input);
  if (typeof (input as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    return (input as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  }
  throw new X12Error('Unsupported input: pass a string, Uint8Array, ReadableStream or async iterable');
}

async function* readerChunks(
  reader: ReadableStreamDefaultReader<Uint8Array | string>,
): AsyncGenerator<Uint8Array | string> {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Turns any supported input into pieces of text (with their bytes), without buffering the whole stream. */
export async function* inputPieces(input: X12Input): AsyncGenerator<InputPiece> {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    yield* syncPieces(input);
    return;
  }
  // `for await` closes the source when the consumer leaves early, not when it ended or failed.
  const chunks = inputChunks(input);
  for await (const chunk of { [Symbol.asyncIterator]: () => chunks }) yield* chunkPieces(chunk);
}

/** What the reader needs of a Node Readable (typed here so the package needs no Node types at run time). */
interface NodeReadableLike {
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  isPaused(): boolean;
  destroy(error?: Error): unknown;
  readonly readableEnded?: boolean;
  readonly destroyed?: boolean;
}

function isNodeReadable(input: unknown): input is NodeReadableLike {
  const s = input as Partial<NodeReadableLike>;
  return (
    typeof s.on === 'function' &&
    typeof s.removeListener === 'function' &&
    typeof s.pause === 'function' &&
    typeof s.resume === 'function' &&
    typeof s.isPaused === 'function' &&
    typeof s.destroy === 'function'
  );
}

const ignore = (): void => {};

/** Chunks a Node stream may deliver before it is paused; it resumes once they are taken. */
const AHEAD = 4;

/**
 * A Node Readable's chunks, read in flowing mode. Its async iterator (`for await`) reads in
 * paused mode, where each chunk costs a `readable` event and more event-loop turns: over a
 * 64 KB file stream of 808 chunks with 0.75 ms of work each, 72–74 ms of waiting against
 * 51–62 ms here (eight interleaved runs each). The queue is bounded by pausing the stream at
 * AHEAD chunks. As with `for await`, an error is thrown after the chunks that came before it,
 * and leaving early destroys the stream.
 */
async function* flowingChunks(stream: NodeReadableLike): AsyncGenerator<Uint8Array | string> {
  const queue: (Uint8Array | string | undefined)[] = [];
  let head = 0;
  let ended = stream.readableEnded === true;
  let failure: { error: unknown } | undefined =
    !ended && stream.destroyed === true
      ? { error: new X12Error('The input stream was destroyed before it ended') }
      : undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onData = (chunk: Uint8Array | string) => {
    queue.push(chunk);
    if (queue.length - head >= AHEAD) stream.pause();
    signal();
  };
  const onEnd = () => {
    ended = true;
    signal();
  };
  const onError = (error: unknown) => {
    failure ??= { error };
    signal();
  };
  const onClose = () => {
    if (!ended) failure ??= { error: new X12Error('The input stream closed before it ended') };
    signal();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  stream.on('close', onClose);
  try {
    for (;;) {
      if (head < queue.length) {
        const chunk = queue[head]!;
        queue[head++] = undefined;
        if (head === queue.length) {
          queue.length = 0;
          head = 0;
          if (!ended && failure === undefined && stream.isPaused()) stream.resume();
        }
        yield chunk;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    stream.removeListener('data', onData);
    stream.removeListener('end', onEnd);
    stream.removeListener('error', onError);
    stream.removeListener('close', onClose);
    if (!ended) {
      // An error the stream's resource reports while closing would otherwise have no listener
      // and crash the process.
      stream.on('error', ignore);
      stream.destroy();
    }
  }
}

/** Turns any supported input into text chunks, without buffering the whole stream. */
export async function* textChunks(input: X12Input): AsyncGenerator<string> {
  for await (const piece of inputPieces(input)) yield piece.text;
}

/** Decodes a string or bytes synchronously. */
export function syncText(input: string | Uint8Array): string {
  return typeof input === 'string' ? input : decodeBytes(input);
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
