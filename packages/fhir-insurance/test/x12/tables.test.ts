import {
  acknowledgmentFor,
  build270,
  build837P,
  build999,
  type LoopIssue,
  parseX12,
} from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { claim, envelope, parties, primaryPayer } from './claim-data';
import { checkAsStandard, checkSegment, edit, fixture, issueDetail, issuesOf, singleIssue } from './helpers';

// Element tables of the ambulance, chiropractic, DME and condition segments (CR1, CR2, CR3,
// CRC, SV5), the 835's currency, remittance delivery and provider summaries (CUR, RDM, TS2,
// TS3), and the lists that were left open (837P 2010AC REF, 271 2100B PRV, PLB05-1 to PLB13-1).

const check = checkSegment;
const detail = (i: LoopIssue) => issueDetail(i);
const refusal = (text: string) => singleIssue(text);

describe('CR1 (ambulance transport)', () => {
  it('takes a weight in pounds, a reason and a distance in miles', () => {
    expect(check('CR1*LB*140**A*DH*12****UNABLE TO SIT')).toEqual([]);
    expect(check('CR1****B*DH*4.5')).toEqual([]);
  });

  it('refuses an unknown reason (7), a missing distance (1) and an unpaired weight (2)', () => {
    expect(check('CR1****Z*DH*12')).toEqual([{ code: '7', element: 4, reference: '1317' }]);
    expect(check('CR1****A*DH')).toEqual([{ code: '1', element: 6, reference: '380' }]);
    expect(check('CR1*LB***A*DH*12')).toEqual([{ code: '2', element: 2, reference: '81' }]);
    expect(check('CR1*KG*140**A*DH*12')).toEqual([{ code: '7', element: 1, reference: '355' }]);
  });
});

describe('CR2 (spinal manipulation)', () => {
  it('takes the nature of the condition and its descriptions', () => {
    expect(check('CR2********A**SUBLUXATION')).toEqual([]);
  });

  it('refuses an unknown nature (7), its absence (1) and a not-used count (I10)', () => {
    expect(check('CR2********B')).toEqual([{ code: '7', element: 8, reference: '1342' }]);
    expect(check('CR2**********LOW BACK')).toEqual([{ code: '1', element: 8, reference: '1342' }]);
    expect(check('CR2*3*******M')).toEqual([{ code: 'I10', element: 1, reference: '609' }]);
  });
});

describe('CR3 (DME certification)', () => {
  it('takes a certification type and a duration in months', () => {
    expect(check('CR3*I*MO*6')).toEqual([]);
  });

  it('refuses an unknown type (7), a unit other than months (7) and a missing duration', () => {
    expect(check('CR3*X*MO*6')).toEqual([{ code: '7', element: 1, reference: '1322' }]);
    expect(check('CR3*R*DA*6')).toEqual([{ code: '7', element: 2, reference: '355' }]);
    // CR302 without CR303 is both a required element missing (1) and a broken P0203, reported once.
    expect(check('CR3*S*MO')).toEqual([{ code: '1', element: 3, reference: '380' }]);
  });
});

describe('CRC (conditions indicator)', () => {
  it('takes a category, a yes/no answer and up to five conditions', () => {
    expect(check('CRC*07*Y*01*04*05*06*07')).toEqual([]);
  });

  it('refuses an answer other than Y or N (7) and a missing first condition (1)', () => {
    expect(check('CRC*07*X*01')).toEqual([{ code: '7', element: 2, reference: '1073' }]);
    expect(check('CRC*07*Y')).toEqual([{ code: '1', element: 3, reference: '1321' }]);
  });
});

describe('SV5 (durable medical equipment service)', () => {
  it('takes an HCPCS code, the length of need and the rental and purchase prices', () => {
    expect(check('SV5*HC:E0601*DA*30*50*900*4')).toEqual([]);
  });

  it('refuses another code system (7), an unknown rental frequency (7) and a missing price (1)', () => {
    expect(check('SV5*IV:E0601*DA*30*50*900*4')).toEqual([
      { code: '7', element: 1, component: 1, reference: '235' },
    ]);
    expect(check('SV5*HC:E0601*DA*30*50*900*9')).toEqual([{ code: '7', element: 6, reference: '594' }]);
    expect(check('SV5*HC:E0601*DA*30**900*4')).toEqual([{ code: '1', element: 4, reference: '782' }]);
    expect(check('SV5*HC:E0601:RR*DA*30*50*900*4')).toEqual([
      { code: 'I10', element: 1, component: 3, reference: '1339' },
    ]);
  });

  it('names SV504 for R0405 when neither price is there, once, as required-missing', () => {
    // Both prices are required by the guide, so each absence is IK403 1, and R0405 adds nothing.
    expect(check('SV5*HC:E0601*DA*30***4')).toEqual([
      { code: '1', element: 4, reference: '782' },
      { code: '1', element: 5, reference: '782' },
    ]);
  });
});

describe('CUR (currency)', () => {
  it('takes the entity and the currency; rates and dates are not used', () => {
    expect(check('CUR*PR*CAD')).toEqual([]);
    expect(check('CUR*PR*CAD*1.3500')).toEqual([{ code: 'I10', element: 3, reference: '280' }]);
  });

  it('refuses a missing currency (1) and a currency of the wrong length (4)', () => {
    expect(check('CUR*PR')).toEqual([{ code: '1', element: 2, reference: '100' }]);
    expect(check('CUR*PR*US')).toEqual([{ code: '4', element: 2, reference: '100' }]);
  });
});

describe('RDM (remittance delivery method)', () => {
  it('takes a delivery method, a name and an address', () => {
    expect(check('RDM*EM*BILLING*billing@example.com')).toEqual([]);
    expect(check('RDM*BM')).toEqual([]);
  });

  it('refuses an unknown method (7), its absence (1) and a not-used reference (I10)', () => {
    expect(check('RDM*FX*BILLING')).toEqual([{ code: '7', element: 1, reference: '756' }]);
    expect(check('RDM**BILLING')).toEqual([{ code: '1', element: 1, reference: '756' }]);
    expect(check('RDM*FT***1W:123')).toEqual([{ code: 'I10', element: 4, reference: 'C040' }]);
  });
});

describe('TS3 and TS2 (835 provider summaries)', () => {
  it('take the provider, facility, fiscal period, claim count and charges', () => {
    expect(check('TS3*1234567893*11*20261231*3*1550')).toEqual([]);
    expect(check('TS3*1234567893*11*20261231*3*1550********100**20')).toEqual([]);
    expect(check('TS2*1000*200*300')).toEqual([]);
  });

  it('refuse a missing count (1), a bad fiscal date (8) and a not-used total (I10)', () => {
    expect(check('TS3*1234567893*11*20261231**1550')).toEqual([{ code: '1', element: 4, reference: '380' }]);
    expect(check('TS3*1234567893*11*20261340*3*1550')).toEqual([{ code: '8', element: 3, reference: '373' }]);
    expect(check('TS3*1234567893*11*20261231*3*1550*10')).toEqual([
      { code: 'I10', element: 6, reference: '782' },
    ]);
    expect(check('TS2*1000*ABC')).toEqual([{ code: '6', element: 2, reference: '782' }]);
    expect(check(`TS2${'*1'.repeat(20)}`)).toEqual([{ code: '3', element: 20, reference: '' }]);
  });
});

describe('syntax notes behind the guide usage', () => {
  // The guides make most elements these notes name required or not used, so in a real file the
  // note is seldom what fails first. With every element situational (the standard's own view of
  // an optional element), each note is what names the missing or excluded element.
  const asStandard = checkAsStandard;

  it('CR2 P0102, C0403 and P0506', () => {
    expect(asStandard('CR2*3')).toEqual([['2', 2]]);
    expect(asStandard('CR2***C1*C2')).toEqual([]);
    expect(asStandard('CR2****C2')).toEqual([['2', 3]]);
    expect(asStandard('CR2*****DA')).toEqual([['2', 6]]);
  });

  it('CR3 P0203, SV5 R0405 and C0605', () => {
    expect(asStandard('CR3*I*MO')).toEqual([['2', 3]]);
    expect(asStandard('SV5*HC:E0601*DA*30')).toEqual([['2', 4]]);
    expect(asStandard('SV5*HC:E0601*DA*30*50**4')).toEqual([['2', 5]]);
  });

  it("CUR's date-time triplets (C0807, L101112, C1110)", () => {
    expect(asStandard('CUR*PR*CAD*1.3500******20261120')).toEqual([['2', 7]]);
    expect(asStandard('CUR*PR*CAD*1.3500*******007')).toEqual([['2', 11]]);
    expect(asStandard('CUR*PR*CAD*1.3500********20261120')).toEqual([['2', 10]]);
  });
});

describe('837P claim and line segments in their loops', () => {
  const base = fixture('837p-basic.x12');
  const claimSegments = (crc: string) =>
    edit(base, 'HI*ABK:J209*ABF:R05~', `CR1*LB*140**A*DH*12~CR2********A~${crc}~HI*ABK:J209*ABF:R05~`);
  const lineSegments = (crc: string) =>
    edit(
      base,
      'SV1*HC:85025*200*UN*1***1~',
      `SV1*HC:85025*200*UN*1***1~SV5*HC:E0601*DA*30*50*900*4~CR1****B*DH*3~CR3*I*MO*6~${crc}~`,
    );

  it('accepts CR1, CR2 and the claim conditions of every category, with no issue', () => {
    for (const crc of ['CRC*07*Y*01*12', 'CRC*E1*Y*L1*L5', 'CRC*E2*Y*IH', 'CRC*ZZ*N*AV*S2']) {
      expect(issuesOf(claimSegments(crc))).toEqual([]);
    }
  });

  it('accepts SV5, CR1, CR3 and the line conditions of every category, with no issue', () => {
    for (const crc of ['CRC*07*N*05', 'CRC*09*Y*38*ZV', 'CRC*70*Y*65']) {
      expect(issuesOf(lineSegments(crc))).toEqual([]);
    }
  });

  it('refuses a condition code of another category (IK403 7 at its position)', () => {
    expect(refusal(claimSegments('CRC*07*Y*01*L1'))).toEqual({
      segmentId: 'CRC',
      loopId: '2300',
      element: 4,
      elementCode: '7',
      badValue: 'L1',
    });
    expect(refusal(lineSegments('CRC*09*Y*65'))).toMatchObject({
      loopId: '2400',
      element: 3,
      badValue: '65',
    });
  });

  it('refuses a category the loop does not take (EPSDT on a line, hospice on the claim)', () => {
    expect(refusal(lineSegments('CRC*ZZ*Y*AV'))).toMatchObject({
      segmentId: 'CRC',
      loopId: '2400',
      element: 1,
      elementCode: '7',
      badValue: 'ZZ',
    });
    expect(refusal(claimSegments('CRC*70*Y*65'))).toMatchObject({
      loopId: '2300',
      element: 1,
      badValue: '70',
    });
  });

  it('reports a line SV5 and CR3 fault in the 999 with its IK4', () => {
    const text = edit(base, 'SV1*HC:85025*200*UN*1***1~', 'SV1*HC:85025*200*UN*1***1~CR3*I*MO~');
    expect(refusal(text)).toMatchObject({ segmentId: 'CR3', loopId: '2400', element: 3, elementCode: '1' });
    const doc = parseX12(text);
    const ack = build999(acknowledgmentFor(doc.interchanges[0]!.groups[0]!), { envelope: envelope(5) }).text;
    expect(ack).toContain('IK3*CR3*');
    expect(ack).toContain('IK4*3*380*1~');
  });

  it('2000A CUR takes the billing provider (85), not the payer', () => {
    const withCur = (cur: string) => edit(base, 'HL*1**20*1~', `HL*1**20*1~${cur}~`);
    expect(issuesOf(withCur('CUR*85*CAD'))).toEqual([]);
    expect(refusal(withCur('CUR*PR*CAD'))).toMatchObject({
      segmentId: 'CUR',
      loopId: '2000A',
      element: 1,
      elementCode: '7',
      badValue: 'PR',
    });
  });

  it('2010AC REF takes the pay-to plan ids (2U, EI, FY, NF) only', () => {
    const payToPlan = (ref: string) =>
      edit(
        base,
        'REF*EI*123456789~',
        `REF*EI*123456789~NM1*PE*2*STATE MEDICAID*****PI*12345~N3*9 STATE ST~N4*COLUMBUS*OH*43215~${ref}~`,
      );
    for (const ref of ['REF*EI*987654321', 'REF*2U*PAYER9', 'REF*NF*NAIC1']) {
      expect(issuesOf(payToPlan(ref))).toEqual([]);
    }
    expect(refusal(payToPlan('REF*SY*123456789'))).toEqual({
      segmentId: 'REF',
      loopId: '2010AC',
      element: 1,
      elementCode: '7',
      badValue: 'SY',
    });
  });
});

describe('835 CUR, RDM, TS3, TS2 and PLB in their loops', () => {
  const base = fixture('835-basic.x12');

  it('accepts a currency, a delivery method, provider summaries and six PLB adjustments', () => {
    let text = edit(base, 'TRN*1*12345*1512345678~', 'TRN*1*12345*1512345678~CUR*PR*USD~');
    text = edit(text, 'REF*TJ*123456789~', 'REF*TJ*123456789~RDM*EM*BILLING*billing@example.com~');
    text = edit(text, 'LX*1~', 'LX*1~TS3*1234567893*11*20261231*1*500~TS2*100~');
    expect(issuesOf(text).filter((i) => i.elementCode)).toEqual([]);
  });

  it('refuses a header currency of anyone but the payer (PR)', () => {
    const text = edit(base, 'TRN*1*12345*1512345678~', 'TRN*1*12345*1512345678~CUR*85*USD~');
    expect(refusal(text)).toEqual({
      segmentId: 'CUR',
      loopId: 'ST',
      element: 1,
      elementCode: '7',
      badValue: '85',
    });
  });

  it('refuses an unknown delivery method and a provider summary without its charges', () => {
    const rdm = edit(base, 'REF*TJ*123456789~', 'REF*TJ*123456789~RDM*ZZ~');
    expect(refusal(rdm)).toMatchObject({ segmentId: 'RDM', loopId: '1000B', element: 1, elementCode: '7' });
    const ts3 = edit(base, 'LX*1~', 'LX*1~TS3*1234567893*11*20261231*1~');
    expect(refusal(ts3)).toMatchObject({ segmentId: 'TS3', loopId: '2000', element: 5, elementCode: '1' });
  });

  it('checks the reason of every PLB adjustment identifier, not only the first', () => {
    const plb = (more: string) =>
      edit(
        base,
        'PLB*1234567893*20261231*L6:INT2026*-75.5~',
        `PLB*1234567893*20261231*L6:INT2026*-75.5${more}~`,
      );
    expect(issuesOf(plb('*WO:ABC*10*FB*5*72*1*CS*2*L3*3')).filter((i) => i.elementCode)).toEqual([]);
    for (const [more, element] of [
      ['*ZZ:ABC*10', 5],
      ['*WO*10*ZZ*5', 7],
      ['*WO*10*FB*5*ZZ*1', 9],
      ['*WO*10*FB*5*72*1*ZZ*2', 11],
      ['*WO*10*FB*5*72*1*CS*2*ZZ*3', 13],
    ] as const) {
      expect(refusal(plb(more))).toEqual({
        segmentId: 'PLB',
        loopId: 'ST',
        element,
        component: 1,
        elementCode: '7',
        badValue: 'ZZ',
      });
    }
  });
});

describe('271 2100B PRV', () => {
  const base = fixture('271-benefits.x12');
  const withPrv = (prv: string) =>
    edit(
      base,
      'NM1*1P*2*SUNRISE FAMILY PRACTICE*****XX*1234567893~',
      `NM1*1P*2*SUNRISE FAMILY PRACTICE*****XX*1234567893~${prv}~`,
    );

  it('takes the provider codes of the receiver (SB too) with a taxonomy (PXC)', () => {
    expect(issuesOf(withPrv('PRV*PE*PXC*207Q00000X')).filter((i) => i.elementCode)).toEqual([]);
    expect(issuesOf(withPrv('PRV*SB*PXC*207Q00000X')).filter((i) => i.elementCode)).toEqual([]);
  });

  it('refuses an unknown provider code and a qualifier other than PXC', () => {
    expect(refusal(withPrv('PRV*XX*PXC*207Q00000X'))).toEqual({
      segmentId: 'PRV',
      loopId: '2100B',
      element: 1,
      elementCode: '7',
      badValue: 'XX',
    });
    expect(refusal(withPrv('PRV*PE*ZZ*207Q00000X'))).toMatchObject({
      loopId: '2100B',
      element: 2,
      badValue: 'ZZ',
    });
  });
});

describe('real-shaped files stay clean', () => {
  it('every fixture that was clean has no element issue', () => {
    for (const name of [
      '271-benefits.x12',
      '271-rejected.x12',
      '835-basic.x12',
      '835-multi-crlf.x12',
      '835-pipe-delimiters.x12',
      '837p-basic.x12',
      '999-partial.x12',
    ]) {
      expect(
        issuesOf(fixture(name))
          .filter((i) => i.elementCode)
          .map(detail),
        name,
      ).toEqual([]);
    }
  });

  it('built 270, 837P (primary and secondary) and 999 files validate clean', () => {
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
    const primary = build837P(claim, parties, { envelope: envelope(3) }).text;
    const secondary = build837P(
      claim,
      {
        ...parties,
        subscriber: { ...parties.subscriber, payerResponsibility: 'S' as const },
        otherPayers: [primaryPayer],
      },
      { envelope: envelope(4) },
    ).text;
    const ack = build999(acknowledgmentFor(parseX12(primary).interchanges[0]!.groups[0]!), {
      envelope: envelope(6),
    }).text;
    for (const text of [inquiry, primary, secondary, ack]) {
      expect(issuesOf(text)).toEqual([]);
    }
  });
});
