import {
  acknowledgmentFor,
  build270,
  build837P,
  build999,
  ELEMENTS_5010,
  type LoopIssue,
  parseX12,
  SCHEMA_999,
  SCHEMAS,
  SYNTAX_5010,
  type TransactionSchema,
} from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { claim, envelope, parties, primaryPayer } from './claim-data';
import {
  checkAsStandard,
  checkSegment,
  edit,
  fixture,
  issueDetail,
  issuesOf,
  perLoopRules,
  singleIssue,
} from './helpers';

// Element tables of the 837P's other-insurance, test result, purchased service and medical
// necessity segments (OI, MEA, PS1, FRM) and of the 999's own segments (AK1, AK2, IK3, CTX, IK4,
// IK5, AK9).

const check = checkSegment;
const _detail = (i: LoopIssue) => issueDetail(i, true);
const refusal = (text: string) => singleIssue(text, true);

/** A segment of `count` elements with the given values at their positions (1-based). */
const segmentWith = (id: string, count: number, values: Record<number, string>) =>
  [id, ...Array.from({ length: count }, (_, i) => values[i + 1] ?? '')].join('*').replace(/\**$/, '');

describe('element tables', () => {
  it('cover every segment the five schemas use, and every schema checks them', () => {
    const ids = new Set<string>();
    const collect = (items: TransactionSchema['items']) => {
      for (const item of items) {
        if (item.kind === 'segment') ids.add(item.id);
        else collect(item.items);
      }
    };
    for (const schema of SCHEMAS) {
      expect(schema.elements, schema.setId).toBe(ELEMENTS_5010);
      collect(schema.items);
    }
    expect(ids.size).toBeGreaterThan(60);
    expect([...ids].filter((id) => !ELEMENTS_5010[id])).toEqual([]);
  });
});

describe('OI (other insurance coverage, 837P 2320)', () => {
  it('takes the assignment of benefits, the signature source and the release of information', () => {
    expect(check('OI***Y***Y')).toEqual([]);
    expect(check('OI***W*P**I')).toEqual([]);
    expect(check('OI***N***Y')).toEqual([]);
  });

  it('refuses an unknown answer (7), a missing release (1) and a not-used filing code (I10)', () => {
    expect(check('OI***X***Y')).toEqual([{ code: '7', element: 3, reference: '1073' }]);
    expect(check('OI***Y***N')).toEqual([{ code: '7', element: 6, reference: '1363' }]);
    expect(check('OI***Y*S**Y')).toEqual([{ code: '7', element: 4, reference: '1351' }]);
    expect(check('OI***Y')).toEqual([{ code: '1', element: 6, reference: '1363' }]);
    expect(check('OI******Y')).toEqual([{ code: '1', element: 3, reference: '1073' }]);
    expect(check('OI*CI**Y***Y')).toEqual([{ code: 'I10', element: 1, reference: '1032' }]);
    expect(check('OI***YY***Y')).toEqual([{ code: '5', element: 3, reference: '1073' }]);
  });
});

describe('MEA (test result, 837P 2400)', () => {
  it('takes a test result or the original dosage, with its value', () => {
    expect(check('MEA*TR*R1*12.5')).toEqual([]);
    expect(check('MEA*TR*HT*70')).toEqual([]);
    expect(check('MEA*OG*R3*5000')).toEqual([]);
  });

  it('refuses an unknown reference or qualifier (7), a bad value (6) and a missing one (1)', () => {
    expect(check('MEA*XX*R1*12.5')).toEqual([{ code: '7', element: 1, reference: '737' }]);
    expect(check('MEA*TR*ZZ*12.5')).toEqual([{ code: '7', element: 2, reference: '738' }]);
    expect(check('MEA*TR*R1*HIGH')).toEqual([{ code: '6', element: 3, reference: '739' }]);
    expect(check(`MEA*TR*R1*${'1'.repeat(21)}`)).toEqual([{ code: '5', element: 3, reference: '739' }]);
    // MEA03 is required by the guide, so its absence is IK403 1, and R03050608 adds nothing.
    expect(check('MEA*TR*R1')).toEqual([{ code: '1', element: 3, reference: '739' }]);
  });

  it('refuses the standard elements the guide does not use (I10)', () => {
    expect(check('MEA*TR*R1*12.5*UN')).toEqual([{ code: 'I10', element: 4, reference: 'C001' }]);
    expect(check('MEA*TR*R1*12.5**1*20')).toEqual([
      { code: 'I10', element: 5, reference: '740' },
      { code: 'I10', element: 6, reference: '741' },
    ]);
  });
});

describe('PS1 (purchased service, 837P 2400)', () => {
  it('takes the purchased service provider and the charge', () => {
    expect(check('PS1*PN12345*150')).toEqual([]);
    expect(check('PS1*1234567893*150.25')).toEqual([]);
  });

  it('refuses a missing provider (1), a charge that is not a number (6) and a state (I10)', () => {
    expect(check('PS1**150')).toEqual([{ code: '1', element: 1, reference: '127' }]);
    expect(check('PS1*PN12345')).toEqual([{ code: '1', element: 2, reference: '782' }]);
    expect(check('PS1*PN12345*ABC')).toEqual([{ code: '6', element: 2, reference: '782' }]);
    expect(check('PS1*PN12345*150*OH')).toEqual([{ code: 'I10', element: 3, reference: '156' }]);
    expect(check(`PS1*${'A'.repeat(51)}*150`)).toEqual([{ code: '5', element: 1, reference: '127' }]);
  });
});

describe('FRM (supporting documentation, 837P 2440)', () => {
  it('takes a question number with a yes/no, text, date or percentage answer', () => {
    expect(check('FRM*1*Y')).toEqual([]);
    expect(check('FRM*2A*W')).toEqual([]);
    expect(check('FRM*3**UNABLE TO WALK')).toEqual([]);
    expect(check('FRM*4***20261101')).toEqual([]);
    expect(check('FRM*5****50')).toEqual([]);
  });

  it('refuses an unknown answer (7), a bad date (8), a long percentage (5) and a missing number (1)', () => {
    expect(check('FRM*1*X')).toEqual([{ code: '7', element: 2, reference: '1073' }]);
    expect(check('FRM*4***20261340')).toEqual([{ code: '8', element: 4, reference: '373' }]);
    expect(check('FRM*5****1234567')).toEqual([{ code: '5', element: 5, reference: '332' }]);
    expect(check('FRM**Y')).toEqual([{ code: '1', element: 1, reference: '350' }]);
    expect(check(`FRM*${'1'.repeat(21)}*Y`)).toEqual([{ code: '5', element: 1, reference: '350' }]);
  });

  it('names FRM02 for R02030405 when a question has no answer', () => {
    expect(check('FRM*1')).toEqual([{ code: '2', element: 2, reference: '1073' }]);
  });
});

describe('the 999 segments', () => {
  it('AK1 takes the functional group acknowledged: its id, control number and version', () => {
    expect(check('AK1*HC*17*005010X222A1')).toEqual([]);
    expect(check('AK1*HS*000000001*005010X279A1')).toEqual([]);
    expect(check('AK1*FA*17*005010X231A1')).toEqual([{ code: '7', element: 1, reference: '479' }]);
    expect(check('AK1*HC*G17*005010X222A1')).toEqual([{ code: '6', element: 2, reference: '28' }]);
    expect(check('AK1*HC*17')).toEqual([{ code: '1', element: 3, reference: '480' }]);
  });

  it('AK2 takes the transaction set acknowledged', () => {
    expect(check('AK2*837*0001*005010X222A1')).toEqual([]);
    expect(check('AK2*270*0001')).toEqual([]);
    expect(check('AK2*999*0001')).toEqual([{ code: '7', element: 1, reference: '143' }]);
    expect(check('AK2*837*001')).toEqual([{ code: '4', element: 2, reference: '329' }]);
    expect(check('AK2**0001')).toEqual([{ code: '1', element: 1, reference: '143' }]);
  });

  it('IK3 takes the segment in error, its position, its loop and the segment syntax code', () => {
    expect(check('IK3*NM1*8*2010*8')).toEqual([]);
    expect(check('IK3*ZZZ*21**1')).toEqual([]);
    // 5010 gives the loop id four characters: a guide id of six (2010BA) is too long.
    expect(check('IK3*NM1*16*2010*I4')).toEqual([]);
    expect(check('IK3*NM1*16*2010BA*I4')).toEqual([{ code: '5', element: 3, reference: '447' }]);
    expect(check('IK3*NM1*8*2010*9')).toEqual([{ code: '7', element: 4, reference: '620' }]);
    expect(check('IK3*NM1*X*2010*8')).toEqual([{ code: '6', element: 2, reference: '719' }]);
    expect(check('IK3**8**8')).toEqual([{ code: '1', element: 1, reference: '721' }]);
  });

  it('IK4 takes the element position, its reference, the element syntax code and the copy', () => {
    expect(check('IK4*9*67*7*W1234')).toEqual([]);
    expect(check('IK4*5:2*1332*7*X')).toEqual([]);
    expect(check('IK4*3::2*1365*12')).toEqual([]);
    expect(check('IK4*22**3')).toEqual([]);
    // The reference is a number: an error in a composite as a whole leaves it out.
    expect(check('IK4*5**1')).toEqual([]);
    expect(check('IK4*5*C023*1')).toEqual([{ code: '6', element: 2, reference: '725' }]);
    expect(check('IK4*1*98*I10*ZZ')).toEqual([]);
    expect(check('IK4*9*67*11')).toEqual([{ code: '7', element: 3, reference: '621' }]);
    expect(check('IK4*9*67')).toEqual([{ code: '1', element: 3, reference: '621' }]);
    expect(check('IK4**67*7')).toEqual([{ code: '1', element: 1, reference: 'C030' }]);
    expect(check('IK4*X*67*7')).toEqual([{ code: '6', element: 1, component: 1, reference: '722' }]);
    expect(check('IK4*9*12345*7')).toEqual([{ code: '5', element: 2, reference: '725' }]);
    expect(check(`IK4*9*67*7*${'W'.repeat(100)}`)).toEqual([{ code: '5', element: 4, reference: '724' }]);
  });

  it('CTX takes a situational trigger or a business unit, and where the error was', () => {
    expect(check('CTX*CLM01:PCN0001')).toEqual([]);
    expect(check('CTX*TRN02:TRACE0001')).toEqual([]);
    expect(check('CTX*SITUATIONAL TRIGGER*CLM*12*2300*5:1*1332')).toEqual([]);
    expect(check('CTX*CLM01:PCN0001^TRN02:TRACE0001')).toEqual([]);
    expect(check('CTX*PATIENT ID:12345')).toEqual([
      { code: '7', element: 1, component: 1, reference: '9999' },
    ]);
    expect(check('CTX*SITUATIONAL TRIGGER*CLM*TWELVE')).toEqual([
      { code: '6', element: 3, reference: '719' },
    ]);
    expect(check('CTX*SITUATIONAL TRIGGER*CLM*12*2300*5:1*1332:1073')).toEqual([
      { code: 'I10', element: 6, component: 2, reference: '725' },
    ]);
    expect(check('CTX**CLM*12')).toEqual([{ code: '1', element: 1, reference: 'C998' }]);
  });

  it('IK5 takes the transaction verdict and up to five syntax codes', () => {
    expect(check('IK5*A')).toEqual([]);
    expect(check('IK5*R*5*I5')).toEqual([]);
    expect(check('IK5*P')).toEqual([{ code: '7', element: 1, reference: '717' }]);
    expect(check('IK5*R*14')).toEqual([{ code: '7', element: 2, reference: '618' }]);
    expect(check('IK5**5')).toEqual([{ code: '1', element: 1, reference: '717' }]);
  });

  it("AK9 takes the group's verdict, its three counts and up to five syntax codes", () => {
    expect(check('AK9*P*2*2*1')).toEqual([]);
    expect(check('AK9*R*1*1*0*5')).toEqual([]);
    expect(check('AK9*Q*1*1*1')).toEqual([{ code: '7', element: 1, reference: '715' }]);
    expect(check('AK9*A*1*1')).toEqual([{ code: '1', element: 4, reference: '2' }]);
    expect(check('AK9*R*1*1*0*7')).toEqual([{ code: '7', element: 5, reference: '716' }]);
    expect(check('AK9*A*1234567*1*1')).toEqual([{ code: '5', element: 2, reference: '97' }]);
  });

  it('none of them carries a syntax note in 5010', () => {
    for (const id of ['AK1', 'AK2', 'AK9', 'CTX', 'IK3', 'IK4', 'IK5', 'OI', 'PS1']) {
      expect(SYNTAX_5010[id], id).toBeUndefined();
    }
  });
});

describe('syntax notes behind the guide usage', () => {
  // With every element situational (the standard's own view of an optional element), each MEA
  // and FRM note is what names the missing or excluded element.
  const asStandard = checkAsStandard;

  it('MEA R03050608: a value, a range or an attribute', () => {
    expect(asStandard('MEA*TR*R1')).toEqual([['2', 3]]);
    expect(asStandard(segmentWith('MEA', 8, { 1: 'TR', 2: 'R1', 8: 'AB' }))).toEqual([]);
  });

  it('MEA L050412 and L060412: a range needs its unit or its code', () => {
    expect(asStandard(segmentWith('MEA', 5, { 1: 'TR', 2: 'R1', 5: '1' }))).toEqual([['2', 4]]);
    expect(asStandard(segmentWith('MEA', 6, { 1: 'TR', 2: 'R1', 6: '9' }))).toEqual([['2', 4]]);
    expect(asStandard(segmentWith('MEA', 6, { 1: 'TR', 2: 'R1', 4: 'UN', 5: '1', 6: '9' }))).toEqual([]);
  });

  it('MEA L07030506, E0803 and P1112', () => {
    expect(asStandard(segmentWith('MEA', 8, { 1: 'TR', 2: 'R1', 7: 'AB', 8: 'CD' }))).toEqual([['2', 3]]);
    expect(asStandard(segmentWith('MEA', 8, { 1: 'TR', 2: 'R1', 3: '5', 8: 'CD' }))).toEqual([['10', 3]]);
    expect(asStandard(segmentWith('MEA', 11, { 1: 'TR', 2: 'R1', 3: '5', 11: 'AB' }))).toEqual([['2', 12]]);
  });

  it('FRM R02030405', () => {
    expect(asStandard('FRM*1')).toEqual([['2', 2]]);
    expect(asStandard('FRM*1****50')).toEqual([]);
  });
});

describe('837P line and other-payer segments in their loops', () => {
  const base = fixture('837p-basic.x12');
  // Segments that close the first service line (after its DTP*472), before the second LX.
  const withLine = (segments: string) => edit(base, 'LX*2~', `${segments}~LX*2~`);

  it('accepts test results, a purchased service and a medical necessity form, with no issue', () => {
    expect(
      issuesOf(
        withLine('MEA*TR*R1*12.5~MEA*TR*R2*36~MEA*OG*R3*5000~PS1*PN12345*150~LQ*UT*01.02~FRM*1*Y~FRM*2**YES'),
      ),
    ).toEqual([]);
  });

  it('refuses an unknown test (MEA02) in 2400 and an unknown answer (FRM02) in 2440', () => {
    expect(refusal(withLine('MEA*TR*ZZ*12.5'))).toEqual({
      segmentId: 'MEA',
      loopId: '2400',
      element: 2,
      elementCode: '7',
      reference: '738',
      badValue: 'ZZ',
    });
    expect(refusal(withLine('LQ*UT*01.02~FRM*1*X'))).toEqual({
      segmentId: 'FRM',
      loopId: '2440',
      element: 2,
      elementCode: '7',
      reference: '1073',
      badValue: 'X',
    });
    expect(refusal(withLine('PS1*PN12345'))).toMatchObject({
      segmentId: 'PS1',
      loopId: '2400',
      element: 2,
      elementCode: '1',
      reference: '782',
    });
  });

  it("refuses a secondary claim's OI whose release of information is not I or Y", () => {
    const secondary = build837P(
      claim,
      {
        ...parties,
        subscriber: { ...parties.subscriber, payerResponsibility: 'S' as const },
        otherPayers: [primaryPayer],
      },
      { envelope: envelope(4) },
    ).text;
    expect(secondary).toContain('OI***Y***Y~');
    expect(issuesOf(secondary)).toEqual([]);
    expect(refusal(secondary.replace('OI***Y***Y~', 'OI***Y***N~'))).toEqual({
      segmentId: 'OI',
      loopId: '2320',
      element: 6,
      elementCode: '7',
      reference: '1363',
      badValue: 'N',
    });
  });
});

describe('999 files', () => {
  const partial = fixture('999-partial.x12');

  it('the received 999 fixture stays clean', () => {
    expect(issuesOf(partial)).toEqual([]);
  });

  it('refuses a bad verdict, syntax code or context at its position, in its loop', () => {
    expect(refusal(edit(partial, 'AK9*P*2*2*1~', 'AK9*Q*2*2*1~'))).toEqual({
      segmentId: 'AK9',
      loopId: 'ST',
      element: 1,
      elementCode: '7',
      reference: '715',
      badValue: 'Q',
    });
    expect(refusal(edit(partial, 'IK5*R*5~', 'IK5*R*14~'))).toMatchObject({
      segmentId: 'IK5',
      loopId: '2000',
      element: 2,
      elementCode: '7',
      badValue: '14',
    });
    expect(refusal(edit(partial, 'IK4*9*67*7*W1234~', 'IK4*9*67*99*W1234~'))).toMatchObject({
      segmentId: 'IK4',
      loopId: '2110',
      element: 3,
      reference: '621',
      badValue: '99',
    });
    expect(refusal(edit(partial, 'IK3*NM1*8*2010*8~', 'IK3*NM1*8*2010*X8~'))).toMatchObject({
      segmentId: 'IK3',
      loopId: '2100',
      element: 4,
      badValue: 'X8',
    });
  });

  it('takes a business unit context in 2100 and only a situational trigger in 2110', () => {
    const trigger = 'CTX*SITUATIONAL TRIGGER*CLM*12*2300*5';
    expect(issuesOf(edit(partial, 'IK4*9*67*7*W1234~', `IK4*9*67*7*W1234~${trigger}~`))).toEqual([]);
    expect(issuesOf(edit(partial, 'CTX*CLM01:PCN0001~', `CTX*CLM01:PCN0001~${trigger}~`))).toEqual([]);
    expect(refusal(edit(partial, 'IK4*9*67*7*W1234~', 'IK4*9*67*7*W1234~CTX*CLM01:PCN0001~'))).toEqual({
      segmentId: 'CTX',
      loopId: '2110',
      element: 1,
      component: 1,
      elementCode: '7',
      reference: '9999',
      badValue: 'CLM01',
    });
  });

  it('gives the 2110 context the shape of the shared CTX table, narrowing codes only', () => {
    const rules = perLoopRules(SCHEMA_999);
    expect(rules.map((r) => r.id)).toEqual(['CTX']);
    const base = ELEMENTS_5010.CTX!;
    for (const rule of rules) {
      expect(rule.elements).toHaveLength(base.length);
      rule.elements!.forEach((e, i) => {
        expect(e?.ref).toBe(base[i]?.ref);
        expect(e?.usage).toBe(base[i]?.usage);
      });
    }
  });
});

describe('999 files we build validate clean', () => {
  const ackOf = (text: string, start: number) =>
    build999(acknowledgmentFor(parseX12(text).interchanges[0]!.groups[0]!), { envelope: envelope(start) })
      .text;

  it('acknowledging clean 270, 837P and 835 files', () => {
    const inquiry = build270(
      {
        patient: { given: ['JANE'], family: 'DOE', birthDate: '1980-01-15', gender: 'female' },
        coverage: { memberId: 'W123456789' },
        payer: { id: 'ACME01', name: 'ACME HEALTH PLAN' },
        provider: { npi: '1234567893', name: 'SUNRISE FAMILY PRACTICE', organization: true },
        serviceTypes: ['30'],
      },
      { envelope: envelope(2), traceNumber: 'TRACE0002' },
    ).text;
    for (const [i, text] of [inquiry, fixture('837p-basic.x12'), fixture('835-basic.x12')].entries()) {
      const ack = ackOf(text, 10 + i);
      expect(ack).toContain('IK5*A~');
      expect(issuesOf(ack)).toEqual([]);
    }
  });

  it('acknowledging a claim with element, composite, syntax and structure errors', () => {
    let broken = fixture('837p-basic.x12')
      .replace('DMG*D8*19800115*F~', 'DMG*D8*19801315*X~')
      .replace('CLM*PCN0001*500***11:B:1*Y*A*Y*Y~', 'CLM*PCN0001*500****Y*A*Y*Y~')
      .replace('NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~', 'NM1*PR*2*ACME HEALTH PLAN*****XX~');
    broken = edit(broken, 'LX*2~', 'ZZZ*1~LX*2~');
    const ack = ackOf(broken, 20);
    // A loop id cut to its four characters (2010BA → 2010), a composite in error as a whole (no
    // reference number), a missing element (no copy), an out-of-list value with its copy and an
    // unrecognized segment.
    expect(ack).toContain('IK3*DMG*16*2010*8~');
    expect(ack).toContain('IK4*5**1~');
    expect(ack).toContain('IK4*9*67*2~');
    expect(ack).toContain('IK4*3*1068*7*X~');
    expect(ack).toContain('IK3*ZZZ*');
    expect(ack).toContain('IK5*R*5~');
    expect(issuesOf(ack)).toEqual([]);
  });

  it('with hand-written errors, contexts and every transaction verdict', () => {
    const ack = build999(
      {
        group: { functionalId: 'HC', controlNumber: '17', version: '005010X222A1' },
        transactions: [
          {
            setId: '837',
            controlNumber: '0001',
            implementation: '005010X222A1',
            errors: [
              {
                segmentId: 'NM1',
                position: 8,
                loopId: '2010BA',
                code: '8',
                context: [['CLM01', 'PCN0001']],
                elements: [
                  { position: 9, reference: '67', code: '7', badValue: 'W1234' },
                  { position: [5, 2], reference: '1332', code: 'I6', badValue: 'X' },
                  { position: [3, undefined, 2], reference: '1365', code: '12' },
                  {
                    position: 4,
                    reference: '1036',
                    code: 'I9',
                    context: [['SITUATIONAL TRIGGER']],
                  },
                ],
              },
              { segmentId: 'REF', position: 12, loopId: '2300', code: 'I4' },
            ],
          },
          { setId: '837', controlNumber: '0002', implementation: '005010X222A1' },
          { setId: '837', controlNumber: '0003', status: 'E', errorCodes: ['I5'] },
          { setId: '837', controlNumber: '0004', status: 'M', errorCodes: ['5'] },
          { setId: '837', controlNumber: '0005', status: 'W' },
          { setId: '837', controlNumber: '0006', status: 'X', errorCodes: ['23'] },
        ],
      },
      { envelope: envelope(30) },
    ).text;
    expect(ack).toContain('CTX*SITUATIONAL TRIGGER~');
    expect(ack).toContain('AK9*P*6*6*2~');
    expect(issuesOf(ack)).toEqual([]);
  });
});
