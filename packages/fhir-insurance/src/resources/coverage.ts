import type { Coverage, CoverageCostToBeneficiary } from '@medplum/fhirtypes';
import * as z from 'zod/mini';
import { minorUnits, toFhirMoney } from '../money';
import { common, parseInput, payerReference, toReference, typedIdentifier } from './common';
import { SYSTEMS } from './systems';

export const coverageInputSchema = z.lazy(() => {
  const {
    fhirId,
    isoDate,
    reference: referenceSchema,
    payer: payerSchema,
    nonEmpty,
    optionalNonEmpty,
  } = common();
  const minorUnitsSchema = minorUnits();
  const classSchema = z.object({ value: nonEmpty, name: optionalNonEmpty });

  return z.object({
    id: z.optional(fhirId),
    status: z._default(z.enum(['active', 'cancelled', 'draft', 'entered-in-error']), 'active'),
    beneficiary: referenceSchema,
    /** The policy holder; omit when the beneficiary holds the policy. */
    subscriber: z.optional(referenceSchema),
    /** Member id printed on the card. */
    subscriberId: nonEmpty,
    /** Namespace of the member id, when the payer publishes one. */
    memberIdSystem: optionalNonEmpty,
    relationship: z._default(z.enum(['self', 'spouse', 'child', 'other', 'common', 'injured']), 'self'),
    payer: payerSchema,
    group: z.optional(classSchema),
    plan: z.optional(classSchema),
    period: z.optional(z.object({ start: z.optional(isoDate), end: z.optional(isoDate) })),
    network: optionalNonEmpty,
    costToBeneficiary: z._default(
      z.array(
        z.union([
          z.object({
            type: z.enum([
              'gpvisit',
              'spvisit',
              'emergency',
              'inpthosp',
              'televisit',
              'urgentcare',
              'copay',
              'deductible',
              'maxoutofpocket',
            ]),
            money: minorUnitsSchema,
          }),
          z.object({
            type: z._default(z.literal('copaypct'), 'copaypct'),
            percent: z.number().check(z.gte(0), z.lte(100)),
          }),
        ]),
      ),
      [],
    ),
  });
});

export type CoverageInput = z.input<typeof coverageInputSchema>;

export function buildCoverage(input: CoverageInput): Coverage {
  const c = parseInput(coverageInputSchema, input, 'coverage');
  const classes = [
    ...(c.group
      ? [{ type: { coding: [{ system: SYSTEMS.coverageClass, code: 'group' }] }, ...c.group }]
      : []),
    ...(c.plan ? [{ type: { coding: [{ system: SYSTEMS.coverageClass, code: 'plan' }] }, ...c.plan }] : []),
  ];
  const costs: CoverageCostToBeneficiary[] = c.costToBeneficiary.map((cost) =>
    'money' in cost
      ? {
          type: { coding: [{ system: SYSTEMS.copayType, code: cost.type }] },
          valueMoney: toFhirMoney(cost.money),
        }
      : {
          type: { coding: [{ system: SYSTEMS.copayType, code: 'copaypct' }] },
          valueQuantity: { value: cost.percent, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
        },
  );
  return {
    resourceType: 'Coverage',
    ...(c.id ? { id: c.id } : {}),
    identifier: [typedIdentifier('MB', c.memberIdSystem, c.subscriberId)],
    status: c.status,
    beneficiary: toReference(c.beneficiary),
    ...(c.subscriber ? { subscriber: toReference(c.subscriber) } : {}),
    subscriberId: c.subscriberId,
    relationship: { coding: [{ system: SYSTEMS.subscriberRelationship, code: c.relationship }] },
    payor: [payerReference(c.payer)],
    ...(classes.length ? { class: classes } : {}),
    ...(c.period ? { period: c.period } : {}),
    ...(c.network ? { network: c.network } : {}),
    ...(costs.length ? { costToBeneficiary: costs } : {}),
  };
}
