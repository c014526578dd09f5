import { ValidationError } from '@medflow/core';
import {
  type Build837POtherPayer,
  build837P,
  otherPayerFrom835,
  parse835,
  parse837P,
} from '@medflow/fhir-insurance/x12';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claim, envelope, parties, primaryPayer, primaryPayerWithProviders } from './claim-data';
import { fixture } from './helpers';
import { expectSameAsNodeX12, readBack837P } from './node-x12';

const secondary = { ...parties, subscriber: { ...parties.subscriber, payerResponsibility: 'S' as const } };

function buildWith(...otherPayers: Build837POtherPayer[]) {
  return build837P(claim, { ...secondary, otherPayers }, { envelope: envelope(61) });
}

/** The segments of one 2320 loop, from its SBR to the next SBR or the first LX. */
function otherPayerLoop(text: string, index = 0): string[] {
  const segments = text.split('~').map((s) => s.trim());
  const starts = segments.flatMap((s, i) => (s.startsWith('SBR*') ? [i] : [])).slice(1);
  const start = starts[index]!;
  const end = segments.findIndex((s, i) => i > start && (s.startsWith('SBR*') || s.startsWith('LX*')));
  return segments.slice(start, end);
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

describe('837P other payer address, identifiers and provider loops (2330B to 2330G)', () => {
  it('writes them in guide order after the 2330B name', () => {
    const built = buildWith(primaryPayerWithProviders);
    expect(otherPayerLoop(built.text)).toEqual([
      'SBR*P*18*PRIMGRP******CI',
      'CAS*OA*23*10',
      'AMT*D*330.4',
      'AMT*A8*15',
      'AMT*EAF*60',
      'OI***Y***Y',
      'NM1*IL*1*DOE*JANE****MI*P987654321',
      'NM1*PR*2*PRIMARY PLAN*****PI*PRIM01',
      'N3*PO BOX 4000*CLAIMS DEPT',
      'N4*COLUMBUS*OH*432150400',
      'DTP*573*D8*20261110',
      'REF*2U*PRIM-2U',
      'REF*NF*12345',
      'REF*G1*AUTH778',
      'REF*9F*REF0091',
      'REF*T4*Y',
      'REF*F8*PRIMCLM0001',
      'NM1*P3*1',
      'REF*G2*PCP-5501',
      'NM1*82*2',
      'REF*G2*REND-77',
      'REF*LU*LOC-2',
      'NM1*77*2',
      'REF*LU*FAC-09',
      'NM1*DQ*1',
      'REF*0B*OH-LIC-4411',
      'REF*1G*UPIN-1',
      'REF*G2*SUP-3',
      'NM1*85*2',
      'REF*G2*BILL-PRIM-1',
      'REF*LU*BILL-LOC',
    ]);
  });

  it('reads back what it wrote: parse837P, element validation and node-x12 strict parse agree', () => {
    const built = buildWith(primaryPayerWithProviders);
    const claim = readBack837P(built.text);
    const [other] = claim.otherPayers;
    const input = primaryPayerWithProviders;
    expect(other!.payer).toEqual({
      entity: 'organization',
      lastName: input.payer.name,
      firstName: undefined,
      idQualifier: 'PI',
      id: input.payer.id,
      address: { ...input.payer.address, country: undefined },
      secondaryIds: input.payer.secondaryIds,
    });
    expect(other!.priorAuthorization).toBe(input.priorAuthorization);
    expect(other!.referralNumber).toBe(input.referralNumber);
    expect(other!.readjudicated).toBe(true);
    expect(other!.claimControlNumber).toBe(input.claimControlNumber);
    expect(other!.adjudicationDate).toBe('20261110');
    expect(other!.providers).toEqual(input.providers);
    // The 2430 line adjudications still follow in their lines.
    expect(claim.serviceLines.map((l) => l.adjudications.length)).toEqual([1, 1]);
  });

  it('defaults each provider to the entity its loop takes and DN for the referring provider', () => {
    const built = buildWith({
      ...primaryPayer,
      providers: {
        referring: { secondaryIds: [{ qualifier: '1G', value: 'U1' }] },
        rendering: { secondaryIds: [{ qualifier: 'G2', value: 'R1' }] },
        serviceFacility: { secondaryIds: [{ qualifier: '0B', value: 'F1' }] },
        supervising: { secondaryIds: [{ qualifier: 'LU', value: 'S1' }] },
        billing: { secondaryIds: [{ qualifier: 'G2', value: 'B1' }] },
      },
    });
    const loop = otherPayerLoop(built.text);
    expect(loop.filter((s) => s.startsWith('NM1*'))).toEqual([
      'NM1*IL*1*DOE*JANE****MI*P987654321',
      'NM1*PR*2*PRIMARY PLAN*****PI*PRIM01',
      'NM1*DN*1',
      'NM1*82*1',
      'NM1*77*2',
      'NM1*DQ*1',
      'NM1*85*2',
    ]);
    // Nothing new in 2330B when nothing is asked for.
    expect(
      loop.slice(loop.indexOf('NM1*PR*2*PRIMARY PLAN*****PI*PRIM01') + 1, loop.indexOf('NM1*DN*1')),
    ).toEqual(['DTP*573*D8*20261110']);
    const { claims, issues } = parse837P(built.text, { validateElements: true });
    expect(issues).toEqual([]);
    expect(claims[0]!.otherPayers[0]!.providers).toEqual({
      referring: { entity: 'person', primaryCare: false, secondaryIds: [{ qualifier: '1G', value: 'U1' }] },
      rendering: { entity: 'person', secondaryIds: [{ qualifier: 'G2', value: 'R1' }] },
      serviceFacility: { entity: 'organization', secondaryIds: [{ qualifier: '0B', value: 'F1' }] },
      supervising: { entity: 'person', secondaryIds: [{ qualifier: 'LU', value: 'S1' }] },
      billing: { entity: 'organization', secondaryIds: [{ qualifier: 'G2', value: 'B1' }] },
    });
    expectSameAsNodeX12(built.text);
  });

  it("keeps each earlier payer's loops with its own 2320 when there are two", () => {
    const secondPayer: Build837POtherPayer = {
      ...primaryPayer,
      responsibility: 'S',
      payer: { name: 'SECOND PLAN', id: 'SEC02', secondaryIds: [{ qualifier: 'FY', value: 'OFFICE-7' }] },
      claimControlNumber: 'SECCLM9',
      lines: [],
      providers: { billing: { entity: 'person', secondaryIds: [{ qualifier: 'LU', value: 'B2' }] } },
    };
    const built = build837P(
      claim,
      {
        ...parties,
        subscriber: { ...parties.subscriber, payerResponsibility: 'T' },
        otherPayers: [primaryPayerWithProviders, secondPayer],
      },
      { envelope: envelope(62) },
    );
    expect(otherPayerLoop(built.text, 1).slice(-6)).toEqual([
      'NM1*PR*2*SECOND PLAN*****PI*SEC02',
      'DTP*573*D8*20261110',
      'REF*FY*OFFICE-7',
      'REF*F8*SECCLM9',
      'NM1*85*1',
      'REF*LU*B2',
    ]);
    const { claims, issues } = parse837P(built.text, { validateElements: true });
    expect(issues).toEqual([]);
    const [first, second] = claims[0]!.otherPayers;
    expect(first!.providers).toEqual(primaryPayerWithProviders.providers);
    expect(second).toMatchObject({
      payer: { id: 'SEC02', address: undefined, secondaryIds: [{ qualifier: 'FY', value: 'OFFICE-7' }] },
      claimControlNumber: 'SECCLM9',
      priorAuthorization: undefined,
      readjudicated: false,
      providers: { billing: { entity: 'person', secondaryIds: [{ qualifier: 'LU', value: 'B2' }] } },
    });
    expectSameAsNodeX12(built.text);
  });

  it('refuses a qualifier a loop does not take, naming where it is', () => {
    const payerRef = refusal({
      ...primaryPayer,
      payer: { ...primaryPayer.payer, secondaryIds: [{ qualifier: 'G2' as '2U', value: 'X' }] },
    });
    expect(payerRef.message).toMatch(/2U, EI, FY, NF/);
    expect(payerRef.issues[0]!.path).toEqual(['otherPayers', 0, 'payer', 'secondaryIds', 0, 'qualifier']);
    const billingRef = refusal({
      ...primaryPayer,
      providers: { billing: { secondaryIds: [{ qualifier: '0B' as 'G2', value: 'X' }] } },
    });
    expect(billingRef.issues[0]!.path).toEqual([
      'otherPayers',
      0,
      'providers',
      'billing',
      'secondaryIds',
      0,
      'qualifier',
    ]);
    // 1G (UPIN) names a person: a service facility cannot have one.
    expect(() =>
      buildWith({
        ...primaryPayer,
        providers: { serviceFacility: { secondaryIds: [{ qualifier: '1G' as 'G2', value: 'X' }] } },
      }),
    ).toThrow(/0B, G2, LU/);
  });

  it('refuses too many or no identifiers, empty or long values, wrong entities and unknown providers', () => {
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ qualifier: 'G2' as const, value: `ID${i}` }));
    const payerIds = ['2U', 'EI', 'FY'].map((qualifier) => ({ qualifier: qualifier as '2U', value: '1' }));
    const threePayerIds = refusal({
      ...primaryPayer,
      payer: { ...primaryPayer.payer, secondaryIds: payerIds },
    });
    expect(threePayerIds.message).toMatch(/at most 2/);
    expect(threePayerIds.issues[0]!.path).toEqual(['otherPayers', 0, 'payer', 'secondaryIds']);
    expect(refusal({ ...primaryPayer, providers: { rendering: { secondaryIds: ids(4) } } }).message).toMatch(
      /at most 3/,
    );
    expect(refusal({ ...primaryPayer, providers: { billing: { secondaryIds: ids(3) } } }).message).toMatch(
      /at most 2/,
    );
    expect(refusal({ ...primaryPayer, providers: { supervising: { secondaryIds: [] } } }).message).toMatch(
      /at least one/,
    );
    expect(
      refusal({
        ...primaryPayer,
        providers: { rendering: { secondaryIds: [{ qualifier: 'G2', value: '' }] } },
      }).issues[0]!.path,
    ).toEqual(['otherPayers', 0, 'providers', 'rendering', 'secondaryIds', 0, 'value']);
    expect(refusal({ ...primaryPayer, claimControlNumber: 'X'.repeat(51) }).issues[0]!.path).toEqual([
      'otherPayers',
      0,
      'claimControlNumber',
    ]);
    expect(refusal({ ...primaryPayer, priorAuthorization: '' }).issues[0]!.path).toEqual([
      'otherPayers',
      0,
      'priorAuthorization',
    ]);
    const facility = refusal({
      ...primaryPayer,
      providers: {
        serviceFacility: {
          entity: 'person' as 'organization',
          secondaryIds: [{ qualifier: 'LU', value: 'F' }],
        },
      },
    });
    expect(facility.issues[0]!.path).toEqual(['otherPayers', 0, 'providers', 'serviceFacility', 'entity']);
    const unknown = refusal({
      ...primaryPayer,
      providers: { ordering: { secondaryIds: ids(1) } } as Build837POtherPayer['providers'],
    });
    expect(unknown.issues[0]!.path).toEqual(['otherPayers', 0, 'providers', 'ordering']);
  });

  it('refuses an other-payer address the N3/N4 elements cannot carry', () => {
    const address = { line: ['PO BOX 1'], city: 'COLUMBUS', state: 'OH', postalCode: '43215' };
    const withAddress = (a: typeof address) => ({
      ...primaryPayer,
      payer: { ...primaryPayer.payer, address: a },
    });
    expect(refusal(withAddress({ ...address, line: [] })).issues[0]!.path).toEqual([
      'otherPayers',
      0,
      'payer',
      'address',
      'line',
    ]);
    expect(refusal(withAddress({ ...address, line: ['A', 'B', 'C'] })).message).toMatch(/one or two/);
    expect(refusal(withAddress({ ...address, city: '' })).issues[0]!.path).toEqual([
      'otherPayers',
      0,
      'payer',
      'address',
      'city',
    ]);
    expect(refusal(withAddress({ ...address, city: 'X' })).message).toMatch(/2 to 30/);
    expect(refusal(withAddress({ ...address, line: ['PO BOX 1 '] })).message).toMatch(/either end/);
    expect(refusal(withAddress({ ...address, state: 'Ohio' })).issues[0]!.path.at(-1)).toBe('state');
    expect(refusal(withAddress({ ...address, postalCode: '43' })).issues[0]!.path.at(-1)).toBe('postalCode');
    expect(() => buildWith(withAddress(address))).not.toThrow();
  });

  it("carries the 835's payer claim control number (CLP07) into 2330B REF*F8", () => {
    const [remittance] = parse835(fixture('835-basic.x12'));
    const remitted = remittance!.claims.find((c) => c.patientControlNumber === 'PCN0001')!;
    expect(remitted.payerClaimControlNumber).toBe('PAYERCLM001');
    // The fixture's claim billed 85025 once at 200.00.
    const billed = {
      ...claim,
      item: [claim.item![0]!, { ...claim.item![1]!, quantity: { value: 1 }, unitPrice: { value: 200 } }],
      total: { value: 500, currency: 'USD' as const },
    };
    const other = otherPayerFrom835(remitted, remittance!, billed);
    expect(other.claimControlNumber).toBe('PAYERCLM001');
    const built = build837P(billed, { ...secondary, otherPayers: [other] }, { envelope: envelope(63) });
    expect(otherPayerLoop(built.text)).toContain('REF*F8*PAYERCLM001');
    const { claims, issues } = parse837P(built.text, { validateElements: true });
    expect(issues).toEqual([]);
    expect(claims[0]!.otherPayers[0]!.claimControlNumber).toBe('PAYERCLM001');
    const withoutNumber = otherPayerFrom835(
      { ...remitted, payerClaimControlNumber: '' },
      remittance!,
      billed,
    );
    expect(withoutNumber).not.toHaveProperty('claimControlNumber');
  });

  it('property: any other-payer input is refused with a typed error or written so that it reads back valid', () => {
    // Mostly what each loop takes, now and then anything: both outcomes are exercised.
    const mostly = <T>(valid: fc.Arbitrary<T>, any: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 40, arbitrary: valid }, { weight: 1, arbitrary: any });
    const anyQualifier = fc.constantFrom('2U', 'EI', 'FY', 'NF', '0B', '1G', 'G2', 'LU', 'G1', 'SY', '');
    const qualifier = (allowed: string[]) => mostly(fc.constantFrom(...allowed), anyQualifier);
    const value = mostly(
      fc.stringMatching(/^[A-Z0-9]([A-Z0-9 -]{0,10}[A-Z0-9])?$/),
      fc.string({ maxLength: 60, unit: fc.constantFrom('A', '1', ' ', '-', '*', '~', ':') }),
    );
    const ids = (allowed: string[], max: number) => {
      const id = fc.record({ qualifier: qualifier(allowed), value });
      return mostly(fc.array(id, { minLength: 1, maxLength: max }), fc.array(id, { maxLength: max + 1 }));
    };
    const provider = (allowed: string[], max: number, entities: string[]) =>
      fc.record(
        {
          entity: mostly(fc.constantFrom(...entities), fc.constantFrom('person', 'organization')),
          secondaryIds: ids(allowed, max),
          primaryCare: fc.boolean(),
        },
        { requiredKeys: ['secondaryIds'] },
      );
    const input = fc.record(
      {
        address: fc.record({
          line: mostly(fc.array(value, { minLength: 1, maxLength: 2 }), fc.array(value, { maxLength: 3 })),
          city: value,
          state: fc.constant('OH'),
          postalCode: fc.constant('43215'),
        }),
        secondaryIds: ids(['2U', 'EI', 'FY', 'NF'], 2),
        priorAuthorization: value,
        referralNumber: value,
        readjudicated: fc.boolean(),
        claimControlNumber: value,
        providers: fc.record(
          {
            referring: provider(['0B', '1G', 'G2'], 3, ['person']),
            rendering: provider(['0B', '1G', 'G2', 'LU'], 3, ['person', 'organization']),
            serviceFacility: provider(['0B', 'G2', 'LU'], 3, ['organization']),
            supervising: provider(['0B', '1G', 'G2', 'LU'], 3, ['person']),
            billing: provider(['G2', 'LU'], 2, ['organization', 'person']),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    const outcomes = { written: 0, refused: 0 };
    fc.assert(
      fc.property(input, ({ address, secondaryIds, providers, ...refs }) => {
        // Arbitrary strings stand in for the qualifier unions: refusing them is what is tested.
        const other = {
          ...primaryPayer,
          ...refs,
          payer: { ...primaryPayer.payer, address, secondaryIds },
          providers,
        } as Build837POtherPayer;
        let text: string;
        try {
          text = buildWith(other).text;
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          expect((e as ValidationError).code).toBe('x12_write');
          outcomes.refused++;
          return;
        }
        outcomes.written++;
        const { claims, issues } = parse837P(text, { validateElements: true });
        expect(issues).toEqual([]);
        expectSameAsNodeX12(text);
        const [read] = claims[0]!.otherPayers;
        expect(read!.payer.secondaryIds).toEqual(secondaryIds ?? []);
        expect(read!.payer.address?.line).toEqual(address?.line);
        expect(read!.priorAuthorization).toBe(refs.priorAuthorization);
        expect(read!.referralNumber).toBe(refs.referralNumber);
        expect(read!.readjudicated).toBe(refs.readjudicated === true);
        expect(read!.claimControlNumber).toBe(refs.claimControlNumber);
        for (const key of ['referring', 'rendering', 'serviceFacility', 'supervising', 'billing'] as const) {
          expect(read!.providers[key]?.secondaryIds).toEqual(providers?.[key]?.secondaryIds);
        }
      }),
      { numRuns: 300 },
    );
    expect(outcomes.written).toBeGreaterThan(30);
    expect(outcomes.refused).toBeGreaterThan(30);
  });
});
