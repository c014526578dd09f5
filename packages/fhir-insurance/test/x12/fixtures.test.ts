import { parse835, parseX12, X12Error } from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers';

function errorOf(name: string): X12Error {
  try {
    parseX12(fixture(name));
  } catch (error) {
    if (error instanceof X12Error) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe('fixture files', () => {
  it.each([
    ['broken-iea-count.x12', 'IEA', 1, /IEA01 does not match the number of functional groups/],
    ['broken-se-count.x12', 'SE', 1, /SE01 does not match the number of segments/],
    ['broken-control-mismatch.x12', 'GE', 2, /GE02 does not match the control number in GS06/],
    ['broken-truncated-isa.x12', 'ISA', undefined, /ISA is truncated/],
  ])('%s is rejected at %s%s', (name, segmentId, element, message) => {
    const error = errorOf(name);
    expect(error.message).toMatch(message);
    expect(error.segmentId).toBe(segmentId);
    expect(error.element).toBe(element);
    expect(error.byteOffset).toBeTypeOf('number');
    expect(error.segmentNumber).toBeTypeOf('number');
  });

  it('reads the pipe / bang / greater-than / apostrophe variant like the standard one', () => {
    const variant = parse835(fixture('835-pipe-delimiters.x12'));
    const standard = parse835(fixture('835-basic.x12'));
    expect(variant).toEqual(standard);
  });

  it('reads every transaction fixture without structure issues', () => {
    for (const name of [
      '835-basic.x12',
      '835-multi-crlf.x12',
      '271-benefits.x12',
      '271-rejected.x12',
      '999-partial.x12',
      '837p-basic.x12',
    ]) {
      const doc = parseX12(fixture(name), { strict: true });
      const issues = doc.interchanges.flatMap((i) =>
        i.groups.flatMap((g) => g.transactions.flatMap((t) => t.issues)),
      );
      expect(issues, name).toEqual([]);
    }
  });
});
