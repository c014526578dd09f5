import type { Claim, ClaimItem } from '@medplum/fhirtypes';
import * as z from 'zod/mini';
import { minorUnits, toFhirMoney } from '../money';
import { common, parseInput, payerReference, providerReference, toReference } from './common';
import { SYSTEMS } from './systems';

export const claimInputSchema = z.lazy(() => {
  const {
    fhirId,
    isoDate,
    isoDateTime,
    identifier: identifierSchema,
    reference: referenceSchema,
    provider: providerSchema,
    payer: payerSchema,
    nonEmpty,
    optionalNonEmpty,
  } = common();
  const minorUnitsSchema = minorUnits();
  /** ICD-10-CM: a letter, two characters, then up to four after an optional dot (E11.9, S72.001A). */
  const icd10cm = z
    .string()
    .check(z.regex(/^[A-TV-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/, 'Not an ICD-10-CM code'));
  /** CPT (5 digits, or 4 digits + F/T/U) or HCPCS Level II (a letter A–V + 4 digits). */
  const procedureCode = z.string().check(z.regex(/^(\d{4}[0-9FTU]|[A-V]\d{4})$/, 'Not a CPT or HCPCS code'));
  const modifier = z.string().check(z.regex(/^[0-9A-Z]{2}$/, 'Modifiers are 2 characters'));

  const itemSchema = z.object({
    code: procedureCode,
    modifiers: z._default(z.array(modifier).check(z.maxLength(4)), []),
    quantity: z._default(z.number().check(z.positive()), 1),
    unitPrice: minorUnitsSchema,
    /** Required when the quantity is fractional, so nothing is rounded on the clinic's behalf. */
    net: z.optional(minorUnitsSchema),
    /** 1-based positions in `diagnoses`. */
    diagnosisPointers: z._default(
      z.array(z.number().check(z.int(), z.gte(1))).check(z.minLength(1), z.maxLength(4)),
      [1],
    ),
    servicedDate: z.optional(isoDate),
    /** CMS place-of-service code, e.g. `11` office, `02` telehealth. */
    placeOfService: z.optional(z.string().check(z.regex(/^\d{2}$/))),
  });

  return z
    .object({
      id: z.optional(fhirId),
      /** The clinic's claim number: used for conditional create so a retried submit is not a duplicate. */
      identifier: z.optional(identifierSchema),
      status: z._default(z.enum(['active', 'cancelled', 'draft', 'entered-in-error']), 'active'),
      use: z._default(z.enum(['claim', 'preauthorization', 'predetermination']), 'claim'),
      patient: referenceSchema,
      created: z.optional(isoDateTime),
      billablePeriod: z.optional(z.object({ start: isoDate, end: z.optional(isoDate) })),
      provider: providerSchema,
      insurer: payerSchema,
      priority: z._default(z.enum(['stat', 'normal', 'deferred']), 'normal'),
      diagnoses: z
        .array(z.object({ code: icd10cm, display: optionalNonEmpty }))
        .check(z.minLength(1), z.maxLength(12)),
      insurance: z
        .array(
          z.object({
            focal: z.boolean(),
            coverage: referenceSchema,
            preAuthRef: z._default(z.array(nonEmpty), []),
          }),
        )
        .check(z.minLength(1)),
      items: z.array(itemSchema).check(z.minLength(1), z.maxLength(50)),
    })
    .check(
      z.superRefine((claim, ctx) => {
        if (claim.insurance.filter((i) => i.focal).length !== 1)
          ctx.addIssue({
            code: 'custom',
            path: ['insurance'],
            message: 'Exactly one insurance must be focal',
          });
        const currency = claim.items[0]?.unitPrice.currency;
        claim.items.forEach((item, index) => {
          if (item.unitPrice.currency !== currency || (item.net && item.net.currency !== currency))
            ctx.addIssue({
              code: 'custom',
              path: ['items', index, 'unitPrice'],
              message: 'All items must share one currency',
            });
          if (!Number.isInteger(item.quantity) && !item.net)
            ctx.addIssue({
              code: 'custom',
              path: ['items', index, 'net'],
              message: 'A fractional quantity needs an explicit net',
            });
          for (const pointer of item.diagnosisPointers)
            if (pointer > claim.diagnoses.length)
              ctx.addIssue({
                code: 'custom',
                path: ['items', index, 'diagnosisPointers'],
                message: 'Points past the last diagnosis',
              });
        });
      }),
    );
});

export type ClaimInput = z.input<typeof claimInputSchema>;

export function buildClaim(input: ClaimInput): Claim {
  const c = parseInput(claimInputSchema, input, 'claim');
  const currency = c.items[0]?.unitPrice.currency ?? 'usd';
  let total = 0;
  const items: ClaimItem[] = c.items.map((item, index) => {
    const net = item.net?.amount ?? item.unitPrice.amount * item.quantity;
    total += net;
    const system = /^[A-V]/.test(item.code) ? SYSTEMS.hcpcs : SYSTEMS.cpt;
    return {
      sequence: index + 1,
      diagnosisSequence: item.diagnosisPointers,
      productOrService: { coding: [{ system, code: item.code }] },
      ...(item.modifiers.length
        ? { modifier: item.modifiers.map((code) => ({ coding: [{ system, code }] })) }
        : {}),
      ...(item.servicedDate ? { servicedDate: item.servicedDate } : {}),
      ...(item.placeOfService
        ? {
            locationCodeableConcept: {
              coding: [{ system: SYSTEMS.placeOfService, code: item.placeOfService }],
            },
          }
        : {}),
      quantity: { value: item.quantity },
      unitPrice: toFhirMoney(item.unitPrice),
      net: toFhirMoney({ amount: net, currency }),
    };
  });
  return {
    resourceType: 'Claim',
    ...(c.id ? { id: c.id } : {}),
    ...(c.identifier ? { identifier: [{ ...c.identifier }] } : {}),
    status: c.status,
    type: { coding: [{ system: SYSTEMS.claimType, code: 'professional' }] },
    use: c.use,
    patient: toReference(c.patient),
    ...(c.billablePeriod ? { billablePeriod: c.billablePeriod } : {}),
    created: c.created ?? new Date().toISOString(),
    insurer: payerReference(c.insurer),
    provider: providerReference(c.provider),
    priority: { coding: [{ system: SYSTEMS.processPriority, code: c.priority }] },
    diagnosis: c.diagnoses.map((d, index) => ({
      sequence: index + 1,
      diagnosisCodeableConcept: {
        coding: [{ system: SYSTEMS.icd10cm, code: d.code, ...(d.display ? { display: d.display } : {}) }],
      },
    })),
    insurance: c.insurance.map((i, index) => ({
      sequence: index + 1,
      focal: i.focal,
      coverage: toReference(i.coverage),
      ...(i.preAuthRef.length ? { preAuthRef: i.preAuthRef } : {}),
    })),
    item: items,
    total: toFhirMoney({ amount: total, currency }),
  };
}
