/**
 * Adaptive micro-batching of database statements. While fewer than `maxInFlight`
 * statements run, a job goes out at once (alone, unless others became ready in the same
 * turn of the event loop); while the database is busy, jobs wait and the next statement
 * carries all of them, so under load one round trip and one commit serve many events.
 */
export interface BatcherOptions<J, R> {
  maxInFlight: number;
  maxBatch: number;
  /** Runs one statement for `jobs`; returns one result per job, in order. */
  run(jobs: J[]): Promise<R[]>;
  /** Jobs with the same key never share a statement (a later one waits for the next). */
  apart?: (job: J) => string;
}

/** setImmediate on Node; a zero timeout where there is none (PGlite in a browser). */
const nextTurn: (fn: () => void) => void =
  typeof setImmediate === 'function' ? (fn) => setImmediate(fn) : (fn) => setTimeout(fn, 0);

interface Pending<J, R> {
  job: J;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export function createBatcher<J, R>(options: BatcherOptions<J, R>): (job: J) => Promise<R> {
  const queue: Pending<J, R>[] = [];
  const maxInFlight = Math.max(1, options.maxInFlight);
  let inFlight = 0;
  let scheduled = false;

  async function send(batch: Pending<J, R>[]): Promise<void> {
    try {
      const results = await options.run(batch.map((p) => p.job));
      for (const [i, p] of batch.entries()) p.resolve(results[i] as R);
    } catch (error) {
      // One statement, so nothing of the batch took effect. Alone, each job learns
      // whether the error was its own.
      if (batch.length === 1) batch[0]!.reject(error);
      else await Promise.all(batch.map((p) => send([p])));
    }
  }

  function take(): Pending<J, R>[] {
    const batch: Pending<J, R>[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < queue.length && batch.length < options.maxBatch; ) {
      const pending = queue[i]!;
      const key = options.apart?.(pending.job);
      if (key !== undefined && keys.has(key)) {
        i++;
        continue;
      }
      if (key !== undefined) keys.add(key);
      batch.push(pending);
      queue.splice(i, 1);
    }
    return batch;
  }

  function flush(): void {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = take();
      inFlight++;
      void send(batch).finally(() => {
        inFlight--;
        schedule();
      });
    }
  }

  function schedule(): void {
    if (scheduled || queue.length === 0 || inFlight >= maxInFlight) return;
    scheduled = true;
    // Gathers the jobs that became ready in the same turn of the event loop.
    nextTurn(flush);
  }

  return (job) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ job, resolve, reject });
      schedule();
    });
}
