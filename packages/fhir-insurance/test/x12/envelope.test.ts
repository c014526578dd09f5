import { parse835, parseX12, X12Error } from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers';

const basic = fixture('835-basic.x12');

function errorOf(text: string): X12Error {
  try {
    parseX12(text);
  } catch (error) {
    if (error instanceof X12Error) return error;
    throw error;
  }
  throw new Error('expected an X12Error');
}

describe('envelopes', () => {
  it('reads several ISA, several GS per ISA and several ST per GS, keeping control numbers as strings', () => {
    const doc = parseX12(fixture('835-multi-crlf.x12'));
    expect(doc.interchanges.map((i) => i.header.controlNumber)).toEqual(['000000201', '000000202']);
    expect(doc.interchanges[0]!.groups[0]!.transactions.map((t) => t.header.controlNumber)).toEqual([
      '0001',
      '0002',
    ]);
    expect(doc.interchanges[1]!.groups.map((g) => g.header.controlNumber)).toEqual(['202', '203']);
    const tx = doc.interchanges[0]!.groups[0]!.transactions[0]!;
    expect(tx.header.setId).toBe('835');
    expect(tx.header.group.version).toBe('005010X221A1');
    expect(tx.issues).toEqual([]);
    expect(doc.interchanges[0]!.header.senderId).toBe('CLEARINGHOUSE');
  });

  it('rejects an IEA01 that miscounts the groups', () => {
    const text = basic.replace('IEA*1*', 'IEA*2*');
    const e = errorOf(text);
    expect(e.message).toMatch(/IEA01 does not match the number of functional groups/);
    expect(e).toMatchObject({ segmentId: 'IEA', element: 1 });
    expect(text.slice(e.byteOffset!, e.byteOffset! + 2)).toBe('2*');
  });

  it('rejects an IEA02 that does not match ISA13, pointing at the element', () => {
    const text = basic.replace('IEA*1*000000101', 'IEA*1*000000102');
    const e = errorOf(text);
    expect(e).toMatchObject({ segmentId: 'IEA', element: 2 });
    expect(text.slice(e.byteOffset!, e.byteOffset! + 9)).toBe('000000102');
    expect(e.message).toMatch(/ISA13/);
  });

  it('treats control numbers as strings: leading zeros matter', () => {
    expect(errorOf(basic.replace('IEA*1*000000101', 'IEA*1*101')).element).toBe(2);
  });

  it('rejects a GE that miscounts transactions or mismatches GS06', () => {
    expect(errorOf(basic.replace('GE*1*101', 'GE*3*101'))).toMatchObject({ segmentId: 'GE', element: 1 });
    expect(errorOf(basic.replace('GE*1*101', 'GE*1*102'))).toMatchObject({ segmentId: 'GE', element: 2 });
  });

  it('rejects an SE that miscounts segments or mismatches ST02', () => {
    const se = /SE\*(\d+)\*0001/.exec(basic)!;
    const wrongCount = basic.replace(se[0], `SE*${Number(se[1]) + 1}*0001`);
    const e = errorOf(wrongCount);
    expect(e).toMatchObject({ segmentId: 'SE', element: 1 });
    expect(e.message).toContain(`(${se[1]})`);
    expect(errorOf(basic.replace(se[0], `SE*${se[1]}*0002`))).toMatchObject({ segmentId: 'SE', element: 2 });
  });

  it('rejects a file cut short, naming the missing trailer', () => {
    const cut = basic.slice(0, basic.indexOf('GE*'));
    expect(errorOf(cut).message).toMatch(/missing GE/);
    expect(errorOf(basic.slice(0, basic.indexOf('SE*'))).message).toMatch(/missing SE/);
    expect(errorOf(basic.slice(0, basic.indexOf('IEA*'))).message).toMatch(/missing IEA/);
  });

  it('names the last segment read when a file is cut short, from text and from a stream', () => {
    const cut = basic.slice(0, basic.indexOf('SE*'));
    const segments = cut
      .split('~')
      .map((s) => s.trim())
      .filter(Boolean);
    const last = segments.at(-1)!;
    const where = {
      segmentId: last.slice(0, last.indexOf('*')),
      segmentNumber: segments.length,
      byteOffset: cut.lastIndexOf(last),
    };
    expect(where.segmentId).not.toBe('SE');
    expect(errorOf(cut)).toMatchObject(where);
    let streamed: unknown;
    try {
      parse835(new TextEncoder().encode(cut));
    } catch (error) {
      streamed = error;
    }
    expect(streamed).toBeInstanceOf(X12Error);
    expect(streamed).toMatchObject({ ...where, message: expect.stringMatching(/missing SE/) });
  });

  it('rejects segments outside their envelopes', () => {
    const noSt = basic.replace(/ST\*835\*0001\*005010X221A1~\n/, '');
    expect(errorOf(noSt).message).toMatch(/outside a transaction set/);
    expect(errorOf(basic.replace('GS*HP', 'XX*HP')).segmentId).toBe('XX');
  });

  it('reports messages free of element values', () => {
    const e = errorOf(basic.replace('IEA*1*000000101', 'IEA*1*000000999'));
    expect(e.message).not.toContain('000000999');
    expect(e.code).toBe('x12_envelope');
    expect(e.status).toBe(400);
  });
});
