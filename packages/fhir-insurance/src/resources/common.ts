import { validationErrorFromZod } from '@medflow/core';
import type { Identifier, Reference, Resource } from '@medplum/fhirtypes';
import type { z } from 'zod';
import { z as zod } from 'zod';
import { SYSTEMS } from './systems';

export const isoDate = zod.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD');
export const isoDateTime = zod.iso.datetime({ offset: true });
export const fhirId = zod.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'Not a FHIR id');
export const npi = zod.string().regex(/^\d{10}$/, 'NPI must be 10 digits');

export const identifierSchema = zod.object({
  system: zod.string().min(1),
  value: zod.string().min(1),
});

/** A pointer to another resource: a literal reference (`Patient/123`, `urn:uuid:…`), an identifier, or both. */
export const referenceSchema = zod
  .object({
    reference: zod.string().min(1).optional(),
    identifier: identifierSchema.optional(),
    display: zod.string().min(1).optional(),
  })
  .refine((r) => r.reference !== undefined || r.identifier !== undefined, {
    message: 'A reference needs `reference` or `identifier`',
  });

export const providerSchema = zod.object({
  npi,
  name: zod.string().min(1),
  /** Practitioner or Organization reference on the payer server, when one exists. */
  reference: zod.string().min(1).optional(),
});

export const payerSchema = zod.object({
  /** The payer id clearinghouses use (also the X12 NM109). */
  id: zod.string().min(1),
  /** Namespace of `id`; NAIC codes by default. */
  idSystem: zod.string().min(1).default(SYSTEMS.naic),
  name: zod.string().min(1),
  reference: zod.string().min(1).optional(),
});

// Reference<T> only narrows the type parameter; the JSON is the same for every target.
export function toReference<T extends Resource = Resource>(
  input: z.output<typeof referenceSchema>,
): Reference<T> {
  return {
    ...(input.reference ? { reference: input.reference } : {}),
    ...(input.identifier ? { identifier: { ...input.identifier } } : {}),
    ...(input.display ? { display: input.display } : {}),
  };
}

export function providerReference<T extends Resource = Resource>(
  input: z.output<typeof providerSchema>,
): Reference<T> {
  return {
    ...(input.reference ? { reference: input.reference } : {}),
    identifier: { system: SYSTEMS.npi, value: input.npi },
    display: input.name,
  };
}

export function payerReference<T extends Resource = Resource>(
  input: z.output<typeof payerSchema>,
): Reference<T> {
  return {
    ...(input.reference ? { reference: input.reference } : {}),
    identifier: { system: input.idSystem, value: input.id },
    display: input.name,
  };
}

export function typedIdentifier(
  code: 'MR' | 'MB' | 'SN',
  system: string | undefined,
  value: string,
): Identifier {
  return {
    type: { coding: [{ system: SYSTEMS.identifierType, code }] },
    ...(system ? { system } : {}),
    value,
  };
}

/** Parses builder input, turning zod's issues into a ValidationError that names the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationErrorFromZod(result.error, `Invalid ${what}`);
  return result.data;
}
