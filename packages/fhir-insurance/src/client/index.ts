export type { AccessToken, FhirAuthOptions, SharedTokenStore } from './auth';
export { TokenCache } from './auth';
export * from './client';
export * from './errors';
export type { ClientAssertionAlgorithm, ClientAssertionKey } from './jwt';
