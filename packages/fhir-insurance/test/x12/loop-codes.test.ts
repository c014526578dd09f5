import {
  build270,
  createControlNumberSequence,
  type EnvelopeOptions,
  type LoopIssue,
  parseX12,
} from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers';

// Loop-dependent code lists: a code one loop allows is refused (IK403 7, at its position) in a
// loop whose list lacks it, and files that only use listed codes stay free of element issues.

const envelope = (): EnvelopeOptions => ({
  sender: { id: 'MEDFLOWCLINIC' },
  receiver: { id: 'CLEARINGHOUSE' },
  controlNumbers: createControlNumberSequence({ interchange: 7, group: 7, transaction: 7 }),
  usage: 'T',
  now: new Date('2026-11-26T12:30:00Z'),
});

type Relationship = 'self' | 'spouse' | 'child' | 'other';

function inquiry(relationship: Relationship = 'self'): string {
  return build270(
    {
      patient: { given: ['JOHN'], family: 'DOE', birthDate: '2012-03-04', gender: 'male' },
      ...(relationship === 'self'
        ? {}
        : {
            subscriber: { given: ['JANE'], family: 'DOE', birthDate: '1980-01-15', gender: 'female' },
            relationship,
          }),
      coverage: { memberId: 'W123456789', groupNumber: 'GRP1001' },
      payer: { id: 'ACME01', name: 'ACME HEALTH PLAN' },
      provider: { npi: '1234567893', name: 'SUNRISE FAMILY PRACTICE', organization: true },
      servicedDate: '2026-11-26',
      serviceTypes: ['30'],
    },
    { envelope: envelope(), traceNumber: 'TRACE0001' },
  ).text;
}

/** Replaces one run of segments (which must be there) and keeps SE01 right. */
function edit(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  const count = (s: string) => s.split('~').length - 1;
  const added = count(to) - count(from);
  return text
    .replace(from, to)
    .replace(/~(\s*)SE\*(\d+)\*/, (_, gap: string, n: string) => `~${gap}SE*${Number(n) + added}*`);
}

function issuesOf(text: string): LoopIssue[] {
  const doc = parseX12(text);
  return doc.interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions.flatMap((t) => t.issues)));
}

const elementIssues = (text: string) => issuesOf(text).filter((i) => i.elementCode !== undefined);

const detail = (i: LoopIssue) => ({
  segmentId: i.segmentId,
  loopId: i.loopId,
  element: i.element,
  elementCode: i.elementCode,
  badValue: i.badValue,
});

/** The single element issue of a file, or a failure naming what was found. */
function refusal(text: string) {
  const found = elementIssues(text).map(detail);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('270 subscriber and dependent lists (2100C, 2100D, 2110C, 2110D)', () => {
  it.each(['self', 'spouse', 'child', 'other'] as const)('a 270 we build for %s stays clean', (who) => {
    expect(issuesOf(inquiry(who))).toEqual([]);
  });

  it('2100C: NM108 II or MI, REF01, DTP01 102/291 and INS Y/18', () => {
    const text = inquiry();
    const subscriber = 'NM1*IL*1*DOE*JOHN****MI*W123456789~';
    expect(elementIssues(edit(text, subscriber, subscriber.replace('MI', 'II')))).toEqual([]);
    expect(refusal(edit(text, subscriber, subscriber.replace('MI', 'XX')))).toEqual({
      segmentId: 'NM1',
      loopId: '2100C',
      element: 8,
      elementCode: '7',
      badValue: 'XX',
    });
    // 3H (case number) identifies a subscriber, never a dependent; 49 (family unit) only in a 271.
    expect(elementIssues(edit(text, 'REF*6P*GRP1001~', 'REF*3H*CASE77~'))).toEqual([]);
    expect(refusal(edit(text, 'REF*6P*GRP1001~', 'REF*49*FAM1~'))).toMatchObject({
      segmentId: 'REF',
      loopId: '2100C',
      element: 1,
      elementCode: '7',
    });
    const plan = 'DTP*291*D8*20261126~';
    expect(elementIssues(edit(text, plan, 'DTP*102*D8*20250101~'))).toEqual([]);
    // 346 (plan begin) is an answer's date: the 271 allows it, the 270 does not.
    expect(refusal(edit(text, plan, 'DTP*346*D8*20260101~'))).toMatchObject({
      loopId: '2100C',
      element: 1,
      elementCode: '7',
      badValue: '346',
    });
    const dmg = 'DMG*D8*20120304*M~';
    expect(elementIssues(edit(text, dmg, `${dmg}INS*Y*18***************1~`))).toEqual([]);
    expect(refusal(edit(text, dmg, `${dmg}INS*N*18~`))).toMatchObject({
      segmentId: 'INS',
      loopId: '2100C',
      element: 1,
      elementCode: '7',
    });
    expect(refusal(edit(text, dmg, `${dmg}INS*Y*19~`))).toMatchObject({ element: 2, elementCode: '7' });
    // INS03 to INS16 are "not used" in the 270.
    expect(refusal(edit(text, dmg, `${dmg}INS*Y*18**************1~`))).toMatchObject({
      element: 16,
      elementCode: 'I10',
    });
  });

  it('2110C: REF01 9F/G1, DTP01 291 and AMT01 R/PB under the EQ', () => {
    const text = inquiry();
    const eq = 'EQ*30~';
    expect(elementIssues(edit(text, eq, `${eq}AMT*R*150~REF*G1*AUTH9~DTP*291*D8*20261126~`))).toEqual([]);
    expect(refusal(edit(text, eq, `${eq}REF*6P*GRP1001~`))).toMatchObject({
      segmentId: 'REF',
      loopId: '2110C',
      element: 1,
      elementCode: '7',
      badValue: '6P',
    });
    expect(refusal(edit(text, eq, `${eq}DTP*102*D8*20261126~`))).toMatchObject({
      segmentId: 'DTP',
      loopId: '2110C',
      element: 1,
      badValue: '102',
    });
    expect(refusal(edit(text, eq, `${eq}AMT*D*150~`))).toMatchObject({
      segmentId: 'AMT',
      loopId: '2110C',
      element: 1,
    });
  });

  it('2100D and 2110D: the dependent takes its own REF list and INS01 N', () => {
    const text = inquiry('child');
    const dependent = 'NM1*03*1*DOE*JOHN~';
    expect(text).toContain(dependent);
    expect(text).toContain('INS*N*19~');
    expect(elementIssues(edit(text, dependent, `${dependent}REF*MRC*ELIG4~`))).toEqual([]);
    expect(refusal(edit(text, dependent, `${dependent}REF*3H*CASE77~`))).toMatchObject({
      segmentId: 'REF',
      loopId: '2100D',
      element: 1,
      badValue: '3H',
    });
    expect(refusal(edit(text, 'INS*N*19~', 'INS*Y*19~'))).toMatchObject({
      segmentId: 'INS',
      loopId: '2100D',
      element: 1,
      badValue: 'Y',
    });
    const eq = text.slice(text.lastIndexOf('EQ*'), text.indexOf('~', text.lastIndexOf('EQ*')) + 1);
    expect(elementIssues(edit(text, eq, `${eq}REF*9F*REFER1~`))).toEqual([]);
    expect(refusal(edit(text, eq, `${eq}DTP*472*D8*20261126~`))).toMatchObject({
      segmentId: 'DTP',
      loopId: '2110D',
      element: 1,
      badValue: '472',
    });
  });
});

describe('271 subscriber and dependent lists', () => {
  const answer = fixture('271-benefits.x12');
  const lastBenefit = 'LE*2120~';
  // A dependent under the subscriber: HL04 says the subscriber now has a child level.
  const withDependent = (segments: string) =>
    edit(
      edit(answer, 'HL*3*2*22*0~', 'HL*3*2*22*1~'),
      lastBenefit,
      `${lastBenefit}HL*4*3*23*0~NM1*03*1*DOE*JOHN~${segments}`,
    );

  it('keeps the fixture and a dependent with listed codes clean', () => {
    expect(elementIssues(answer)).toEqual([]);
    const text = withDependent(
      'REF*MRC*ELIG4~INS*N*19*001*25~DTP*346*D8*20260101~EB*1*IND*30~REF*9F*REFER1~DTP*193*D8*20261231~',
    );
    expect(issuesOf(text)).toEqual([]);
  });

  it('2100C: DTP01 takes the subscriber dates and INS the 271 maintenance codes', () => {
    expect(refusal(edit(answer, 'DTP*346*D8*20260101~', 'DTP*193*D8*20260101~'))).toMatchObject({
      segmentId: 'DTP',
      loopId: '2100C',
      element: 1,
      elementCode: '7',
      badValue: '193',
    });
    const dmg = 'DMG*D8*19800115*F~';
    expect(elementIssues(edit(answer, dmg, `${dmg}INS*Y*18*001*25~`))).toEqual([]);
    expect(refusal(edit(answer, dmg, `${dmg}INS*Y*18*030*25~`))).toMatchObject({
      segmentId: 'INS',
      loopId: '2100C',
      element: 3,
      badValue: '030',
    });
  });

  it('2110C: 193 dates a benefit, M7 is a subscriber benefit reference only', () => {
    const benefitDate = 'DTP*291*RD8*20260101-20261231~';
    expect(elementIssues(edit(answer, benefitDate, 'DTP*193*D8*20261231~'))).toEqual([]);
    expect(refusal(edit(answer, benefitDate, 'DTP*102*D8*20261231~'))).toMatchObject({
      segmentId: 'DTP',
      loopId: '2110C',
      element: 1,
      badValue: '102',
    });
    expect(issuesOf(edit(answer, benefitDate, `REF*M7*PARTB~${benefitDate}`))).toEqual([]);
    expect(refusal(edit(answer, benefitDate, `REF*SY*123456789~${benefitDate}`))).toMatchObject({
      segmentId: 'REF',
      loopId: '2110C',
      element: 1,
      badValue: 'SY',
    });
    expect(refusal(withDependent('EB*1*IND*30~REF*M7*PARTB~'))).toMatchObject({
      segmentId: 'REF',
      loopId: '2110D',
      element: 1,
      badValue: 'M7',
    });
  });

  it('2100D: the dependent relationship list and the dependent dates', () => {
    expect(elementIssues(withDependent('INS*N*G8~'))).toEqual([]);
    expect(refusal(withDependent('INS*N*18~'))).toMatchObject({
      segmentId: 'INS',
      loopId: '2100D',
      element: 2,
      badValue: '18',
    });
    expect(refusal(withDependent('DTP*193*D8*20260101~'))).toMatchObject({
      segmentId: 'DTP',
      loopId: '2100D',
      element: 1,
      badValue: '193',
    });
    expect(refusal(withDependent('REF*M7*PARTB~'))).toMatchObject({
      segmentId: 'REF',
      loopId: '2100D',
      element: 1,
      badValue: 'M7',
    });
  });
});
