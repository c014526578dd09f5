import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { X12Error } from './errors';
import { parse835, stream835 } from './remit835';
import {
  centsIn,
  codeOf,
  decodeBytes,
  decodeWithTextDecoder,
  elementKey,
  elementOf,
  FieldReader,
  idCode,
  isScanned,
  paddedBytes,
  quantityIn,
  ScannedSegment,
  ScanPiece,
  SegmentScanner,
  ShortKeyTable,
  shortKey,
  wordsOf,
} from './scanner';
import { tokenize, type X12Segment, X12Tokenizer } from './tokenizer';

const ISA =
  'ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*MEDFLOWCLINIC  *261126*1200*^*00501*000000001*0*P*:~';

function scan(chunks: string[], asBytes = false): ScannedSegment[] {
  const out: ScannedSegment[] = [];
  const scanner = new SegmentScanner((s) => out.push(s));
  for (const c of chunks) scanner.push(c, asBytes ? Uint8Array.from(c, (ch) => ch.charCodeAt(0)) : undefined);
  scanner.end();
  return out;
}

/** Cuts text at the given points (deduplicated, in order). */
function cut(text: string, cuts: number[]): string[] {
  const chunks: string[] = [];
  let last = 0;
  for (const p of [...new Set(cuts)].sort((a, b) => a - b)) {
    chunks.push(text.slice(last, p));
    last = p;
  }
  chunks.push(text.slice(last));
  return chunks;
}

describe('byte decoding', () => {
  it('reads every byte as the character with the same code, with or without Buffer', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const expected = String.fromCharCode(...all);
    expect(decodeBytes(all)).toBe(expected);
    // The TextDecoder path maps windows-1252's 0x80-0x9F characters back to their bytes.
    expect(decodeWithTextDecoder(all)).toBe(expected);
    expect(decodeBytes(all, 0x80, 0xa0)).toBe(expected.slice(0x80, 0xa0));
  });
});

describe('segment scanner', () => {
  it('emits unsplit segments whose elements split on demand', () => {
    const [isa, clp] = scan([`${ISA}\nCLP*PCN1*1*500*350~\n`]);
    expect(isa!.id).toBe('ISA');
    expect(clp!.id).toBe('CLP');
    expect(clp!.element(3)).toBe('500');
    expect(clp!.element(9)).toBe('');
    expect(clp!.elements).toEqual(['CLP', 'PCN1', '1', '500', '350']);
    expect(clp!.element(4)).toBe('350');
    expect(clp!.offset).toBe(ISA.length + 1);
  });

  it('gives the same segments, offsets and ids however the text is cut', () => {
    const text = `${ISA}\nGS*HP*A*B*20261126*1200*1*X*005010X221A1~\r\nST*835*0001~CLP*PCN1*1*500*350~  \nSE*3*0001~GE*1*1~IEA*1*000000001~`;
    const view = (s: ScannedSegment) => [s.id, s.number, s.offset, s.elements.join('|')];
    const reference = scan([text]).map(view);
    // Tabs and spaces before a terminator are padding too, read from text or from bytes.
    const padded = text.replace('ST*835*0001~', '\tST*835*0001 \t~');
    const noOffset = (s: ScannedSegment) => [s.id, s.number, s.elements.join('|')];
    expect(scan([padded]).map(noOffset)).toEqual(scan([text]).map(noOffset));
    expect(scan([padded], true).map(view)).toEqual(scan([padded]).map(view));
    expect(scan([padded], true)[2]!.offset).toBe(padded.indexOf('ST*'));
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 12 }), (cuts) => {
        expect(scan(cut(text, cuts)).map(view)).toEqual(reference);
      }),
      { numRuns: 200 },
    );
  });

  it('reads the same segments and elements from bytes as from text, however the input is cut', () => {
    // Two interchanges with different delimiters, line breaks and padding, an empty element
    // and a segment long enough to straddle several cuts.
    const second = ISA.replaceAll('*', '|').replace('|:~', '|>!');
    const text =
      `${ISA}\r\nGS*HP*A*B*20261126*1200*1*X*005010X221A1~ST*835*0001~NM1*QC*1*DOE*JANE****MI*W1~` +
      `CAS*CO*45*12.50**97*-3.1~REF*6R*${'L'.repeat(60)}~  \nSE*5*0001~GE*1*1~IEA*1*000000001~\n` +
      `${second}GS|HP|A|B|20261126|1200|2|X|005010X221A1!ST|835|0002!DTM|472|20261101!SE|3|0002!GE|1|2!IEA|1|000000001!`;
    const view = (s: ScannedSegment) => {
      const fields = new FieldReader().load(s);
      const n = s.elements.length;
      return {
        at: [s.id, s.number, s.offset],
        // element() and elementKey before elements splits them (the split is cached).
        one: Array.from({ length: n + 1 }, (_, i) => [s.element(i), elementKey(s, i)]),
        read: Array.from({ length: n + 1 }, (_, i) => [fields.str(i), fields.key(i), fields.cents(i)]),
        all: s.elements,
      };
    };
    const reference = scan([text]).map(view);
    expect(reference).toHaveLength(16);
    expect(reference[4]!.read[3]).toEqual(['12.50', -2, 1250]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 12 }), (cuts) => {
        const segments = scan(cut(text, cuts), true);
        // A segment cut by a piece boundary gets the joined bytes of its parts.
        expect(segments.every((s) => s.piece.bytes !== undefined)).toBe(true);
        expect(segments.map(view)).toEqual(reference);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a last segment without terminator from bytes as from text', () => {
    const text = `${ISA}\nST*835*0001~SE*2*0001~GE*1*1~IEA*1*000000001`;
    const view = (s: ScannedSegment) => [s.id, s.number, s.offset, s.elements.join('|'), elementKey(s, 1)];
    const reference = scan([text]).map(view);
    expect(reference.at(-1)).toEqual(['IEA', 5, text.length - 15, 'IEA|1|000000001', 49]);
    for (const at of [text.length - 5, text.length - 18, ISA.length + 3]) {
      const segments = scan([text.slice(0, at), text.slice(at)], true);
      expect(segments.at(-1)!.piece.bytes).toBeDefined();
      expect(segments.map(view)).toEqual(reference);
    }
  });

  it('ignores bytes that do not match the text piece', () => {
    const text = `${ISA}\nST*835*0001~SE*2*0001~`;
    const seen: ScannedSegment[] = [];
    const keep = new SegmentScanner((s) => seen.push(s));
    keep.push(text, new Uint8Array(3));
    keep.end();
    expect(seen.map((s) => s.piece.bytes)).toEqual([undefined, undefined, undefined]);
    expect(seen.map((s) => s.elements[0])).toEqual(['ISA', 'ST', 'SE']);
  });

  it('agrees with the eager tokenizer', () => {
    const text = `${ISA}\nST*835*0001~NM1*QC*1*DOE*JANE****MI*W1~SE*3*0001~`;
    expect(scan([text]).map((s) => s.elements)).toEqual(tokenize(text).map((t) => t.segment.elements));
    const eager: string[][] = [];
    const tokenizer = new X12Tokenizer((s) => eager.push(s.elements));
    tokenizer.push(text);
    tokenizer.end();
    expect(eager).toEqual(scan([text]).map((s) => s.elements));
  });

  it('rejects a bad segment id with its byte offset, from text or from words', () => {
    for (const id of ['clp', 'C', 'CLPX', 'C-P', 'CL-', 'NM ', '*']) {
      for (const pad of ['', '\n', '\n\n', '\n\n\n']) {
        const text = `${ISA}${pad}${id}*1*2~`;
        const padded = paddedBytes(text.length);
        padded.set(Array.from(text, (c) => c.charCodeAt(0)));
        for (const bytes of [undefined, padded]) {
          const scanner = new SegmentScanner(() => undefined);
          expect(() => scanner.push(text, bytes)).toThrow(X12Error);
          try {
            new SegmentScanner(() => undefined).push(text, bytes);
          } catch (error) {
            expect(error).toMatchObject({
              segmentNumber: 2,
              element: 0,
              byteOffset: ISA.length + pad.length,
            });
          }
        }
      }
    }
  });
});

describe('field reader', () => {
  it('reads elements in place: strings, codes, cents and quantities', () => {
    const [, cas] = scan([`${ISA}CAS*CO*45*12.5*2**97*-3.10~`]);
    const f = new FieldReader().load(cas!);
    expect(f.str(1)).toBe('CO');
    expect(f.is(1, 'CO')).toBe(true);
    expect(f.is(1, 'C')).toBe(false);
    expect(f.cents(3)).toBe(1250);
    expect(f.quantity(4)).toBe(2);
    expect(f.has(5)).toBe(false);
    expect(f.opt(5)).toBeUndefined();
    expect(f.cents(7)).toBe(-310);
    expect(f.str(20)).toBe('');
    expect(f.is(20, '')).toBe(true);
    // Plain segments (not from the scanner) read the same.
    const plain = new FieldReader().load({ id: 'CAS', elements: cas!.elements, number: 2, offset: 0 });
    expect([plain.str(1), plain.cents(3), plain.quantity(4), plain.cents(7)]).toEqual(['CO', 1250, 2, -310]);
  });

  it('finds the same elements reading bytes four at a time, at any alignment and across pieces', () => {
    // Separators next to bytes with the high bit set, empty elements, segments of every length.
    const body = fc
      .array(fc.constantFrom('*', '*', 'A', '9', ' ', ':', '.', '\u0080', '\u00c9', '\u00ff'), {
        maxLength: 40,
      })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(
        fc.array(body, { minLength: 1, maxLength: 8 }),
        fc.nat({ max: 3 }),
        fc.nat({ max: 400 }),
        (bodies, shift, at) => {
          const text = `${ISA}${bodies.map((b, i) => `${['ZZ', 'ZZZ', 'N1', 'NM1'][i % 4]}*${b}~`).join('')}`;
          const cutAt = Math.min(at, text.length);
          const pieces = [text.slice(0, cutAt), text.slice(cutAt)];
          const segments: ScannedSegment[] = [];
          const scanner = new SegmentScanner((s) => segments.push(s));
          for (const piece of pieces) {
            // `shift` bytes before the piece: a view that does not start on a 4-byte boundary
            // (read byte by byte); room after it for a whole last word.
            const buffer = new Uint8Array(piece.length + shift + 3);
            for (let i = 0; i < piece.length; i++) buffer[shift + i] = piece.charCodeAt(i);
            scanner.push(piece, buffer.subarray(shift, shift + piece.length));
          }
          scanner.end();
          const reader = new FieldReader();
          for (const s of segments) {
            expect(s.piece.bytes).toBeDefined();
            expect(s.id).toBe(s.elements[0]);
            if (shift === 0) expect(s.piece.words).toBeDefined();
            const f = reader.load(s);
            const read = Array.from({ length: s.elements.length + 1 }, (_, i) => f.str(i));
            expect(read).toEqual([...s.elements, '']);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads only the bytes of the segment, whatever its neighbours in the same words hold', () => {
    // Separators right before and right after the segment, at every alignment.
    for (let before = 0; before < 8; before++) {
      const src = `${'*'.repeat(before)}ZZ*A**B${'*'.repeat(7)}`;
      const bytes = paddedBytes(src.length);
      bytes.set(Array.from(src, (c) => c.charCodeAt(0)));
      const segment = new ScannedSegment(
        idCode('ZZ'),
        1,
        new ScanPiece(src, bytes, wordsOf(bytes), 0, '*'),
        before,
        before + 7,
      );
      expect(segment.piece.words).toBeDefined();
      const f = new FieldReader().load(segment);
      expect([0, 1, 2, 3].map((i) => f.str(i))).toEqual(['ZZ', 'A', '', 'B']);
      expect([f.end(3), f.start(4), f.end(4)]).toEqual([before + 7, 0, 0]);
    }
  });

  it('looks short keys up in a table that never evicts and stops at half full', () => {
    const table = new ShortKeyTable(4);
    const keys = ['CO', 'PR', 'OA', 'PI', 'CR', 'SVC', 'AMT', '45'].map((k) => shortKey(k, 0, k.length));
    // SVC and AMT share a home slot in a 256-slot table hashed the same way; here all eight
    // keys of a 16-slot table must still come back.
    expect(keys.map((key, i) => table.set(key, i))).toEqual(keys.map(() => true));
    expect(keys.map((key) => table.get(key))).toEqual(keys.map((_, i) => i));
    expect(table.set(shortKey('MOA', 0, 3), 9)).toBe(false);
    expect(table.get(shortKey('MOA', 0, 3))).toBe(-1);
    expect(table.set(keys[0]!, 20)).toBe(true);
    expect(table.get(keys[0]!)).toBe(20);
    expect([table.get(-1), table.get(-2), table.set(-1, 0)]).toEqual([-1, -1, false]);
  });

  it('reads a segment that did not come from the scanner the same way', () => {
    const text = `${ISA}REF*6R*LINE1**12.50~`;
    const [, scanned] = scan([text], true);
    const plain: X12Segment = {
      id: 'REF',
      elements: ['REF', '6R', 'LINE1', '', '12.50'],
      number: 2,
      offset: 106,
    };
    expect([isScanned(scanned!), isScanned(plain)]).toEqual([true, false]);
    for (const s of [scanned!, plain]) {
      const f = new FieldReader().load(s);
      expect([f.str(1), f.str(2), f.opt(3), f.cents(4), f.has(5)]).toEqual([
        '6R',
        'LINE1',
        undefined,
        1250,
        false,
      ]);
      expect([elementOf(s, 2), elementKey(s, 1), codeOf(s)]).toEqual([
        'LINE1',
        shortKey('6R', 0, 2),
        idCode('REF'),
      ]);
    }
  });

  it('grows past 32 elements', () => {
    const many = Array.from({ length: 40 }, (_, i) => String(i)).join('*');
    const [, seg] = scan([`${ISA}ZZZ*${many}~`]);
    const f = new FieldReader().load(seg!);
    expect(f.str(40)).toBe('39');
  });

  it('parses cents exactly or not at all', () => {
    // Read from text and from bytes (with no text to fall back on): both must agree.
    const cents = (v: string) => {
      const text = `x${v}x`;
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
      const fromText = centsIn(text, 1, v.length + 1);
      expect(centsIn('', 1, v.length + 1, bytes)).toBe(fromText);
      return fromText;
    };
    expect(cents('350')).toBe(35000);
    expect(cents('350.5')).toBe(35050);
    expect(cents('.05')).toBe(5);
    expect(cents('1.230')).toBe(123);
    expect(cents('1.234')).toBeUndefined();
    expect(cents('')).toBeUndefined();
    expect(cents('-')).toBeUndefined();
    expect(cents('1e3')).toBeUndefined();
    expect(cents('-12.5')).toBe(-1250);
    expect(cents('1.2.3')).toBeUndefined();
    expect(cents('1.-2')).toBeUndefined();
    expect(cents('.')).toBeUndefined();
    expect(cents(`${'0'.repeat(40)}1.50`)).toBe(150);
    // Text beyond Latin-1 is never a digit (U+0130 must not read as its low byte, '0').
    expect(centsIn('1\u0130', 0, 2)).toBeUndefined();
    expect(centsIn('x1.5', 1, 4)).toBe(150);
    // The largest exact amount, and one cent more.
    expect(cents('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    expect(cents('-90071992547409.91')).toBe(-Number.MAX_SAFE_INTEGER);
    expect(cents('90071992547409.92')).toBeUndefined();
    expect(cents('123456789012345678')).toBeUndefined();
    expect(quantityIn('2.5', 0, 3)).toBe(2.5);
    expect(quantityIn('x', 0, 1)).toBeUndefined();
  });

  it('keys short values for qualifier matching', () => {
    const [, ref] = scan([`${ISA}REF*6R*LONGVALUE~`]);
    expect(elementKey(ref!, 1)).toBe(shortKey('6R', 0, 2));
    expect(elementKey(ref!, 2)).toBe(-2);
    expect(elementKey(ref!, 5)).toBe(-1);
    expect(shortKey('\u20ac', 0, 1)).toBe(-2);
  });
});

describe('streaming iterator', () => {
  const remit = (claims: number) => {
    const claim = 'CLP*PCN*1*100*100*0*12*P*11*1~SVC*HC:99213*100*100**1~';
    const body = [`BPR*I*${claims}*C*ACH`, 'TRN*1*T*1', 'N1*PR*P', 'N1*PE*E*XX*1', 'LX*1'];
    const segments = body.length + claims * 2 + 2;
    return `${ISA}\nGS*HP*A*B*20261126*1200*1*X*005010X221A1~ST*835*0001~${body.join('~')}~${claim.repeat(claims)}SE*${segments}*0001~GE*1*1~IEA*1*000000001~`;
  };

  const read = async (events: AsyncIterable<unknown>) => {
    const out: unknown[] = [];
    for await (const event of events) out.push(event);
    return out;
  };

  /** A Node stream that hands out `text` in pieces of `size`, counting how many it read. */
  function nodeSource(text: string, size: number) {
    const state = { read: 0 };
    let at = 0;
    const stream = new Readable({
      highWaterMark: size,
      read() {
        if (at >= text.length) {
          this.push(null);
          return;
        }
        state.read++;
        this.push(Buffer.from(text.slice(at, at + size), 'latin1'));
        at += size;
      },
    });
    return { stream, state };
  }

  it('reads a Node stream ahead by a bounded number of chunks while the consumer waits', async () => {
    const text = remit(200);
    const { stream, state } = nodeSource(text, 64);
    const total = Math.ceil(text.length / 64);
    const iterator = stream835(stream);
    expect((await iterator.next()).value).toMatchObject({ type: 'claim' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    // The stream was paused: a few chunks in the queue and the stream's own buffer, not the file.
    expect(state.read).toBeLessThan(20);
    let claims = 1;
    for await (const event of iterator) if (event.type === 'claim') claims++;
    expect(claims).toBe(200);
    expect(state.read).toBe(total);
  });

  it('destroys a Node stream the consumer leaves early, as for await does', async () => {
    const { stream } = nodeSource(remit(200), 64);
    for await (const event of stream835(stream)) if (event.type === 'claim') break;
    expect(stream.destroyed).toBe(true);
  });

  it('survives a stream whose resource fails to close after the consumer left early', async () => {
    const text = remit(50);
    let at = 0;
    let closed = false;
    const stream = new Readable({
      read() {
        if (at >= text.length) {
          this.push(null);
          return;
        }
        const piece = text.slice(at, at + 64);
        at += 64;
        this.push(Buffer.from(piece, 'latin1'));
      },
      destroy(_error, callback) {
        closed = true;
        callback(new Error('close failed'));
      },
    });
    for await (const event of stream835(stream)) if (event.type === 'claim') break;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
    expect(stream.errored?.message).toBe('close failed');
  });

  it('ends with the stream error after the claims that came before it', async () => {
    const text = remit(5);
    // Through the third CLP: the first two claims are complete, the third is not.
    const third = text.indexOf('CLP', text.indexOf('CLP', text.indexOf('CLP') + 1) + 1);
    const cut = text.indexOf('~', third) + 1;
    const stream = new Readable({ read() {} });
    stream.push(Buffer.from(text.slice(0, cut), 'latin1'));
    setTimeout(() => stream.destroy(new Error('disk went away')), 5);
    const claims: string[] = [];
    await expect(
      (async () => {
        for await (const event of stream835(stream)) if (event.type === 'claim') claims.push(event.type);
      })(),
    ).rejects.toThrow('disk went away');
    expect(claims).toHaveLength(2);
  });

  it('fails with a typed error on a Node stream closed before its end, and on one destroyed already', async () => {
    const stream = new Readable({ read() {} });
    stream.push(Buffer.from(remit(2).slice(0, 300), 'latin1'));
    setTimeout(() => stream.destroy(), 5);
    await expect(read(stream835(stream))).rejects.toBeInstanceOf(X12Error);
    const gone = new Readable({ read() {} });
    gone.destroy();
    await expect(read(stream835(gone))).rejects.toThrow('destroyed before it ended');
  });

  it('reads a Node stream that already ended as empty input, without waiting', async () => {
    const stream = Readable.from([Buffer.from(remit(1), 'latin1')]);
    for await (const _ of stream) {
      // drained by someone else first
    }
    await expect(read(stream835(stream))).rejects.toThrow('Input is empty');
  });

  it('stops reading the source when the consumer stops early', async () => {
    const text = remit(50);
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < text.length; i += 40) {
        pulled++;
        yield text.slice(i, i + 40);
      }
    }
    let seen = 0;
    for await (const event of stream835(source())) {
      if (event.type === 'claim' && ++seen === 3) break;
    }
    expect(seen).toBe(3);
    expect(pulled).toBeLessThan(Math.ceil(text.length / 40));
  });

  it('reads the same claims from bytes, cut anywhere, as from text', async () => {
    const text = remit(6).replace(/~/g, '~\r\n');
    const reference = parse835(text);
    expect(parse835(Buffer.from(text, 'latin1'))).toEqual(reference);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: text.length }), { maxLength: 8 }), async (cuts) => {
        const buffers = cut(text, cuts).map((c) => Buffer.from(c, 'latin1'));
        const claims: unknown[] = [];
        for await (const event of stream835(Readable.from(buffers))) {
          if (event.type === 'claim') claims.push(event.claim);
        }
        expect(claims).toEqual(reference[0]!.claims);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps its own copy of streamed bytes, so a producer may reuse its buffer', async () => {
    const text = remit(4);
    const shared = new Uint8Array(64);
    async function* reusing() {
      for (let i = 0; i < text.length; i += 64) {
        const piece = text.slice(i, i + 64);
        for (let j = 0; j < piece.length; j++) shared[j] = piece.charCodeAt(j);
        yield shared.subarray(0, piece.length);
      }
    }
    const claims: unknown[] = [];
    for await (const event of stream835(reusing())) if (event.type === 'claim') claims.push(event.claim);
    expect(claims).toEqual(parse835(text)[0]!.claims);
  });

  it('hands out items in order to callers that do not wait for each other', async () => {
    const iterator = stream835(Readable.from([Buffer.from(remit(3))]));
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(
      results.map((r) => (r.value?.type === 'claim' ? r.value.claim.segmentNumber : r.value?.type)),
    ).toEqual([9, 11, 13, 'end']);
    expect((await iterator.next()).value).toMatchObject({ type: 'done' });
    expect((await iterator.next()).done).toBe(true);
  });

  it('ends with the typed error of a broken file, then reports done', async () => {
    const text = remit(2).replace('SE*11', 'SE*12');
    const at = text.indexOf('SE*');
    // Claim 1 is complete in the first chunk; claim 2 would close at the SE, whose count is wrong.
    const iterator = stream835(Readable.from([text.slice(0, at), text.slice(at)]));
    const events: string[] = [];
    await expect(
      (async () => {
        for await (const event of iterator) events.push(event.type);
      })(),
    ).rejects.toBeInstanceOf(X12Error);
    expect(events).toEqual(['claim']);
    expect((await iterator.next()).done).toBe(true);
  });

  it('copies each Web stream chunk before asking for the next, so its buffer may be reused', async () => {
    const bytes = new TextEncoder().encode(remit(40));
    const shared = new Uint8Array(100);
    let at = 0;
    const web = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          const piece = bytes.subarray(at, at + shared.length);
          at += piece.length;
          shared.set(piece);
          controller.enqueue(shared.subarray(0, piece.length));
        },
        // No queue: the next chunk overwrites the buffer only once the reader asks for it.
      },
      { highWaterMark: 0 },
    );
    const claims: unknown[] = [];
    for await (const event of stream835(web)) if (event.type === 'claim') claims.push(event.claim);
    expect(claims).toHaveLength(40);
    expect(claims).toEqual(parse835(bytes)[0]!.claims);
  });

  it('releases a Web stream when the reader leaves early', async () => {
    const bytes = new TextEncoder().encode(remit(40));
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 64) controller.enqueue(bytes.slice(i, i + 64));
        controller.close();
      },
    });
    for await (const event of stream835(web)) if (event.type === 'claim') break;
    expect(web.locked).toBe(false);
  });

  it('streams in-memory bytes and text to the same claims', async () => {
    const text = remit(30);
    const fromBytes: unknown[] = [];
    for await (const event of stream835(new TextEncoder().encode(text)))
      if (event.type === 'claim') fromBytes.push(event.claim);
    const fromText: unknown[] = [];
    for await (const event of stream835(text)) if (event.type === 'claim') fromText.push(event.claim);
    expect(fromBytes).toHaveLength(30);
    expect(fromBytes).toEqual(parse835(text)[0]!.claims);
    expect(fromText).toEqual(fromBytes);
  });

  it('fails an unsupported input on its first read with a typed error', async () => {
    const iterator = stream835(42 as never);
    await expect(iterator.next()).rejects.toBeInstanceOf(X12Error);
    expect((await iterator.next()).done).toBe(true);
  });
});
