import { ValidationError } from '@medflow/core';
import {
  buildClaim,
  buildCoverage,
  buildPatient,
  type ClaimInput,
  createFhirClient,
  inquirePriorAuth,
  readExplanationOfBenefits,
  requestPriorAuth,
  submitClaim,
  summarizeClaimResponse,
} from '@medflow/fhir-insurance';
import { assertValidFhirResource, loadFhirDefinitions } from '@medflow/fhir-insurance/validate';
import type {
  Bundle,
  Claim,
  ClaimResponse,
  ExplanationOfBenefit,
  Organization,
  Resource,
} from '@medplum/fhirtypes';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../support/fixtures';
import { fhirJson, outcome, PAYER_BASE, searchset } from '../support/payer';

const server = setupServer();
beforeAll(() => {
  loadFhirDefinitions();
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const usd = (amount: number) => ({ amount, currency: 'usd' });

const claimInput: ClaimInput = {
  identifier: { system: 'https://riverside.example/claims', value: 'CLM-2026-0042' },
  patient: { reference: 'Patient/pat-1' },
  created: '2026-11-26T10:00:00Z',
  provider: { npi: '1234567893', name: 'Riverside Clinic', reference: 'Organization/org-1' },
  insurer: { id: '60054', name: 'Aetna', reference: 'Organization/payer-1' },
  diagnoses: [{ code: 'E11.9' }],
  insurance: [{ focal: true, coverage: { reference: 'Coverage/cov-1' } }],
  items: [
    { code: '99214', unitPrice: usd(18_500) },
    { code: '83036', quantity: 2, unitPrice: usd(2_450) },
  ],
};

const client = () =>
  createFhirClient({ baseUrl: PAYER_BASE, auth: { type: 'bearer', token: 't' }, sleep: async () => {} });

const priorAuthResources = (): Resource[] => [
  buildPatient({
    id: 'pat-1',
    given: ['Ada'],
    family: 'Lovelace',
    birthDate: '1980-02-03',
    gender: 'female',
  }),
  buildCoverage({
    id: 'cov-1',
    beneficiary: { reference: 'Patient/pat-1' },
    subscriberId: 'W123456789',
    payer: { id: '60054', name: 'Aetna', reference: 'Organization/payer-1' },
  }),
  {
    resourceType: 'Organization',
    id: 'org-1',
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
    name: 'Riverside Clinic',
  } satisfies Organization,
  { resourceType: 'Organization', id: 'payer-1', name: 'Aetna' } satisfies Organization,
];

describe('claims', () => {
  it('submits a claim to Claim/$submit and summarizes the adjudication in minor units', async () => {
    let sent: Claim | undefined;
    let calls = 0;
    server.use(
      http.post(`${PAYER_BASE}/Claim/$submit`, async ({ request }) => {
        calls++;
        sent = (await request.json()) as Claim;
        return fhirJson(fixture('claim-response.json'));
      }),
    );
    const { summary, claimResponse } = await submitClaim(client(), buildClaim(claimInput));
    expect(calls).toBe(1);
    assertValidFhirResource(sent as Claim);
    expect(claimResponse.id).toBe('cr-88120');
    expect(summary).toMatchObject({
      use: 'claim',
      outcome: 'complete',
      decision: 'approved',
      payment: usd(11_733),
      totals: { submitted: usd(23_400), eligible: usd(16_851), benefit: usd(11_733) },
      errors: [],
    });
    expect(summary.items).toEqual([
      {
        sequence: 1,
        amounts: { submitted: usd(18_500), eligible: usd(14_233), copay: usd(2_500), benefit: usd(11_733) },
        reasons: [],
      },
      {
        sequence: 2,
        amounts: { submitted: usd(4_900), eligible: usd(2_618), deductible: usd(2_618), benefit: usd(0) },
        reasons: ['1'],
      },
    ]);
  });

  it('does not resend a claim when $submit fails', async () => {
    let calls = 0;
    server.use(
      http.post(`${PAYER_BASE}/Claim/$submit`, () => {
        calls++;
        return fhirJson(outcome('transient', 'Claim', 'busy'), { status: 503 });
      }),
    );
    await expect(submitClaim(client(), buildClaim(claimInput))).rejects.toMatchObject({
      code: 'fhir_operation_failed',
    });
    expect(calls).toBe(1);
  });

  it('refuses to submit a preauthorization as a claim', async () => {
    await expect(
      submitClaim(client(), buildClaim({ ...claimInput, use: 'preauthorization' })),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('requests prior authorization with a PAS Bundle and reads the decision and preAuthRef', async () => {
    let sent: Bundle | undefined;
    server.use(
      http.post(`${PAYER_BASE}/Claim/$submit`, async ({ request }) => {
        sent = (await request.json()) as Bundle;
        return fhirJson(fixture('pas-response-bundle.json'));
      }),
    );
    const claim = buildClaim({ ...claimInput, use: 'preauthorization', id: 'pa-req-1' });
    const result = await requestPriorAuth(
      client(),
      { claim, resources: priorAuthResources() },
      { now: new Date('2026-11-26T11:00:00Z') },
    );

    expect(sent?.type).toBe('collection');
    expect(sent?.entry?.[0]?.resource?.resourceType).toBe('Claim');
    expect(sent?.entry?.map((e) => e.fullUrl)).toEqual([
      `${PAYER_BASE}/Claim/pa-req-1`,
      `${PAYER_BASE}/Patient/pat-1`,
      `${PAYER_BASE}/Coverage/cov-1`,
      `${PAYER_BASE}/Organization/org-1`,
      `${PAYER_BASE}/Organization/payer-1`,
    ]);
    assertValidFhirResource(sent as Bundle);
    for (const entry of sent?.entry ?? []) assertValidFhirResource(entry.resource as Resource);

    expect(result.summary).toMatchObject({
      use: 'preauthorization',
      decision: 'partial',
      preAuthRef: 'PA-2026-778812',
      preAuthPeriod: { start: '2026-12-01', end: '2027-02-28' },
    });
    expect(result.summary.items.map((i) => [i.sequence, i.reviewAction, i.reasons])).toEqual([
      [1, 'A1', []],
      [2, 'A3', ['ABC']],
    ]);
    expect(result.original.resourceType).toBe('Bundle');
  });

  it('inquires on a prior authorization with Claim/$inquire and retries a transient failure', async () => {
    let calls = 0;
    server.use(
      http.post(`${PAYER_BASE}/Claim/$inquire`, () => {
        calls++;
        if (calls === 1) return fhirJson(outcome('transient', 'Claim', 'busy'), { status: 503 });
        const answer = fixture<Bundle>('pas-response-bundle.json');
        const response = answer.entry?.[0]?.resource as ClaimResponse;
        for (const item of response.item ?? []) for (const adj of item.adjudication ?? []) adj.extension = [];
        response.outcome = 'queued';
        return fhirJson(answer);
      }),
    );
    const claim = buildClaim({ ...claimInput, use: 'preauthorization' });
    const result = await inquirePriorAuth(client(), { claim, resources: priorAuthResources() });
    expect(calls).toBe(2);
    expect(result.summary.decision).toBe('pended');
    await expect(
      inquirePriorAuth(client(), { claim: { ...claim, identifier: undefined }, resources: [] }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('sums item adjudications when the ClaimResponse has no total', () => {
    const response = fixture<ClaimResponse>('claim-response.json');
    response.total = undefined;
    response.payment = undefined;
    const summary = summarizeClaimResponse(response);
    expect(summary.totals).toEqual({
      submitted: usd(23_400),
      eligible: usd(16_851),
      copay: usd(2_500),
      deductible: usd(2_618),
      benefit: usd(11_733),
    });
    expect(summary.payment).toBeUndefined();
  });

  it('reads and normalizes CARIN Blue Button EOBs across pages', async () => {
    const eobs = fixture<ExplanationOfBenefit[]>('carin-eobs.json');
    const queries: string[] = [];
    server.use(
      http.get(`${PAYER_BASE}/ExplanationOfBenefit`, ({ request }) => {
        const url = new URL(request.url);
        queries.push(url.search);
        const offset = Number(url.searchParams.get('_offset') ?? '0');
        return fhirJson(
          searchset(eobs.slice(offset, offset + 2), {
            self: request.url,
            next:
              offset + 2 < eobs.length
                ? `${PAYER_BASE}/ExplanationOfBenefit?patient=Patient%2Fpat-1&_offset=${offset + 2}`
                : undefined,
            total: eobs.length,
          }),
        );
      }),
    );
    const list = await readExplanationOfBenefits(client(), 'pat-1', { since: '2026-10-01' });
    expect(queries[0]).toBe('?patient=Patient%2Fpat-1&_lastUpdated=ge2026-10-01');
    expect(list.map((e) => [e.id, e.profile, e.type, e.claimNumber])).toEqual([
      ['eob-prof-1', 'professional', 'professional', '2026287000111'],
      ['eob-prof-2', 'professional', 'professional', '2026301000987'],
      ['eob-rx-1', 'pharmacy', 'pharmacy', '2026310RX0042'],
    ]);
    const [first, second, rx] = list;
    expect(first?.provider).toEqual({ npi: '1234567893', name: 'Riverside Clinic' });
    expect(first?.items[0]?.amounts).toEqual({
      submitted: usd(18_500),
      eligible: usd(14_233),
      copay: usd(2_500),
      paidToProvider: usd(11_733),
      memberLiability: usd(2_500),
      discount: usd(4_267),
    });
    expect(first?.totals).toEqual({
      submitted: usd(20_950),
      eligible: usd(15_542),
      paidToProvider: usd(11_733),
      memberLiability: usd(3_809),
    });
    expect(first?.payment).toEqual(usd(11_733));
    // No EOB.total: totals are the sum of the lines.
    expect(second?.totals).toEqual({
      submitted: usd(17_599),
      eligible: usd(12_010),
      paidToProvider: usd(12_010),
      memberLiability: usd(0),
    });
    expect(second?.items[0]?.servicedDate).toBe('2026-10-28');
    expect(rx?.items[0]).toMatchObject({ quantity: 60, productOrService: { code: '00093-7212-56' } });
    expect(first?.original.resourceType).toBe('ExplanationOfBenefit');
  });
});
