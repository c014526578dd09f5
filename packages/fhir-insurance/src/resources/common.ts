import { validationErrorFromZod } from '@medflow/core';
import type { Identifier, Reference, Resource } from '@medplum/fhirtypes';
import * as z from 'zod/mini';
import { onFirstUse, safeParse, strings } from '../zod';
import { SYSTEMS } from './systems';

/** Field schemas the resource builders share, built on first use. */
export const common = onFirstUse(() => {
  const { nonEmpty, optionalNonEmpty } = strings();
  const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD'));
  const isoDateTime = z.iso.datetime({ offset: true });
  const fhirId = z.string().check(z.regex(/^[A-Za-z0-9\-.]{1,64}$/, 'Not a FHIR id'));
  const npi = z.string().check(z.regex(/^\d{10}$/, 'NPI must be 10 digits'));

  const identifier = z.object({
    system: nonEmpty,
    value: nonEmpty,
  });

  const reference = z
    .object({
      reference: optionalNonEmpty,
      identifier: z.optional(identifier),
      display: optionalNonEmpty,
    })
    .check(
      z.refine((r) => r.reference !== undefined || r.identifier !== undefined, {
        message: 'A reference needs `reference` or `identifier`',
      }),
    );

  const provider = z.object({
    npi,
    name: nonEmpty,
    /** Practitioner or Organization reference on the payer server, when one exists. */
    reference: optionalNonEmpty,
  });

  const payer = z.object({
    /** The payer id clearinghouses use (also the X12 NM109). */
    id: nonEmpty,
    /** Namespace of `id`; NAIC codes by default. */
    idSystem: z._default(nonEmpty, SYSTEMS.naic),
    name: nonEmpty,
    reference: optionalNonEmpty,
  });

  return {
    nonEmpty,
    optionalNonEmpty,
    isoDate,
    isoDateTime,
    fhirId,
    npi,
    identifier,
    reference,
    provider,
    payer,
  };
});

/** A pointer to another resource: a literal reference (`Patient/123`, `urn:uuid:…`), an identifier, or both. */
export const referenceSchema = z.lazy(() => common().reference);
export const providerSchema = z.lazy(() => common().provider);
export const payerSchema = z.lazy(() => common().payer);

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
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = safeParse(schema, input);
  if (!result.success) throw validationErrorFromZod(result.error, `Invalid ${what}`);
  return result.data;
}
