import {
  acknowledgmentFor,
  build270,
  build837P,
  build999,
  checkElements,
  createControlNumberSequence,
  type EnvelopeOptions,
  type LoopIssue,
  loopElements,
  parseX12,
} from '@medflow/fhir-insurance/x12';
import type { Claim } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { inquiryRequest } from './claim-data';
import { edit, fixture, issuesOf } from './helpers';

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
      ...inquiryRequest,
      patient: { given: ['JOHN'], family: 'DOE', birthDate: '2012-03-04', gender: 'male' },
      ...(relationship === 'self' ? {} : { subscriber: inquiryRequest.patient, relationship }),
    },
    { envelope: envelope(), traceNumber: 'TRACE0001' },
  ).text;
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

  it('2100D: INS02 is 01, 19 or 34 (other adult) in a 270; G8 belongs to the 837P', () => {
    const text = inquiry('other');
    expect(text).toContain('INS*N*34~');
    expect(refusal(edit(text, 'INS*N*34~', 'INS*N*G8~'))).toMatchObject({
      segmentId: 'INS',
      loopId: '2100D',
      element: 2,
      elementCode: '7',
      badValue: 'G8',
    });
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

  it("2115D and 2120D: the dependent's additional information and related entities", () => {
    const entity = 'EB*1*IND*30~LS*2120~NM1*P3*1*JONES*AL****XX*1234567893*72~PER*IC**TE*8005551414~LE*2120~';
    expect(issuesOf(withDependent(`EB*1*IND*30~III*ZZ*11~${entity.slice('EB*1*IND*30~'.length)}`))).toEqual(
      [],
    );
    expect(refusal(withDependent('EB*1*IND*30~III*BF*J209~'))).toMatchObject({
      segmentId: 'III',
      loopId: '2115D',
      element: 1,
      badValue: 'BF',
    });
    expect(refusal(withDependent(entity.replace('NM1*P3', 'NM1*QC')))).toMatchObject({
      segmentId: 'NM1',
      loopId: '2120D',
      element: 1,
      badValue: 'QC',
    });
  });

  it('2100D: the dependent relationship list and the dependent dates', () => {
    expect(elementIssues(withDependent('INS*N*34~'))).toEqual([]);
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

describe('codes that depend on a qualifier', () => {
  const delimiters = { element: '*', repetition: '^', component: ':', segment: '~' };
  const dtp = (text: string) => {
    const elements = text.split('*');
    return { id: 'DTP', elements, number: 1, offset: 0 };
  };

  it('applies a dependent list only to the values it names', () => {
    const rules = loopElements('DTP', { 1: ['431', '360'] }, { 2: { element: 1, lists: { '431': ['D8'] } } });
    expect(checkElements(dtp('DTP*431*D8*20261030'), rules, delimiters)).toEqual([]);
    // 360 has no list of its own: the shared D8/RD8 applies.
    expect(checkElements(dtp('DTP*360*RD8*20261020-20261025'), rules, delimiters)).toEqual([]);
    expect(checkElements(dtp('DTP*360*TM*1200'), rules, delimiters).map((e) => [e.element, e.code])).toEqual([
      [2, '7'],
    ]);
    expect(checkElements(dtp('DTP*431*RD8*20261030-20261031'), rules, delimiters)).toMatchObject([
      { code: '7', element: 2, reference: '1250', badValue: 'RD8' },
    ]);
    expect(() => loopElements('DTP', {}, { 4: { element: 1, lists: {} } })).toThrow(TypeError);
  });

  it('checks a form only where its qualifier names it (I12), and no received value reaches the prototype', () => {
    const ref = (text: string) => ({ id: 'REF', elements: text.split('*'), number: 1, offset: 0 });
    const rules = loopElements(
      'REF',
      { 1: ['SY', 'Y4'] },
      {},
      { 2: { element: 1, patterns: { SY: /^\d{9}$/ } } },
    );
    expect(checkElements(ref('REF*SY*123456789'), rules, delimiters)).toEqual([]);
    expect(checkElements(ref('REF*Y4*CLAIM-12'), rules, delimiters)).toEqual([]);
    expect(checkElements(ref('REF*SY*123-45-6789'), rules, delimiters)).toMatchObject([
      { code: 'I12', element: 2, reference: '127', badValue: '123-45-6789' },
    ]);
    // Qualifiers that are names on every object's prototype pick no list and no form: only the
    // qualifier is reported, the value after it is checked as usual (this used to throw).
    const dates = loopElements('DTP', { 1: ['431'] }, { 2: { element: 1, lists: { '431': ['D8'] } } });
    for (const name of ['constructor', '__proto__', 'toString', 'map']) {
      const dated = checkElements(dtp(`DTP*${name}*D8*20261030`), dates, delimiters);
      expect(dated.map((e) => e.element)).toEqual([1]);
      expect(checkElements(ref(`REF*${name}*1`), rules, delimiters).map((e) => e.element)).toEqual([1]);
    }
    expect(() => loopElements('REF', {}, {}, { 9: { element: 1, patterns: {} } })).toThrow(TypeError);
  });
});

/** An 837P we build with every party the builder knows: patient, rendering provider, taxonomy. */
function fullClaim(): string {
  const claim: Claim = {
    resourceType: 'Claim',
    status: 'active',
    use: 'claim',
    type: { coding: [{ code: 'professional' }] },
    created: '2026-11-26',
    patient: { reference: 'Patient/1' },
    provider: { reference: 'Organization/1' },
    priority: { coding: [{ code: 'normal' }] },
    insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/1' } }],
    identifier: [{ value: 'PCN0042' }],
    diagnosis: [
      {
        sequence: 1,
        diagnosisCodeableConcept: {
          coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'J20.9' }],
        },
      },
    ],
    item: [
      {
        sequence: 1,
        productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99213' }] },
        servicedDate: '2026-11-02',
        quantity: { value: 1 },
        net: { value: 120, currency: 'USD' },
        diagnosisSequence: [1],
      },
    ],
    total: { value: 120, currency: 'USD' },
  };
  const address = { line: ['12 ELM ST'], city: 'DAYTON', state: 'OH', postalCode: '45402' };
  const built = build837P(
    claim,
    {
      submitter: {
        name: 'SUNRISE FAMILY PRACTICE',
        id: 'SUBMIT01',
        contactName: 'BILLING',
        phone: '9375551212',
      },
      receiver: { name: 'ACME HEALTH PLAN', id: 'ACME01' },
      billingProvider: {
        name: 'SUNRISE FAMILY PRACTICE',
        npi: '1234567893',
        taxId: '12-3456789',
        taxonomy: '207Q00000X',
        address: { line: ['1 MAIN ST'], city: 'DAYTON', state: 'OH', postalCode: '45402' },
      },
      subscriber: {
        memberId: 'W123456789',
        family: 'DOE',
        given: ['JANE'],
        birthDate: '1980-01-15',
        gender: 'female',
        address,
        groupNumber: 'GRP1001',
      },
      patient: { relationship: 'child', family: 'DOE', given: ['JIM'], birthDate: '2015-03-02', address },
      renderingProvider: { family: 'SMITH', given: ['ANN'], npi: '1234567893' },
      payer: { name: 'ACME HEALTH PLAN', id: 'ACME01' },
    },
    { envelope: envelope() },
  );
  return built.text;
}

describe('837P header, claim and line lists', () => {
  const claimFile = fixture('837p-basic.x12');
  const clm = 'CLM*PCN0001*500***11:B:1*Y*A*Y*Y~';
  // The first line's service date (the second line has the same segment after it).
  const firstLine = 'DTP*472*D8*20261101~';

  it('a claim we build, with a patient, rendering provider and addresses, stays clean', () => {
    const text = fullClaim();
    expect(text).toContain('NM1*41*2*SUNRISE FAMILY PRACTICE*****46*SUBMIT01~');
    expect(text).toContain('DTP*472*D8*20261102~');
    expect(text).toContain('PRV*BI*PXC*207Q00000X~');
    expect(text).toContain('PAT*19~');
    expect(issuesOf(text)).toEqual([]);
    expect(issuesOf(claimFile)).toEqual([]);
  });

  it('1000A and 1000B: NM108 46, the receiver an organization', () => {
    expect(
      refusal(
        edit(
          claimFile,
          'NM1*41*2*SUNRISE FAMILY PRACTICE*****46*SUBMIT01~',
          'NM1*41*2*SUNRISE FAMILY PRACTICE*****XX*1234567893~',
        ),
      ),
    ).toEqual({ segmentId: 'NM1', loopId: '1000A', element: 8, elementCode: '7', badValue: 'XX' });
    expect(
      refusal(
        edit(
          claimFile,
          'NM1*40*2*ACME HEALTH PLAN*****46*ACME01~',
          'NM1*40*2*ACME HEALTH PLAN*****PI*ACME01~',
        ),
      ),
    ).toMatchObject({
      loopId: '1000B',
      element: 8,
      badValue: 'PI',
    });
    expect(
      refusal(
        edit(claimFile, 'NM1*40*2*ACME HEALTH PLAN*****46*ACME01~', 'NM1*40*1*ACME*HEALTH****46*ACME01~'),
      ),
    ).toMatchObject({
      loopId: '1000B',
      element: 2,
      badValue: '1',
    });
    // The submitter contact takes the same qualifiers as the billing provider contact.
    expect(
      refusal(edit(claimFile, 'PER*IC*BILLING*TE*9375551212~', 'PER*IC*BILLING*UR*WWW.EXAMPLE.COM~')),
    ).toMatchObject({
      segmentId: 'PER',
      loopId: '1000A',
      element: 3,
      badValue: 'UR',
    });
  });

  it('2300: claim dates and their formats, claim references', () => {
    const claimDates =
      'DTP*431*D8*20261030~DTP*454*D8*20261031~DTP*360*RD8*20261020-20261025~DTP*096*D8*20261101~';
    const refs = 'REF*G1*AUTH123~REF*F8*PAYERCCN9~REF*EA*MRN77~';
    expect(issuesOf(edit(claimFile, clm, `${clm}${claimDates}${refs}`))).toEqual([]);
    // 472 dates a service line, not a claim.
    expect(refusal(edit(claimFile, clm, `${clm}DTP*472*D8*20261101~`))).toEqual({
      segmentId: 'DTP',
      loopId: '2300',
      element: 1,
      elementCode: '7',
      badValue: '472',
    });
    // Onset is one day; only the disability dates take a range.
    expect(refusal(edit(claimFile, clm, `${clm}DTP*431*RD8*20261030-20261031~`))).toEqual({
      segmentId: 'DTP',
      loopId: '2300',
      element: 2,
      elementCode: '7',
      badValue: 'RD8',
    });
    expect(refusal(edit(claimFile, clm, `${clm}REF*6R*LINE1~`))).toMatchObject({
      segmentId: 'REF',
      loopId: '2300',
      element: 1,
      badValue: '6R',
    });
  });

  it('2400: line dates and their formats, line references', () => {
    const lineExtras = 'DTP*471*D8*20261015~DTP*738*D8*20261020~REF*6R*LINE1~REF*G1*AUTH123~';
    expect(issuesOf(edit(claimFile, firstLine, `${firstLine}${lineExtras}`))).toEqual([]);
    expect(
      issuesOf(edit(claimFile, firstLine, firstLine.replace('D8*20261101', 'RD8*20261101-20261102'))),
    ).toEqual([]);
    expect(refusal(edit(claimFile, firstLine, `${firstLine}DTP*431*D8*20261030~`))).toEqual({
      segmentId: 'DTP',
      loopId: '2400',
      element: 1,
      elementCode: '7',
      badValue: '431',
    });
    expect(refusal(edit(claimFile, firstLine, `${firstLine}DTP*471*RD8*20261015-20261016~`))).toMatchObject({
      loopId: '2400',
      element: 2,
      badValue: 'RD8',
    });
    // 2430: the line's adjudication date is 573, one day.
    const adjudication = 'SVD*ACME01*300*HC:99214**1~';
    expect(issuesOf(edit(claimFile, firstLine, `${firstLine}${adjudication}DTP*573*D8*20261120~`))).toEqual(
      [],
    );
    expect(
      refusal(edit(claimFile, firstLine, `${firstLine}${adjudication}DTP*472*D8*20261120~`)),
    ).toMatchObject({ segmentId: 'DTP', loopId: '2430', element: 1, badValue: '472' });
    expect(refusal(edit(claimFile, firstLine, `${firstLine}REF*F8*PAYERCCN9~`))).toMatchObject({
      segmentId: 'REF',
      loopId: '2400',
      element: 1,
      badValue: 'F8',
    });
  });
});

describe('element tables for PRV, PAT, NTE, QTY, MIA, MOA and PLB', () => {
  const claimFile = fixture('837p-basic.x12');
  const clm = 'CLM*PCN0001*500***11:B:1*Y*A*Y*Y~';
  const firstLine = 'DTP*472*D8*20261101~';
  const remittance = fixture('835-basic.x12');

  it('PRV: the billing provider is BI with a taxonomy (P0203)', () => {
    const text = fullClaim();
    const prv = 'PRV*BI*PXC*207Q00000X~';
    expect(refusal(edit(text, prv, 'PRV*PE*PXC*207Q00000X~'))).toEqual({
      segmentId: 'PRV',
      loopId: '2000A',
      element: 1,
      elementCode: '7',
      badValue: 'PE',
    });
    expect(refusal(edit(text, prv, 'PRV*BI*PXC~'))).toMatchObject({ element: 3, elementCode: '2' });
    expect(refusal(edit(text, prv, 'PRV*BI*PXC*207Q00000X*OH~'))).toMatchObject({
      element: 4,
      elementCode: 'I10',
    });
  });

  it('PAT: the 2000C relationship list and the weight pair (P0708)', () => {
    const text = fullClaim();
    expect(issuesOf(edit(text, 'PAT*19~', 'PAT*19******01*42*Y~'))).toEqual([]);
    // 18 (self) is a subscriber, never a patient loop of its own.
    expect(refusal(edit(text, 'PAT*19~', 'PAT*18~'))).toEqual({
      segmentId: 'PAT',
      loopId: '2000C',
      element: 1,
      elementCode: '7',
      badValue: '18',
    });
    expect(refusal(edit(text, 'PAT*19~', 'PAT*19*******42~'))).toMatchObject({
      element: 7,
      elementCode: '2',
    });
    expect(refusal(edit(text, 'PAT*19~', 'PAT*19****D8~'))).toMatchObject({ element: 6, elementCode: '2' });
  });

  it('NTE: claim and line note codes, the text required', () => {
    expect(issuesOf(edit(claimFile, clm, `${clm}NTE*CER*CERTIFIED BY DR SMITH~`))).toEqual([]);
    expect(issuesOf(edit(claimFile, firstLine, `${firstLine}NTE*TPO*REPRICED~`))).toEqual([]);
    // CER certifies a claim; a line note is ADD, DCP or TPO.
    expect(refusal(edit(claimFile, firstLine, `${firstLine}NTE*CER*CERTIFIED~`))).toEqual({
      segmentId: 'NTE',
      loopId: '2400',
      element: 1,
      elementCode: '7',
      badValue: 'CER',
    });
    expect(refusal(edit(claimFile, clm, `${clm}NTE*ADD~`))).toMatchObject({
      loopId: '2300',
      element: 2,
      elementCode: '1',
    });
  });

  it('QTY: line quantities PT and FL, the quantity required', () => {
    expect(issuesOf(edit(claimFile, firstLine, `${firstLine}QTY*PT*2~`))).toEqual([]);
    expect(refusal(edit(claimFile, firstLine, `${firstLine}QTY*CA*2~`))).toMatchObject({
      segmentId: 'QTY',
      loopId: '2400',
      element: 1,
      badValue: 'CA',
    });
    expect(refusal(edit(claimFile, firstLine, `${firstLine}QTY*PT~`))).toMatchObject({
      element: 2,
      elementCode: '1',
    });
  });

  it('MIA and MOA: amounts and counts are numbers, MIA01 is required', () => {
    const moa = 'MOA***MA01~';
    expect(elementIssues(edit(remittance, moa, `MIA*0****MA02~${moa}`))).toEqual([]);
    expect(refusal(edit(remittance, moa, `MIA**100~${moa}`))).toMatchObject({
      segmentId: 'MIA',
      loopId: '2100',
      element: 1,
      elementCode: '1',
    });
    expect(refusal(edit(remittance, moa, 'MOA*HALF**MA01~'))).toMatchObject({
      segmentId: 'MOA',
      element: 1,
      elementCode: '6',
      badValue: 'HALF',
    });
  });

  it('PLB: reason codes of PLB03-1 and the pairs that follow (P0506 to P1314)', () => {
    const plb = 'PLB*1234567893*20261231*L6:INT2026*-75.5~';
    const issues = elementIssues(edit(remittance, plb, 'PLB*1234567893*20261231*ZZ:INT2026*-75.5~'));
    expect(issues).toMatchObject([
      { segmentId: 'PLB', element: 3, component: 1, elementCode: '7', badValue: 'ZZ' },
    ]);
    expect(refusal(edit(remittance, plb, 'PLB*1234567893*20261231*L6:INT2026*-75.5*WO:OVP1~'))).toMatchObject(
      {
        segmentId: 'PLB',
        element: 6,
        elementCode: '2',
      },
    );
    expect(refusal(edit(remittance, plb, 'PLB*1234567893*2026123*L6:INT2026*-75.5~'))).toMatchObject({
      element: 2,
      elementCode: '4',
    });
  });
});

describe('837P provider and other-payer loops', () => {
  const claimFile = fixture('837p-basic.x12');
  const hi = 'HI*ABK:J209*ABF:R05~';
  const rendering = 'NM1*82*1*SMITH*ANN****XX*1234567893~';
  const otherPayer = [
    'SBR*P*18*PRIMGRP******CI~',
    'AMT*D*350~',
    'OI***Y***Y~',
    'NM1*IL*1*DOE*JANE****MI*P987654321~',
    'NM1*PR*2*PRIMARY PLAN*****PI*PRIM01~',
  ].join('');

  it('2310A and 2310B: referring and rendering identifiers, the rendering specialty', () => {
    const clean = `${hi}NM1*DN*1*JONES*AL****XX*1234567893~REF*G2*REF77~${rendering}PRV*PE*PXC*207Q00000X~REF*LU*LOC1~`;
    expect(issuesOf(edit(claimFile, hi, clean))).toEqual([]);
    // LU (location number) identifies a rendering provider, not a referring one.
    expect(refusal(edit(claimFile, hi, `${hi}NM1*DN*1*JONES*AL****XX*1234567893~REF*LU*LOC1~`))).toEqual({
      segmentId: 'REF',
      loopId: '2310A',
      element: 1,
      elementCode: '7',
      badValue: 'LU',
    });
    expect(refusal(edit(claimFile, hi, `${hi}${rendering}PRV*BI*PXC*207Q00000X~`))).toMatchObject({
      segmentId: 'PRV',
      loopId: '2310B',
      element: 1,
      badValue: 'BI',
    });
  });

  it("2320, 2330A and 2330B: paid amounts, the other payer's date and references", () => {
    const cob = `${hi}${otherPayer}DTP*573*D8*20261110~REF*F8*PRIMCLM1~`;
    expect(issuesOf(edit(claimFile, hi, cob))).toEqual([]);
    expect(refusal(edit(claimFile, hi, cob.replace('AMT*D*350', 'AMT*B6*350')))).toMatchObject({
      segmentId: 'AMT',
      loopId: '2320',
      element: 1,
      badValue: 'B6',
    });
    expect(refusal(edit(claimFile, hi, cob.replace('DTP*573', 'DTP*472')))).toMatchObject({
      segmentId: 'DTP',
      loopId: '2330B',
      element: 1,
      badValue: '472',
    });
    expect(refusal(edit(claimFile, hi, cob.replace('REF*F8', 'REF*EA')))).toMatchObject({
      segmentId: 'REF',
      loopId: '2330B',
      element: 1,
      badValue: 'EA',
    });
    const subscriber = 'NM1*IL*1*DOE*JANE****MI*P987654321~';
    expect(refusal(edit(claimFile, hi, cob.replace(subscriber, `${subscriber}REF*MI*X1~`)))).toMatchObject({
      segmentId: 'REF',
      loopId: '2330A',
      element: 1,
      badValue: 'MI',
    });
  });

  it('2010BA and 2330A (2010CA alike): a REF*SY social security number is nine digits (I12)', () => {
    const subscriber = 'NM1*IL*1*DOE*JANE****MI*P987654321~';
    const cob = `${hi}${otherPayer}`;
    expect(issuesOf(edit(claimFile, hi, cob.replace(subscriber, `${subscriber}REF*SY*987654320~`)))).toEqual(
      [],
    );
    for (const bad of ['987-65-4320', '98765432', '9876543200']) {
      expect(refusal(edit(claimFile, hi, cob.replace(subscriber, `${subscriber}REF*SY*${bad}~`)))).toEqual({
        segmentId: 'REF',
        loopId: '2330A',
        element: 2,
        elementCode: 'I12',
        badValue: bad,
      });
    }
    // The subscriber's REF comes after its DMG in 2010BA.
    const billed = 'DMG*D8*19800115*F~';
    expect(claimFile).toContain(billed);
    expect(refusal(edit(claimFile, billed, `${billed}REF*SY*12345678~`))).toMatchObject({
      loopId: '2010BA',
      element: 2,
      elementCode: 'I12',
    });
    expect(issuesOf(edit(claimFile, billed, `${billed}REF*Y4*AGENCY-7~`))).toEqual([]);
    // The 999 carries it as IK403 I12 with a copy of the value, and passes its own checks.
    const doc = parseX12(edit(claimFile, billed, `${billed}REF*SY*12345678~`));
    const ack = build999(acknowledgmentFor(doc.interchanges[0]!.groups[0]!), { envelope: envelope() });
    expect(ack.text).toMatch(/IK4\*2\*127\*I12\*12345678~/);
    expect(issuesOf(ack.text)).toEqual([]);
  });

  it('a received qualifier named like an object property is reported, not thrown', () => {
    const line = 'DTP*472*D8*20261101~';
    for (const name of ['constructor', '__proto__']) {
      // (The line then lacks its DTP*472, a structure issue of its own.)
      const found = elementIssues(edit(claimFile, line, `DTP*${name}*D8*20261101~`));
      expect(found.map((i) => [i.segmentId, i.loopId, i.element, i.elementCode])).toEqual([
        ['DTP', '2400', 1, '5'],
      ]);
    }
  });

  it('2330G: the other payer knows the billing provider by G2 or LU only', () => {
    const cob = `${hi}${otherPayer}NM1*85*2~REF*G2*BILL9~`;
    expect(issuesOf(edit(claimFile, hi, cob))).toEqual([]);
    expect(refusal(edit(claimFile, hi, cob.replace('REF*G2', 'REF*0B')))).toMatchObject({
      segmentId: 'REF',
      loopId: '2330G',
      element: 1,
      badValue: '0B',
    });
  });
});

describe('PRV in the eligibility loops, REF and PER of the 837P patient', () => {
  it('270 and 271: the receiver may be SB, subscribers take the provider codes; the 271 qualifier is PXC', () => {
    const text = inquiry();
    const receiver = 'NM1*1P*2*SUNRISE FAMILY PRACTICE*****XX*1234567893~';
    expect(issuesOf(edit(text, receiver, `${receiver}PRV*SB*PXC*207Q00000X~`))).toEqual([]);
    const dmg = 'DMG*D8*20120304*M~';
    expect(issuesOf(edit(text, dmg, `PRV*PE*HPI*X12345~${dmg}`))).toEqual([]);
    expect(refusal(edit(text, dmg, `PRV*SB*PXC*207Q00000X~${dmg}`))).toEqual({
      segmentId: 'PRV',
      loopId: '2100C',
      element: 1,
      elementCode: '7',
      badValue: 'SB',
    });
    const answer = fixture('271-benefits.x12');
    const answerDmg = 'DMG*D8*19800115*F~';
    expect(issuesOf(edit(answer, answerDmg, `PRV*PE*PXC*207Q00000X~${answerDmg}`))).toEqual([]);
    expect(refusal(edit(answer, answerDmg, `PRV*PE*HPI*X12345~${answerDmg}`))).toMatchObject({
      segmentId: 'PRV',
      loopId: '2100C',
      element: 2,
      badValue: 'HPI',
    });
  });

  it("837P 2010CA: the patient's property and casualty identifiers and contact", () => {
    const text = fullClaim();
    const dmg = 'DMG*D8*20150302*U~';
    expect(text).toContain(dmg);
    expect(issuesOf(edit(text, dmg, `${dmg}REF*Y4*PC123~PER*IC*MOM*TE*9375550000~`))).toEqual([]);
    expect(refusal(edit(text, dmg, `${dmg}REF*EA*MRN77~`))).toMatchObject({
      segmentId: 'REF',
      loopId: '2010CA',
      element: 1,
      badValue: 'EA',
    });
    expect(refusal(edit(text, dmg, `${dmg}PER*IC*MOM*FX*9375550000~`))).toMatchObject({
      segmentId: 'PER',
      loopId: '2010CA',
      element: 3,
      badValue: 'FX',
    });
  });
});

describe('III and the 271 benefit related entity', () => {
  const answer = fixture('271-benefits.x12');
  const msg = 'MSG*COPAY APPLIES PER VISIT~';
  const entity = 'NM1*P5*2*ACME UTILIZATION MANAGEMENT~';

  it('270 2110C: III01 is ZZ (place of service), III01 and III02 go together (P0102)', () => {
    const text = inquiry();
    expect(issuesOf(edit(text, 'EQ*30~', 'EQ*30~III*ZZ*11~'))).toEqual([]);
    expect(refusal(edit(text, 'EQ*30~', 'EQ*30~III*GR*11~'))).toEqual({
      segmentId: 'III',
      loopId: '2110C',
      element: 1,
      elementCode: '7',
      badValue: 'GR',
    });
    expect(refusal(edit(text, 'EQ*30~', 'EQ*30~III**11~'))).toMatchObject({ element: 1, elementCode: '2' });
  });

  it('271 2115C: III01 GR, NI or ZZ and III03 44', () => {
    expect(issuesOf(edit(answer, msg, `${msg}III*ZZ*11~`))).toEqual([]);
    expect(issuesOf(edit(answer, msg, `${msg}III***44*LEFT KNEE~`))).toEqual([]);
    expect(refusal(edit(answer, msg, `${msg}III*BF*J209~`))).toMatchObject({
      segmentId: 'III',
      loopId: '2115C',
      element: 1,
      badValue: 'BF',
    });
    // III03 without III04 or III05 breaks L030405; III05 is used by neither guide.
    expect(refusal(edit(answer, msg, `${msg}III***44~`))).toMatchObject({ element: 4, elementCode: '2' });
    expect(refusal(edit(answer, msg, `${msg}III*ZZ*11***2~`))).toMatchObject({
      element: 5,
      elementCode: 'I10',
    });
  });

  it('271 2120C: entity, id qualifier, relationship (NM110) and contact lists', () => {
    expect(issuesOf(edit(answer, entity, 'NM1*P3*1*JONES*AL****XX*1234567893*72~'))).toEqual([]);
    expect(refusal(edit(answer, entity, 'NM1*QC*1*DOE*JANE~'))).toMatchObject({
      segmentId: 'NM1',
      loopId: '2120C',
      element: 1,
      badValue: 'QC',
    });
    expect(refusal(edit(answer, entity, 'NM1*P3*1*JONES*AL****XX*1234567893*99~'))).toMatchObject({
      element: 10,
      badValue: '99',
    });
    expect(refusal(edit(answer, 'PER*IC**TE*8005551414~', 'PER*IC**BN*8005551414~'))).toMatchObject({
      segmentId: 'PER',
      loopId: '2120C',
      element: 3,
      badValue: 'BN',
    });
  });
});

describe('835 claim and line supplements, 837P amounts and forms', () => {
  const remittance = fixture('835-basic.x12');
  const claimDates = 'DTM*232*20261101~';
  const claimFile = fixture('837p-basic.x12');
  const clm = 'CLM*PCN0001*500***11:B:1*Y*A*Y*Y~';
  const firstLine = 'DTP*472*D8*20261101~';

  it("2100 and 2110: amount and quantity qualifiers are the claim's or the line's", () => {
    const claimExtras = 'PER*CX*CLAIMS*TE*8005551212~AMT*AU*350~QTY*CA*2~';
    expect(
      issuesOf(edit(remittance, claimDates, `${claimDates}${claimExtras}`)).filter((i) => i.elementCode),
    ).toEqual([]);
    // B6 (allowed) is a line amount; AU (coverage amount) a claim amount.
    expect(refusal(edit(remittance, claimDates, `${claimDates}AMT*B6*350~`))).toEqual({
      segmentId: 'AMT',
      loopId: '2100',
      element: 1,
      elementCode: '7',
      badValue: 'B6',
    });
    expect(refusal(edit(remittance, 'AMT*B6*240~', 'AMT*AU*240~'))).toMatchObject({
      loopId: '2110',
      element: 1,
      badValue: 'AU',
    });
    expect(refusal(edit(remittance, 'AMT*B6*240~', 'AMT*B6*240~QTY*CA*2~'))).toMatchObject({
      segmentId: 'QTY',
      loopId: '2110',
      badValue: 'CA',
    });
    expect(
      refusal(edit(remittance, claimDates, `${claimDates}PER*CX*CLAIMS*UR*WWW.EXAMPLE.COM~`)),
    ).toMatchObject({
      segmentId: 'PER',
      loopId: '2100',
      element: 3,
      badValue: 'UR',
    });
    expect(refusal(edit(remittance, 'LQ*HE*N130~', 'LQ*AS*N130~'))).toMatchObject({
      segmentId: 'LQ',
      loopId: '2110',
      element: 1,
      badValue: 'AS',
    });
  });

  it('2110: a line may name its healthcare policy (REF*0K)', () => {
    const text = edit(remittance, 'REF*6R*LINE1~', 'REF*6R*LINE1~REF*0K*POLICY7~');
    expect(issuesOf(text).filter((i) => i.code !== 'balance')).toEqual([]);
  });

  it('837P: the patient paid amount (2300), line tax and postage (2400), form identification (2440)', () => {
    expect(issuesOf(edit(claimFile, clm, `${clm}AMT*F5*20~`))).toEqual([]);
    expect(refusal(edit(claimFile, clm, `${clm}AMT*T*20~`))).toMatchObject({
      segmentId: 'AMT',
      loopId: '2300',
      element: 1,
      badValue: 'T',
    });
    expect(issuesOf(edit(claimFile, firstLine, `${firstLine}AMT*T*5~LQ*UT*01.02~FRM*1*Y~`))).toEqual([]);
    expect(refusal(edit(claimFile, firstLine, `${firstLine}LQ*HE*N130~FRM*1*Y~`))).toMatchObject({
      segmentId: 'LQ',
      loopId: '2440',
      element: 1,
      badValue: 'HE',
    });
  });
});

describe("837P line providers and the earlier payer's line adjudication", () => {
  const claimFile = fixture('837p-basic.x12');
  const firstLine = 'DTP*472*D8*20261101~';

  it('2420C to 2420F: each line provider takes its own identifier list', () => {
    const providers =
      'NM1*77*2*SUNRISE LAB*****XX*1234567893~N3*5 LAB RD~N4*DAYTON*OH*45402~REF*LU*LAB1~' +
      'NM1*DK*1*JONES*AL****XX*1234567893~REF*1G*UPIN1~PER*IC*DESK*TE*9375550000~' +
      'NM1*DN*1*ROE*RAY****XX*1234567893~REF*G2*COMM1~';
    expect(issuesOf(edit(claimFile, firstLine, `${firstLine}${providers}`))).toEqual([]);
    expect(
      refusal(edit(claimFile, firstLine, `${firstLine}${providers.replace('REF*LU*LAB1', 'REF*0B*LIC1')}`)),
    ).toMatchObject({ segmentId: 'REF', loopId: '2420C', element: 1, badValue: '0B' });
    expect(
      refusal(edit(claimFile, firstLine, `${firstLine}${providers.replace('REF*G2*COMM1', 'REF*LU*LOC1')}`)),
    ).toMatchObject({ segmentId: 'REF', loopId: '2420F', element: 1, badValue: 'LU' });
    expect(
      refusal(
        edit(claimFile, firstLine, `${firstLine}${providers.replace('PER*IC*DESK*TE', 'PER*IC*DESK*UR')}`),
      ),
    ).toMatchObject({ segmentId: 'PER', loopId: '2420E', element: 3, badValue: 'UR' });
  });

  it('SVD: payer, paid amount, procedure and units; SVD04 is not used', () => {
    const svd = 'SVD*PRIM01*200*HC:99214:25**1~DTP*573*D8*20261110~';
    expect(issuesOf(edit(claimFile, firstLine, `${firstLine}${svd}`))).toEqual([]);
    expect(
      elementIssues(edit(claimFile, firstLine, `${firstLine}${svd.replace('HC:', 'N4:')}`)).map(detail),
    ).toEqual([{ segmentId: 'SVD', loopId: '2430', element: 3, elementCode: '7', badValue: 'N4' }]);
    expect(
      refusal(edit(claimFile, firstLine, `${firstLine}${svd.replace('25**1', '25*0450*1')}`)),
    ).toMatchObject({
      element: 4,
      elementCode: 'I10',
    });
    expect(refusal(edit(claimFile, firstLine, `${firstLine}${svd.replace('*200*', '**')}`))).toMatchObject({
      element: 2,
      elementCode: '1',
    });
  });
});

describe('837P attachments (PWK) and drugs (LIN, CTP)', () => {
  const claimFile = fixture('837p-basic.x12');
  const clm = 'CLM*PCN0001*500***11:B:1*Y*A*Y*Y~';
  const sv1 = 'SV1*HC:99214:25*300*UN*1***1:2~';
  const firstLine = 'DTP*472*D8*20261101~';

  it('PWK: report type, transmission and the attachment control number (P0506)', () => {
    expect(issuesOf(edit(claimFile, clm, `${clm}PWK*OZ*BM***AC*ATT123~`))).toEqual([]);
    // AD (additional documentation) transmits a line's DME certificate, never a claim attachment.
    expect(issuesOf(edit(claimFile, sv1, `${sv1}PWK*CT*AD~`))).toEqual([]);
    expect(refusal(edit(claimFile, clm, `${clm}PWK*CT*AD~`))).toEqual({
      segmentId: 'PWK',
      loopId: '2300',
      element: 2,
      elementCode: '7',
      badValue: 'AD',
    });
    expect(refusal(edit(claimFile, clm, `${clm}PWK*ZZ*BM~`))).toMatchObject({ element: 1, badValue: 'ZZ' });
    expect(refusal(edit(claimFile, clm, `${clm}PWK*OZ*EL***AC~`))).toMatchObject({
      element: 6,
      elementCode: '2',
    });
  });

  it('LIN and CTP: the NDC and its quantity and unit', () => {
    const drug = 'LIN**N4*00071015523~CTP****2*UN~';
    expect(issuesOf(edit(claimFile, firstLine, `${firstLine}${drug}`))).toEqual([]);
    expect(refusal(edit(claimFile, firstLine, `${firstLine}${drug.replace('N4', 'XX')}`))).toMatchObject({
      segmentId: 'LIN',
      loopId: '2410',
      element: 2,
      badValue: 'XX',
    });
    expect(refusal(edit(claimFile, firstLine, `${firstLine}${drug.replace('*UN~', '*KG~')}`))).toMatchObject({
      segmentId: 'CTP',
      element: 5,
      elementCode: '7',
      badValue: 'KG',
    });
    expect(
      refusal(edit(claimFile, firstLine, `${firstLine}${drug.replace('LIN**', 'LIN*1*')}`)),
    ).toMatchObject({
      segmentId: 'LIN',
      element: 1,
      elementCode: 'I10',
    });
    expect(
      refusal(edit(claimFile, firstLine, `${firstLine}${drug.replace('CTP****2*UN', 'CTP*****UN')}`)),
    ).toMatchObject({ segmentId: 'CTP', element: 4, elementCode: '1' });
  });
});

describe('271 service delivery (HSD) and military personnel (MPI)', () => {
  const answer = fixture('271-benefits.x12');
  const eb = 'EB*1**30^1^33**GOLD PPO PLAN~';
  const planDate = 'DTP*346*D8*20260101~';

  it('HSD: quantity and period codes, the quantity pair (P0102) and the period count (C0605)', () => {
    expect(issuesOf(edit(answer, eb, `${eb}HSD*VS*12***22*1~`))).toEqual([]);
    expect(refusal(edit(answer, eb, `${eb}HSD*XX*12~`))).toEqual({
      segmentId: 'HSD',
      loopId: '2110C',
      element: 1,
      elementCode: '7',
      badValue: 'XX',
    });
    expect(refusal(edit(answer, eb, `${eb}HSD*VS~`))).toMatchObject({ element: 2, elementCode: '2' });
    expect(refusal(edit(answer, eb, `${eb}HSD*VS*12****1~`))).toMatchObject({ element: 5, elementCode: '2' });
  });

  it('MPI: status, employment and affiliation codes, the date pair (P0607)', () => {
    expect(issuesOf(edit(answer, planDate, `${planDate}MPI*A*AE*A**C1*D8*20200101~`))).toEqual([]);
    expect(refusal(edit(answer, planDate, `${planDate}MPI*Z*AE*A~`))).toMatchObject({
      segmentId: 'MPI',
      loopId: '2100C',
      element: 1,
      badValue: 'Z',
    });
    expect(refusal(edit(answer, planDate, `${planDate}MPI*A*AE*A**C1*D8~`))).toMatchObject({
      element: 7,
      elementCode: '2',
    });
  });
});

describe('837P contract, file and pricing segments (CN1, K3, HCP)', () => {
  const claimFile = fixture('837p-basic.x12');
  const clm = 'CLM*PCN0001*500***11:B:1*Y*A*Y*Y~';
  const hi = 'HI*ABK:J209*ABF:R05~';
  const firstLine = 'DTP*472*D8*20261101~';

  it('CN1 and K3: contract type codes, the file text required and nothing after it', () => {
    expect(issuesOf(edit(claimFile, clm, `${clm}CN1*02*400~K3*FIXEDDATA~`))).toEqual([]);
    expect(refusal(edit(claimFile, clm, `${clm}CN1*07*400~`))).toEqual({
      segmentId: 'CN1',
      loopId: '2300',
      element: 1,
      elementCode: '7',
      badValue: '07',
    });
    expect(refusal(edit(claimFile, clm, `${clm}K3*FIXEDDATA*A~`))).toMatchObject({
      element: 2,
      elementCode: 'I10',
    });
  });

  it('HCP: pricing methodology per loop, the repriced procedure pair (P0910), reject reasons', () => {
    expect(issuesOf(edit(claimFile, hi, `${hi}HCP*02*400*100*PRICER1~`))).toEqual([]);
    expect(issuesOf(edit(claimFile, firstLine, `${firstLine}HCP*06*300*******HC*99213~`))).toEqual([]);
    // 06 (flat rate per line) prices a line, not a claim.
    expect(refusal(edit(claimFile, hi, `${hi}HCP*06*400~`))).toEqual({
      segmentId: 'HCP',
      loopId: '2300',
      element: 1,
      elementCode: '7',
      badValue: '06',
    });
    expect(refusal(edit(claimFile, firstLine, `${firstLine}HCP*06*300*******HC~`))).toMatchObject({
      loopId: '2400',
      element: 10,
      elementCode: '2',
    });
    expect(refusal(edit(claimFile, hi, `${hi}HCP*02*400***********T9~`))).toMatchObject({
      element: 13,
      elementCode: '7',
      badValue: 'T9',
    });
  });
});
