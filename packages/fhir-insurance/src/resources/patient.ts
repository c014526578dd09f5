import type { Patient } from '@medplum/fhirtypes';
import { z } from 'zod';
import { fhirId, identifierSchema, isoDate, parseInput, typedIdentifier } from './common';

export const patientInputSchema = z.object({
  id: fhirId.optional(),
  /** Medical record number in the clinic's namespace. */
  mrn: identifierSchema.optional(),
  identifiers: z.array(identifierSchema).default([]),
  given: z.array(z.string().min(1)).min(1),
  family: z.string().min(1),
  birthDate: isoDate,
  gender: z.enum(['male', 'female', 'other', 'unknown']),
  phone: z.string().min(1).optional(),
  email: z.email().optional(),
  address: z
    .object({
      line: z.array(z.string().min(1)).min(1),
      city: z.string().min(1),
      state: z.string().regex(/^[A-Z]{2}$/, 'Two-letter state code'),
      postalCode: z.string().regex(/^\d{5}(-\d{4})?$/, 'ZIP or ZIP+4'),
      country: z.string().length(2).default('US'),
    })
    .optional(),
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
