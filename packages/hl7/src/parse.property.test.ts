import { DEFAULT_DELIMITERS, encodeEscapes, Hl7ParseError, parseBatch, parseMessage } from '@medflow/hl7';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORU_R01 } from '../test/fixtures';

const d = DEFAULT_DELIMITERS;
const leaf = fc.string({ maxLength: 12, unit: 'grapheme' }).filter((s) => s !== '""');
const component = fc.array(leaf, { minLength: 1, maxLength: 3 });
const repetition = fc.array(component, { minLength: 1, maxLength: 3 });
const field = fc.array(repetition, { minLength: 1, maxLength: 2 });
const segment = fc.record({
  name: fc.constantFrom('PID', 'OBX', 'NTE', 'ZXY', 'OBR'),
  fields: fc.array(field, { maxLength: 8 }),
});

function encodeField(f: string[][][]): string {
  return f
    .map((rep) => rep.map((comp) => comp.map((s) => encodeEscapes(s, d)).join('&')).join('^'))
    .join('~');
}

function readAll(text: string | Uint8Array): void {
  const m = parseMessage(text);
  for (const s of m.segments) {
    for (let f = 1; f <= s.fieldCount; f++) {
      for (let r = 1; r <= s.repetitionCount(f); r++) s.getComponents(f, r);
      s.getAt(f, 2, 2, 2);
    }
  }
  m.toString();
}

function valueOrTypedError(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Hl7ParseError);
  }
}

describe('property: parse', () => {
  it('generated messages round-trip and read back every leaf', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('\r', '\r\n', ''),
        (segs, tail) => {
          const lines = ['MSH|^~\\&|GEN|FAC|||20260101||ORU^R01|X|P|2.5.1'];
          for (const s of segs) lines.push([s.name, ...s.fields.map(encodeField)].join('|'));
          const text = lines.join(tail === '\r\n' ? '\r\n' : '\r') + tail;
          const m = parseMessage(text);
          expect(m.toString()).toBe(text);
          for (const [i, s] of segs.entries()) {
            const seg = m.segments[i + 1]!;
            expect(seg.name).toBe(s.name);
            for (const [fi, f] of s.fields.entries()) {
              for (const [ri, rep] of f.entries()) {
                for (const [ci, comp] of rep.entries()) {
                  for (const [si, value] of comp.entries()) {
                    expect(seg.getAt(fi + 1, ci + 1, si + 1, ri + 1) ?? '').toBe(value);
                  }
                }
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random bytes end in a value or a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        valueOrTypedError(() => readAll(bytes));
        valueOrTypedError(() => parseBatch(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('mutated real messages end in a value or a typed error', () => {
    const base = new TextEncoder().encode(ORU_R01);
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(base.length - 1),
            fc.integer({ min: 0, max: 255 }),
            fc.constantFrom('set', 'delete', 'insert'),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (edits) => {
          const bytes = [...base];
          for (const [at, byte, op] of edits) {
            const i = Math.min(at, bytes.length);
            if (op === 'set') bytes[i] = byte;
            else if (op === 'delete') bytes.splice(i, 1);
            else bytes.splice(i, 0, byte);
          }
          const input = Uint8Array.from(bytes);
          valueOrTypedError(() => readAll(input));
          valueOrTypedError(() => readAll(new TextDecoder().decode(input)));
          valueOrTypedError(() => parseBatch(input));
        },
      ),
      { numRuns: 500 },
    );
  });
});
