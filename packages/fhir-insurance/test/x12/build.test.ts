import {
  acknowledgmentFor,
  type Build837POtherPayer,
  build270,
  build837P,
  build999,
  buildTA1,
  parse270,
  parse837P,
  parse999,
  parseTA1,
  parseX12,
} from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { claim, envelope, inquiryRequest, parties, primaryPayer } from './claim-data';
import { fixture } from './helpers';
import { expectSameAsNodeX12 } from './node-x12';

describe('build837P', () => {
  it('writes accented letters without their accents and refuses other characters X12 cannot carry', () => {
    const accented = {
      ...parties,
      subscriber: { ...parties.subscriber, family: 'NÚÑEZ', given: ['JOSÉ'] },
    };
    const built = build837P(claim, accented, { envelope: envelope() });
    expect(built.text).toContain('NM1*IL*1*NUNEZ*JOSE****MI*W123456789~');
    const tx = parseX12(built.text).interchanges[0]!.groups[0]!.transactions[0]!;
    expect(tx.issues).toEqual([]);
    expectSameAsNodeX12(built.text);

    const other = { ...parties, subscriber: { ...parties.subscriber, family: '李' } };
    let error: unknown;
    try {
      build837P(claim, other, { envelope: envelope() });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'x12_write', issues: [{ path: ['NM1', 3] }] });
    expect(String((error as Error).message)).not.toContain('李');
  });

  it('writes values without trailing spaces, as X12 wants and a reader would read them', () => {
    // Blank-padded fields, as CHAR columns give them: the padding is suppressed, a blank
    // middle name is not sent, and every element reads back as written.
    const padded = {
      ...parties,
      subscriber: { ...parties.subscriber, family: 'DOE   ', given: ['JANE ', '    '] },
    };
    const built = build837P(claim, padded, { envelope: envelope() });
    expect(built.text).toContain('NM1*IL*1*DOE*JANE****MI*W123456789~');
    // (The ISA's fields are fixed width and padded by design.)
    expect(built.text.slice(built.text.indexOf('~') + 1)).not.toMatch(/ [*~:^]/);
    const { claims, issues } = parse837P(built.text, { validateElements: true });
    expect(issues).toEqual([]);
    expect(claims[0]!.subscriber).toMatchObject({ lastName: 'DOE', firstName: 'JANE' });
    expectSameAsNodeX12(built.text);
  });

  it('writes a claim that our parser reads back field for field', () => {
    const built = build837P(claim, parties, { envelope: envelope(41) });
    expect(built.interchangeControlNumber).toBe('000000041');
    expect(built.transactionControlNumbers).toEqual(['0041']);
    const { claims, issues } = parse837P(built.text);
    expect(issues).toEqual([]);
    expect(claims[0]).toMatchObject({
      patientControlNumber: 'PCN0001',
      chargeCents: 50050,
      placeOfService: '11',
      frequencyCode: '1',
      diagnoses: [
        { qualifier: 'ABK', code: 'J209' },
        { qualifier: 'ABF', code: 'R059' },
      ],
      billingProvider: { id: '1234567893', taxId: '123456789' },
      subscriber: { lastName: 'DOE', firstName: 'JANE', id: 'W123456789', groupNumber: 'GRP1001' },
      payer: { id: 'ACME01' },
    });
    expect(
      claims[0]!.serviceLines.map((l) => [
        l.procedure.code,
        l.procedure.modifiers,
        l.chargeCents,
        l.quantity,
        l.diagnosisPointers,
        l.serviceDate,
      ]),
    ).toEqual([
      ['99214', ['25'], 30000, 1, [1, 2], '20261101'],
      ['85025', [], 20050, 2, [1], '20261101'],
    ]);
    expect(built.text).toContain('CLM*PCN0001*500.5***11:B:1*Y*A*Y*Y~');
    expect(built.text).toContain('SV1*HC:99214:25*300*UN*1***1:2~');
  });

  it('is read by node-x12 strict parse with the same element values', () => {
    const built = build837P(
      claim,
      {
        ...parties,
        patient: { relationship: 'child', family: 'DOE', given: ['JIM'], birthDate: '2015-03-02' },
      },
      {
        envelope: envelope(),
      },
    );
    expectSameAsNodeX12(built.text);
    expect(parse837P(built.text).claims[0]!.patient).toMatchObject({ lastName: 'DOE', firstName: 'JIM' });
  });

  it("writes a secondary claim with the primary payer's decision that reads back the same", () => {
    const built = build837P(
      claim,
      {
        ...parties,
        subscriber: { ...parties.subscriber, payerResponsibility: 'S' },
        otherPayers: [primaryPayer],
      },
      { envelope: envelope(51) },
    );
    expectSameAsNodeX12(built.text);
    const { claims, issues } = parse837P(built.text, { validateElements: true });
    expect(issues).toEqual([]);
    const [read] = claims;
    expect(read!.subscriber.payerResponsibility).toBe('S');
    expect(read!.otherPayers).toEqual([
      expect.objectContaining({
        responsibility: 'P',
        relationship: '18',
        groupNumber: 'PRIMGRP',
        filingIndicator: 'CI',
        paidCents: 33040,
        nonCoveredCents: 1500,
        remainingPatientLiabilityCents: 6000,
        adjustments: [expect.objectContaining({ group: 'OA', reason: '23', amountCents: 1000 })],
        subscriber: expect.objectContaining({ lastName: 'DOE', id: 'P987654321' }),
        payer: expect.objectContaining({ lastName: 'PRIMARY PLAN', id: 'PRIM01' }),
        adjudicationDate: '20261110',
      }),
    ]);
    const lines = read!.serviceLines.map((l) => l.adjudications);
    expect(lines[0]).toEqual([
      expect.objectContaining({
        payerId: 'PRIM01',
        paidCents: 20000,
        procedure: { qualifier: 'HC', code: '99214', modifiers: ['25'] },
        units: 1,
        adjudicationDate: '20261110',
        remainingPatientLiabilityCents: 4000,
      }),
    ]);
    expect(lines[0]![0]!.adjustments.map((a) => [a.group, a.reason, a.amountCents, a.quantity])).toEqual([
      ['CO', '45', 6000, undefined],
      ['PR', '1', 3000, undefined],
      ['PR', '2', 1000, 1],
    ]);
    expect(lines[1]![0]).toMatchObject({ paidCents: 13040, units: 2, procedure: { code: '85025' } });
    // Same group, one CAS: the PR triplets share a segment.
    expect(built.text).toContain('CAS*PR*1*30**2*10*1~');
  });

  it("refuses an other payer in the receiving payer's place or for a line the claim lacks", () => {
    const other = {
      responsibility: 'P' as const,
      subscriber: { memberId: 'P1', family: 'DOE', given: ['JANE'] },
      payer: { name: 'PRIMARY PLAN', id: 'PRIM01' },
      paidCents: 100,
      adjudicationDate: '2026-11-10',
    };
    expect(() => build837P(claim, { ...parties, otherPayers: [other] }, { envelope: envelope() })).toThrow(
      /receiving payer's place/,
    );
    const secondary = {
      ...parties,
      subscriber: { ...parties.subscriber, payerResponsibility: 'S' as const },
    };
    expect(() =>
      build837P(
        claim,
        { ...secondary, otherPayers: [{ ...other, lines: [{ item: 5, paidCents: 1 }] }] },
        { envelope: envelope() },
      ),
    ).toThrow(/item the claim does not have/);
  });

  it("refuses an other payer's amounts that are not integer cents, naming the field", () => {
    const secondary = {
      ...parties,
      subscriber: { ...parties.subscriber, payerResponsibility: 'S' as const },
    };
    const refused = (other: Build837POtherPayer) => {
      try {
        build837P(claim, { ...secondary, otherPayers: [other] }, { envelope: envelope() });
      } catch (error) {
        expect(error).toMatchObject({ code: 'x12_write' });
        return (error as { issues: { path: (string | number)[] }[] }).issues[0]!.path;
      }
      return expect.unreachable();
    };
    expect(refused({ ...primaryPayer, paidCents: 10.5 })).toEqual(['otherPayers', 0, 'paidCents']);
    expect(refused({ ...primaryPayer, nonCoveredCents: Number.NaN })).toEqual([
      'otherPayers',
      0,
      'nonCoveredCents',
    ]);
    expect(refused({ ...primaryPayer, remainingPatientLiabilityCents: 2 ** 60 })).toEqual([
      'otherPayers',
      0,
      'remainingPatientLiabilityCents',
    ]);
    const lines = primaryPayer.lines!;
    expect(refused({ ...primaryPayer, lines: [{ ...lines[0]!, paidCents: 0.1 }, lines[1]!] })).toEqual([
      'otherPayers',
      0,
      'lines',
      0,
      'paidCents',
    ]);
  });

  it('rejects claims an 837P cannot carry', () => {
    expect(() =>
      build837P({ ...claim, total: { value: 1, currency: 'USD' } }, parties, { envelope: envelope() }),
    ).toThrow(/total/);
    expect(() => build837P({ ...claim, diagnosis: [] }, parties, { envelope: envelope() })).toThrow(
      /diagnosis/,
    );
    expect(() =>
      build837P(claim, { ...parties, payer: { name: 'ACME*PLAN', id: 'X' } }, { envelope: envelope() }),
    ).toThrow(/delimiter/);
  });
});

describe('build270', () => {
  const request = { ...inquiryRequest, serviceTypes: ['30', '98'] };

  it('writes an inquiry with repeated service types that round-trips and node-x12 reads', () => {
    const built = build270(request, { envelope: envelope(7), traceNumber: 'TRACE0001' });
    const doc = parseX12(built.text);
    const tx = doc.interchanges[0]!.groups[0]!.transactions[0]!;
    expect(tx.issues).toEqual([]);
    expect(tx.header).toMatchObject({ setId: '270', controlNumber: '0007' });
    expect(built.text).toContain('EQ*30^98~');
    expect(built.text).toContain('TRN*1*TRACE0001*9123456789~');
    expect(parse270(built.text)).toEqual([
      {
        transactionControlNumber: '0007',
        reference: 'TRACE0001',
        payer: { name: 'ACME HEALTH PLAN', id: 'ACME01' },
        provider: { name: 'SUNRISE FAMILY PRACTICE', npi: '1234567893' },
        subscriber: {
          lastName: 'DOE',
          firstName: 'JANE',
          middleName: undefined,
          memberId: 'W123456789',
          birthDate: '19800115',
          gender: 'F',
          groupNumber: 'GRP1001',
          relationship: undefined,
          serviceTypes: ['30', '98'],
          serviceDate: '20261126',
          traces: [{ type: '1', number: 'TRACE0001', originatorId: '9123456789' }],
        },
        dependent: undefined,
        issues: [],
      },
    ]);
    expectSameAsNodeX12(built.text);
  });

  it('asks about a dependent in 2000D', () => {
    const built = build270(
      {
        ...request,
        patient: { given: ['JIM'], family: 'DOE', birthDate: '2015-03-02' },
        subscriber: request.patient,
        relationship: 'child',
      },
      { envelope: envelope(), traceNumber: 'TRACE0002' },
    );
    const tx = parseX12(built.text).interchanges[0]!.groups[0]!.transactions[0]!;
    expect(tx.issues).toEqual([]);
    const sub = tx.root.loops[0]!.loops[1]!.loops[1]!;
    expect(sub.id).toBe('2000C');
    expect(sub.loops.map((l) => l.id)).toEqual(['2100C', '2000D']);
    const [inquiry] = parse270(built.text);
    expect(inquiry!.subscriber).toMatchObject({
      lastName: 'DOE',
      memberId: 'W123456789',
      serviceTypes: [],
      traces: [],
    });
    expect(inquiry!.dependent).toMatchObject({
      lastName: 'DOE',
      firstName: 'JIM',
      memberId: undefined,
      birthDate: '20150302',
      relationship: '19',
      serviceTypes: ['30', '98'],
      serviceDate: '20261126',
      traces: [{ type: '1', number: 'TRACE0002', originatorId: '9123456789' }],
    });
  });
});

describe('build999 and buildTA1', () => {
  it('acknowledges accepted, accepted-with-errors and rejected transactions', () => {
    const built = build999(
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
                loopId: '2010',
                code: '8',
                context: [['CLM01', 'PCN0001']],
                elements: [{ position: 9, reference: '67', code: '7', badValue: 'W1234' }],
              },
            ],
          },
          { setId: '837', controlNumber: '0002', implementation: '005010X222A1' },
          { setId: '837', controlNumber: '0003', status: 'E', errorCodes: ['I5'] },
        ],
      },
      { envelope: envelope() },
    );
    const [ack] = parse999(built.text);
    expect(ack).toMatchObject({ status: 'P', included: 3, received: 3, accepted: 2, issues: [] });
    expect(ack!.transactions.map((t) => [t.controlNumber, t.status, t.errorCodes])).toEqual([
      ['0001', 'R', ['5']],
      ['0002', 'A', []],
      ['0003', 'E', ['I5']],
    ]);
    expect(ack!.transactions[0]!.segmentErrors[0]).toEqual({
      segmentId: 'NM1',
      position: 8,
      loopId: '2010',
      code: '8',
      context: [['CLM01', 'PCN0001']],
      elements: [{ position: '9', reference: '67', code: '7', badValue: 'W1234', context: [] }],
    });
    expectSameAsNodeX12(built.text);
  });

  it('copies into IK404 only what a 999 may carry, so it passes its own element check', () => {
    const built = build999(
      {
        group: { functionalId: 'HC', controlNumber: '18', version: '005010X222A1' },
        transactions: [
          {
            setId: '837',
            controlNumber: '0001',
            errors: [
              {
                segmentId: 'NM1',
                position: 8,
                loopId: '2010BA',
                code: '8',
                context: [['CLM01', 'PCN\u00e9*1\u0007']],
                elements: [
                  { position: 3, reference: '1035', code: '6', badValue: 'DO\u00c9*\u0007N:\u{1f600}E ' },
                ],
              },
            ],
          },
        ],
      },
      { envelope: envelope() },
    );
    const [ack] = parse999(built.text);
    expect(ack!.transactions[0]!.segmentErrors[0]!.elements[0]!.badValue).toBe('DONE');
    expect(ack!.transactions[0]!.segmentErrors[0]!.context).toEqual([['CLM01', 'PCN1']]);
    const tx = parseX12(built.text).interchanges[0]!.groups[0]!.transactions[0]!;
    expect(tx.issues).toEqual([]);
    expectSameAsNodeX12(built.text);
  });

  it('derives a 999 from what the loop engine found in a received file', () => {
    const text = fixture('835-basic.x12')
      .replace('MOA***MA01~', 'MOA***MA01~\nZZZ*1~')
      .replace(/SE\*(\d+)\*0001/, (_m, n) => `SE*${Number(n) + 1}*0001`);
    const group = parseX12(text).interchanges[0]!.groups[0]!;
    const [ack] = parse999(build999(acknowledgmentFor(group), { envelope: envelope() }).text);
    expect(ack!.status).toBe('R');
    expect(ack!.transactions[0]!.segmentErrors).toEqual([
      { segmentId: 'ZZZ', position: 21, loopId: '2100', code: '1', context: [], elements: [] },
    ]);
    const clean = parseX12(fixture('835-basic.x12')).interchanges[0]!.groups[0]!;
    expect(parse999(build999(acknowledgmentFor(clean), { envelope: envelope() }).text)[0]!.status).toBe('A');
  });

  it('writes a TA1 alone in its interchange', () => {
    const built = buildTA1(
      {
        interchangeControlNumber: '000000101',
        interchangeDate: '261126',
        interchangeTime: '1200',
        status: 'R',
        noteCode: '001',
      },
      { envelope: envelope(9) },
    );
    const doc = parseX12(built.text);
    expect(doc.interchanges[0]!.groups).toEqual([]);
    expect(doc.interchanges[0]!.ta1[0]!.elements).toEqual(['TA1', '000000101', '261126', '1200', 'R', '001']);
    expect(built.text.endsWith('IEA*0*000000009~')).toBe(true);
    expect(parseTA1(built.text)).toEqual([
      { interchangeControlNumber: '000000101', date: '261126', time: '1200', status: 'R', noteCode: '001' },
    ]);
  });
});
