import { describe, expect, it } from 'vitest';
import { SeenIds } from './seen-ids';

describe('SeenIds', () => {
  it('answers like a Set of the pairs, across growth and clears', () => {
    const seen = new SeenIds(4);
    const reference = new Set<string>();
    let x = 12345;
    const next = () => {
      x = Math.imul(x ^ (x >>> 15), 2246822507) + 1;
      return x % 700; // small range: plenty of repeats, and colliding slots
    };
    for (let i = 0; i < 20_000; i++) {
      if (i % 5000 === 4999) {
        seen.clear();
        reference.clear();
      }
      const h1 = next();
      const h2 = i % 3;
      const key = `${h1}/${h2}`;
      expect(seen.add(h1, h2)).toBe(!reference.has(key));
      reference.add(key);
    }
  });
});
