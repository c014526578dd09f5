import type { CoverageEligibilityResponse } from '@medplum/fhirtypes';
import * as z from 'zod/mini';
import { strings } from '../zod';

/**
 * The one shape every eligibility transport (FHIR CoverageEligibilityRequest/Response, X12
 * 270/271) returns, so clinic code never branches on how the payer was reached.
 */

/** An amount in integer minor units of `currency` (ISO 4217, lower case), e.g. `{ amount: 2500, currency: 'usd' }`. */
export interface MinorUnits {
  amount: number;
  currency: string;
}

/** `in`: in-network benefits; `out`: out-of-network; `any`: the payer did not distinguish (X12 EB12 `W`, no FHIR network). */
export type EligibilityNetwork = 'in' | 'out' | 'any';

/** Whose accumulator a benefit counts against. */
export type EligibilityUnit = 'individual' | 'family';

/**
 * The period a benefit applies to: FHIR benefit-term codes (`annual`, `day`, `lifetime`), plus the
 * X12 EB06 periods that have no FHIR code (`visit`, `episode`, `service-year`, `contract`).
 */
export type EligibilityTerm =
  | 'annual'
  | 'day'
  | 'lifetime'
  | 'visit'
  | 'episode'
  | 'service-year'
  | 'contract';

/** Allowed (the plan's limit) and used (accumulated so far); `remaining` is given when the payer sends it. */
export interface BenefitAccumulator {
  allowed?: MinorUnits;
  used?: MinorUnits;
  remaining?: MinorUnits;
}

export interface CodedValue {
  system?: string;
  code: string;
  display?: string;
}

/**
 * One benefit line: a service category under one network/unit/term combination. A payer answer
 * usually has several lines per category (in/out of network × individual/family).
 */
export interface EligibilityServiceBenefits {
  /** X12 service type code (`30` health benefit plan coverage, `98` professional visit, …), system `https://x12.org/codes/service-type-codes`. */
  category: CodedValue;
  /** A CPT/HCPCS code when the payer answered for one procedure rather than a category. */
  productOrService?: CodedValue;
  network: EligibilityNetwork;
  unit?: EligibilityUnit;
  term?: EligibilityTerm;
  /** True when the payer says this category is not covered. */
  excluded: boolean;
  /** True when the payer requires prior authorization; undefined when it did not say. */
  authorizationRequired?: boolean;
  deductible?: BenefitAccumulator;
  /** Fixed amount the patient pays per service (`allowed` is the copay). */
  copay?: BenefitAccumulator;
  /** Patient's share as a percentage, 0–100 (X12 EB08 `.2` becomes 20). */
  coinsurancePercent?: number;
  outOfPocket?: BenefitAccumulator;
}

export interface EligibilityPlan {
  /** Plan or group identifier as the payer knows it. */
  id?: string;
  name?: string;
  groupId?: string;
  groupName?: string;
}

/** A payer-side problem with the request (FHIR CoverageEligibilityResponse.error, X12 AAA). Codes only, no free text. */
export interface EligibilityRejection {
  code: string;
  system?: string;
  /** Code-system display text, never the payer's free text. */
  display?: string;
}

/** The untouched payer answer, kept for audit. */
export type EligibilityOriginal =
  | { format: 'fhir'; response: CoverageEligibilityResponse }
  | {
      format: 'x12' /** The 271 interchange exactly as received. */;
      raw: string /** Parsed form, transport-specific. */;
      parsed?: unknown;
    };

export interface EligibilityResult {
  /** Which transport produced this result. */
  source: 'fhir' | 'x12';
  /** Coverage is active on the serviced date. */
  inForce: boolean;
  /** Benefit period as ISO dates (`YYYY-MM-DD`). */
  benefitPeriod?: { start?: string; end?: string };
  plan?: EligibilityPlan;
  payer?: { id?: string; name?: string };
  /** Member id echoed by the payer. */
  memberId?: string;
  services: EligibilityServiceBenefits[];
  rejections: EligibilityRejection[];
  original: EligibilityOriginal;
}

/** What a clinic knows when it asks "is this patient covered, and for what". Transport-neutral. */
export const eligibilityRequestSchema = z.lazy(() => {
  const { nonEmpty, optionalNonEmpty } = strings();
  const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD'));

  const personSchema = z.object({
    given: z.array(nonEmpty).check(z.minLength(1)),
    family: nonEmpty,
    birthDate: isoDate,
    gender: z.optional(z.enum(['male', 'female', 'other', 'unknown'])),
  });

  return z.object({
    patient: z.extend(personSchema, {
      /** The clinic's own patient id (FHIR Patient.id / X12 2100C REF EJ). */
      id: optionalNonEmpty,
    }),
    /** The policy holder when it is not the patient. */
    subscriber: z.optional(personSchema),
    relationship: z._default(z.enum(['self', 'spouse', 'child', 'other']), 'self'),
    coverage: z.object({
      memberId: nonEmpty,
      groupNumber: optionalNonEmpty,
      /** An existing Coverage resource id on the payer's FHIR server, when known. */
      fhirCoverageId: optionalNonEmpty,
    }),
    payer: z.object({
      /** Payer id (X12 NM109 / FHIR Organization identifier). */
      id: nonEmpty,
      name: nonEmpty,
    }),
    provider: z.object({
      npi: z.string().check(z.regex(/^\d{10}$/, 'NPI must be 10 digits')),
      name: nonEmpty,
      /** Organization rather than an individual practitioner. */
      organization: z._default(z.boolean(), true),
    }),
    servicedDate: z.optional(isoDate),
    /** X12 service type codes; `30` asks for the general plan benefits. */
    serviceTypes: z._default(
      z
        .array(z.string().check(z.regex(/^[A-Z0-9]{1,2}$/, 'X12 service type codes are 1–2 characters')))
        .check(z.minLength(1)),
      ['30'],
    ),
    purpose: z._default(
      z.array(z.enum(['auth-requirements', 'benefits', 'discovery', 'validation'])).check(z.minLength(1)),
      ['benefits', 'validation'],
    ),
  });
});

export type EligibilityRequestInput = z.input<typeof eligibilityRequestSchema>;
/** A validated request, defaults applied: what a transport receives. */
export type EligibilityRequest = z.output<typeof eligibilityRequestSchema>;

/** How `checkEligibility` reaches a payer: FHIR (`createFhirEligibilityTransport`) or X12 270/271. */
export interface EligibilityTransport {
  readonly kind: 'fhir' | 'x12';
  check(request: EligibilityRequest, options?: { signal?: AbortSignal }): Promise<EligibilityResult>;
}
