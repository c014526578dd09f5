import type { CoverageEligibilityRequest } from '@medplum/fhirtypes';
import { z } from 'zod';
import {
  fhirId,
  isoDate,
  isoDateTime,
  parseInput,
  payerReference,
  payerSchema,
  providerReference,
  providerSchema,
  referenceSchema,
  toReference,
} from './common';
import { SYSTEMS } from './systems';

export const coverageEligibilityRequestInputSchema = z.object({
  id: fhirId.optional(),
  status: z.enum(['active', 'cancelled', 'draft', 'entered-in-error']).default('active'),
  purpose: z.array(z.enum(['auth-requirements', 'benefits', 'discovery', 'validation'])).min(1),
  patient: referenceSchema,
  /** When the request was made; defaults to now. */
  created: isoDateTime.optional(),
  servicedDate: isoDate.optional(),
  provider: providerSchema.optional(),
  insurer: payerSchema,
  insurance: z
    .array(z.object({ focal: z.boolean().default(true), coverage: referenceSchema }))
    .min(1)
    .refine((list) => list.filter((i) => i.focal).length <= 1, 'At most one insurance may be focal'),
  items: z
    .array(
      z.object({
        /** X12 service type code, e.g. `30` (plan coverage) or `98` (professional visit). */
        category: z.string().regex(/^[A-Z0-9]{1,2}$/, 'X12 service type codes are 1–2 characters'),
        productOrService: z
          .object({ code: z.string().min(1), system: z.string().min(1).default(SYSTEMS.cpt) })
          .optional(),
      }),
    )
    .default([]),
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
