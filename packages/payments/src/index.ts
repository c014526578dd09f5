export * from './money';
export { STRIPE_API_VERSION } from './version';
