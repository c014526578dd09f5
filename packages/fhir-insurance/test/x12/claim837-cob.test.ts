import {
  acknowledgmentFor,
  build999,
  createControlNumberSequence,
  parse837P,
  parse999,
  parseX12,
} from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { edit, fixture } from './helpers';

/**
 * The basic 837P turned into a secondary claim: the plan it is sent to is now secondary
 * (SBR*S), a primary payer adjudicated it first (2320 with 2330A/2330B), and each line
 * carries the primary's line adjudication (2430).
 */
function secondaryClaim(): string {
  const basic = fixture('837p-basic.x12');
  const cob = [
    'SBR*P*18*PRIMGRP*PRIMARY EMPLOYER PLAN*****CI',
    'CAS*OA*23*10',
    'AMT*D*350',
    'AMT*A8*10',
    'AMT*EAF*40',
    'OI***Y***Y',
    'NM1*IL*1*DOE*JANE****MI*P987654321',
    'NM1*PR*2*PRIMARY PLAN*****PI*PRIM01',
    'DTP*573*D8*20261110',
  ];
  const line1 = [
    'SVD*PRIM01*200*HC:99214:25**1',
    'CAS*CO*45*80',
    'CAS*PR*1*15**2*5',
    'DTP*573*D8*20261110',
    'AMT*EAF*20',
  ];
  const line2 = ['SVD*PRIM01*150*HC:85025**1', 'CAS*CO*45*30*1', 'CAS*PR*2*20', 'DTP*573*D8*20261110'];
  const added = cob.length + line1.length + line2.length;
  const text = basic
    .replace('SBR*P*18*GRP1001******CI', 'SBR*S*18*GRP1001******CI')
    .replace('HI*ABK:J209*ABF:R05~', `HI*ABK:J209*ABF:R05~\n${cob.join('~\n')}~`)
    .replace(/(SV1\*HC:99214:25[^~]*~\s*DTP\*472\*D8\*20261101~)/, `$1\n${line1.join('~\n')}~`)
    .replace(/(SV1\*HC:85025[^~]*~\s*DTP\*472\*D8\*20261101~)/, `$1\n${line2.join('~\n')}~`)
    .replace('SE*26*0001', `SE*${26 + added}*0001`);
  expect(text.split('SVD*').length - 1).toBe(2);
  return text;
}

describe('837P other payers (coordination of benefits)', () => {
  it('reads the earlier payer of a secondary claim: SBR, CAS, AMT, OI and both names', () => {
    const { claims, issues } = parse837P(secondaryClaim(), { validateElements: true });
    expect(issues).toEqual([]);
    const [claim] = claims;
    expect(claim!.subscriber.payerResponsibility).toBe('S');
    expect(claim!.otherPayers).toEqual([
      {
        responsibility: 'P',
        relationship: '18',
        groupNumber: 'PRIMGRP',
        groupName: 'PRIMARY EMPLOYER PLAN',
        insuranceType: undefined,
        filingIndicator: 'CI',
        paidCents: 35000,
        nonCoveredCents: 1000,
        remainingPatientLiabilityCents: 4000,
        adjustments: [
          {
            group: 'OA',
            reason: '23',
            description: expect.any(String),
            amountCents: 1000,
            quantity: undefined,
          },
        ],
        benefitsAssignment: 'Y',
        releaseOfInformation: 'Y',
        outpatientAdjudication: undefined,
        subscriber: {
          entity: 'person',
          lastName: 'DOE',
          firstName: 'JANE',
          idQualifier: 'MI',
          id: 'P987654321',
          address: undefined,
          secondaryIds: [],
        },
        payer: {
          entity: 'organization',
          lastName: 'PRIMARY PLAN',
          firstName: undefined,
          idQualifier: 'PI',
          id: 'PRIM01',
          address: undefined,
          secondaryIds: [],
        },
        adjudicationDate: '20261110',
        priorAuthorization: undefined,
        referralNumber: undefined,
        readjudicated: false,
        claimControlNumber: undefined,
        providers: {},
      },
    ]);
  });

  it("reads the other payer's address, its identifiers, the claim's references there and 2330C to 2330G", () => {
    const text = edit(
      secondaryClaim(),
      'NM1*PR*2*PRIMARY PLAN*****PI*PRIM01~\nDTP*573*D8*20261110~',
      [
        'NM1*PR*2*PRIMARY PLAN*****PI*PRIM01~',
        'N3*PO BOX 4000*CLAIMS DEPT~',
        'N4*COLUMBUS*OH*432150400~',
        'DTP*573*D8*20261110~',
        'REF*2U*PRIM-2U~',
        'REF*NF*12345~',
        'REF*G1*AUTH778~',
        'REF*9F*REF0091~',
        'REF*T4*Y~',
        'REF*F8*PRIMCLM0001~',
        'NM1*P3*1~',
        'REF*G2*PCP-5501~',
        'NM1*82*2~',
        'REF*G2*REND-77~',
        'REF*LU*LOC-2~',
        'NM1*77*2~',
        'REF*LU*FAC-09~',
        'NM1*DQ*1~',
        'REF*0B*OH-LIC-4411~',
        'NM1*85*2~',
        'REF*G2*BILL-PRIM-1~',
      ].join('\n'),
    );
    const { claims, issues } = parse837P(text, { validateElements: true });
    expect(issues).toEqual([]);
    const [other] = claims[0]!.otherPayers;
    expect(other!.payer).toMatchObject({
      id: 'PRIM01',
      address: {
        line: ['PO BOX 4000', 'CLAIMS DEPT'],
        city: 'COLUMBUS',
        state: 'OH',
        postalCode: '432150400',
        country: undefined,
      },
      secondaryIds: [
        { qualifier: '2U', value: 'PRIM-2U' },
        { qualifier: 'NF', value: '12345' },
      ],
    });
    expect(other).toMatchObject({
      adjudicationDate: '20261110',
      priorAuthorization: 'AUTH778',
      referralNumber: 'REF0091',
      readjudicated: true,
      claimControlNumber: 'PRIMCLM0001',
    });
    expect(other!.providers).toEqual({
      referring: {
        entity: 'person',
        primaryCare: true,
        secondaryIds: [{ qualifier: 'G2', value: 'PCP-5501' }],
      },
      rendering: {
        entity: 'organization',
        secondaryIds: [
          { qualifier: 'G2', value: 'REND-77' },
          { qualifier: 'LU', value: 'LOC-2' },
        ],
      },
      serviceFacility: { entity: 'organization', secondaryIds: [{ qualifier: 'LU', value: 'FAC-09' }] },
      supervising: { entity: 'person', secondaryIds: [{ qualifier: '0B', value: 'OH-LIC-4411' }] },
      billing: { entity: 'organization', secondaryIds: [{ qualifier: 'G2', value: 'BILL-PRIM-1' }] },
    });
    // The lines' own adjudications are still read after the new loops.
    expect(claims[0]!.serviceLines[0]!.adjudications[0]!.payerId).toBe('PRIM01');
  });

  it('reads REF*T4 other than Y as not re-adjudicated and flags a qualifier 2330D does not take', () => {
    const text = edit(
      secondaryClaim(),
      'PI*PRIM01~\nDTP*573*D8*20261110~',
      'PI*PRIM01~\nDTP*573*D8*20261110~\nREF*T4*N~\nNM1*82*1~\nREF*EI*123456789~',
    );
    const { claims, issues } = parse837P(text, { validateElements: true });
    const [other] = claims[0]!.otherPayers;
    expect(other!.readjudicated).toBe(false);
    expect(other!.providers.rendering).toEqual({
      entity: 'person',
      secondaryIds: [{ qualifier: 'EI', value: '123456789' }],
    });
    expect(issues).toEqual([
      expect.objectContaining({ segmentId: 'REF', element: 1, elementCode: '7', loopId: '2330D' }),
    ]);
  });

  it('reads each line as the earlier payer adjudicated it, with every CAS triplet', () => {
    const [claim] = parse837P(secondaryClaim()).claims;
    const [first, second] = claim!.serviceLines;
    expect(first!.adjudications).toEqual([
      {
        payerId: 'PRIM01',
        paidCents: 20000,
        procedure: { qualifier: 'HC', code: '99214', modifiers: ['25'] },
        units: 1,
        bundledLineNumber: undefined,
        adjustments: [
          {
            group: 'CO',
            reason: '45',
            description: expect.any(String),
            amountCents: 8000,
            quantity: undefined,
          },
          {
            group: 'PR',
            reason: '1',
            description: expect.any(String),
            amountCents: 1500,
            quantity: undefined,
          },
          {
            group: 'PR',
            reason: '2',
            description: expect.any(String),
            amountCents: 500,
            quantity: undefined,
          },
        ],
        adjudicationDate: '20261110',
        remainingPatientLiabilityCents: 2000,
      },
    ]);
    expect(second!.adjudications[0]).toMatchObject({
      paidCents: 15000,
      procedure: { qualifier: 'HC', code: '85025', modifiers: [] },
      adjustments: [
        { group: 'CO', reason: '45', amountCents: 3000, quantity: 1 },
        { group: 'PR', reason: '2', amountCents: 2000 },
      ],
      remainingPatientLiabilityCents: undefined,
    });
    // What the earlier payer paid and adjusted accounts for each line's charge.
    for (const line of claim!.serviceLines) {
      const [adjudication] = line.adjudications;
      const adjusted = adjudication!.adjustments.reduce((sum, a) => sum + a.amountCents, 0);
      expect(adjudication!.paidCents + adjusted).toBe(line.chargeCents);
    }
  });

  it('leaves a primary claim without other payers or line adjudications', () => {
    const [claim] = parse837P(fixture('837p-basic.x12')).claims;
    expect(claim!.otherPayers).toEqual([]);
    expect(claim!.serviceLines.every((l) => l.adjudications.length === 0)).toBe(true);
  });

  it('acknowledges a bad other-payer segment in the 999 without losing the claim', () => {
    const text = secondaryClaim().replace('CAS*OA*23*10', 'CAS*XX*23*10');
    const doc = parseX12(text);
    const tx = doc.interchanges[0]!.groups[0]!.transactions[0]!;
    expect(tx.issues).toEqual([
      expect.objectContaining({ code: '8', segmentId: 'CAS', element: 1, elementCode: '7', loopId: '2320' }),
    ]);
    const built = build999(acknowledgmentFor(doc.interchanges[0]!.groups[0]!), {
      envelope: {
        sender: { id: 'MEDFLOWCLINIC' },
        receiver: { id: 'CLEARINGHOUSE' },
        controlNumbers: createControlNumberSequence({ interchange: 7, group: 7, transaction: 7 }),
        usage: 'T',
        now: new Date('2026-11-26T12:30:00Z'),
      },
    });
    expect(built.text).toContain('IK4*1*1033*7*XX~');
    expect(parse999(built.text)[0]!.status).toBe('R');
    expect(parse837P(text).claims[0]!.otherPayers[0]!.adjustments[0]).toMatchObject({
      group: 'XX',
      amountCents: 1000,
    });
  });
});
