/**
 * The parse half of the Apple export import, run on a worker thread so that XML parsing and
 * normalization overlap on two cores. The worker decodes and parses the export.xml bytes it is
 * sent (saxes, same options as in-thread) and answers each slice with the few attributes the
 * importer reads, joined into one string: one copy across threads instead of millions of
 * cloned objects. Fields are separated by NUL, which no XML document can contain.
 *
 * Events, in document order:
 * - `R<mask>` then type, sourceName, device, unit, startDate, endDate, value: a top-level Record,
 *   opened and closed (its children matter to no one); bit i < 7 of the mask (charCode - 64)
 *   says field i is absent (sent as ''); bits 7 and 8 say the type, resp. the device, is the
 *   previous Record's (sent as ''): a device string is half of a Record's bytes.
 * - `O` name count (name value)×count: another top-level Correlation, Workout or ActivitySummary.
 * - `I` name count (name value)×count: a Record or WorkoutStatistics inside one of those.
 * - `E` name: a top-level element other than Record closed.
 *
 * The worker never resolves entities beyond the XML ones (saxes), answers a parse error as a
 * message instead of throwing, and runs with a bounded heap: bad input comes back to the
 * caller as a typed error, never as a crash.
 *
 * The calling thread decodes the bytes and sends text: copying a string across is cheaper
 * than decoding it, and the parse thread is the one with less time to spare.
 */
export const PARSE_WORKER_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { SaxesParser } = require(workerData.saxes);
const NAMES = ['type', 'sourceName', 'device', 'unit', 'startDate', 'endDate', 'value'];
const CODES = [];
for (let m = 0; m < 512; m++) CODES.push('R' + String.fromCharCode(64 + m));
const parser = new SaxesParser({ position: false });
let depth = 0;
let out = [];
let failed = false;
let lastType;
let lastDevice;
const field = (v) => (v === undefined ? '' : v);
function pairs(code, name, a) {
  const keys = Object.keys(a);
  out.push(code, name, String(keys.length));
  for (const k of keys) out.push(k, a[k]);
}
parser.on('opentag', (tag) => {
  depth++;
  const name = tag.name;
  const a = tag.attributes;
  if (depth === 2) {
    if (name === 'Record') {
      const type = a.type, sourceName = a.sourceName, device = a.device, unit = a.unit;
      const startDate = a.startDate, endDate = a.endDate, value = a.value;
      const sameType = type !== undefined && type === lastType;
      const sameDevice = device !== undefined && device === lastDevice;
      lastType = type;
      lastDevice = device;
      const mask = (type === undefined ? 1 : 0) | (sourceName === undefined ? 2 : 0) |
        (device === undefined ? 4 : 0) | (unit === undefined ? 8 : 0) | (startDate === undefined ? 16 : 0) |
        (endDate === undefined ? 32 : 0) | (value === undefined ? 64 : 0) | (sameType ? 128 : 0) |
        (sameDevice ? 256 : 0);
      out.push(CODES[mask], sameType ? '' : field(type), field(sourceName), sameDevice ? '' : field(device),
        field(unit), field(startDate), field(endDate), field(value));
    } else if (name === 'Correlation' || name === 'Workout' || name === 'ActivitySummary') pairs('O', name, a);
  } else if (depth === 3 && (name === 'Record' || name === 'WorkoutStatistics')) pairs('I', name, a);
});
parser.on('closetag', (tag) => {
  if (depth === 2 && tag.name !== 'Record') out.push('E', tag.name);
  depth--;
});
function reply(bytes, end) {
  const text = out.join('\\u0000');
  out = [];
  parentPort.postMessage({ text, bytes, end });
}
parentPort.on('message', (message) => {
  if (failed) return;
  try {
    if (message === null) {
      parser.close();
      reply(0, true);
      return;
    }
    parser.write(message.text);
    reply(message.bytes, false);
  } catch (error) {
    failed = true;
    out = [];
    parentPort.postMessage({ error: 'xml', end: true });
  }
});
`;

export interface ParseReply {
  text?: string;
  bytes?: number;
  end: boolean;
  error?: 'xml';
}

export interface ParseThread {
  /** Sends decoded export.xml text, `bytes` long in UTF-8; one reply answers it. */
  send(text: string, bytes: number): void;
  /** Ends the document; one more reply, with `end`, follows. */
  end(): void;
  /** The next reply in order; rejects if the worker died. */
  next(): Promise<ParseReply>;
  /** Replies received and not yet taken. */
  ready(): number;
  close(): Promise<void>;
}

/**
 * Starts the parse worker, or returns undefined where worker threads are not available or the
 * process may use only one core (the node modules are imported here, so the entry itself
 * stays free of them).
 */
export async function startParseThread(): Promise<ParseThread | undefined> {
  let worker: import('node:worker_threads').Worker;
  try {
    // With one core the two threads only take turns, and the hand-over costs (one core: 59 %
    // of raw saxes threaded against 77 % on one thread, 200 MB bench file).
    const os = await import('node:os');
    if (os.availableParallelism() < 2) return undefined;
    const threads = await import('node:worker_threads');
    const { createRequire } = await import('node:module');
    const from = typeof __filename === 'string' ? __filename : import.meta.url;
    const saxes = createRequire(from).resolve('saxes');
    worker = new threads.Worker(PARSE_WORKER_SOURCE, {
      eval: true,
      workerData: { saxes },
      // Parser state and one slice's answer: a runaway document fails here, not the caller.
      // A small young generation: saxes' garbage dies young, and 8 MB measured both faster
      // and about 25 MB less peak RSS than the default (200 MB bench file; 2 MB was slower).
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 },
      stdout: false,
      stderr: true,
    });
  } catch {
    // No worker threads here (or none to spare): the caller parses on its own thread.
    return undefined;
  }
  const queue: ParseReply[] = [];
  let failure: unknown;
  let wake: (() => void) | undefined;
  let closed = false;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  worker.on('message', (reply: ParseReply) => {
    queue.push(reply);
    notify();
  });
  worker.on('error', (error) => {
    failure ??= error;
    notify();
  });
  worker.on('messageerror', (error) => {
    failure ??= error;
    notify();
  });
  worker.on('exit', (code) => {
    if (!closed) failure ??= new Error(`export.xml parser thread exited with code ${code}`);
    notify();
  });
  return {
    send(text, bytes) {
      worker.postMessage({ text, bytes });
    },
    end() {
      worker.postMessage(null);
    },
    async next() {
      for (;;) {
        const reply = queue.shift();
        if (reply) return reply;
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    ready: () => queue.length,
    async close() {
      closed = true;
      await worker.terminate();
    },
  };
}
