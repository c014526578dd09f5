export * from './client';
export * from './eligibility/check';
export * from './eligibility/result';
export { currencyExponent, fromFhirMoney, toFhirMoney } from './money';
export * from './resources';
