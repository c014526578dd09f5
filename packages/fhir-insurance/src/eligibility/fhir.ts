import type {
  Bundle,
  Coverage,
  CoverageEligibilityRequest,
  CoverageEligibilityResponse,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import type { FhirClient } from '../client/client';
import { invalidPayerResponse } from '../client/errors';
import { buildCoverage } from '../resources/coverage';
import { buildCoverageEligibilityRequest } from '../resources/eligibility-request';
import { buildPatient } from '../resources/patient';
import { normalizeCoverageEligibilityResponse } from './normalize';
import type { EligibilityRequest, EligibilityTransport } from './result';

export interface FhirEligibilityTransportOptions {
  client: FhirClient;
  /**
   * `submit`: POST the request to `CoverageEligibilityRequest/$submit` and read the response from the answer.
   * `create`: create the request, then search `CoverageEligibilityResponse?request=…`.
   * `auto` (default): `submit` when the CapabilityStatement lists it, `create` otherwise.
   */
  mode?: 'auto' | 'submit' | 'create';
  /** Clock seam for `created`. */
  now?: () => Date;
}

/** The request as one self-contained resource: Patient and Coverage travel as contained resources. */
export function toCoverageEligibilityRequest(
  request: EligibilityRequest,
  now: Date = new Date(),
): { resource: CoverageEligibilityRequest; coverage: Coverage | undefined } {
  const patient: Patient = {
    ...buildPatient({
      id: 'patient',
      given: request.patient.given,
      family: request.patient.family,
      birthDate: request.patient.birthDate,
      gender: request.patient.gender ?? 'unknown',
    }),
  };
  const contained: Resource[] = [patient];
  if (request.subscriber) {
    contained.push(
      buildPatient({
        id: 'subscriber',
        given: request.subscriber.given,
        family: request.subscriber.family,
        birthDate: request.subscriber.birthDate,
        gender: request.subscriber.gender ?? 'unknown',
      }),
    );
  }
  let coverage: Coverage | undefined;
  if (!request.coverage.fhirCoverageId) {
    coverage = buildCoverage({
      id: 'coverage',
      beneficiary: { reference: '#patient' },
      ...(request.subscriber ? { subscriber: { reference: '#subscriber' } } : {}),
      subscriberId: request.coverage.memberId,
      relationship: request.relationship,
      payer: { id: request.payer.id, name: request.payer.name },
      ...(request.coverage.groupNumber ? { group: { value: request.coverage.groupNumber } } : {}),
    });
    contained.push(coverage);
  }
  const resource = buildCoverageEligibilityRequest({
    purpose: request.purpose,
    patient: { reference: '#patient' },
    created: now.toISOString(),
    ...(request.servicedDate ? { servicedDate: request.servicedDate } : {}),
    provider: { npi: request.provider.npi, name: request.provider.name },
    insurer: { id: request.payer.id, name: request.payer.name },
    insurance: [
      {
        focal: true,
        coverage: {
          reference: request.coverage.fhirCoverageId
            ? `Coverage/${request.coverage.fhirCoverageId}`
            : '#coverage',
        },
      },
    ],
    items: request.serviceTypes.map((category) => ({ category })),
  });
  return { resource: { ...resource, contained }, coverage };
}

function responseFrom(resource: Resource | undefined): CoverageEligibilityResponse | undefined {
  if (!resource) return undefined;
  if (resource.resourceType === 'CoverageEligibilityResponse') return resource;
  if (resource.resourceType === 'Bundle')
    return (resource as Bundle).entry
      ?.map((e) => e.resource)
      .find((r): r is CoverageEligibilityResponse => r?.resourceType === 'CoverageEligibilityResponse');
  return undefined;
}

/** Eligibility over a payer's FHIR R4 API. */
export function createFhirEligibilityTransport(
  options: FhirEligibilityTransportOptions,
): EligibilityTransport {
  const { client } = options;
  const now = options.now ?? (() => new Date());

  async function chooseMode(): Promise<'submit' | 'create'> {
    if (options.mode && options.mode !== 'auto') return options.mode;
    const caps = await client.capabilities();
    return caps.supportsOperation('CoverageEligibilityRequest', 'submit') ? 'submit' : 'create';
  }

  return {
    kind: 'fhir',
    async check(request, checkOptions = {}) {
      const { resource, coverage } = toCoverageEligibilityRequest(request, now());
      const mode = await chooseMode();
      let response: CoverageEligibilityResponse | undefined;
      if (mode === 'submit') {
        // Asking about eligibility changes nothing at the payer, so a lost answer may be asked again.
        const answer = await client.operation('CoverageEligibilityRequest/$submit', resource, {
          retryable: true,
          signal: checkOptions.signal,
        });
        response = responseFrom(answer);
      } else {
        const created = await client.create(resource, { signal: checkOptions.signal });
        if (!created.id)
          throw invalidPayerResponse('FHIR server created the eligibility request without an id');
        const [found] = await client.searchAll<CoverageEligibilityResponse>(
          'CoverageEligibilityResponse',
          { request: `CoverageEligibilityRequest/${created.id}`, _sort: '-_lastUpdated', _count: 1 },
          { maxPages: 1, onPageLimit: 'truncate', signal: checkOptions.signal },
        );
        response = found;
      }
      if (!response) throw invalidPayerResponse('FHIR server returned no CoverageEligibilityResponse');
      return normalizeCoverageEligibilityResponse(response, { coverages: coverage ? [coverage] : [] });
    },
  };
}
