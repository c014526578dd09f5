import type { CoverageEligibilityRequest } from '@medplum/fhirtypes';
import * as z from 'zod/mini';
import { common, parseInput, payerReference, providerReference, toReference } from './common';
import { SYSTEMS } from './systems';

export const coverageEligibilityRequestInputSchema = z.lazy(() => {
  const {
    fhirId,
    isoDate,
    isoDateTime,
    reference: referenceSchema,
    provider: providerSchema,
    payer: payerSchema,
    nonEmpty,
  } = common();

  return z.object({
    id: z.optional(fhirId),
    status: z._default(z.enum(['active', 'cancelled', 'draft', 'entered-in-error']), 'active'),
    purpose: z
      .array(z.enum(['auth-requirements', 'benefits', 'discovery', 'validation']))
      .check(z.minLength(1)),
    patient: referenceSchema,
    /** When the request was made; defaults to now. */
    created: z.optional(isoDateTime),
    servicedDate: z.optional(isoDate),
    provider: z.optional(providerSchema),
    insurer: payerSchema,
    insurance: z.array(z.object({ focal: z._default(z.boolean(), true), coverage: referenceSchema })).check(
      z.minLength(1),
      z.refine((list) => list.filter((i) => i.focal).length <= 1, 'At most one insurance may be focal'),
    ),
    items: z._default(
      z.array(
        z.object({
          /** X12 service type code, e.g. `30` (plan coverage) or `98` (professional visit). */
          category: z.string().check(z.regex(/^[A-Z0-9]{1,2}$/, 'X12 service type codes are 1–2 characters')),
          productOrService: z.optional(
            z.object({
              code: nonEmpty,
              system: z._default(nonEmpty, SYSTEMS.cpt),
            }),
          ),
        }),
      ),
      [],
    ),
  });
});

export type CoverageEligibilityRequestInput = z.input<typeof coverageEligibilityRequestInputSchema>;

export function buildCoverageEligibilityRequest(
  input: CoverageEligibilityRequestInput,
): CoverageEligibilityRequest {
  const r = parseInput(coverageEligibilityRequestInputSchema, input, 'eligibility request');
  return {
    resourceType: 'CoverageEligibilityRequest',
    ...(r.id ? { id: r.id } : {}),
    status: r.status,
    purpose: r.purpose,
    patient: toReference(r.patient),
    ...(r.servicedDate ? { servicedDate: r.servicedDate } : {}),
    created: r.created ?? new Date().toISOString(),
    ...(r.provider ? { provider: providerReference(r.provider) } : {}),
    insurer: payerReference(r.insurer),
    insurance: r.insurance.map((i) => ({ focal: i.focal, coverage: toReference(i.coverage) })),
    ...(r.items.length
      ? {
          item: r.items.map((item) => ({
            category: { coding: [{ system: SYSTEMS.serviceType, code: item.category }] },
            ...(item.productOrService
              ? {
                  productOrService: {
                    coding: [{ system: item.productOrService.system, code: item.productOrService.code }],
                  },
                }
              : {}),
          })),
        }
      : {}),
  };
}
