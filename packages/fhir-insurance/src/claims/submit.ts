import { ValidationError } from '@medflow/core';
import type { Bundle, BundleEntry, Claim, ClaimResponse, Resource } from '@medplum/fhirtypes';
import type { FhirClient } from '../client/client';
import { invalidPayerResponse } from '../client/errors';
import { type ClaimResponseSummary, summarizeClaimResponse } from './summary';

export interface ClaimSubmission {
  claimResponse: ClaimResponse;
  summary: ClaimResponseSummary;
  /** The whole answer (a ClaimResponse or PAS response Bundle), kept for audit. */
  original: Resource;
}

function claimResponseFrom(resource: Resource): ClaimResponse | undefined {
  if (resource.resourceType === 'ClaimResponse') return resource;
  if (resource.resourceType === 'Bundle')
    return (resource as Bundle).entry
      ?.map((e) => e.resource)
      .find((r): r is ClaimResponse => r?.resourceType === 'ClaimResponse');
  return undefined;
}

function toSubmission(answer: Resource, currency: string | undefined): ClaimSubmission {
  const claimResponse = claimResponseFrom(answer);
  if (!claimResponse) throw invalidPayerResponse('FHIR server answered without a ClaimResponse');
  return { claimResponse, summary: summarizeClaimResponse(claimResponse, { currency }), original: answer };
}

function currencyOf(claim: Claim): string | undefined {
  return claim.total?.currency?.toLowerCase();
}

/**
 * Submits a claim through `Claim/$submit` and returns the payer's ClaimResponse, summarized.
 * Not retried: `$submit` has no idempotency guarantee, and a duplicate claim is worse than a failure
 * the caller can look up (by Claim.identifier) before resubmitting.
 */
export async function submitClaim(
  client: FhirClient,
  claim: Claim,
  options: { signal?: AbortSignal } = {},
): Promise<ClaimSubmission> {
  if (claim.use !== 'claim')
    throw new ValidationError('submitClaim expects a Claim with use "claim"', [
      { path: ['use'], message: 'must be claim' },
    ]);
  const answer = await client.operation('Claim/$submit', claim, { signal: options.signal });
  return toSubmission(answer, currencyOf(claim));
}

export interface PriorAuthInput {
  /** A Claim with use `preauthorization`; its references must point at the resources below. */
  claim: Claim;
  /** Patient, Coverage, requesting provider, insurer, and anything else the Claim references. */
  resources: Resource[];
}

function entryFor(resource: Resource, baseUrl: string): BundleEntry {
  // An entry's fullUrl must resolve the Claim's relative references (`Patient/123`) against the server base.
  const fullUrl = resource.id
    ? `${baseUrl}/${resource.resourceType}/${resource.id}`
    : `urn:uuid:${crypto.randomUUID()}`;
  return { fullUrl, resource };
}

/** The Da Vinci PAS request Bundle: a `collection` whose first entry is the Claim. */
export function buildPriorAuthBundle(
  input: PriorAuthInput,
  options: { baseUrl: string; now?: Date },
): Bundle {
  return {
    resourceType: 'Bundle',
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${crypto.randomUUID()}` },
    type: 'collection',
    timestamp: (options.now ?? new Date()).toISOString(),
    entry: [input.claim, ...input.resources].map((r) => entryFor(r, options.baseUrl)),
  };
}

/**
 * Requests prior authorization the Da Vinci PAS way: a Bundle to `Claim/$submit`; the answer is a
 * Bundle whose ClaimResponse carries the decision per item and `preAuthRef`.
 */
export async function requestPriorAuth(
  client: FhirClient,
  input: PriorAuthInput,
  options: { signal?: AbortSignal; now?: Date } = {},
): Promise<ClaimSubmission> {
  if (input.claim.use !== 'preauthorization')
    throw new ValidationError('requestPriorAuth expects a Claim with use "preauthorization"', [
      { path: ['claim', 'use'], message: 'must be preauthorization' },
    ]);
  const bundle = buildPriorAuthBundle(input, { baseUrl: client.baseUrl, now: options.now });
  const answer = await client.operation('Claim/$submit', bundle, { signal: options.signal });
  return toSubmission(answer, currencyOf(input.claim));
}

/**
 * Asks for the current state of an earlier prior-authorization request (`Claim/$inquire`). The
 * inquiry Claim carries the original request's identifier; an inquiry changes nothing, so it is retried.
 */
export async function inquirePriorAuth(
  client: FhirClient,
  input: PriorAuthInput,
  options: { signal?: AbortSignal; now?: Date } = {},
): Promise<ClaimSubmission> {
  if (!input.claim.identifier?.length)
    throw new ValidationError('An inquiry needs the identifier of the original request', [
      { path: ['claim', 'identifier'], message: 'required' },
    ]);
  const bundle = buildPriorAuthBundle(input, { baseUrl: client.baseUrl, now: options.now });
  const answer = await client.operation('Claim/$inquire', bundle, {
    retryable: true,
    signal: options.signal,
  });
  return toSubmission(answer, currencyOf(input.claim));
}
