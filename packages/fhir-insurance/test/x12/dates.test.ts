import { checkElements, ELEMENTS_5010, parseX12, tokenize } from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers';

const basic = fixture('837p-basic.x12');

/** The element issues of the 837P fixture after one replacement. */
function dateIssues(from: string, to: string) {
  expect(basic).toContain(from);
  const tx = parseX12(basic.replace(from, to)).interchanges[0]!.groups[0]!.transactions[0]!;
  return tx.issues.map((i) => [i.segmentId, i.element, i.elementCode, i.badValue]);
}

describe('date-time periods checked against their format qualifier', () => {
  it('takes real D8 dates and RD8 ranges that do not run backwards', () => {
    expect(dateIssues('DTP*472*D8*20261101~\nLX*2', 'DTP*472*RD8*20261101-20261103~\nLX*2')).toEqual([]);
    expect(dateIssues('DMG*D8*19800115', 'DMG*D8*20000229')).toEqual([]);
  });

  it('refuses an impossible D8 date, a short one, and a range that ends before it starts', () => {
    expect(dateIssues('DTP*472*D8*20261101~\nLX*2', 'DTP*472*D8*20261131~\nLX*2')).toEqual([
      ['DTP', 3, '8', '20261131'],
    ]);
    expect(dateIssues('DMG*D8*19800115', 'DMG*D8*19000229')).toEqual([['DMG', 2, '8', '19000229']]);
    expect(dateIssues('DMG*D8*19800115', 'DMG*D8*800115')).toEqual([['DMG', 2, '8', '800115']]);
    expect(dateIssues('DTP*472*D8*20261101~\nLX*2', 'DTP*472*RD8*20261103-20261101~\nLX*2')).toEqual([
      ['DTP', 3, '8', '20261103-20261101'],
    ]);
    expect(dateIssues('DTP*472*D8*20261101~\nLX*2', 'DTP*472*RD8*20261101~\nLX*2')).toEqual([
      ['DTP', 3, '8', '20261101'],
    ]);
  });

  it('checks DT (date and time) and TM against their own shapes', () => {
    const delimiters = tokenize(basic)[0]!.delimiters;
    const dtp = (value: string, format: string) =>
      checkElements(
        { id: 'DTP', elements: ['DTP', '472', format, value], number: 1, offset: 0 },
        ELEMENTS_5010.DTP!,
        delimiters,
      );
    // The shared DTP table lists D8 and RD8 only: other formats are refused as codes, and their
    // value is still checked against the format named.
    expect(dtp('202611011230', 'DT').map((e) => e.code)).toEqual(['7']);
    expect(dtp('202611012460', 'DT').map((e) => e.code)).toEqual(['7', '8']);
    expect(dtp('2460', 'TM').map((e) => e.code)).toEqual(['7', '9']);
  });
});
