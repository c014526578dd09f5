import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StableHasher } from '../hash';
import { appleDateKey, hashAppleDate } from './types';

const dateArb = fc
  .record({
    ms: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    offset: fc.integer({ min: -14 * 60, max: 14 * 60 }),
  })
  .map(({ ms, offset }) => {
    const d = new Date(ms);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const abs = Math.abs(offset);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  });

const read = (raw: string | undefined) => {
  const hasher = new StableHasher().start();
  hashAppleDate(hasher, raw);
  return { digest: hasher.digest(), time: appleDateKey.time, offset: appleDateKey.offset };
};

describe('hashAppleDate', () => {
  it('hashes as add() does, for dates and for anything else', () => {
    fc.assert(
      fc.property(fc.oneof(dateArb, fc.string(), fc.constant(undefined)), (raw) => {
        expect(read(raw).digest).toBe(new StableHasher().start().add(raw).digest());
      }),
    );
  });

  it('gives equal keys exactly to equal dates', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        const ka = read(a);
        const kb = read(b);
        expect(Number.isNaN(ka.time)).toBe(false);
        expect(ka.time === kb.time && ka.offset === kb.offset).toBe(a === b);
      }),
    );
    expect(read('2024-01-01 08:10:00 +0000').offset).not.toBe(read('2024-01-01 08:10:00 -0000').offset);
  });

  it('reads nothing but an Apple date', () => {
    for (const raw of [
      undefined,
      '',
      '2024-01-01T08:10:00 -0500',
      '2024-01-01 08:10:00 −0500',
      '2024-01-01 08:10:00 -05:0',
      '2024-0a-01 08:10:00 -0500',
      '2024-01-01 08:10:00 -0500 ',
    ])
      expect(read(raw).time, String(raw)).toBeNaN();
    expect(read('2024-01-01 08:10:00 -0500')).toMatchObject({ time: 20240101081000, offset: 10500 });
  });
});
