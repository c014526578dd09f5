import { MedflowError } from '@medflow/core';
import {
  normalizeCoverageEligibilityResponse,
  normalizeExplanationOfBenefit,
  summarizeClaimResponse,
} from '@medflow/fhir-insurance';
import type { Bundle } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../support/fixtures';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value)
    ? value.flatMap((v, i) => paths(v, [...prefix, i]))
    : Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]));
  return [prefix, ...children];
}

function replaceAt(value: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  if (value && typeof value === 'object')
    return { ...value, [head as string]: replaceAt(value[head as string] as Json, rest, replacement) };
  return value;
}

/** Normalizing a damaged payer answer ends in a value or a typed error, never a TypeError. */
function survives(normalize: (value: never) => unknown, base: Json, resourceType: string) {
  const all = paths(base).filter((p) => p.length > 0 && p[0] !== 'resourceType');
  fc.assert(
    fc.property(fc.nat({ max: all.length - 1 }), fc.jsonValue(), (index, replacement) => {
      const mutated = replaceAt(base, all[index] ?? [], replacement as Json);
      try {
        normalize(mutated as never);
      } catch (error) {
        expect(error).toBeInstanceOf(MedflowError);
      }
    }),
    { numRuns: 400 },
  );
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (junk) => {
      try {
        normalize({ ...junk, resourceType } as never);
      } catch (error) {
        expect(error).toBeInstanceOf(MedflowError);
      }
    }),
    { numRuns: 200 },
  );
}

describe('normalizers on damaged payer answers', () => {
  it('CoverageEligibilityResponse', () => {
    survives(
      normalizeCoverageEligibilityResponse,
      fixture('coverage-eligibility-response.json'),
      'CoverageEligibilityResponse',
    );
  });

  it('ClaimResponse', () => {
    survives(summarizeClaimResponse, fixture('claim-response.json'), 'ClaimResponse');
    const pas = fixture<Bundle>('pas-response-bundle.json').entry?.[0]?.resource as unknown as Json;
    survives(summarizeClaimResponse, pas, 'ClaimResponse');
  });

  it('ExplanationOfBenefit', () => {
    const [eob] = fixture<Json[]>('carin-eobs.json');
    survives(normalizeExplanationOfBenefit, eob as Json, 'ExplanationOfBenefit');
  });
});
