import {
  type Build270Input,
  type Build837POtherPayer,
  createControlNumberSequence,
  type EnvelopeOptions,
} from '@medflow/fhir-insurance/x12';
import type { Claim } from '@medplum/fhirtypes';

/** A two-line professional claim and the parties build837P needs, shared by the 837P tests. */

export const envelope = (start = 1): EnvelopeOptions => ({
  sender: { id: 'MEDFLOWCLINIC' },
  receiver: { id: 'CLEARINGHOUSE' },
  controlNumbers: createControlNumberSequence({ interchange: start, group: start, transaction: start }),
  usage: 'T',
  now: new Date('2026-11-26T12:30:00Z'),
});

/** A 270 for the subscriber herself, the inquiry the eligibility tests start from. */
export const inquiryRequest: Build270Input = {
  patient: { given: ['JANE'], family: 'DOE', birthDate: '1980-01-15', gender: 'female' },
  coverage: { memberId: 'W123456789', groupNumber: 'GRP1001' },
  payer: { id: 'ACME01', name: 'ACME HEALTH PLAN' },
  provider: { npi: '1234567893', name: 'SUNRISE FAMILY PRACTICE', organization: true },
  servicedDate: '2026-11-26',
  serviceTypes: ['30'],
};

export const claim: Claim = {
  resourceType: 'Claim',
  status: 'active',
  use: 'claim',
  type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
  patient: { reference: 'Patient/p1' },
  created: '2026-11-26',
  provider: { reference: 'Organization/clinic' },
  priority: { coding: [{ code: 'normal' }] },
  identifier: [{ system: 'urn:medflow:claim', value: 'PCN0001' }],
  insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/c1' } }],
  diagnosis: [
    {
      sequence: 2,
      diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'R05.9' }] },
    },
    {
      sequence: 1,
      diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'J20.9' }] },
    },
  ],
  item: [
    {
      sequence: 1,
      productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99214' }] },
      modifier: [{ coding: [{ code: '25' }] }],
      servicedDate: '2026-11-01',
      locationCodeableConcept: { coding: [{ code: '11' }] },
      quantity: { value: 1 },
      net: { value: 300, currency: 'USD' },
      diagnosisSequence: [1, 2],
    },
    {
      sequence: 2,
      productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '85025' }] },
      servicedDate: '2026-11-01',
      quantity: { value: 2 },
      unitPrice: { value: 100.25, currency: 'USD' },
      diagnosisSequence: [1],
    },
  ],
  total: { value: 500.5, currency: 'USD' },
};

export const parties = {
  submitter: { name: 'SUNRISE FAMILY PRACTICE', id: 'SUBMIT01', contactName: 'BILLING', phone: '9375551212' },
  receiver: { name: 'ACME HEALTH PLAN', id: 'ACME01' },
  billingProvider: {
    name: 'SUNRISE FAMILY PRACTICE',
    npi: '1234567893',
    taxId: '12-3456789',
    address: { line: ['1 MAIN ST'], city: 'DAYTON', state: 'OH', postalCode: '45402-1234' },
  },
  subscriber: {
    memberId: 'W123456789',
    family: 'DOE',
    given: ['JANE'],
    birthDate: '1980-01-15',
    gender: 'female' as const,
    groupNumber: 'GRP1001',
  },
  payer: { name: 'ACME HEALTH PLAN', id: 'ACME01' },
};

/** What the primary payer decided on `claim`, for the secondary claim tests. */
export const primaryPayer: Build837POtherPayer = {
  responsibility: 'P' as const,
  groupNumber: 'PRIMGRP',
  subscriber: { memberId: 'P987654321', family: 'DOE', given: ['JANE'] },
  payer: { name: 'PRIMARY PLAN', id: 'PRIM01' },
  paidCents: 33040,
  nonCoveredCents: 1500,
  remainingPatientLiabilityCents: 6000,
  adjustments: [{ group: 'OA' as const, reason: '23', amountCents: 1000 }],
  adjudicationDate: '2026-11-10',
  lines: [
    {
      item: 0,
      paidCents: 20000,
      adjustments: [
        { group: 'CO' as const, reason: '45', amountCents: 6000 },
        { group: 'PR' as const, reason: '1', amountCents: 3000 },
        { group: 'PR' as const, reason: '2', amountCents: 1000, quantity: 1 },
      ],
      remainingPatientLiabilityCents: 4000,
    },
    {
      item: 1,
      paidCents: 13040,
      units: 2,
      adjustments: [{ group: 'PR' as const, reason: '3', amountCents: 2000 }],
    },
  ],
};

/**
 * `primaryPayer` with everything 2330B to 2330G can carry: the payer's address and other ids,
 * the claim's references at that payer and the providers as that payer knows them.
 */
export const primaryPayerWithProviders: Build837POtherPayer = {
  ...primaryPayer,
  payer: {
    name: 'PRIMARY PLAN',
    id: 'PRIM01',
    address: { line: ['PO BOX 4000', 'CLAIMS DEPT'], city: 'COLUMBUS', state: 'OH', postalCode: '432150400' },
    secondaryIds: [
      { qualifier: '2U', value: 'PRIM-2U' },
      { qualifier: 'NF', value: '12345' },
    ],
  },
  priorAuthorization: 'AUTH778',
  referralNumber: 'REF0091',
  readjudicated: true,
  claimControlNumber: 'PRIMCLM0001',
  providers: {
    referring: {
      entity: 'person',
      primaryCare: true,
      secondaryIds: [{ qualifier: 'G2', value: 'PCP-5501' }],
    },
    rendering: {
      entity: 'organization',
      secondaryIds: [
        { qualifier: 'G2', value: 'REND-77' },
        { qualifier: 'LU', value: 'LOC-2' },
      ],
    },
    serviceFacility: { entity: 'organization', secondaryIds: [{ qualifier: 'LU', value: 'FAC-09' }] },
    supervising: {
      entity: 'person',
      secondaryIds: [
        { qualifier: '0B', value: 'OH-LIC-4411' },
        { qualifier: '1G', value: 'UPIN-1' },
        { qualifier: 'G2', value: 'SUP-3' },
      ],
    },
    billing: {
      entity: 'organization',
      secondaryIds: [
        { qualifier: 'G2', value: 'BILL-PRIM-1' },
        { qualifier: 'LU', value: 'BILL-LOC' },
      ],
    },
  },
};

/**
 * `primaryPayer` with the 2320 MOA and the other subscriber's 2330A address and REF*SY (a made-up
 * social security number).
 */
export const primaryPayerWithOutpatientAdjudication: Build837POtherPayer = {
  ...primaryPayer,
  subscriber: {
    ...primaryPayer.subscriber,
    address: { line: ['12 ELM ST', 'APT 4'], city: 'DAYTON', state: 'OH', postalCode: '45402-1234' },
    secondaryIds: [{ qualifier: 'SY', value: '987654320' }],
  },
  outpatientAdjudication: {
    reimbursementRate: 0.8,
    hcpcsPayableCents: 32000,
    remarks: ['MA01', 'N130'],
    esrdPaymentCents: 1250,
    nonPayableProfessionalComponentCents: 500,
  },
};
