import {
  acknowledgmentFor,
  build270,
  build999,
  checkElements,
  createControlNumberSequence,
  ELEMENTS_5010,
  type ElementError,
  type EnvelopeOptions,
  type LoopIssue,
  loopElements,
  parse271,
  parse835,
  parse837P,
  parse999,
  parseX12,
  SCHEMA_270,
  SCHEMA_271,
  SCHEMA_835,
  SCHEMA_837P,
  SYNTAX_5010,
  syntaxRules,
} from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { inquiryRequest } from './claim-data';
import { DELIMITERS, fixture, perLoopRules, segmentOf } from './helpers';

const delimiters = DELIMITERS;
const segment = segmentOf;

/** checkElements on one segment written as text, with the 5010 table of its id. */
const check = (text: string) => {
  const s = segment(text);
  return checkElements(s, ELEMENTS_5010[s.id]!, delimiters);
};

const brief = (e: ElementError) => ({
  code: e.code,
  element: e.element,
  reference: e.reference,
  badValue: e.badValue,
});

const envelope = (): EnvelopeOptions => ({
  sender: { id: 'CLEARINGHOUSE' },
  receiver: { id: 'MEDFLOWCLINIC' },
  controlNumbers: createControlNumberSequence({ interchange: 9, group: 9, transaction: 9 }),
  usage: 'T',
  now: new Date('2026-11-26T12:30:00Z'),
});

function elementIssues(text: string): LoopIssue[] {
  const doc = parseX12(text);
  return doc.interchanges.flatMap((i) =>
    i.groups.flatMap((g) => g.transactions.flatMap((t) => t.issues.filter((x) => x.elementCode))),
  );
}

/** Element issues of a fixture after replacing one segment (which must be there). */
function issuesAfter(name: string, from: string, to: string): LoopIssue[] {
  const text = fixture(name);
  expect(text).toContain(from);
  return elementIssues(text.replace(from, to));
}

const detail = (i: LoopIssue) => ({
  segmentId: i.segmentId,
  loopId: i.loopId,
  element: i.element,
  elementCode: i.elementCode,
  reference: i.reference,
  badValue: i.badValue,
});

describe('syntax rules', () => {
  it('reads notes as the standard writes them', () => {
    expect(syntaxRules('P0809 C1110 L050607')).toEqual([
      { kind: 'P', elements: [8, 9], note: 'P0809' },
      { kind: 'C', elements: [11, 10], note: 'C1110' },
      { kind: 'L', elements: [5, 6, 7], note: 'L050607' },
    ]);
    expect(() => syntaxRules('X0102')).toThrow(TypeError);
    expect(() => syntaxRules('P01')).toThrow(TypeError);
    expect(SYNTAX_5010.NM1!.map((r) => r.note)).toEqual(['P0809', 'C1110', 'C1203']);
    expect(SYNTAX_5010.REF!.map((r) => r.note)).toEqual(['R0203']);
    expect(SYNTAX_5010.DTP).toBeUndefined();
  });

  it.each([
    // [rule, passing segment, failing segment, expected error]
    [
      'P paired (NM1 P0809)',
      'NM1*IL*1*DOE*JANE****MI*W123456789',
      'NM1*IL*1*DOE*JANE****MI',
      { code: '2', element: 9, reference: '67', badValue: undefined },
    ],
    [
      'P paired, the other way round (NM1 P0809)',
      'NM1*PR*2*ACME HEALTH PLAN',
      'NM1*PR*2*ACME HEALTH PLAN******ACME01',
      { code: '2', element: 8, reference: '66', badValue: undefined },
    ],
    [
      'R at least one (N1 R0203)',
      'N1*PR*ACME HEALTH PLAN',
      'N1*PR',
      { code: '2', element: 2, reference: '93', badValue: undefined },
    ],
    [
      'E exclusion (N4 E0207)',
      'N4*TORONTO**M5V1A1*CA***ON',
      'N4*TORONTO*OH*M5V1A1*CA***ON',
      { code: '10', element: 7, reference: '1715', badValue: 'ON' },
    ],
    [
      'C conditional (NM1 C1203)',
      'NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01***ACME',
      'NM1*PR*2******PI*ACME01***ACME',
      { code: '2', element: 3, reference: '1035', badValue: undefined },
    ],
    [
      'C conditional (N4 C0704)',
      'N4*TORONTO**M5V1A1*CA***ON',
      'N4*TORONTO**M5V1A1****ON',
      { code: '2', element: 4, reference: '26', badValue: undefined },
    ],
    [
      'L list conditional (CAS L050607)',
      'CAS*CO*45*40*1*253*0',
      'CAS*CO*45*40*1*253',
      { code: '2', element: 6, reference: '782', badValue: undefined },
    ],
    [
      'P paired (EB P0910)',
      'EB*C*IND*30***23*1500**VS*2',
      'EB*C*IND*30***23*1500**VS',
      { code: '2', element: 10, reference: '380', badValue: undefined },
    ],
  ] as const)('%s: passes when kept, names the element when broken', (_rule, ok, bad, expected) => {
    expect(check(ok)).toEqual([]);
    const errors = check(bad);
    expect(errors.map(brief)).toEqual([expected]);
    // The message names the place and the rule, never the value.
    expect(errors[0]!.message).toMatch(/\(\w+\d\d, syntax rule [PRECL]\d+\)/);
    if (expected.badValue) expect(errors[0]!.message).not.toContain(expected.badValue);
  });

  it('names every missing element of a pair and every extra one of an exclusion', () => {
    const rules = ELEMENTS_5010.PER!;
    const per = segment('PER*IC*BILLING*TE**EM');
    expect(checkElements(per, rules, delimiters).map((e) => [e.code, e.element])).toEqual([
      ['2', 4],
      ['2', 6],
    ]);
    const n4 = segment('N4*DAYTON*OH*45402*US***ON');
    const exclusion = checkElements(n4, ELEMENTS_5010.N4!, delimiters, syntaxRules('E010207'));
    expect(exclusion.map((e) => [e.code, e.element, e.badValue])).toEqual([
      ['10', 2, 'OH'],
      ['10', 7, 'ON'],
    ]);
  });

  it('does not report twice what the element checks already said', () => {
    // REF02 is required in every guide: a bare REF is one missing element, not also R0203.
    expect(check('REF*EI').map(brief)).toEqual([
      { code: '1', element: 2, reference: '127', badValue: undefined },
    ]);
    // INS11 is "not used": its presence is I10; P1112 does not also ask for the unused INS12.
    expect(check('INS*Y*18*********D8').map((e) => [e.code, e.element])).toEqual([['I10', 11]]);
    // NM110 is used (the 271 names an entity's relationship there), so C1110 asks for it.
    expect(check('NM1*PR*2*ACME HEALTH PLAN********PR').map((e) => [e.code, e.element])).toEqual([
      ['2', 10],
      ['I10', 11],
    ]);
  });

  it('counts a composite or repetition of separators only as absent', () => {
    // EQ R0102: EQ01 or EQ02 (a composite) must be there.
    expect(check('EQ**HC:99213').map(brief)).toEqual([]);
    expect(check('EQ**:').map((e) => [e.code, e.element])).toEqual([['2', 1]]);
  });

  it('runs only the rules given when a caller passes its own', () => {
    const s = segment('NM1*IL*1*DOE*JANE****MI');
    expect(checkElements(s, ELEMENTS_5010.NM1!, delimiters, [])).toEqual([]);
    expect(checkElements(s, ELEMENTS_5010.NM1!, delimiters)).toHaveLength(1);
  });

  it('reports a syntax rule violation in a transaction with its loop, in element order', () => {
    const issues = issuesAfter(
      '837p-basic.x12',
      'NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01',
      'NM1*PR*2*ACME HEALTH PLAN*****PI',
    );
    expect(issues.map(detail)).toEqual([
      {
        segmentId: 'NM1',
        loopId: '2010BB',
        element: 9,
        elementCode: '2',
        reference: '67',
        badValue: undefined,
      },
    ]);
    const mixed = issuesAfter('837p-basic.x12', 'N4*DAYTON*OH*45402~', 'N4*DAYTON*O*45402*US***OH~');
    expect(mixed.map((i) => [i.element, i.elementCode])).toEqual([
      [2, '4'],
      [7, '10'],
    ]);
  });
});

describe('per-loop code sets', () => {
  it('keeps the shared table free of loop-specific lists', () => {
    expect((ELEMENTS_5010.NM1![7] as { codes?: unknown }).codes).toBeUndefined();
    expect(check('NM1*PR*2*ACME HEALTH PLAN*****XX*1234567893')).toEqual([]);
    const billing = loopElements('NM1', { 8: ['XX'] });
    expect(checkElements(segment('NM1*85*2*X*****PI*12'), billing, delimiters).map(brief)).toEqual([
      { code: '7', element: 8, reference: '66', badValue: 'PI' },
    ]);
    expect(() => loopElements('NM1', { 13: ['X'] })).toThrow(TypeError);
    expect(() => loopElements('ZZZ', {})).toThrow(TypeError);
  });

  it('837P: NM108 XX is the billing provider NPI in 2010AA but no payer id in 2010BB', () => {
    expect(elementIssues(fixture('837p-basic.x12'))).toEqual([]);
    const payer = issuesAfter(
      '837p-basic.x12',
      'NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01',
      'NM1*PR*2*ACME HEALTH PLAN*****XX*1234567893',
    );
    expect(payer.map(detail)).toEqual([
      {
        segmentId: 'NM1',
        loopId: '2010BB',
        element: 8,
        elementCode: '7',
        reference: '66',
        badValue: 'XX',
      },
    ]);
    const billing = issuesAfter(
      '837p-basic.x12',
      'NM1*85*2*SUNRISE FAMILY PRACTICE*****XX*1234567893',
      'NM1*85*2*SUNRISE FAMILY PRACTICE*****PI*ACME01',
    );
    expect(billing.map(detail)).toEqual([
      expect.objectContaining({ loopId: '2010AA', element: 8, elementCode: '7', badValue: 'PI' }),
    ]);
  });

  it('837P: a payer REF qualifier is refused on the subscriber', () => {
    const text = fixture('837p-basic.x12');
    const payerRef = 'NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~';
    const subscriber = 'NM1*IL*1*DOE*JANE****MI*W123456789~';
    expect(text).toContain(payerRef);
    expect(text).toContain(subscriber);
    // One segment more: SE01 counts it.
    const plusOne = (t: string) => t.replace(/SE\*(\d+)\*/, (_, n: string) => `SE*${Number(n) + 1}*`);
    expect(elementIssues(plusOne(text.replace(payerRef, `${payerRef}REF*EI*123456789~`)))).toEqual([]);
    const refused = elementIssues(plusOne(text.replace(subscriber, `${subscriber}REF*EI*123456789~`)));
    expect(refused.map(detail)).toEqual([
      expect.objectContaining({ segmentId: 'REF', loopId: '2010BA', element: 1, elementCode: '7' }),
    ]);
  });

  it('271: 1P is an information receiver (2100B) but not a source (2100A)', () => {
    expect(elementIssues(fixture('271-benefits.x12'))).toEqual([]);
    const issues = issuesAfter(
      '271-benefits.x12',
      'NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01',
      'NM1*1P*2*ACME HEALTH PLAN*****PI*ACME01',
    );
    expect(issues.map(detail)).toEqual([
      {
        segmentId: 'NM1',
        loopId: '2100A',
        element: 1,
        elementCode: '7',
        reference: '98',
        badValue: '1P',
      },
    ]);
    // The subscriber's NM108 and REF01 have their own lists in the 271.
    const subscriber = issuesAfter(
      '271-benefits.x12',
      'NM1*IL*1*DOE*JANE****MI*W123456789',
      'NM1*IL*1*DOE*JANE****XX*W123456789',
    );
    expect(subscriber.map(detail)).toEqual([
      expect.objectContaining({ loopId: '2100C', element: 8, elementCode: '7', badValue: 'XX' }),
    ]);
    const ref = issuesAfter('271-benefits.x12', 'REF*6P*GRP1001', 'REF*TJ*GRP1001');
    expect(ref.map(detail)).toEqual([
      expect.objectContaining({ loopId: '2100C', element: 1, elementCode: '7', badValue: 'TJ' }),
    ]);
  });

  it('835: N1 and REF take the payer lists in 1000A and the payee lists in 1000B', () => {
    expect(elementIssues(fixture('835-basic.x12'))).toEqual([]);
    const payerN1 = issuesAfter(
      '835-basic.x12',
      'N1*PR*ACME HEALTH PLAN~',
      'N1*PR*ACME HEALTH PLAN*XX*1234567893~',
    );
    expect(payerN1.map(detail)).toEqual([
      {
        segmentId: 'N1',
        loopId: '1000A',
        element: 3,
        elementCode: '7',
        reference: '66',
        badValue: 'XX',
      },
    ]);
    const payerRef = issuesAfter('835-basic.x12', 'REF*2U*ACME01', 'REF*TJ*ACME01');
    expect(payerRef.map(detail)).toEqual([
      expect.objectContaining({ segmentId: 'REF', loopId: '1000A', element: 1, elementCode: '7' }),
    ]);
    const payeeRef = issuesAfter('835-basic.x12', 'REF*TJ*123456789', 'REF*2U*123456789');
    expect(payeeRef.map(detail)).toEqual([
      expect.objectContaining({ segmentId: 'REF', loopId: '1000B', element: 1, elementCode: '7' }),
    ]);
    // 232 opens the claim's statement period in 2100; a service line dates itself with 150/151/472.
    const lineDate = issuesAfter('835-basic.x12', 'DTM*472*20261101', 'DTM*232*20261101');
    expect(lineDate.map(detail)).toEqual([
      expect.objectContaining({ segmentId: 'DTM', loopId: '2110', element: 1, elementCode: '7' }),
    ]);
    const patient = issuesAfter('835-basic.x12', 'NM1*QC*1*DOE*JANE****MI', 'NM1*QC*1*DOE*JANE****XX');
    expect(patient.map(detail)).toEqual([
      expect.objectContaining({ segmentId: 'NM1', loopId: '2100', element: 8, elementCode: '7' }),
    ]);
  });

  it('gives every per-loop definition the shape of its segment', () => {
    const rules = perLoopRules(SCHEMA_270, SCHEMA_271, SCHEMA_835, SCHEMA_837P);
    expect(rules.length).toBeGreaterThan(20);
    for (const rule of rules) {
      const base = ELEMENTS_5010[rule.id]!;
      expect(rule.elements).toHaveLength(base.length);
      rule.elements!.forEach((e, i) => {
        expect(e?.ref).toBe(base[i]?.ref);
        // A loop narrows a segment's codes, it never changes what is required.
        expect(e?.usage).toBe(base[i]?.usage);
      });
      // When a qualifier picks the rule, the loop's list for that element allows it.
      if (rule.qualifier) {
        const [at, values] = rule.qualifier;
        const codes = (rule.elements![at - 1] as { codes?: readonly string[] }).codes;
        if (codes) for (const v of values) expect(codes).toContain(v);
      }
    }
  });
});

describe('999 from syntax and per-loop issues', () => {
  it('carries IK4 with position, reference, code and a value copy only where one exists', () => {
    const text = fixture('837p-basic.x12')
      .replace('NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01', 'NM1*PR*2*ACME HEALTH PLAN*****XX')
      .replace('N4*DAYTON*OH*45402~', 'N4*DAYTON*OH*45402*US***OH~');
    const group = parseX12(text).interchanges[0]!.groups[0]!;
    const built = build999(acknowledgmentFor(group), { envelope: envelope() });
    const [ack] = parse999(built.text);
    expect(ack!.status).toBe('R');
    const errors = ack!.transactions[0]!.segmentErrors;
    expect(errors.map((e) => [e.segmentId, e.loopId, e.code])).toEqual([
      ['N4', '2010', '8'],
      ['NM1', '2010', '8'],
    ]);
    expect(errors[0]!.elements.map((e) => [e.position, e.reference, e.code, e.badValue])).toEqual([
      ['7', '1715', '10', 'OH'],
    ]);
    expect(errors[1]!.elements.map((e) => [e.position, e.reference, e.code, e.badValue])).toEqual([
      ['8', '66', '7', 'XX'],
      ['9', '67', '2', undefined],
    ]);
    // On the wire: a missing element's IK4 ends at IK403.
    expect(built.text).toContain('IK4*9*67*2~');
    expect(built.text).toContain('IK4*7*1715*10*OH~');
  });
});

describe('valid files stay clean', () => {
  it.each([
    '837p-basic.x12',
    '835-basic.x12',
    '835-multi-crlf.x12',
    '835-pipe-delimiters.x12',
    '271-benefits.x12',
    '271-rejected.x12',
    '999-partial.x12',
  ])('%s has no element or syntax issue', (name) => {
    const doc = parseX12(fixture(name));
    const issues = doc.interchanges.flatMap((i) =>
      i.groups.flatMap((g) => g.transactions.flatMap((t) => t.issues)),
    );
    expect(issues.filter((i) => i.elementCode !== undefined)).toEqual([]);
  });

  it('through the typed readers with validation on', () => {
    expect(parse837P(fixture('837p-basic.x12'), { validateElements: true }).issues).toEqual([]);
    const remittances = parse835(fixture('835-basic.x12'), { validateElements: true });
    expect(remittances.length).toBeGreaterThan(0);
    expect(remittances.flatMap((r) => r.issues).filter((i) => 'elementCode' in i)).toEqual([]);
    const eligibility = parse271(fixture('271-benefits.x12'), { validateElements: true });
    expect(eligibility.length).toBeGreaterThan(0);
    expect(eligibility.flatMap((r) => r.issues)).toEqual([]);
  });

  it('a 270 we build', () => {
    const built = build270(inquiryRequest, { envelope: envelope(), traceNumber: 'TRACE0001' });
    expect(parseX12(built.text).interchanges[0]!.groups[0]!.transactions[0]!.issues).toEqual([]);
  });
});
