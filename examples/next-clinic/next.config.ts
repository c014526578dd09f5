import type { NextConfig } from 'next';

const config: NextConfig = {
  // Server-only packages load from node_modules at run time, exactly as they do in a user's app.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pg',
    'ioredis',
    'bullmq',
    'stripe',
    '@medflow/core',
    '@medflow/hl7',
    '@medflow/payments',
    '@medflow/telemedicine',
    '@medflow/wearables',
    '@medflow/fhir-insurance',
    '@medflow/next',
  ],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};

export default config;
