/**
 * Which providers are configured. With no keys every page still works on local inputs; a
 * key lights up its provider. Secrets are read here, once, and passed into the packages.
 */
export interface ClinicConfig {
  publicBaseUrl: string;
  dev: boolean;
  stripe: { secretKey: string | null; webhookSecret: string; webhookSecretIsDemo: boolean };
  twilio: {
    accountSid: string | null;
    apiKeySid: string | null;
    apiKeySecret: string | null;
    authToken: string;
    authTokenIsDemo: boolean;
  };
  google: {
    clientId: string | null;
    clientSecret: string | null;
    webhookSecret: string | null;
    webhookPublicKey: string | null;
  };
  vaultKey: string | null;
  redisUrl: string | null;
  databaseUrl: string | null;
  mllpPort: number;
}

// Local-only demo secrets: they sign the developer-tools events in development and are
// refused in production, where the real secrets must be set.
const DEMO_STRIPE_WEBHOOK_SECRET = 'whsec_medflow_local_demo_only';
const DEMO_TWILIO_AUTH_TOKEN = 'medflow_local_demo_twilio_token';

export function readConfig(env: NodeJS.ProcessEnv = process.env): ClinicConfig {
  const dev = env.NODE_ENV !== 'production' || env.MEDFLOW_DEMO === '1';
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? (dev ? DEMO_STRIPE_WEBHOOK_SECRET : '');
  const authToken = env.TWILIO_AUTH_TOKEN ?? (dev ? DEMO_TWILIO_AUTH_TOKEN : '');
  return {
    publicBaseUrl: env.PUBLIC_BASE_URL ?? 'http://localhost:3000',
    dev,
    stripe: {
      secretKey: env.STRIPE_SECRET_KEY ?? null,
      webhookSecret,
      webhookSecretIsDemo: !env.STRIPE_WEBHOOK_SECRET,
    },
    twilio: {
      accountSid: env.TWILIO_ACCOUNT_SID ?? null,
      apiKeySid: env.TWILIO_API_KEY_SID ?? null,
      apiKeySecret: env.TWILIO_API_KEY_SECRET ?? null,
      authToken,
      authTokenIsDemo: !env.TWILIO_AUTH_TOKEN,
    },
    google: {
      clientId: env.GOOGLE_HEALTH_CLIENT_ID ?? null,
      clientSecret: env.GOOGLE_HEALTH_CLIENT_SECRET ?? null,
      webhookSecret: env.GOOGLE_HEALTH_WEBHOOK_SECRET ?? null,
      webhookPublicKey: env.GOOGLE_HEALTH_WEBHOOK_PUBLIC_KEY ?? null,
    },
    vaultKey: env.MEDFLOW_VAULT_KEY ?? null,
    redisUrl: env.REDIS_URL ?? null,
    databaseUrl: env.DATABASE_URL ?? null,
    mllpPort: Number(env.MLLP_PORT ?? 2575),
  };
}
