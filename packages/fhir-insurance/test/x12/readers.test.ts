import {
  childLoops,
  firstLoop,
  parse271,
  parse837P,
  parse999,
  parseX12,
  stream837P,
  type X12Loop,
} from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers';

describe('271 eligibility', () => {
  it('reads payer, provider, subscriber and benefits with repetitions, levels, periods, amounts and percents', () => {
    const [answer] = parse271(fixture('271-benefits.x12'));
    expect(answer!.issues).toEqual([]);
    expect(answer!.payer).toEqual({ name: 'ACME HEALTH PLAN', id: 'ACME01', rejections: [] });
    expect(answer!.provider).toMatchObject({ name: 'SUNRISE FAMILY PRACTICE', npi: '1234567893' });
    expect(answer!.subscriber).toMatchObject({
      lastName: 'DOE',
      firstName: 'JANE',
      memberId: 'W123456789',
      birthDate: '19800115',
      gender: 'F',
      groupNumber: 'GRP1001',
      planName: 'GOLD PPO PLAN',
      dates: [{ qualifier: '346', start: '20260101', end: undefined }],
    });
    expect(answer!.traces).toEqual([{ type: '2', number: 'TRACE0001', originatorId: '9MEDFLOW01' }]);
    const [active, deductible, , , oop, , copay, coins, coinsOut, auth] = answer!.benefits;
    expect(active).toMatchObject({
      code: '1',
      description: 'Active coverage',
      serviceTypes: ['30', '1', '33'],
      planDescription: 'GOLD PPO PLAN',
      dates: [{ qualifier: '291', start: '20260101', end: '20261231' }],
    });
    expect(deductible).toMatchObject({
      code: 'C',
      coverageLevel: 'IND',
      timePeriod: '23',
      timePeriodDescription: 'Calendar year',
      amountCents: 150000,
      network: 'in',
    });
    expect(oop).toMatchObject({ code: 'G', amountCents: 500000 });
    expect(copay).toMatchObject({
      code: 'B',
      serviceTypes: ['98'],
      amountCents: 2500,
      messages: ['COPAY APPLIES PER VISIT'],
    });
    expect(coins).toMatchObject({ code: 'A', percent: 0.2, network: 'in' });
    expect(coinsOut).toMatchObject({ percent: 0.4, network: 'out' });
    expect(auth).toMatchObject({
      code: 'CB',
      authorizationRequired: true,
      relatedEntities: [
        { entity: 'P5', name: 'ACME UTILIZATION MANAGEMENT', idQualifier: undefined, id: undefined },
      ],
    });
  });

  it('reads AAA rejections with reason and follow-up', () => {
    const [answer] = parse271(fixture('271-rejected.x12'));
    expect(answer!.benefits).toEqual([]);
    expect(answer!.rejections).toEqual([
      {
        loopId: '2100C',
        valid: true,
        reason: '75',
        reasonDescription: 'Subscriber/insured not found',
        followUp: 'C',
        followUpDescription: 'Please correct and resubmit',
        segmentNumber: 12,
      },
    ]);
  });

  it('reads the EB13 procedure: empty modifier positions skipped, the description not a modifier', () => {
    const text = fixture('271-benefits.x12')
      .replace('EB*B*IND*98***27*25*****Y~', 'EB*B*IND*98***27*25*****Y*HC:99213::25:::OFFICE VISIT~')
      .replace('EB*A*IND*98*****.2****Y~', 'EB*A*IND*98*****.2****Y*HC:99214:25:59:76:77:EXTRA~');
    const [answer] = parse271(text);
    const procedures = answer!.benefits.map((b) => b.procedure).filter((p) => p !== undefined);
    expect(procedures).toEqual([
      { qualifier: 'HC', code: '99213', modifiers: ['25'] },
      { qualifier: 'HC', code: '99214', modifiers: ['25', '59', '76', '77'] },
    ]);
  });
});

describe('999 acknowledgment', () => {
  it('reads accepted and rejected transactions with IK3/IK4/CTX', () => {
    const [ack] = parse999(fixture('999-partial.x12'));
    expect(ack).toMatchObject({
      group: { functionalId: 'HC', controlNumber: '17', version: '005010X222A1' },
      status: 'P',
      included: 2,
      received: 2,
      accepted: 1,
      issues: [],
    });
    expect(ack!.transactions).toEqual([
      {
        setId: '837',
        controlNumber: '0001',
        implementation: '005010X222A1',
        status: 'R',
        errorCodes: ['5'],
        segmentErrors: [
          {
            segmentId: 'NM1',
            position: 8,
            loopId: '2010',
            code: '8',
            context: [['CLM01', 'PCN0001']],
            elements: [{ position: '9', reference: '67', code: '7', badValue: 'W1234', context: [] }],
          },
        ],
      },
      {
        setId: '837',
        controlNumber: '0002',
        implementation: '005010X222A1',
        status: 'A',
        errorCodes: [],
        segmentErrors: [],
      },
    ]);
  });
});

describe('837P claims', () => {
  it('walks the HL hierarchy and reads claims with diagnoses and lines', () => {
    const { claims, issues } = parse837P(fixture('837p-basic.x12'));
    expect(issues).toEqual([]);
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({
      patientControlNumber: 'PCN0001',
      chargeCents: 50000,
      placeOfService: '11',
      frequencyCode: '1',
      diagnoses: [
        { qualifier: 'ABK', code: 'J209' },
        { qualifier: 'ABF', code: 'R05' },
      ],
      billingProvider: {
        lastName: 'SUNRISE FAMILY PRACTICE',
        idQualifier: 'XX',
        id: '1234567893',
        taxId: '123456789',
      },
      subscriber: {
        lastName: 'DOE',
        firstName: 'JANE',
        id: 'W123456789',
        payerResponsibility: 'P',
        groupNumber: 'GRP1001',
      },
      payer: { lastName: 'ACME HEALTH PLAN', id: 'ACME01' },
      patient: undefined,
    });
    expect(claims[0]!.serviceLines[0]).toMatchObject({
      lineNumber: 1,
      procedure: { qualifier: 'HC', code: '99214', modifiers: ['25'] },
      chargeCents: 30000,
      unit: 'UN',
      quantity: 1,
      diagnosisPointers: [1, 2],
      serviceDate: '20261101',
    });
  });

  it('reads composites in place: empty components, a procedure description, sparse pointers', () => {
    const text = fixture('837p-basic.x12')
      .replace('CLM*PCN0001*500***11:B:1*', 'CLM*PCN0001*500***11:B*')
      .replace('HI*ABK:J209*ABF:R05~', 'HI*ABK:J209**ABF:R05:D8:20261101*:X~')
      .replace('SV1*HC:99214:25*300*UN*1***1:2~', 'SV1*HC:99214::25:::OFFICE VISIT*300*UN*1***1::3~')
      .replace('SV1*HC:85025*200*UN*1***1~', 'SV1*HC:85025:26:59:76:77:EXTRA*200*UN*1***~');
    for (const input of [text, Buffer.from(text, 'latin1')]) {
      const { claims } = parse837P(input);
      const claim = claims[0]!;
      expect(claim.placeOfService).toBe('11');
      expect(claim.frequencyCode).toBe('');
      // An empty HI element and a composite without a qualifier carry no diagnosis.
      expect(claim.diagnoses).toEqual([
        { qualifier: 'ABK', code: 'J209' },
        { qualifier: 'ABF', code: 'R05' },
      ]);
      // C003-07 is the description, not a modifier; empty modifier positions are skipped.
      expect(claim.serviceLines.map((l) => [l.procedure, l.diagnosisPointers])).toEqual([
        [{ qualifier: 'HC', code: '99214', modifiers: ['25'] }, [1, 3]],
        [{ qualifier: 'HC', code: '85025', modifiers: ['26', '59', '76', '77'] }, []],
      ]);
    }
  });

  it('reports a broken HL parent pointer', () => {
    const text = fixture('837p-basic.x12').replace('HL*2*1*22*0', 'HL*2*7*22*0');
    const tx = parseX12(text).interchanges[0]!.groups[0]!.transactions[0]!;
    expect(tx.issues).toEqual([
      expect.objectContaining({ code: '8', segmentId: 'HL', element: 2, loopId: '2000B' }),
    ]);
  });

  it('reads claims of a patient who is not the subscriber (2000C) and of several subscribers', () => {
    const base = fixture('837p-basic.x12');
    const claimStart = base.indexOf('CLM*');
    const claimEnd = base.indexOf('SE*');
    const claim = base.slice(claimStart, claimEnd);
    const extra = [
      'HL*3*2*23*0~\n',
      'PAT*19~\n',
      'NM1*QC*1*DOE*JIM~\n',
      'DMG*D8*20150302*M~\n',
      claim.replace('PCN0001', 'PCN0002'),
      'HL*4*1*22*0~\n',
      'SBR*P*18*GRP2002******CI~\n',
      'NM1*IL*1*ROE*RICHARD****MI*W987654321~\n',
      'NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~\n',
      claim.replace('PCN0001', 'PCN0003'),
    ].join('');
    const added = extra.split('~').length - 1;
    const text = (base.slice(0, claimEnd) + extra + base.slice(claimEnd))
      .replace('HL*2*1*22*0', 'HL*2*1*22*1')
      .replace(/SE\*(\d+)\*0001/, (_m, n) => `SE*${Number(n) + added}*0001`);
    const { claims, issues } = parse837P(text);
    expect(issues).toEqual([]);
    expect(claims.map((c) => [c.patientControlNumber, c.subscriber.lastName, c.patient?.firstName])).toEqual([
      ['PCN0001', 'DOE', undefined],
      ['PCN0002', 'DOE', 'JIM'],
      ['PCN0003', 'ROE', undefined],
    ]);
  });

  it('streams claims', async () => {
    const seen: string[] = [];
    for await (const event of stream837P(fixture('837p-basic.x12'))) {
      if (event.type === 'claim') seen.push(event.claim.patientControlNumber);
      else if (event.type === 'end') seen.push(`end:${event.claims}`);
      else seen.push(`done:${event.segments}`);
    }
    expect(seen).toEqual(['PCN0001', 'end:1', 'done:30']);
  });
});

describe('loop helpers', () => {
  it('firstLoop finds the first child loop with an id, as childLoops lists them all', () => {
    const loop = (id: string, name = id): X12Loop => ({ id, name, segments: [], loops: [] });
    const parent = loop('2000A');
    parent.loops.push(loop('2000B', 'first'), loop('2100A'), loop('2000B', 'second'));
    expect(firstLoop(parent, '2000B')?.name).toBe('first');
    expect(childLoops(parent, '2000B').map((l) => l.name)).toEqual(['first', 'second']);
    expect(firstLoop(parent, '2100A')?.id).toBe('2100A');
    expect(firstLoop(parent, '2000C')).toBeUndefined();
  });
});
