import { ValidationError } from '@medflow/core';
import {
  build837P,
  otherPayerFrom835,
  parse835,
  parse837P,
  type Remittance835,
} from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { claim, envelope, parties } from './claim-data';

/** The primary payer's 835 for the shared claim (PCN0001: 99214 at 300.00, 85025 at 2 × 100.25). */
function primary835(lines = { second: 'SVC*HC:85025*200.5*130.4**2' }): Remittance835 {
  const body = [
    'BPR*I*330.4*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261110',
    'TRN*1*EFT77*1512345678',
    'DTM*405*20261109',
    'N1*PR*PRIMARY PLAN',
    'N3*1 PAYER WAY',
    'N4*COLUMBUS*OH*43215',
    'REF*2U*PRIM01',
    'N1*PE*SUNRISE FAMILY PRACTICE*XX*1234567893',
    'LX*1',
    'CLP*PCN0001*1*500.5*330.4*60*12*PRIMCLM1*11*1',
    'NM1*QC*1*DOE*JANE****MI*P987654321',
    'SVC*HC:99214:25*300*200**1',
    'DTM*472*20261101',
    'CAS*CO*45*60',
    'CAS*PR*1*30**2*10',
    lines.second,
    'DTM*472*20261101',
    'CAS*PR*3*20',
    'CAS*CO*45*50.1',
  ];
  const text = [
    'ISA*00*          *00*          *ZZ*PRIMARYPLAN    *ZZ*MEDFLOWCLINIC  *261110*1200*^*00501*000000077*0*T*:',
    'GS*HP*PRIMARYPLAN*MEDFLOWCLINIC*20261110*1200*77*X*005010X221A1',
    'ST*835*0001*005010X221A1',
    ...body,
    `SE*${body.length + 2}*0001`,
    'GE*1*77',
    'IEA*1*000000077',
  ].join('~\n');
  const [remittance] = parse835(`${text}~\n`);
  expect(remittance!.balanced).toBe(true);
  return remittance!;
}

describe("a secondary claim from the primary payer's 835", () => {
  it('carries what the 835 said into the 837P for the next payer', () => {
    const remit = primary835();
    const other = otherPayerFrom835(remit.claims[0]!, remit, claim);
    expect(other).toMatchObject({
      responsibility: 'P',
      subscriber: { memberId: 'P987654321', family: 'DOE', given: ['JANE'] },
      payer: { name: 'PRIMARY PLAN', id: 'PRIM01' },
      paidCents: 33040,
      remainingPatientLiabilityCents: 6000,
      adjustments: [],
      adjudicationDate: '2026-11-10',
    });
    expect(other.lines!.map((l) => [l.item, l.paidCents, l.adjustments!.length])).toEqual([
      [0, 20000, 3],
      [1, 13040, 2],
    ]);

    const built = build837P(
      claim,
      { ...parties, subscriber: { ...parties.subscriber, payerResponsibility: 'S' }, otherPayers: [other] },
      { envelope: envelope(61) },
    );
    const { claims, issues } = parse837P(built.text, { validateElements: true });
    expect(issues).toEqual([]);
    const [secondary] = claims;
    expect(secondary!.otherPayers[0]).toMatchObject({
      paidCents: 33040,
      remainingPatientLiabilityCents: 6000,
      payer: { id: 'PRIM01' },
      adjudicationDate: '20261110',
    });
    // Every line: what the primary paid plus what it adjusted is the line's charge.
    for (const line of secondary!.serviceLines) {
      const [adjudication] = line.adjudications;
      expect(adjudication!.payerId).toBe('PRIM01');
      const adjusted = adjudication!.adjustments.reduce((sum, a) => sum + a.amountCents, 0);
      expect(adjudication!.paidCents + adjusted).toBe(line.chargeCents);
    }
  });

  it('refuses a remitted line that matches no claim item instead of guessing', () => {
    const remit = primary835({ second: 'SVC*HC:85027*200.5*130.4**2' });
    expect(() => otherPayerFrom835(remit.claims[0]!, remit, claim)).toThrow(ValidationError);
    expect(() => otherPayerFrom835(remit.claims[0]!, remit, claim)).toThrow(/matches no claim item/);
  });

  it('needs the payment date and a subscriber', () => {
    const remit = primary835();
    expect(() => otherPayerFrom835(remit.claims[0]!, { ...remit, paymentDate: '' }, claim)).toThrow(
      /payment date/,
    );
    const anonymous = { ...remit.claims[0]!, patient: undefined };
    expect(() => otherPayerFrom835(anonymous, remit, claim)).toThrow(/Pass the subscriber/);
    const subscriber = { memberId: 'P1', family: 'DOE', given: ['JOHN'] };
    expect(otherPayerFrom835(anonymous, remit, claim, { subscriber }).subscriber).toEqual(subscriber);
  });
});
