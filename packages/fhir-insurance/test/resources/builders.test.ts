import { ValidationError } from '@medflow/core';
import {
  buildClaim,
  buildCoverage,
  buildCoverageEligibilityRequest,
  buildPatient,
  type ClaimInput,
  SYSTEMS,
} from '@medflow/fhir-insurance';
import {
  assertValidFhirResource,
  checkFhirResource,
  loadFhirDefinitions,
} from '@medflow/fhir-insurance/validate';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(() => loadFhirDefinitions());

const claimInput: ClaimInput = {
  identifier: { system: 'https://riverside.example/claims', value: 'CLM-2026-0042' },
  use: 'claim',
  patient: { reference: 'Patient/pat-1' },
  created: '2026-11-20T10:00:00Z',
  billablePeriod: { start: '2026-11-19' },
  provider: { npi: '1234567893', name: 'Riverside Clinic', reference: 'Organization/org-1' },
  insurer: { id: '60054', name: 'Aetna', reference: 'Organization/payer-1' },
  diagnoses: [{ code: 'E11.9' }, { code: 'I10' }],
  insurance: [{ focal: true, coverage: { reference: 'Coverage/cov-1' } }],
  items: [
    {
      code: '99214',
      modifiers: ['25'],
      unitPrice: { amount: 18_500, currency: 'usd' },
      diagnosisPointers: [1, 2],
    },
    { code: '83036', quantity: 2, unitPrice: { amount: 2_450, currency: 'usd' }, servicedDate: '2026-11-19' },
    { code: 'G0439', unitPrice: { amount: 17_599, currency: 'usd' }, placeOfService: '11' },
  ],
};

describe('resource builders', () => {
  it('builds a Patient that passes R4 validation', () => {
    const patient = buildPatient({
      id: 'pat-1',
      mrn: { system: 'https://riverside.example/mrn', value: 'MRN0001' },
      given: ['Ada', 'M'],
      family: 'Lovelace',
      birthDate: '1980-02-03',
      gender: 'female',
      phone: '+1 555 0100',
      address: { line: ['1 Main St'], city: 'Springfield', state: 'IL', postalCode: '62701' },
    });
    expect(patient.identifier?.[0]?.type?.coding?.[0]?.code).toBe('MR');
    expect(assertValidFhirResource(patient).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('builds a Coverage with class, period and cost to beneficiary', () => {
    const coverage = buildCoverage({
      id: 'cov-1',
      beneficiary: { reference: 'Patient/pat-1' },
      subscriberId: 'W123456789',
      relationship: 'self',
      payer: { id: '60054', name: 'Aetna', reference: 'Organization/payer-1' },
      group: { value: 'GRP-778', name: 'Acme Corp' },
      plan: { value: 'PPO-GOLD', name: 'Open Access PPO Gold' },
      period: { start: '2026-01-01', end: '2026-12-31' },
      costToBeneficiary: [{ type: 'gpvisit', money: { amount: 2_500, currency: 'usd' } }, { percent: 20 }],
    });
    expect(coverage.costToBeneficiary?.[0]?.valueMoney).toEqual({ value: 25, currency: 'USD' });
    expect(coverage.class?.map((c) => c.type.coding?.[0]?.code)).toEqual(['group', 'plan']);
    assertValidFhirResource(coverage);
  });

  it('builds a CoverageEligibilityRequest with X12 service type categories', () => {
    const request = buildCoverageEligibilityRequest({
      purpose: ['benefits', 'validation'],
      patient: { reference: 'Patient/pat-1' },
      created: '2026-11-26T09:00:00Z',
      servicedDate: '2026-11-26',
      provider: { npi: '1234567893', name: 'Riverside Clinic' },
      insurer: { id: '60054', name: 'Aetna' },
      insurance: [{ coverage: { reference: 'Coverage/cov-1' } }],
      items: [{ category: '30' }, { category: '98', productOrService: { code: '99214' } }],
    });
    expect(request.item?.[1]?.category?.coding?.[0]).toEqual({ system: SYSTEMS.serviceType, code: '98' });
    assertValidFhirResource(request);
  });

  it('builds a professional Claim with totals in exact money', () => {
    const claim = buildClaim(claimInput);
    expect(claim.item?.[1]?.net).toEqual({ value: 49, currency: 'USD' });
    expect(claim.item?.[2]?.productOrService.coding?.[0]?.system).toBe(SYSTEMS.hcpcs);
    // 185.00 + 49.00 + 175.99
    expect(claim.total).toEqual({ value: 409.99, currency: 'USD' });
    expect(claim.diagnosis?.[0]?.diagnosisCodeableConcept?.coding?.[0]?.system).toBe(SYSTEMS.icd10cm);
    assertValidFhirResource(claim);
    assertValidFhirResource(buildClaim({ ...claimInput, use: 'preauthorization' }));
  });

  it('enforces the code bindings the structural validator lets through', () => {
    // The R4 validator accepts any string in these coded fields…
    const loose = { ...buildClaim(claimInput), use: 'bogus' } as unknown as Parameters<
      typeof checkFhirResource
    >[0];
    expect(checkFhirResource(loose).filter((i) => i.severity === 'error')).toEqual([]);
    // …so the builders refuse them up front.
    expect(() => buildClaim({ ...claimInput, use: 'bogus' as 'claim' })).toThrow(ValidationError);
    expect(() =>
      buildCoverageEligibilityRequest({
        purpose: ['eligibility' as 'benefits'],
        patient: { reference: 'Patient/p' },
        insurer: { id: '1', name: 'x' },
        insurance: [{ coverage: { reference: 'Coverage/c' } }],
      }),
    ).toThrow(/purpose/);
    expect(() =>
      buildCoverage({
        status: 'expired' as 'active',
        beneficiary: { reference: 'Patient/p' },
        subscriberId: 'x',
        payer: { id: '1', name: 'x' },
      }),
    ).toThrow(/status/);
  });

  it('names the wrong field without echoing its value', () => {
    const error = (() => {
      try {
        buildClaim({ ...claimInput, diagnoses: [{ code: 'not-a-code-123' }] });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error?.issues[0]?.path).toEqual(['diagnoses', 0, 'code']);
    expect(error?.message).not.toContain('not-a-code-123');
  });

  it('rejects claims that would need rounding or point at missing diagnoses', () => {
    expect(() =>
      buildClaim({
        ...claimInput,
        items: [{ code: '99214', quantity: 1.5, unitPrice: { amount: 101, currency: 'usd' } }],
      }),
    ).toThrow(/net/);
    expect(() =>
      buildClaim({
        ...claimInput,
        items: [{ code: '99214', unitPrice: { amount: 1, currency: 'usd' }, diagnosisPointers: [3] }],
      }),
    ).toThrow(/diagnosisPointers/);
    expect(() =>
      buildClaim({ ...claimInput, insurance: [{ focal: false, coverage: { reference: 'Coverage/c' } }] }),
    ).toThrow(/insurance/);
  });

  it('reports structural errors from the deep check as a ValidationError', () => {
    expect(() => assertValidFhirResource({ resourceType: 'Claim' } as never)).toThrow(ValidationError);
  });
});
