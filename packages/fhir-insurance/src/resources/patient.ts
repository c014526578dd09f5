import type { Patient } from '@medplum/fhirtypes';
import * as z from 'zod/mini';
import { common, parseInput, typedIdentifier } from './common';

export const patientInputSchema = z.lazy(() => {
  const { fhirId, isoDate, identifier: identifierSchema, nonEmpty, optionalNonEmpty } = common();

  return z.object({
    id: z.optional(fhirId),
    /** Medical record number in the clinic's namespace. */
    mrn: z.optional(identifierSchema),
    identifiers: z._default(z.array(identifierSchema), []),
    given: z.array(nonEmpty).check(z.minLength(1)),
    family: nonEmpty,
    birthDate: isoDate,
    gender: z.enum(['male', 'female', 'other', 'unknown']),
    phone: optionalNonEmpty,
    email: z.optional(z.email()),
    address: z.optional(
      z.object({
        line: z.array(nonEmpty).check(z.minLength(1)),
        city: nonEmpty,
        state: z.string().check(z.regex(/^[A-Z]{2}$/, 'Two-letter state code')),
        postalCode: z.string().check(z.regex(/^\d{5}(-\d{4})?$/, 'ZIP or ZIP+4')),
        country: z._default(z.string().check(z.length(2)), 'US'),
      }),
    ),
  });
});

export type PatientInput = z.input<typeof patientInputSchema>;

export function buildPatient(input: PatientInput): Patient {
  const p = parseInput(patientInputSchema, input, 'patient');
  const identifier = [
    ...(p.mrn ? [typedIdentifier('MR', p.mrn.system, p.mrn.value)] : []),
    ...p.identifiers.map((i) => ({ ...i })),
  ];
  const telecom = [
    ...(p.phone ? [{ system: 'phone' as const, value: p.phone }] : []),
    ...(p.email ? [{ system: 'email' as const, value: p.email }] : []),
  ];
  return {
    resourceType: 'Patient',
    ...(p.id ? { id: p.id } : {}),
    ...(identifier.length ? { identifier } : {}),
    active: true,
    name: [{ use: 'official', family: p.family, given: p.given }],
    gender: p.gender,
    birthDate: p.birthDate,
    ...(telecom.length ? { telecom } : {}),
    ...(p.address ? { address: [{ use: 'home', ...p.address }] } : {}),
  };
}
