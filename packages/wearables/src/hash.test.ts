import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StableHasher, stableHash } from './hash';

describe('StableHasher', () => {
  it('continues from a snapshot to the same digest stableHash gives for all the fields', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.string({ unit: 'binary' }), { nil: undefined }), { maxLength: 8 }),
        fc.nat(),
        (fields, cut) => {
          const at = fields.length === 0 ? 0 : cut % (fields.length + 1);
          const hasher = new StableHasher();
          hasher.start();
          for (const f of fields.slice(0, at)) hasher.add(f);
          const snapshot = hasher.snapshot();
          // Something else hashed in between must not leak into the continued digest.
          hasher.start().add('unrelated').digest();
          hasher.start(snapshot);
          for (const f of fields.slice(at)) hasher.add(f);
          expect(hasher.digest()).toBe(stableHash(...fields));
        },
      ),
    );
  });

  it('pads both halves to seven base-36 digits', () => {
    const hasher = new StableHasher();
    for (let i = 0; i < 2000; i++) {
      const digest = hasher.start().add(String(i)).digest();
      expect(digest).toMatch(/^[0-9a-z]{14}$/);
      expect(digest).toBe(stableHash(String(i)));
      // The digest is the two halves, each zero-padded base 36.
      expect(digest).toBe(
        (hasher.high >>> 0).toString(36).padStart(7, '0') + (hasher.low >>> 0).toString(36).padStart(7, '0'),
      );
    }
  });
});
