import type { Coverage, CoverageCostToBeneficiary } from '@medplum/fhirtypes';
import { z } from 'zod';
import { minorUnitsSchema, toFhirMoney } from '../money';
import {
  fhirId,
  isoDate,
  parseInput,
  payerReference,
  payerSchema,
  referenceSchema,
  toReference,
  typedIdentifier,
} from './common';
import { SYSTEMS } from './systems';

const classSchema = z.object({ value: z.string().min(1), name: z.string().min(1).optional() });

export const coverageInputSchema = z.object({
  id: fhirId.optional(),
  status: z.enum(['active', 'cancelled', 'draft', 'entered-in-error']).default('active'),
  beneficiary: referenceSchema,
  /** The policy holder; omit when the beneficiary holds the policy. */
  subscriber: referenceSchema.optional(),
  /** Member id printed on the card. */
  subscriberId: z.string().min(1),
  /** Namespace of the member id, when the payer publishes one. */
  memberIdSystem: z.string().min(1).optional(),
  relationship: z.enum(['self', 'spouse', 'child', 'other', 'common', 'injured']).default('self'),
  payer: payerSchema,
  group: classSchema.optional(),
  plan: classSchema.optional(),
  period: z.object({ start: isoDate.optional(), end: isoDate.optional() }).optional(),
  network: z.string().min(1).optional(),
  costToBeneficiary: z
    .array(
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
        z.object({ type: z.literal('copaypct').default('copaypct'), percent: z.number().min(0).max(100) }),
      ]),
    )
    .default([]),
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
