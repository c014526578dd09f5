import { validationErrorFromZod } from '@medflow/core';
import { z } from 'zod';
import { invalidPayerResponse } from './client/errors';

/**
 * Shape checks for the parts of payer responses the normalizers read. Loose objects: anything
 * else a payer sends passes through untouched (and stays in `original`), but a field we read with
 * the wrong type is a ValidationError naming its path rather than a crash deeper in.
 */
const str = z.string().optional();
const coding = z.looseObject({ system: str, code: str, display: str });
const concept = z.looseObject({ coding: z.array(coding).optional(), text: str }).optional();
const money = z.looseObject({ value: z.number().finite().optional(), currency: str }).optional();
const reference = z.looseObject({
  reference: str,
  display: str,
  identifier: z.looseObject({ system: str, value: str }).optional(),
});
const period = z.looseObject({ start: str, end: str }).optional();
const extension: z.ZodType<unknown> = z.lazy(() =>
  z.looseObject({ url: z.string(), valueCodeableConcept: concept, extension: z.array(extension).optional() }),
);
const extensions = z.array(extension).optional();

const benefit = z.looseObject({
  type: concept,
  allowedMoney: money,
  usedMoney: money,
  allowedUnsignedInt: z.number().optional(),
  allowedString: str,
  usedUnsignedInt: z.number().optional(),
  usedString: str,
});

export const coverageEligibilityResponseShape = z.looseObject({
  resourceType: z.literal('CoverageEligibilityResponse'),
  outcome: str,
  insurer: reference.optional(),
  contained: z.array(z.looseObject({ resourceType: z.string() })).optional(),
  insurance: z
    .array(
      z.looseObject({
        coverage: reference.optional(),
        inforce: z.boolean().optional(),
        benefitPeriod: period,
        item: z
          .array(
            z.looseObject({
              category: concept,
              productOrService: concept,
              excluded: z.boolean().optional(),
              network: concept,
              unit: concept,
              term: concept,
              authorizationRequired: z.boolean().optional(),
              benefit: z.array(benefit).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  error: z.array(z.looseObject({ code: concept })).optional(),
});

export const coverageShape = z.looseObject({
  resourceType: z.literal('Coverage'),
  id: str,
  subscriberId: str,
  class: z.array(z.looseObject({ type: concept, value: str, name: str })).optional(),
});

const adjudication = z.looseObject({
  category: concept,
  amount: money,
  reason: concept,
  extension: extensions,
});

export const claimResponseShape = z.looseObject({
  resourceType: z.literal('ClaimResponse'),
  use: str,
  outcome: str,
  preAuthRef: str,
  preAuthPeriod: period,
  item: z
    .array(
      z.looseObject({
        itemSequence: z.number().int(),
        adjudication: z.array(adjudication).optional(),
        extension: extensions,
      }),
    )
    .optional(),
  total: z.array(z.looseObject({ category: concept, amount: money })).optional(),
  payment: z.looseObject({ amount: money }).optional(),
  error: z.array(z.looseObject({ code: concept })).optional(),
});

export const explanationOfBenefitShape = z.looseObject({
  resourceType: z.literal('ExplanationOfBenefit'),
  meta: z.looseObject({ profile: z.array(z.string()).optional() }).optional(),
  identifier: z.array(z.looseObject({ type: concept, value: str })).optional(),
  type: concept,
  status: str,
  outcome: str,
  created: str,
  billablePeriod: period,
  provider: reference.optional(),
  insurer: reference.optional(),
  item: z
    .array(
      z.looseObject({
        sequence: z.number().int(),
        productOrService: concept,
        servicedDate: str,
        servicedPeriod: period,
        quantity: z.looseObject({ value: z.number().optional() }).optional(),
        adjudication: z.array(adjudication).optional(),
      }),
    )
    .optional(),
  total: z.array(z.looseObject({ category: concept, amount: money })).optional(),
  payment: z.looseObject({ amount: money }).optional(),
});

export function assertShape(schema: z.ZodType, value: unknown, what: string): void {
  const result = schema.safeParse(value);
  if (!result.success) {
    const error = validationErrorFromZod(result.error, `Unexpected ${what} from the payer`);
    throw invalidPayerResponse(error.message, error.issues, result.error);
  }
}
