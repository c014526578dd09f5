import { Readable } from 'node:stream';
import {
  parseX12,
  readX12,
  textChunks,
  tokenize,
  X12Error,
  type X12Segment,
  X12Tokenizer,
} from '@medflow/fhir-insurance/x12';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture, withDelimiters } from './helpers';

const basic = fixture('835-basic.x12');

function segmentsOf(chunks: string[]): { id: string; elements: string[]; number: number; offset: number }[] {
  const out: X12Segment[] = [];
  const tokenizer = new X12Tokenizer((s) => out.push(s));
  for (const c of chunks) tokenizer.push(c);
  tokenizer.end();
  return out.map((s) => ({ ...s }));
}

function outcome(chunks: string[]): unknown {
  try {
    return { ok: segmentsOf(chunks) };
  } catch (error) {
    if (!(error instanceof X12Error)) throw error;
    return {
      error: error.message,
      at: [error.segmentNumber, error.segmentId, error.element, error.byteOffset],
    };
  }
}

function chunked(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let last = 0;
  for (const p of points) {
    out.push(text.slice(last, p));
    last = p;
  }
  out.push(text.slice(last));
  return out;
}

describe('tokenizer', () => {
  it('reads delimiters from the ISA and numbers segments with their offsets', () => {
    const segments = tokenize(basic);
    expect(segments[0]!.segment.id).toBe('ISA');
    expect(segments[0]!.delimiters).toEqual({ element: '*', repetition: '^', component: ':', segment: '~' });
    const clp = segments.find((s) => s.segment.id === 'CLP')!.segment;
    expect(clp.elements.slice(1, 5)).toEqual(['PCN0001', '1', '500', '350']);
    expect(basic.slice(clp.offset, clp.offset + 4)).toBe('CLP*');
    expect(segments.at(-1)!.segment.id).toBe('IEA');
    expect(segments.map((s) => s.segment.number)).toEqual(segments.map((_, i) => i + 1));
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
    ['none', ''],
  ])('gives the same segments with %s after terminators and spaces before them', (_name, eol) => {
    const reference = segmentsOf([basic.replace(/\n/g, '')]).map((s) => s.elements);
    const variant = basic.replace(/~\n/g, `  ~${eol}`).replace(/^(ISA.{101}) {2}~/, '$1~');
    const variantIsa = `${basic.slice(0, 106)}${variant.slice(106)}`;
    expect(segmentsOf([variantIsa]).map((s) => s.elements)).toEqual(reference);
  });

  it('never emits phantom empty segments', () => {
    const text = basic.replace(/~\n/g, '~\n\n  \r\n');
    expect(segmentsOf([text]).every((s) => s.id.length >= 2)).toBe(true);
    expect(segmentsOf([text])).toHaveLength(segmentsOf([basic]).length);
  });

  it.each([
    [
      'pipe / caret / backslash / newline terminator',
      { element: '|', repetition: '^', component: '\\', segment: '\n' },
    ],
    ['caret / bang / greater-than / tilde', { element: '^', repetition: '!', component: '>', segment: '~' }],
    ['plus / U-style / colon / apostrophe', { element: '+', repetition: '`', component: ':', segment: "'" }],
  ])('handles %s delimiters', (_name, d) => {
    const text = withDelimiters(basic.replace(/~\n/g, '~'), d);
    const doc = parseX12(text);
    expect(doc.interchanges[0]!.header.delimiters).toEqual(d);
    // ISA11 and ISA16 are the delimiters themselves; everything after the ISA must match.
    const reference = segmentsOf([basic]).map((s) => s.elements);
    const back = (v: string) => v.split(d.component).join(':').split(d.repetition).join('^');
    const got = segmentsOf([text]).map((s) => s.elements.map(back));
    expect(got.slice(1)).toEqual(reference.slice(1));
  });

  it('takes bytes, Web streams and Node streams', async () => {
    const bytes = new TextEncoder().encode(basic);
    const fromString = parseX12(basic).segmentCount;
    expect(parseX12(bytes).segmentCount).toBe(fromString);
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
        controller.close();
      },
    });
    expect((await readX12(web)).segmentCount).toBe(fromString);
    const node = Readable.from([Buffer.from(basic.slice(0, 50)), Buffer.from(basic.slice(50))]);
    expect((await readX12(node)).segmentCount).toBe(fromString);
  });

  it('closes a Node stream when a reader of its text leaves early; a full read gives the whole text', async () => {
    // Small chunks, so the stream is still far from its end when the reader leaves.
    const chunks = basic.match(/[\s\S]{1,10}/g)!;
    const source = () => Readable.from(chunks.map((c) => Buffer.from(c)));
    const early = source();
    for await (const chunk of textChunks(early)) {
      expect(chunk).toBe(chunks[0]);
      break;
    }
    expect(early.readableEnded).toBe(false);
    expect(early.destroyed).toBe(true);
    let all = '';
    for await (const chunk of textChunks(source())) all += chunk;
    expect(all).toBe(basic);
  });

  it('property: any chunking gives identical output', () => {
    const text = fixture('835-multi-crlf.x12');
    const reference = outcome([text]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 40 }), (cuts) => {
        expect(outcome(chunked(text, cuts))).toEqual(reference);
      }),
      { numRuns: 150 },
    );
  });

  it('property: chunking a broken file gives the same error', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: basic.length - 1 }),
        fc.constantFrom('', '~', '*', 'X', '\n'),
        fc.array(fc.nat({ max: basic.length }), { maxLength: 10 }),
        (at, insert, cuts) => {
          const mutated = basic.slice(0, at) + insert + basic.slice(at + 1);
          expect(outcome(chunked(mutated, cuts))).toEqual(outcome([mutated]));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('property: random bytes end in a value or a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, withIsa) => {
        const input = withIsa
          ? new Uint8Array([...new TextEncoder().encode(basic.slice(0, 106)), ...bytes])
          : bytes;
        try {
          parseX12(input);
        } catch (error) {
          expect(error).toBeInstanceOf(X12Error);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: mutated real files end in a value or a typed error', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: basic.length - 1 }),
        fc.string({ maxLength: 3 }),
        fc.boolean(),
        (at, insert, strict) => {
          try {
            parseX12(basic.slice(0, at) + insert + basic.slice(at + 1), { strict });
          } catch (error) {
            expect(error).toBeInstanceOf(X12Error);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a truncated or malformed ISA with its location', () => {
    expect(() => parseX12(basic.slice(0, 80))).toThrow(/ISA is truncated/);
    const shifted = basic.replace('CLEARINGHOUSE  ', 'CLEARINGHOUSE ');
    const error = (() => {
      try {
        parseX12(shifted);
      } catch (e) {
        return e as X12Error;
      }
    })();
    expect(error).toBeInstanceOf(X12Error);
    expect(error).toMatchObject({ segmentId: 'ISA', element: 6, segmentNumber: 1, byteOffset: 50 });
    expect(() => parseX12('')).toThrow(X12Error);
    expect(() => parseX12('HELLO WORLD')).toThrow(/Expected an ISA/);
  });
});
