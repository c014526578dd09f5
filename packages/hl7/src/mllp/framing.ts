/** MLLP block characters: <VT> message <FS><CR>. */
export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;

const START = Uint8Array.of(VT);
const END = Uint8Array.of(FS, CR);

/**
 * Writes one framed message as three writes; callers cork the socket so they leave as one
 * vectored write without copying the payload.
 */
export function writeFramed(socket: { write(chunk: Uint8Array): boolean }, payload: Uint8Array): boolean {
  socket.write(START);
  socket.write(payload);
  return socket.write(END);
}

/** Wraps message bytes in an MLLP frame. */
export function frame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 3);
  out[0] = VT;
  out.set(payload, 1);
  out[payload.length + 1] = FS;
  out[payload.length + 2] = CR;
  return out;
}

export interface FrameReaderEvents {
  frame(payload: Uint8Array): void;
  /** Bytes that arrived outside any frame, or a frame abandoned by a new start block. */
  discarded(byteCount: number, reason: 'outside-frame' | 'restarted-frame'): void;
  /** A frame grew past the limit; `head` holds its first bytes (to recover a control id). */
  oversize(head: Uint8Array): void;
  /** A start block arrived (used for slow-sender timing). */
  frameStart?(): void;
}

const HEAD_BYTES = 2048;

/**
 * Incremental MLLP de-framer: accepts arbitrary TCP chunking (a start block in one chunk and
 * the end block in another, several frames in one chunk, FS and CR split across chunks).
 * A frame over `maxBytes` is reported once and never buffered further.
 */
export class MllpFrameReader {
  #parts: Uint8Array[] = [];
  #size = 0;
  #inFrame = false;
  #pendingFs = false;
  #stopped = false;
  readonly #max: number;
  readonly #events: FrameReaderEvents;

  constructor(maxBytes: number, events: FrameReaderEvents) {
    this.#max = maxBytes;
    this.#events = events;
  }

  get inFrame(): boolean {
    return this.#inFrame;
  }

  /** Stops reading (after an oversize frame the connection is closing). */
  stop(): void {
    this.#stopped = true;
    this.#parts = [];
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    while (i < n && !this.#stopped) {
      if (!this.#inFrame) {
        const vt = chunk.indexOf(VT, i);
        if (vt < 0) {
          this.#events.discarded(n - i, 'outside-frame');
          return;
        }
        if (vt > i) this.#events.discarded(vt - i, 'outside-frame');
        this.#startFrame();
        i = vt + 1;
        continue;
      }
      if (this.#pendingFs) {
        this.#pendingFs = false;
        if (chunk[i] === CR) {
          this.#emit();
          i++;
          continue;
        }
        // A lone FS is not an end block; keep it as data.
        if (!this.#append(Uint8Array.of(FS))) return;
      }
      let fs = chunk.indexOf(FS, i);
      while (fs >= 0 && fs + 1 < n && chunk[fs + 1] !== CR) fs = chunk.indexOf(FS, fs + 1);
      const dataEnd = fs < 0 ? n : fs;
      const restart = chunk.indexOf(VT, i);
      if (restart >= 0 && restart < dataEnd) {
        // A new start block inside a frame: the sender gave up on the old one.
        this.#events.discarded(this.#size + (restart - i) + 1, 'restarted-frame');
        this.#startFrame();
        i = restart + 1;
        continue;
      }
      if (fs < 0) {
        this.#append(chunk.subarray(i));
        return;
      }
      if (!this.#append(chunk.subarray(i, fs))) return;
      if (fs + 1 === n) {
        this.#pendingFs = true;
        return;
      }
      this.#emit();
      i = fs + 2;
    }
  }

  #startFrame(): void {
    this.#inFrame = true;
    this.#parts = [];
    this.#size = 0;
    this.#pendingFs = false;
    this.#events.frameStart?.();
  }

  #append(part: Uint8Array): boolean {
    if (part.length === 0) return true;
    if (this.#size + part.length > this.#max) {
      const head = new Uint8Array(Math.min(HEAD_BYTES, this.#size + part.length));
      let at = 0;
      for (const p of [...this.#parts, part]) {
        if (at >= head.length) break;
        const take = p.subarray(0, head.length - at);
        head.set(take, at);
        at += take.length;
      }
      this.stop();
      this.#events.oversize(head);
      return false;
    }
    this.#parts.push(part);
    this.#size += part.length;
    return true;
  }

  #emit(): void {
    const parts = this.#parts;
    let payload: Uint8Array;
    if (parts.length === 1) payload = parts[0]!;
    else {
      payload = new Uint8Array(this.#size);
      let at = 0;
      for (const p of parts) {
        payload.set(p, at);
        at += p.length;
      }
    }
    this.#parts = [];
    this.#size = 0;
    this.#inFrame = false;
    this.#events.frame(payload);
  }
}
