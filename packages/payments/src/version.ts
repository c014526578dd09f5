import Stripe from 'stripe';

/**
 * The Stripe API version this package is written and tested against: the one the installed
 * `stripe` SDK pins. Object shapes (ui_mode values, event payloads) follow it.
 */
export const STRIPE_API_VERSION: typeof Stripe.API_VERSION = Stripe.API_VERSION;
