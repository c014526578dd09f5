import { RateLimitedError, ValidationError } from '@medflow/core';
import {
  buildClaim,
  createFhirClient,
  FhirOperationError,
  FhirPageLimitError,
} from '@medflow/fhir-insurance';
import type { Claim, Coverage } from '@medplum/fhirtypes';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { capabilityStatement, fhirJson, outcome, PAYER_BASE, searchset } from '../support/payer';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function makeClient() {
  const waits: number[] = [];
  const client = createFhirClient({
    baseUrl: `${PAYER_BASE}/`,
    auth: { type: 'bearer', token: 'tkn' },
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { client, waits };
}

const coverage = (n: number): Coverage => ({
  resourceType: 'Coverage',
  id: `cov-${n}`,
  status: 'active',
  beneficiary: { reference: 'Patient/pat-1' },
  payor: [{ reference: 'Organization/payer-1' }],
});

const claim: Claim = buildClaim({
  identifier: { system: 'https://riverside.example/claims', value: 'CLM-7' },
  patient: { reference: 'Patient/pat-1' },
  created: '2026-11-20T10:00:00Z',
  provider: { npi: '1234567893', name: 'Riverside Clinic' },
  insurer: { id: '60054', name: 'Aetna' },
  diagnoses: [{ code: 'J06.9' }],
  insurance: [{ focal: true, coverage: { reference: 'Coverage/cov-1' } }],
  items: [{ code: '99213', unitPrice: { amount: 12_000, currency: 'usd' } }],
});

describe('createFhirClient', () => {
  it('discovers supported resources and operations from /metadata, once', async () => {
    let calls = 0;
    server.use(
      http.get(`${PAYER_BASE}/metadata`, () => {
        calls++;
        return fhirJson(capabilityStatement);
      }),
    );
    const { client } = makeClient();
    const caps = await client.capabilities();
    await client.capabilities();
    expect(calls).toBe(1);
    expect(caps.fhirVersion).toBe('4.0.1');
    expect(caps.supportsOperation('Claim', '$submit')).toBe(true);
    expect(caps.supportsOperation('Claim', 'inquire')).toBe(true);
    expect(caps.supportsOperation('Coverage', 'submit')).toBe(false);
    expect(caps.supportsOperation('Patient', 'export')).toBe(true); // system level
    expect(caps.supportsInteraction('ExplanationOfBenefit', 'search-type')).toBe(true);
    expect(caps.supportsInteraction('Claim', 'delete')).toBe(false);
  });

  it('sends FHIR JSON headers and reads a resource', async () => {
    server.use(
      http.get(`${PAYER_BASE}/Coverage/:id`, ({ request, params }) => {
        expect(request.headers.get('accept')).toBe('application/fhir+json');
        expect(request.headers.get('authorization')).toBe('Bearer tkn');
        return fhirJson(coverage(Number(String(params.id).slice(4))));
      }),
    );
    const { client } = makeClient();
    await expect(client.read<Coverage>('Coverage', 'cov-3')).resolves.toMatchObject({
      id: 'cov-3',
      status: 'active',
    });
  });

  it('turns an OperationOutcome into a FhirOperationError whose message carries no server text', async () => {
    server.use(
      http.get(`${PAYER_BASE}/Patient/:id`, () =>
        fhirJson(outcome('not-found', 'Patient', 'Patient Jane Doe DOB 1980-02-03 not found'), {
          status: 404,
        }),
      ),
    );
    const { client } = makeClient();
    const error = (await client.read('Patient', 'x').catch((e: unknown) => e)) as FhirOperationError;
    expect(error).toBeInstanceOf(FhirOperationError);
    expect(error.status).toBe(404);
    expect(error.issues).toEqual([
      {
        severity: 'error',
        code: 'not-found',
        expression: ['Patient'],
        diagnostics: 'Patient Jane Doe DOB 1980-02-03 not found',
      },
    ]);
    expect(error.message).toBe('FHIR server rejected the request (404: not-found at Patient)');
    expect(error.message).not.toMatch(/Jane|1980/);
  });

  it('pages through Bundle.link[next] and skips included and outcome entries', async () => {
    server.use(
      http.get(`${PAYER_BASE}/Coverage`, ({ request }) => {
        const url = new URL(request.url);
        expect(url.searchParams.get('beneficiary')).toBe('Patient/pat-1');
        const page = Number(url.searchParams.get('_page') ?? '1');
        const bundle = searchset([coverage(page * 2 - 1), coverage(page * 2)], {
          self: request.url,
          next: page < 3 ? `${PAYER_BASE}/Coverage?beneficiary=Patient/pat-1&_page=${page + 1}` : undefined,
          total: 6,
        });
        bundle.entry?.push(
          { resource: { resourceType: 'Organization', id: 'payer-1' }, search: { mode: 'include' } },
          {
            resource: outcome('informational', 'Coverage', 'page served', 'information'),
            search: { mode: 'outcome' },
          },
        );
        return fhirJson(bundle);
      }),
    );
    const { client } = makeClient();
    const ids: string[] = [];
    for await (const c of client.search<Coverage>('Coverage', { beneficiary: 'Patient/pat-1' }))
      ids.push(c.id ?? '');
    expect(ids).toEqual(['cov-1', 'cov-2', 'cov-3', 'cov-4', 'cov-5', 'cov-6']);
    await expect(
      client.searchAll('Coverage', { beneficiary: 'Patient/pat-1' }, { maxPages: 2 }),
    ).rejects.toBeInstanceOf(FhirPageLimitError);
    const truncated = await client.searchAll(
      'Coverage',
      { beneficiary: 'Patient/pat-1' },
      { maxPages: 2, onPageLimit: 'truncate' },
    );
    expect(truncated).toHaveLength(4);
  });

  it('refuses to follow a next link to another host', async () => {
    server.use(
      http.get(`${PAYER_BASE}/Coverage`, ({ request }) =>
        fhirJson(
          searchset([coverage(1)], { self: request.url, next: 'https://elsewhere.example/Coverage?page=2' }),
        ),
      ),
    );
    const { client } = makeClient();
    await expect(client.searchAll('Coverage')).rejects.toMatchObject({ code: 'fhir_foreign_link' });
  });

  it('honours Retry-After on 429 for reads', async () => {
    let calls = 0;
    server.use(
      http.get(`${PAYER_BASE}/Coverage/:id`, () =>
        ++calls === 1
          ? fhirJson(outcome('throttled', 'Coverage', 'slow down'), {
              status: 429,
              headers: { 'retry-after': '2' },
            })
          : fhirJson(coverage(1)),
      ),
    );
    const { client, waits } = makeClient();
    await expect(client.read('Coverage', 'cov-1')).resolves.toMatchObject({ id: 'cov-1' });
    expect(waits).toEqual([2000]);
  });

  it('gives up with RateLimitedError when 429 persists', async () => {
    server.use(
      http.get(`${PAYER_BASE}/Coverage/:id`, () =>
        fhirJson(outcome('throttled', 'Coverage', 'slow down'), {
          status: 429,
          headers: { 'retry-after': '1' },
        }),
      ),
    );
    const { client, waits } = makeClient();
    const error = await client.read('Coverage', 'cov-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(1000);
    expect(waits).toEqual([1000, 1000]);
  });

  it('never retries a plain create', async () => {
    let calls = 0;
    server.use(
      http.post(`${PAYER_BASE}/Claim`, () => {
        calls++;
        return fhirJson(outcome('transient', 'Claim', 'try later'), { status: 503 });
      }),
    );
    const { client } = makeClient();
    await expect(client.create(claim)).rejects.toMatchObject({
      code: 'fhir_operation_failed',
      retryable: true,
    });
    expect(calls).toBe(1);
  });

  it('retries a conditional create and reports whether the server created anything', async () => {
    const stored = new Map<string, Claim>();
    let calls = 0;
    server.use(
      http.post(`${PAYER_BASE}/Claim`, async ({ request }) => {
        calls++;
        const condition = request.headers.get('if-none-exist');
        expect(condition).toBe('identifier=https%3A%2F%2Friverside.example%2Fclaims%7CCLM-7');
        const body = (await request.json()) as Claim;
        const key = new URLSearchParams(condition ?? '').get('identifier') ?? '';
        if (calls === 1) {
          // The server stored it, then the answer was lost on the way back.
          stored.set(key, { ...body, id: 'clm-1' });
          return fhirJson(outcome('transient', 'Claim', 'gateway timeout'), { status: 504 });
        }
        const existing = stored.get(key);
        if (existing) return fhirJson(existing, { status: 200 });
        stored.set(key, { ...body, id: 'clm-1' });
        return fhirJson({ ...body, id: 'clm-1' }, { status: 201 });
      }),
    );
    const { client } = makeClient();
    const result = await client.createIfNoneExist(claim, {
      identifier: 'https://riverside.example/claims|CLM-7',
    });
    expect(result).toMatchObject({ created: false, resource: { id: 'clm-1' } });
    expect(calls).toBe(2);
    expect(stored.size).toBe(1);
  });

  it('reads the created resource from Location when the server sends no body', async () => {
    server.use(
      http.post(
        `${PAYER_BASE}/Claim`,
        () =>
          new HttpResponse(null, {
            status: 201,
            headers: { location: `${PAYER_BASE}/Claim/clm-9/_history/1` },
          }),
      ),
      http.get(`${PAYER_BASE}/Claim/clm-9`, () => fhirJson({ ...claim, id: 'clm-9' })),
    );
    const { client } = makeClient();
    const result = await client.createIfNoneExist(claim, 'identifier=https://riverside.example/claims|CLM-7');
    expect(result).toMatchObject({ created: true, resource: { id: 'clm-9' } });
  });

  it('invokes operations and treats a 200 OperationOutcome as a failure where a resource was expected', async () => {
    server.use(
      http.post(`${PAYER_BASE}/Claim/$validate-pa`, () =>
        fhirJson(outcome('business-rule', 'Claim.item[0]', 'bad'), { status: 200 }),
      ),
      http.get(`${PAYER_BASE}/Patient/pat-1`, () =>
        fhirJson(outcome('processing', 'Patient', 'oops'), { status: 200 }),
      ),
    );
    const { client } = makeClient();
    const returned = await client.operation('Claim/$validate-pa', claim);
    expect(returned.resourceType).toBe('OperationOutcome');
    await expect(client.read('Patient', 'pat-1')).rejects.toBeInstanceOf(FhirOperationError);
  });

  it('rejects a body that is not FHIR JSON', async () => {
    server.use(
      http.get(
        `${PAYER_BASE}/Patient/pat-1`,
        () => new HttpResponse('<html>maintenance</html>', { status: 200 }),
      ),
    );
    const { client } = makeClient();
    await expect(client.read('Patient', 'pat-1')).rejects.toBeInstanceOf(ValidationError);
  });
});
