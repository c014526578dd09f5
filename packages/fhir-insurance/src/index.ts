export * from './eligibility/check';
export * from './eligibility/result';
