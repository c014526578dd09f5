export * from './claims';
export * from './client';
export * from './eligibility/check';
export * from './eligibility/fhir';
export * from './eligibility/normalize';
export * from './eligibility/result';
export { currencyExponent, fromFhirMoney, toFhirMoney } from './money';
export * from './resources';
