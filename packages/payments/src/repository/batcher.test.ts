import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher';

/** A fake statement runner whose calls can be finished one by one. */
function statements<J>() {
  const calls: { jobs: J[]; finish(ok?: boolean): void }[] = [];
  const run = (jobs: J[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({
        jobs,
        finish: (ok = true) =>
          ok ? resolve(jobs.map((j) => `done:${String(j)}`)) : reject(new Error('lost')),
      });
    });
  return { calls, run };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('createBatcher', () => {
  it('sends a job at once while the database keeps up, and gathers jobs while it is busy', async () => {
    const db = statements<number>();
    const submit = createBatcher({ maxInFlight: 1, maxBatch: 10, run: db.run });
    const first = submit(1);
    await turn();
    expect(db.calls.map((c) => c.jobs)).toEqual([[1]]);
    const later = [submit(2), submit(3), submit(4)];
    await turn();
    // One statement is in flight: the three wait for it.
    expect(db.calls).toHaveLength(1);
    db.calls[0]!.finish();
    expect(await first).toBe('done:1');
    await turn();
    await turn();
    expect(db.calls.map((c) => c.jobs)).toEqual([[1], [2, 3, 4]]);
    db.calls[1]!.finish();
    expect(await Promise.all(later)).toEqual(['done:2', 'done:3', 'done:4']);
  });

  it('never puts two jobs with the same key in one statement', async () => {
    const db = statements<string>();
    const submit = createBatcher({
      maxInFlight: 1,
      maxBatch: 10,
      run: db.run,
      apart: (j) => j.split(':')[0]!,
    });
    const results = ['a:1', 'b:1', 'a:2', 'c:1', 'a:3'].map(submit);
    await turn();
    expect(db.calls.map((c) => c.jobs)).toEqual([['a:1', 'b:1', 'c:1']]);
    db.calls[0]!.finish();
    await turn();
    await turn();
    expect(db.calls[1]!.jobs).toEqual(['a:2']);
    db.calls[1]!.finish();
    await turn();
    await turn();
    expect(db.calls[2]!.jobs).toEqual(['a:3']);
    db.calls[2]!.finish();
    expect(await Promise.all(results)).toHaveLength(5);
  });

  it('caps the statement size', async () => {
    const db = statements<number>();
    const submit = createBatcher({ maxInFlight: 2, maxBatch: 3, run: db.run });
    const all = Array.from({ length: 7 }, (_, i) => submit(i));
    await turn();
    expect(db.calls.map((c) => c.jobs)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    for (const c of db.calls) c.finish();
    await turn();
    await turn();
    expect(db.calls[2]!.jobs).toEqual([6]);
    db.calls[2]!.finish();
    expect(await Promise.all(all)).toHaveLength(7);
  });

  it('retries a failed statement job by job, so only the job whose statement fails gets the error', async () => {
    const ran: number[][] = [];
    const submit = createBatcher<number, string>({
      maxInFlight: 1,
      maxBatch: 10,
      async run(jobs) {
        ran.push(jobs);
        if (jobs.includes(2)) throw new Error('bad job 2');
        return jobs.map((j) => `ok:${j}`);
      },
    });
    const results = await Promise.allSettled([1, 2, 3].map(submit));
    expect(ran).toEqual([[1, 2, 3], [1], [2], [3]]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'ok:1',
      'bad job 2',
      'ok:3',
    ]);
  });
});
