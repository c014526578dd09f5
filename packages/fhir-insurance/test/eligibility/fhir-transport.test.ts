import type { AuditEvent } from '@medflow/core';
import {
  checkEligibility,
  createFhirClient,
  createFhirEligibilityTransport,
  type EligibilityRequestInput,
  normalizeCoverageEligibilityResponse,
} from '@medflow/fhir-insurance';
import { assertValidFhirResource, loadFhirDefinitions } from '@medflow/fhir-insurance/validate';
import type { CoverageEligibilityRequest, CoverageEligibilityResponse } from '@medplum/fhirtypes';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../support/fixtures';
import { generateClientKey } from '../support/keys';
import {
  CLIENT_ID,
  capabilityStatement,
  createPayer,
  fhirJson,
  PAYER_BASE,
  searchset,
} from '../support/payer';

const server = setupServer();
beforeAll(() => {
  loadFhirDefinitions();
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const input: EligibilityRequestInput = {
  patient: { given: ['Ada'], family: 'Lovelace', birthDate: '1980-02-03', gender: 'female' },
  coverage: { memberId: 'W123456789', groupNumber: 'GRP-778' },
  payer: { id: '60054', name: 'Aetna' },
  provider: { npi: '1234567893', name: 'Riverside Clinic' },
  servicedDate: '2026-11-26',
  serviceTypes: ['30', '98', 'MH'],
};

const fixedNow = () => new Date('2026-11-26T09:00:00Z');

function capabilitiesWithSubmit(withSubmit: boolean) {
  const statement = structuredClone(capabilityStatement);
  if (withSubmit)
    statement.rest?.[0]?.resource?.push({
      type: 'CoverageEligibilityRequest',
      interaction: [{ code: 'create' }],
      operation: [
        {
          name: 'submit',
          definition: 'http://example.org/OperationDefinition/CoverageEligibilityRequest-submit',
        },
      ],
    });
  return http.get(`${PAYER_BASE}/metadata`, () => fhirJson(statement));
}

describe('checkEligibility over FHIR', () => {
  it('sends a valid CoverageEligibilityRequest through SMART auth and normalizes the answer', async () => {
    const key = await generateClientKey('ES384');
    const payer = createPayer({ publicJwk: key.publicJwk, algorithm: 'ES384' });
    const received: CoverageEligibilityRequest[] = [];
    server.use(
      ...payer.handlers,
      capabilitiesWithSubmit(true),
      http.post(
        `${PAYER_BASE}/CoverageEligibilityRequest/$submit`,
        payer.guarded(async ({ request }) => {
          received.push((await request.json()) as CoverageEligibilityRequest);
          return fhirJson(fixture('coverage-eligibility-response.json'));
        }),
      ),
    );
    const client = createFhirClient({
      baseUrl: PAYER_BASE,
      auth: {
        type: 'smart-backend-services',
        clientId: CLIENT_ID,
        privateKey: key.privateKey,
        algorithm: 'ES384',
        kid: 'clinic-key-1',
        scope: 'system/CoverageEligibilityRequest.write',
      },
    });
    const transport = createFhirEligibilityTransport({ client, now: fixedNow });
    const result = await checkEligibility(input, { transport });

    const sent = received[0] as CoverageEligibilityRequest;
    assertValidFhirResource(sent);
    expect(sent.purpose).toEqual(['benefits', 'validation']);
    expect(sent.item?.map((i) => i.category?.coding?.[0]?.code)).toEqual(['30', '98', 'MH']);
    expect(sent.contained?.map((r) => r.resourceType)).toEqual(['Patient', 'Coverage']);
    expect(sent.provider?.identifier).toEqual({
      system: 'http://hl7.org/fhir/sid/us-npi',
      value: '1234567893',
    });

    expect(result).toMatchObject({
      source: 'fhir',
      inForce: true,
      benefitPeriod: { start: '2026-01-01', end: '2026-12-31' },
      plan: { id: 'PPO-GOLD', name: 'Open Access PPO Gold', groupId: 'GRP-778', groupName: 'Acme Corp' },
      payer: { id: '60054', name: 'Aetna' },
      memberId: 'W123456789',
      rejections: [],
    });
    expect(result.services[0]).toEqual({
      category: {
        system: 'https://x12.org/codes/service-type-codes',
        code: '30',
        display: 'Health Benefit Plan Coverage',
      },
      network: 'in',
      unit: 'individual',
      term: 'annual',
      excluded: false,
      deductible: {
        allowed: { amount: 150_000, currency: 'usd' },
        used: { amount: 35_075, currency: 'usd' },
        remaining: { amount: 114_925, currency: 'usd' },
      },
      outOfPocket: {
        allowed: { amount: 600_000, currency: 'usd' },
        used: { amount: 121_040, currency: 'usd' },
        remaining: { amount: 478_960, currency: 'usd' },
      },
      coinsurancePercent: 20,
    });
    expect(result.services.map((s) => [s.category.code, s.network, s.unit])).toEqual([
      ['30', 'in', 'individual'],
      ['30', 'in', 'family'],
      ['30', 'out', 'individual'],
      ['98', 'in', 'individual'],
      ['MH', 'in', undefined],
      ['AL', 'any', undefined],
    ]);
    expect(result.services[2]?.coinsurancePercent).toBe(40);
    expect(result.services[3]).toMatchObject({
      copay: { allowed: { amount: 2500, currency: 'usd' } },
      authorizationRequired: false,
    });
    expect(result.services[4]?.authorizationRequired).toBe(true);
    expect(result.services[5]?.excluded).toBe(true);
    expect(result.original).toEqual({
      format: 'fhir',
      response: fixture('coverage-eligibility-response.json'),
    });
  });

  it('falls back to create + search when the server has no $submit', async () => {
    const calls: string[] = [];
    server.use(
      capabilitiesWithSubmit(false),
      http.post(`${PAYER_BASE}/CoverageEligibilityRequest`, async ({ request }) => {
        calls.push('create');
        const body = (await request.json()) as CoverageEligibilityRequest;
        return fhirJson({ ...body, id: 'cereq-551' }, { status: 201 });
      }),
      http.get(`${PAYER_BASE}/CoverageEligibilityResponse`, ({ request }) => {
        calls.push(`search ${new URL(request.url).searchParams.get('request')}`);
        return fhirJson(
          searchset([fixture<CoverageEligibilityResponse>('coverage-eligibility-response.json')], {
            self: request.url,
          }),
        );
      }),
    );
    const client = createFhirClient({ baseUrl: PAYER_BASE, auth: { type: 'bearer', token: 't' } });
    const result = await checkEligibility(input, { transport: createFhirEligibilityTransport({ client }) });
    expect(calls).toEqual(['create', 'search CoverageEligibilityRequest/cereq-551']);
    expect(result.inForce).toBe(true);
  });

  it('reports a payer rejection as not in force with its code', async () => {
    server.use(
      http.post(`${PAYER_BASE}/CoverageEligibilityRequest/$submit`, () =>
        fhirJson(fixture('coverage-eligibility-response-error.json')),
      ),
    );
    const client = createFhirClient({ baseUrl: PAYER_BASE, auth: { type: 'bearer', token: 't' } });
    const transport = createFhirEligibilityTransport({ client, mode: 'submit' });
    const result = await checkEligibility({ ...input, purpose: ['validation'] }, { transport });
    expect(result.inForce).toBe(false);
    expect(result.services).toEqual([]);
    expect(result.rejections).toEqual([
      {
        system: 'https://codesystem.x12.org/005010/901',
        code: '75',
        display: 'Subscriber/Insured Not Found',
      },
    ]);
  });

  it('retries a lost $submit answer, since asking twice changes nothing', async () => {
    let calls = 0;
    server.use(
      http.post(`${PAYER_BASE}/CoverageEligibilityRequest/$submit`, () =>
        ++calls === 1
          ? fhirJson(
              { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] },
              { status: 503 },
            )
          : fhirJson(fixture('coverage-eligibility-response.json')),
      ),
    );
    const client = createFhirClient({ baseUrl: PAYER_BASE, auth: { type: 'none' }, sleep: async () => {} });
    const result = await checkEligibility(input, {
      transport: createFhirEligibilityTransport({ client, mode: 'submit' }),
    });
    expect(calls).toBe(2);
    expect(result.inForce).toBe(true);
  });

  it('references an existing Coverage instead of containing one', async () => {
    let sent: CoverageEligibilityRequest | undefined;
    server.use(
      http.post(`${PAYER_BASE}/CoverageEligibilityRequest/$submit`, async ({ request }) => {
        sent = (await request.json()) as CoverageEligibilityRequest;
        return fhirJson(fixture('coverage-eligibility-response.json'));
      }),
    );
    const client = createFhirClient({ baseUrl: PAYER_BASE, auth: { type: 'none' } });
    await checkEligibility(
      { ...input, coverage: { memberId: 'W123456789', fhirCoverageId: 'cov-1' } },
      { transport: createFhirEligibilityTransport({ client, mode: 'submit', now: fixedNow }) },
    );
    expect(sent?.insurance?.[0]?.coverage).toEqual({ reference: 'Coverage/cov-1' });
    expect(sent?.contained?.map((r) => r.resourceType)).toEqual(['Patient']);
    assertValidFhirResource(sent as CoverageEligibilityRequest);
  });

  it('reads X12-style coinsurance fractions and leaves unknown benefit types out', () => {
    const response = fixture<CoverageEligibilityResponse>('coverage-eligibility-response.json');
    const item = response.insurance?.[0]?.item?.[2];
    if (!item?.benefit) throw new Error('fixture changed');
    item.benefit = [
      { type: { coding: [{ code: 'coinsurance' }] }, allowedString: '0.35' },
      { type: { coding: [{ code: 'room' }] }, allowedMoney: { value: 100, currency: 'USD' } },
    ];
    const line = normalizeCoverageEligibilityResponse(response).services[2];
    expect(line?.coinsurancePercent).toBe(35);
    expect(line?.deductible).toBeUndefined();
  });

  it('audits every payer call without patient data', async () => {
    const key = await generateClientKey('RS384');
    const payer = createPayer({ publicJwk: key.publicJwk, algorithm: 'RS384' });
    server.use(
      ...payer.handlers,
      http.post(
        `${PAYER_BASE}/CoverageEligibilityRequest/$submit`,
        payer.guarded(() => fhirJson(fixture('coverage-eligibility-response.json'))),
      ),
    );
    const events: AuditEvent[] = [];
    const client = createFhirClient({
      baseUrl: PAYER_BASE,
      audit: { log: (event) => void events.push(event) },
      auth: {
        type: 'smart-backend-services',
        clientId: CLIENT_ID,
        privateKey: key.privateKey,
        algorithm: 'RS384',
        kid: 'clinic-key-1',
        scope: 'system/*.read',
      },
    });
    await checkEligibility(input, { transport: createFhirEligibilityTransport({ client, mode: 'submit' }) });
    expect(events.map((e) => [e.action, e.outcome, e.status])).toEqual([
      ['fhir.smart_configuration', 'success', 200],
      ['fhir.token', 'success', 200],
      ['fhir.$submit', 'success', 200],
    ]);
    const logged = JSON.stringify(events);
    for (const phi of ['Lovelace', 'Ada', '1980-02-03', 'W123456789', 'at-1'])
      expect(logged).not.toContain(phi);
  });
});
