export * from './claim';
export { payerSchema, providerSchema, referenceSchema } from './common';
export * from './coverage';
export * from './eligibility-request';
export * from './patient';
export * from './systems';
