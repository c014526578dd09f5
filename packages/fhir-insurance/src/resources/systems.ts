/** Code systems and identifier namespaces used by US payers' R4 APIs (Da Vinci, CARIN, US Core). */
export const SYSTEMS = {
  npi: 'http://hl7.org/fhir/sid/us-npi',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'https://bluebutton.cms.gov/resources/codesystem/hcpcs',
  serviceType: 'https://x12.org/codes/service-type-codes',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
  subscriberRelationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  copayType: 'http://terminology.hl7.org/CodeSystem/coverage-copay-type',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  placeOfService: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
  /** NAIC company codes, the payer id most US clearinghouses use. */
  naic: 'urn:oid:2.16.840.1.113883.6.300',
  adjudication: 'http://terminology.hl7.org/CodeSystem/adjudication',
  benefitType: 'http://terminology.hl7.org/CodeSystem/benefit-type',
  benefitNetwork: 'http://terminology.hl7.org/CodeSystem/benefit-network',
  benefitUnit: 'http://terminology.hl7.org/CodeSystem/benefit-unit',
  benefitTerm: 'http://terminology.hl7.org/CodeSystem/benefit-term',
} as const;
