import {
  acknowledgmentFor,
  build999,
  checkElements,
  createControlNumberSequence,
  ELEMENTS_5010,
  type EnvelopeOptions,
  type LoopIssue,
  parse837P,
  parse999,
  parseX12,
  X12Error,
} from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers';

const claim = fixture('837p-basic.x12');
const delimiters = { element: '*', repetition: '^', component: ':', segment: '~' };

const envelope = (): EnvelopeOptions => ({
  sender: { id: 'CLEARINGHOUSE' },
  receiver: { id: 'MEDFLOWCLINIC' },
  controlNumbers: createControlNumberSequence({ interchange: 7, group: 7, transaction: 7 }),
  usage: 'T',
  now: new Date('2026-11-26T12:30:00Z'),
});

/** Element issues found in the 837P fixture after replacing one segment. */
function issuesAfter(from: string, to: string): LoopIssue[] {
  expect(claim).toContain(from);
  const doc = parseX12(claim.replace(from, to));
  return doc.interchanges[0]!.groups[0]!.transactions[0]!.issues;
}

const detail = (i: LoopIssue) => ({
  segmentId: i.segmentId,
  code: i.code,
  element: i.element,
  component: i.component,
  repetition: i.repetition,
  elementCode: i.elementCode,
  reference: i.reference,
  badValue: i.badValue,
});

describe('element validation', () => {
  it('finds nothing wrong in the valid fixtures', () => {
    for (const name of ['837p-basic.x12', '835-basic.x12', '271-benefits.x12', '835-multi-crlf.x12']) {
      const doc = parseX12(fixture(name));
      const issues = doc.interchanges.flatMap((i) =>
        i.groups.flatMap((g) => g.transactions.flatMap((t) => t.issues)),
      );
      expect(issues.filter((i) => i.elementCode !== undefined)).toEqual([]);
    }
  });

  it.each([
    [
      'required element missing',
      'CLM*PCN0001*500',
      'CLM**500',
      { element: 1, elementCode: '1', reference: '1028' },
    ],
    [
      'invalid code in a composite',
      '11:B:1',
      '11:X:1',
      { element: 5, component: 2, elementCode: '7', reference: '1332', badValue: 'X' },
    ],
    [
      'too many components',
      '11:B:1',
      '11:B:1:9',
      { element: 5, component: 4, elementCode: '13', reference: 'C023' },
    ],
    [
      'invalid date',
      'BHT*0019*00*BATCH0001*20261126',
      'BHT*0019*00*BATCH0001*20261131',
      { element: 4, elementCode: '8', badValue: '20261131' },
    ],
    [
      'invalid time',
      '20261126*1200*CH',
      '20261126*2460*CH',
      { element: 5, elementCode: '9', badValue: '2460' },
    ],
    [
      'too short',
      'XX*1234567893~',
      'XX*Q~',
      { element: 9, elementCode: '4', reference: '67', badValue: 'Q' },
    ],
    ['too long', 'N3*1 MAIN ST', `N3*${'X'.repeat(56)}`, { element: 1, elementCode: '5', reference: '166' }],
    [
      'invalid character in a decimal',
      'SV1*HC:85025*200',
      'SV1*HC:85025*2O0',
      { element: 2, elementCode: '6', badValue: '2O0' },
    ],
    ['too many elements', 'LX*2', 'LX*2*9', { element: 2, elementCode: '3' }],
    [
      'a "not used" element present',
      'GRP1001******CI',
      'GRP1001***X***CI',
      { element: 6, elementCode: 'I10' },
    ],
  ] as [string, string, string, Partial<LoopIssue>][])(
    'reports %s with its IK4 position and code',
    (_name, from, to, expected) => {
      const elementIssues = issuesAfter(from, to).filter((i) => i.elementCode !== undefined);
      expect(elementIssues).toHaveLength(1);
      expect(detail(elementIssues[0]!)).toMatchObject({ code: '8', ...expected });
      // Messages name the place, never the value (it may be PHI).
      const bad = (expected as { badValue?: string }).badValue;
      if (bad) expect(elementIssues[0]!.message).not.toContain(bad);
    },
  );

  it('counts repetitions of a repeating element', () => {
    const rules = ELEMENTS_5010.EB!;
    const segment = (eb03: string) => ({
      id: 'EB',
      elements: ['EB', '1', 'IND', eb03],
      number: 1,
      offset: 0,
    });
    expect(checkElements(segment('30^1^33'), rules, delimiters)).toEqual([]);
    const errors = checkElements(segment(['30', '1', '33XX'].join('^')), rules, delimiters);
    expect(errors).toEqual([
      expect.objectContaining({ code: '5', element: 3, repetition: 3, badValue: '33XX' }),
    ]);
    const tooMany = checkElements(
      segment(Array.from({ length: 100 }, () => '30').join('^')),
      rules,
      delimiters,
    );
    expect(tooMany[0]).toMatchObject({ code: '12', element: 3, repetition: 100 });
  });

  it('is fatal in strict mode, with the element position', () => {
    try {
      parseX12(claim.replace('CLM*PCN0001', 'CLM*'), { strict: true });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(X12Error);
      expect(error).toMatchObject({ segmentId: 'CLM', element: 1 });
    }
  });

  it('is off in the typed readers unless asked for', () => {
    const broken = claim.replace('11:B:1', '11:X:1');
    expect(parse837P(broken).issues).toEqual([]);
    const checked = parse837P(broken, { validateElements: true });
    expect(checked.issues.map(detail)).toEqual([
      expect.objectContaining({ segmentId: 'CLM', element: 5, component: 2, elementCode: '7' }),
    ]);
  });

  it('turns element issues into one IK3 per segment with its IK4s in the 999', () => {
    const broken = claim.replace('CLM*PCN0001*500***11:B:1*Y*A*Y*Y', 'CLM**500***11:X:1*Y*Q*Y*Y');
    const group = parseX12(broken).interchanges[0]!.groups[0]!;
    const [ack] = parse999(build999(acknowledgmentFor(group), { envelope: envelope() }).text);
    expect(ack!.status).toBe('R');
    const [error] = ack!.transactions[0]!.segmentErrors;
    expect(ack!.transactions[0]!.segmentErrors).toHaveLength(1);
    expect(error).toMatchObject({ segmentId: 'CLM', position: 18, loopId: '2300', code: '8' });
    expect(error!.elements.map((e) => [e.position, e.reference, e.code, e.badValue])).toEqual([
      ['1', '1028', '1', undefined],
      ['5:2', '1332', '7', 'X'],
      ['7', '1359', '7', 'Q'],
    ]);
  });
});
