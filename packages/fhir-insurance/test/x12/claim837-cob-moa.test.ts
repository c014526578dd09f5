import { ValidationError } from '@medflow/core';
import {
  type Build837POtherPayer,
  build837P,
  otherPayerFrom835,
  parse835,
  parse837P,
  parseX12,
  stream837P,
} from '@medflow/fhir-insurance/x12';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claim, envelope, parties, primaryPayer, primaryPayerWithOutpatientAdjudication } from './claim-data';
import { edit, fixture } from './helpers';
import { expectSameAsNodeX12, readBack837P } from './node-x12';

const secondary = { ...parties, subscriber: { ...parties.subscriber, payerResponsibility: 'S' as const } };
const SSN = primaryPayerWithOutpatientAdjudication.subscriber.secondaryIds![0]!.value;

function buildWith(...otherPayers: Build837POtherPayer[]) {
  return build837P(claim, { ...secondary, otherPayers }, { envelope: envelope(71) });
}

/** The segments of the first 2320 loop up to its 2330B name. */
function head2320(text: string): string[] {
  const segments = text.split('~').map((s) => s.trim());
  // The first SBR is the receiving payer's (2000B); the second opens the first 2320.
  const sbr = segments.flatMap((s, i) => (s.startsWith('SBR*') ? [i] : []))[1]!;
  const payer = segments.findIndex((s, i) => i > sbr && s.startsWith('NM1*PR*'));
  return segments.slice(sbr, payer + 1);
}

function refusal(other: Build837POtherPayer): ValidationError {
  try {
    buildWith(other);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).code).toBe('x12_write');
    return e as ValidationError;
  }
  throw new Error('build837P accepted the other payer');
}

/** The MOA of a built secondary claim replaced by `moa` (one segment for one: SE01 stays right). */
function withMoa(moa: string): string {
  const built = buildWith(primaryPayerWithOutpatientAdjudication).text;
  return edit(built, 'MOA*0.8*320*MA01*N130****12.5*5~', `${moa}~`);
}

describe('837P other payer MOA and other subscriber address and REF*SY (2320, 2330A)', () => {
  it('writes MOA after OI and the 2330A N3, N4 and REF*SY after its name, in guide order', () => {
    const built = buildWith(primaryPayerWithOutpatientAdjudication);
    expect(head2320(built.text)).toEqual([
      'SBR*P*18*PRIMGRP******CI',
      'CAS*OA*23*10',
      'AMT*D*330.4',
      'AMT*A8*15',
      'AMT*EAF*60',
      'OI***Y***Y',
      'MOA*0.8*320*MA01*N130****12.5*5',
      'NM1*IL*1*DOE*JANE****MI*P987654321',
      'N3*12 ELM ST*APT 4',
      'N4*DAYTON*OH*454021234',
      `REF*SY*${SSN}`,
      'NM1*PR*2*PRIMARY PLAN*****PI*PRIM01',
    ]);
  });

  it('reads back what it wrote: parse837P, element validation and node-x12 strict parse agree', () => {
    const built = buildWith(primaryPayerWithOutpatientAdjudication);
    const claim = readBack837P(built.text);
    const [other] = claim.otherPayers;
    const input = primaryPayerWithOutpatientAdjudication;
    expect(other!.outpatientAdjudication).toEqual(input.outpatientAdjudication);
    const address = input.subscriber.address!;
    expect(other!.subscriber).toEqual({
      entity: 'person',
      lastName: input.subscriber.family,
      firstName: input.subscriber.given[0],
      idQualifier: 'MI',
      id: input.subscriber.memberId,
      address: { ...address, postalCode: address.postalCode.replace('-', ''), country: undefined },
      secondaryIds: input.subscriber.secondaryIds,
    });
    // The 2330B payer and the lines are read as before.
    expect(other!.payer).toMatchObject({ id: 'PRIM01', address: undefined, secondaryIds: [] });
    expect(claim.serviceLines.map((l) => l.adjudications.length)).toEqual([1, 1]);
  });

  it('writes only the MOA elements given, dropping trailing empty ones', () => {
    const only = (outpatientAdjudication: Build837POtherPayer['outpatientAdjudication']) =>
      head2320(buildWith({ ...primaryPayer, outpatientAdjudication }).text).find((s) => s.startsWith('MOA'));
    expect(only({ remarks: ['MA01'] })).toBe('MOA***MA01');
    expect(only({ reimbursementRate: 1 })).toBe('MOA*1');
    expect(only({ nonPayableProfessionalComponentCents: -1500 })).toBe('MOA*********-15');
    expect(only({ hcpcsPayableCents: 0, reimbursementRate: 0 })).toBe('MOA*0*0');
    // Nothing in 2320 or 2330A when nothing is asked for.
    expect(head2320(buildWith(primaryPayer).text).slice(5)).toEqual([
      'OI***Y***Y',
      'NM1*IL*1*DOE*JANE****MI*P987654321',
      'NM1*PR*2*PRIMARY PLAN*****PI*PRIM01',
    ]);
  });

  it('reads every MOA element and leaves the absent ones undefined', () => {
    const { claims, issues } = parse837P(withMoa('MOA*.75*1234.56*MA01*N130*M15*N362*MA130*0*7'), {
      validateElements: true,
    });
    expect(issues).toEqual([]);
    expect(claims[0]!.otherPayers[0]!.outpatientAdjudication).toEqual({
      reimbursementRate: 0.75,
      hcpcsPayableCents: 123456,
      remarks: ['MA01', 'N130', 'M15', 'N362', 'MA130'],
      esrdPaymentCents: 0,
      nonPayableProfessionalComponentCents: 700,
    });
    const sparse = parse837P(withMoa('MOA****N130')).claims[0]!.otherPayers[0]!.outpatientAdjudication;
    expect(sparse).toEqual({
      reimbursementRate: undefined,
      hcpcsPayableCents: undefined,
      remarks: ['N130'],
      esrdPaymentCents: undefined,
      nonPayableProfessionalComponentCents: undefined,
    });
  });

  it('keeps a remark code outside the bundled RARC list or deactivated before the adjudication, with a warning', async () => {
    const text = withMoa('MOA***ZZ999*MA01*M33');
    const { claims, issues } = parse837P(text, { validateElements: true });
    expect(claims[0]!.otherPayers[0]!.outpatientAdjudication!.remarks).toEqual(['ZZ999', 'MA01', 'M33']);
    const moaNumber = text
      .split('~')
      .map((s) => s.trim())
      .findIndex((s) => s.startsWith('MOA*'));
    const stNumber = text
      .split('~')
      .map((s) => s.trim())
      .findIndex((s) => s.startsWith('ST*'));
    const moa = { severity: 'warning', code: 'code', segmentId: 'MOA', loopId: '2320' };
    expect(issues).toEqual([
      {
        ...moa,
        message: 'Remark code not in the bundled RARC list',
        segmentNumber: moaNumber + 1,
        position: moaNumber - stNumber + 1,
        element: 3,
      },
      {
        ...moa,
        message: 'Remark code was deactivated before the other payer adjudicated the claim',
        segmentNumber: moaNumber + 1,
        position: moaNumber - stNumber + 1,
        element: 5,
      },
    ]);
    expect(JSON.stringify(issues)).not.toContain('ZZ999');
    // Element validation has nothing against either (any code of 1 to 50 characters fits MOA03).
    expect(
      parseX12(text, { validateElements: true }).interchanges[0]!.groups[0]!.transactions[0]!.issues,
    ).toEqual([]);
    // The streaming reader reports the same warnings at the end of the set.
    const events = [];
    for await (const event of stream837P(text)) events.push(event);
    const end = events.find((e) => e.type === 'end');
    expect(end?.type === 'end' && end.issues.map((i) => i.element)).toEqual([3, 5]);
  });

  it('does not flag a code deactivated after the adjudication date', () => {
    const text = withMoa('MOA***M33');
    // M33 stopped on 2004-08-01: a payer that adjudicated before then could still send it.
    const early = edit(
      text,
      'NM1*PR*2*PRIMARY PLAN*****PI*PRIM01~DTP*573*D8*20261110~',
      'NM1*PR*2*PRIMARY PLAN*****PI*PRIM01~DTP*573*D8*20040701~',
    );
    expect(parse837P(early).issues).toEqual([]);
    expect(parse837P(text).issues.map((i) => i.element)).toEqual([3]);
  });

  it('refuses an MOA the segment cannot carry, naming the field', () => {
    const moa = (outpatientAdjudication: object) =>
      refusal({
        ...primaryPayer,
        outpatientAdjudication: outpatientAdjudication as Build837POtherPayer['outpatientAdjudication'],
      });
    const path = (field?: string | number, ...rest: (string | number)[]) => [
      'otherPayers',
      0,
      'outpatientAdjudication',
      ...(field === undefined ? [] : [field, ...rest]),
    ];
    expect(moa({}).issues[0]!.path).toEqual(path());
    expect(moa({ remarks: [] }).message).toMatch(/at least one/);
    expect(moa({ reimbursementRate: -0.1 }).issues[0]!.path).toEqual(path('reimbursementRate'));
    expect(moa({ reimbursementRate: Number.NaN }).issues[0]!.path).toEqual(path('reimbursementRate'));
    expect(moa({ reimbursementRate: 1e-7 }).issues[0]!.path).toEqual(path('reimbursementRate'));
    expect(moa({ reimbursementRate: 0.12345678901 }).message).toMatch(/10 digits/);
    expect(moa({ hcpcsPayableCents: 10.5 }).issues[0]!.path).toEqual(path('hcpcsPayableCents'));
    expect(moa({ esrdPaymentCents: '100' }).issues[0]!.path).toEqual(path('esrdPaymentCents'));
    expect(moa({ nonPayableProfessionalComponentCents: 2 ** 60 }).issues[0]!.path).toEqual(
      path('nonPayableProfessionalComponentCents'),
    );
    expect(moa({ remarks: ['M1', 'M2', 'M3', 'M4', 'M5', 'M6'] }).issues[0]!.path).toEqual(path('remarks'));
    expect(moa({ remarks: ['MA01', 'ma02'] }).issues[0]!.path).toEqual(path('remarks', 1));
    expect(moa({ remarks: ['N1 '] }).issues[0]!.path).toEqual(path('remarks', 0));
    expect(moa({ remarks: [''] }).issues[0]!.path).toEqual(path('remarks', 0));
    expect(moa({ remarks: ['X'.repeat(51)] }).issues[0]!.path).toEqual(path('remarks', 0));
  });

  it('refuses a 2330A address or REF it cannot write, naming the field but never the value', () => {
    const subscriber = primaryPayerWithOutpatientAdjudication.subscriber;
    const at = ['otherPayers', 0, 'subscriber'];
    const bad = (changes: object) =>
      refusal({
        ...primaryPayer,
        subscriber: { ...subscriber, ...changes } as Build837POtherPayer['subscriber'],
      });
    const address = subscriber.address!;
    expect(bad({ address: { ...address, line: [] } }).issues[0]!.path).toEqual([...at, 'address', 'line']);
    expect(bad({ address: { ...address, city: 'D' } }).issues[0]!.path).toEqual([...at, 'address', 'city']);
    expect(bad({ address: { ...address, state: 'oh' } }).issues[0]!.path).toEqual([
      ...at,
      'address',
      'state',
    ]);
    expect(bad({ address: { ...address, postalCode: '4' } }).issues[0]!.path).toEqual([
      ...at,
      'address',
      'postalCode',
    ]);
    const qualifier = bad({ secondaryIds: [{ qualifier: '1W', value: SSN }] });
    expect(qualifier.issues[0]!.path).toEqual([...at, 'secondaryIds', 0, 'qualifier']);
    expect(qualifier.message).toMatch(/expected SY/);
    const two = bad({
      secondaryIds: [
        { qualifier: 'SY', value: SSN },
        { qualifier: 'SY', value: '123456789' },
      ],
    });
    expect(two.issues[0]!.path).toEqual([...at, 'secondaryIds']);
    expect(two.message).toMatch(/at most 1/);
    const spaced = bad({ secondaryIds: [{ qualifier: 'SY', value: ` ${SSN}` }] });
    expect(spaced.issues[0]!.path).toEqual([...at, 'secondaryIds', 0, 'value']);
    // A social security number is exactly nine digits: no dashes, no eighth or tenth digit.
    const dashed = `${SSN.slice(0, 3)}-${SSN.slice(3, 5)}-${SSN.slice(5)}`;
    const ssns = [dashed, SSN.slice(1), `${SSN}0`, `${SSN.slice(1)}X`].map((value) =>
      bad({ secondaryIds: [{ qualifier: 'SY', value }] }),
    );
    for (const e of ssns) {
      expect(e.issues[0]!.path).toEqual([...at, 'secondaryIds', 0, 'value']);
      expect(e.message).toMatch(/nine digits/);
      expect(`${e.message} ${JSON.stringify(e.issues)}`).not.toContain(SSN.slice(1));
    }
    const delimiter = (() => {
      try {
        buildWith({
          ...primaryPayer,
          subscriber: { ...subscriber, secondaryIds: [{ qualifier: 'SY', value: `${SSN}*1` }] },
        });
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error('a delimiter inside REF02 was written');
    })();
    for (const e of [qualifier, two, spaced, delimiter]) {
      expect(e).toBeInstanceOf(ValidationError);
      expect(`${e.message} ${JSON.stringify(e.issues)} ${String(e.stack)}`).not.toContain(SSN);
    }
  });

  it("fills the MOA remarks from the primary's 835 claim and reads them back from the 837P", () => {
    const [remittance] = parse835(fixture('835-basic.x12'));
    const remitted = remittance!.claims.find((c) => c.patientControlNumber === 'PCN0001')!;
    expect(remitted.remarks).toEqual(['MA01']);
    // The fixture's claim billed 85025 once at 200.00.
    const billed = {
      ...claim,
      item: [claim.item![0]!, { ...claim.item![1]!, quantity: { value: 1 }, unitPrice: { value: 200 } }],
      total: { value: 500, currency: 'USD' as const },
    };
    const other = otherPayerFrom835(remitted, remittance!, billed);
    expect(other.outpatientAdjudication).toEqual({ remarks: ['MA01'] });
    const built = build837P(billed, { ...secondary, otherPayers: [other] }, { envelope: envelope(72) });
    expect(head2320(built.text)).toContain('MOA***MA01');
    const { claims, issues } = parse837P(built.text, { validateElements: true });
    expect(issues).toEqual([]);
    expect(claims[0]!.otherPayers[0]!.outpatientAdjudication!.remarks).toEqual(['MA01']);
    expectSameAsNodeX12(built.text);

    expect(otherPayerFrom835({ ...remitted, remarks: [] }, remittance!, billed)).not.toHaveProperty(
      'outpatientAdjudication',
    );
    const six = { ...remitted, remarks: ['MA01', 'MA02', 'N1', 'N2', 'N3', 'N4'] };
    let refused: unknown;
    try {
      otherPayerFrom835(six, remittance!, billed);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).code).toBe('x12_cob');
    expect((refused as ValidationError).issues[0]!.path).toEqual(['remarks']);
  });

  it('property: any MOA and 2330A input is refused with a typed error or written so that it reads back valid', () => {
    const mostly = <T>(valid: fc.Arbitrary<T>, any: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: any });
    const text = mostly(
      fc.stringMatching(/^[A-Z0-9]([A-Z0-9 -]{0,10}[A-Z0-9])?$/),
      fc.string({ maxLength: 60, unit: fc.constantFrom('A', '1', ' ', '-', '*', '~', ':') }),
    );
    const cents = mostly(
      fc.integer({ min: -10_000_000, max: 10_000_000 }),
      fc.oneof(fc.double(), fc.constant(2 ** 60)),
    );
    const rate = mostly(
      fc.integer({ min: 0, max: 10_000 }).map((n) => n / 1000),
      fc.oneof(fc.double(), fc.constant(-1)),
    );
    const remark = mostly(fc.stringMatching(/^[A-Z]{1,2}[0-9]{1,3}$/), text);
    const ssn = mostly(fc.stringMatching(/^[0-9]{9}$/), text);
    const input = fc.record(
      {
        moa: fc.record(
          {
            reimbursementRate: rate,
            hcpcsPayableCents: cents,
            remarks: mostly(fc.array(remark, { maxLength: 5 }), fc.array(remark, { maxLength: 7 })),
            esrdPaymentCents: cents,
            nonPayableProfessionalComponentCents: cents,
          },
          { requiredKeys: [] },
        ),
        address: fc.record({
          line: mostly(fc.array(text, { minLength: 1, maxLength: 2 }), fc.array(text, { maxLength: 3 })),
          city: text,
          state: mostly(fc.constant('OH'), fc.constantFrom('oh', 'O', '')),
          postalCode: mostly(fc.constantFrom('45402', '45402-1234'), fc.constantFrom('4', '')),
        }),
        secondaryIds: mostly(
          fc.array(fc.record({ qualifier: fc.constant('SY'), value: ssn }), { maxLength: 1 }),
          fc.array(fc.record({ qualifier: fc.constantFrom('SY', '1W'), value: text }), { maxLength: 2 }),
        ),
      },
      { requiredKeys: [] },
    );
    const outcomes = { written: 0, refused: 0 };
    fc.assert(
      fc.property(input, ({ moa, address, secondaryIds }) => {
        const other = {
          ...primaryPayer,
          outpatientAdjudication: moa,
          subscriber: { ...primaryPayer.subscriber, address, secondaryIds },
        } as Build837POtherPayer;
        let written: string;
        try {
          written = buildWith(other).text;
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          expect((e as ValidationError).code).toBe('x12_write');
          const shown = `${(e as ValidationError).message} ${JSON.stringify((e as ValidationError).issues)}`;
          for (const id of secondaryIds ?? []) if (id.value.length > 3) expect(shown).not.toContain(id.value);
          outcomes.refused++;
          return;
        }
        outcomes.written++;
        const { claims, issues } = parse837P(written, { validateElements: true });
        expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(issues.every((i) => i.segmentId === 'MOA' && i.code === 'code')).toBe(true);
        expectSameAsNodeX12(written);
        const [read] = claims[0]!.otherPayers;
        if (moa === undefined) expect(read!.outpatientAdjudication).toBeUndefined();
        else {
          // -0 is written as 0 and reads back as 0.
          const n = (v: number | undefined) => (v === undefined ? undefined : v + 0);
          expect(read!.outpatientAdjudication).toEqual({
            reimbursementRate: n(moa.reimbursementRate),
            hcpcsPayableCents: n(moa.hcpcsPayableCents),
            remarks: moa.remarks ?? [],
            esrdPaymentCents: n(moa.esrdPaymentCents),
            nonPayableProfessionalComponentCents: n(moa.nonPayableProfessionalComponentCents),
          });
        }
        expect(read!.subscriber.address?.line).toEqual(address?.line);
        expect(read!.subscriber.address?.city).toEqual(address?.city);
        expect(read!.subscriber.address?.postalCode).toEqual(address?.postalCode.replace('-', ''));
        expect(read!.subscriber.secondaryIds).toEqual(secondaryIds ?? []);
      }),
      { numRuns: 300 },
    );
    expect(outcomes.written).toBeGreaterThan(30);
    expect(outcomes.refused).toBeGreaterThan(30);
  });
});
