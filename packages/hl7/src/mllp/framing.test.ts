import { frame, MllpFrameReader } from '@medflow/hl7/mllp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const enc = new TextEncoder();
const dec = new TextDecoder();

function collect(max = 1 << 20) {
  const frames: string[] = [];
  const discarded: Array<[number, string]> = [];
  const oversize: string[] = [];
  const reader = new MllpFrameReader(max, {
    frame: (p) => frames.push(dec.decode(p)),
    discarded: (n, why) => discarded.push([n, why]),
    oversize: (head) => oversize.push(dec.decode(head)),
  });
  return { reader, frames, discarded, oversize };
}

describe('MllpFrameReader', () => {
  it('reassembles frames across arbitrary chunk boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ maxLength: 40 }).map((s) => s.replace(/[\x0b\x1c]/g, '')),
          { minLength: 1, maxLength: 5 },
        ),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 30 }),
        (messages, cuts) => {
          const stream = Uint8Array.from(messages.flatMap((m) => [...frame(enc.encode(`MSH|${m}`))]));
          const { reader, frames } = collect();
          let at = 0;
          let k = 0;
          while (at < stream.length) {
            const size = cuts[k++ % cuts.length]!;
            reader.push(stream.subarray(at, at + size));
            at += size;
          }
          expect(frames).toEqual(messages.map((m) => `MSH|${m}`));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports bytes outside frames and abandoned frames, keeping later frames', () => {
    const { reader, frames, discarded } = collect();
    reader.push(enc.encode('noise\x0bMSH|A\x1c\r\r\n\x0bMSH|partial\x0bMSH|B\x1c'));
    reader.push(enc.encode('\rtrailing'));
    expect(frames).toEqual(['MSH|A', 'MSH|B']);
    expect(discarded).toEqual([
      [5, 'outside-frame'],
      [2, 'outside-frame'],
      [12, 'restarted-frame'],
      [8, 'outside-frame'],
    ]);
  });

  it('keeps an FS that is not followed by CR as data', () => {
    const { reader, frames } = collect();
    reader.push(enc.encode('\x0bMSH|a\x1c'));
    reader.push(enc.encode('b\x1c\r'));
    expect(frames).toEqual(['MSH|a\x1cb']);
  });

  it('stops at the size limit without buffering the rest', () => {
    const { reader, frames, oversize } = collect(10);
    reader.push(enc.encode('\x0bMSH|^~\\&|A|B|'));
    reader.push(enc.encode('more\x1c\r\x0bMSH|x\x1c\r'));
    expect(oversize).toEqual(['MSH|^~\\&|A|B|']);
    expect(frames).toEqual([]);
  });
});
