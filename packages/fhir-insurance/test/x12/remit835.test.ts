import { Readable } from 'node:stream';
import { parse835, parseX12, read835, stream835, X12Error } from '@medflow/fhir-insurance/x12';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers';

const basic = fixture('835-basic.x12');

describe('835 remittance', () => {
  it('reads payment, trace, payer and payee', () => {
    const [remit] = parse835(basic);
    expect(remit).toMatchObject({
      transactionControlNumber: '0001',
      handling: 'I',
      paymentCents: 117550,
      paymentMethod: 'ACH',
      paymentDate: '20261120',
      trace: { type: '1', number: '12345', originatorId: '1512345678' },
      payer: { name: 'ACME HEALTH PLAN', id: 'ACME01' },
      payee: { name: 'SUNRISE FAMILY PRACTICE', npi: '1234567893', taxId: '123456789' },
      productionDate: '20261119',
    });
  });

  it('reads claims with statuses, amounts in cents, CAS triplets, service lines and remarks', () => {
    const [remit] = parse835(basic);
    const claims = remit!.claims;
    expect(claims.map((c) => [c.patientControlNumber, c.status, c.chargeCents, c.paidCents])).toEqual([
      ['PCN0001', '1', 50000, 35000],
      ['PCN0002', '4', 25000, 0],
      ['PCN0003', '22', -12000, -10000],
      ['PCN0004', '2', 95000, 85000],
    ]);
    const first = claims[0]!;
    expect(first.patient).toEqual({ lastName: 'DOE', firstName: 'JANE', memberId: 'W123456789' });
    expect(first.renderingProviderNpi).toBe('1234567893');
    expect(first.remarks).toEqual(['MA01']);
    expect(first.serviceLines[0]).toMatchObject({
      procedure: { qualifier: 'HC', code: '99214', modifiers: ['25'] },
      chargeCents: 30000,
      paidCents: 20000,
      lineControlNumber: 'LINE1',
      allowedCents: 24000,
      serviceDate: '20261101',
    });
    expect(first.serviceLines[1]!.adjustments).toEqual([
      {
        group: 'CO',
        reason: '45',
        description: expect.stringContaining('fee schedule'),
        amountCents: 4000,
        quantity: 1,
      },
      {
        group: 'CO',
        reason: '253',
        description: 'Sequestration: reduction in federal payment',
        amountCents: 0,
        quantity: undefined,
      },
      {
        group: 'PR',
        reason: '2',
        description: "Patient's coinsurance share",
        amountCents: 1000,
        quantity: undefined,
      },
    ]);
    expect(first.serviceLines[1]!.remarks).toEqual(['N130']);
    expect(claims[2]).toMatchObject({ reversal: true, statusDescription: 'Reversal of previous payment' });
    expect(claims[2]!.adjustments).toEqual([
      {
        group: 'PR',
        reason: '3',
        description: "Patient's co-payment",
        amountCents: -2000,
        quantity: undefined,
      },
    ]);
  });

  it('checks balancing: every claim, every line and the payment', () => {
    const [remit] = parse835(basic);
    expect(remit!.balanced).toBe(true);
    expect(remit!.claims.every((c) => c.balanced)).toBe(true);
    expect(remit!.providerAdjustments).toEqual([
      {
        providerId: '1234567893',
        fiscalPeriodEnd: '20261231',
        reason: 'L6',
        reference: 'INT2026',
        amountCents: -7550,
      },
    ]);
    expect(remit!.totals).toEqual({ claims: 4, paidCents: 110000, providerAdjustmentCents: -7550 });
    expect(remit!.issues).toEqual([]);

    const unbalanced = parse835(basic.replace('CLP*PCN0004*2*950*850', 'CLP*PCN0004*2*950*851'))[0]!;
    expect(unbalanced.balanced).toBe(false);
    expect(unbalanced.claims[3]!.balanced).toBe(false);
    const messages = unbalanced.issues.filter((i) => i.code === 'balance').map((i) => i.message);
    expect(messages).toEqual([
      'Claim does not balance: CLP03 − adjustments ≠ CLP04',
      'Payment does not balance: Σ CLP04 − Σ PLB ≠ BPR02',
    ]);
    const line = parse835(basic.replace('SVC*HC:99215*950*850', 'SVC*HC:99215*950*800'))[0]!;
    expect(line.issues.map((i) => [i.segmentId, i.message])).toContainEqual([
      'SVC',
      'Service line does not balance: SVC02 − CAS ≠ SVC03',
    ]);
  });

  it('reads procedure modifiers in order, skipping empty positions, up to four', () => {
    const svc = (procedure: string) => {
      const [remit] = parse835(basic.replace('SVC*HC:85025*', `SVC*${procedure}*`));
      return remit!.claims[0]!.serviceLines[1]!.procedure;
    };
    expect(svc('HC:85025')).toEqual({ qualifier: 'HC', code: '85025', modifiers: [] });
    expect(svc('HC:85025:91')).toEqual({ qualifier: 'HC', code: '85025', modifiers: ['91'] });
    expect(svc('HC:85025::91')).toEqual({ qualifier: 'HC', code: '85025', modifiers: ['91'] });
    expect(svc('HC:85025:91:59')).toMatchObject({ modifiers: ['91', '59'] });
    expect(svc('HC:85025:91:59:XU:76')).toMatchObject({ modifiers: ['91', '59', 'XU', '76'] });
    expect(svc('HC:85025:91::XU:76')).toMatchObject({ modifiers: ['91', 'XU', '76'] });
  });

  it('reports an amount that is not a decimal instead of guessing', () => {
    const [remit] = parse835(basic.replace('CLP*PCN0002*4*250*0', 'CLP*PCN0002*4*2,50*0'));
    expect(remit!.balanced).toBe(false);
    expect(remit!.issues.find((i) => i.code === 'amount')).toMatchObject({
      severity: 'error',
      segmentId: 'CLP',
      message: 'CLP03 is not a valid amount',
    });
  });

  it('warns on codes outside the bundled CARC/RARC lists instead of failing', () => {
    const [remit] = parse835(
      basic.replace('CAS*CO*29*250', 'CAS*CO*Z99*250').replace('LQ*HE*N130', 'LQ*HE*N9999'),
    );
    const warnings = remit!.issues.filter((i) => i.code === 'code');
    expect(warnings.map((w) => [w.severity, w.segmentId])).toEqual([
      ['warning', 'LQ'],
      ['warning', 'CAS'],
    ]);
    expect(remit!.claims[1]!.serviceLines[0]!.adjustments[0]).toMatchObject({
      reason: 'Z99',
      description: undefined,
    });
  });

  it('reports unknown and out-of-place segments, fatal only in strict mode', () => {
    const odd = basic
      .replace('MOA***MA01~', 'MOA***MA01~\nZZZ*1~')
      .replace(/SE\*(\d+)\*0001/, (_m, n) => `SE*${Number(n) + 1}*0001`);
    const tx = parseX12(odd).interchanges[0]!.groups[0]!.transactions[0]!;
    expect(tx.issues).toEqual([
      expect.objectContaining({ code: '1', segmentId: 'ZZZ', loopId: '2100', position: 21 }),
    ]);
    expect(() => parseX12(odd, { strict: true })).toThrow(X12Error);
    const misplaced = basic
      .replace('TRN*1*12345*1512345678~\n', '')
      .replace('REF*EV*MEDFLOW01~', 'REF*EV*MEDFLOW01~\nTRN*1*12345*1512345678~');
    const issues = parseX12(misplaced).interchanges[0]!.groups[0]!.transactions[0]!.issues;
    expect(issues.map((i) => [i.code, i.segmentId])).toEqual([
      ['2', 'TRN'],
      ['3', 'TRN'],
    ]);
  });

  it('streams claims one at a time and gives the same result as the in-memory parser', async () => {
    const text = fixture('835-multi-crlf.x12');
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 33) controller.enqueue(bytes.slice(i, i + 33));
        controller.close();
      },
    });
    const events: string[] = [];
    for await (const event of stream835(stream))
      events.push(event.type === 'claim' ? event.claim.patientControlNumber : event.type);
    expect(events).toEqual([
      ...Array.from({ length: 4 }, () => ['PCN0001', 'PCN0002', 'PCN0003', 'PCN0004', 'end']).flat(),
      'done',
    ]);
    const all = await read835(text);
    expect(all).toEqual(parse835(text));
    expect(all).toHaveLength(4);
  });

  it('property: any byte chunking of a Node stream gives the same remittances', async () => {
    const bytes = Buffer.from(fixture('835-multi-crlf.x12'), 'latin1');
    const expected = parse835(bytes);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 30 }),
        async (sizes) => {
          const chunks: Buffer[] = [];
          for (let at = 0, i = 0; at < bytes.length; i++) {
            const size = sizes[i % sizes.length]!;
            chunks.push(bytes.subarray(at, at + size));
            at += size;
          }
          expect(await read835(Readable.from(chunks))).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
