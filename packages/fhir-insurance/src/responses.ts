import { validationErrorFromZod } from '@medflow/core';
import * as z from 'zod/mini';
import { invalidPayerResponse } from './client/errors';
import { onFirstUse, safeParse } from './zod';

/**
 * Shape checks for the parts of payer responses the normalizers read. Loose objects: anything
 * else a payer sends passes through untouched (and stays in `original`), but a field we read with
 * the wrong type is a ValidationError naming its path rather than a crash deeper in.
 *
 * Built on first use rather than at import: these are most of the package's schemas, and
 * constructing them eagerly would be a visible share of the main entry's cold-import budget.
 */
function buildShapes() {
  const str = z.optional(z.string());
  const coding = z.looseObject({ system: str, code: str, display: str });
  const concept = z.optional(z.looseObject({ coding: z.optional(z.array(coding)), text: str }));
  // Classic zod's `.finite()` was a no-op: z.number() already rejects Infinity and NaN.
  const money = z.optional(z.looseObject({ value: z.optional(z.number()), currency: str }));
  const reference = z.looseObject({
    reference: str,
    display: str,
    identifier: z.optional(z.looseObject({ system: str, value: str })),
  });
  const period = z.optional(z.looseObject({ start: str, end: str }));
  const extension: z.ZodMiniType<unknown> = z.lazy(() =>
    z.looseObject({
      url: z.string(),
      valueCodeableConcept: concept,
      extension: z.optional(z.array(extension)),
    }),
  );
  const extensions = z.optional(z.array(extension));

  const benefit = z.looseObject({
    type: concept,
    allowedMoney: money,
    usedMoney: money,
    allowedUnsignedInt: z.optional(z.number()),
    allowedString: str,
    usedUnsignedInt: z.optional(z.number()),
    usedString: str,
  });

  const CoverageEligibilityResponse = z.looseObject({
    resourceType: z.literal('CoverageEligibilityResponse'),
    outcome: str,
    insurer: z.optional(reference),
    contained: z.optional(z.array(z.looseObject({ resourceType: z.string() }))),
    insurance: z.optional(
      z.array(
        z.looseObject({
          coverage: z.optional(reference),
          inforce: z.optional(z.boolean()),
          benefitPeriod: period,
          item: z.optional(
            z.array(
              z.looseObject({
                category: concept,
                productOrService: concept,
                excluded: z.optional(z.boolean()),
                network: concept,
                unit: concept,
                term: concept,
                authorizationRequired: z.optional(z.boolean()),
                benefit: z.optional(z.array(benefit)),
              }),
            ),
          ),
        }),
      ),
    ),
    error: z.optional(z.array(z.looseObject({ code: concept }))),
  });

  const Coverage = z.looseObject({
    resourceType: z.literal('Coverage'),
    id: str,
    subscriberId: str,
    class: z.optional(z.array(z.looseObject({ type: concept, value: str, name: str }))),
  });

  const adjudication = z.looseObject({
    category: concept,
    amount: money,
    reason: concept,
    extension: extensions,
  });

  const ClaimResponse = z.looseObject({
    resourceType: z.literal('ClaimResponse'),
    use: str,
    outcome: str,
    preAuthRef: str,
    preAuthPeriod: period,
    item: z.optional(
      z.array(
        z.looseObject({
          itemSequence: z.number().check(z.int()),
          adjudication: z.optional(z.array(adjudication)),
          extension: extensions,
        }),
      ),
    ),
    total: z.optional(z.array(z.looseObject({ category: concept, amount: money }))),
    payment: z.optional(z.looseObject({ amount: money })),
    error: z.optional(z.array(z.looseObject({ code: concept }))),
  });

  const ExplanationOfBenefit = z.looseObject({
    resourceType: z.literal('ExplanationOfBenefit'),
    meta: z.optional(z.looseObject({ profile: z.optional(z.array(z.string())) })),
    identifier: z.optional(z.array(z.looseObject({ type: concept, value: str }))),
    type: concept,
    status: str,
    outcome: str,
    created: str,
    billablePeriod: period,
    provider: z.optional(reference),
    insurer: z.optional(reference),
    item: z.optional(
      z.array(
        z.looseObject({
          sequence: z.number().check(z.int()),
          productOrService: concept,
          servicedDate: str,
          servicedPeriod: period,
          quantity: z.optional(z.looseObject({ value: z.optional(z.number()) })),
          adjudication: z.optional(z.array(adjudication)),
        }),
      ),
    ),
    total: z.optional(z.array(z.looseObject({ category: concept, amount: money }))),
    payment: z.optional(z.looseObject({ amount: money })),
  });

  return { CoverageEligibilityResponse, Coverage, ClaimResponse, ExplanationOfBenefit };
}

const shapes = onFirstUse(buildShapes);

/** The payer resource types whose shape the normalizers check before reading them. */
export type CheckedResource = keyof ReturnType<typeof buildShapes>;

export function assertShape(what: CheckedResource, value: unknown): void {
  const result = safeParse(shapes()[what], value);
  if (!result.success) {
    const error = validationErrorFromZod(result.error, `Unexpected ${what} from the payer`);
    throw invalidPayerResponse(error.message, error.issues, result.error);
  }
}
