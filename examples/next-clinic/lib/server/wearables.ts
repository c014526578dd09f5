import {
  type AuditLogger,
  type KeyValueStore,
  MedflowError,
  NotFoundError,
  type TokenVault,
} from '@medflow/core';
import type { ApiKeyRecord, WearablesPort } from '@medflow/next';
import { runSync, type SampleSink, type WearableConnection } from '@medflow/wearables';
import { createHealthKitPushHandler } from '@medflow/wearables/apple-health';
import {
  createGoogleHealthProvider,
  createGoogleHealthWebhookHandler,
  type GoogleHealthProvider,
} from '@medflow/wearables/google-health';
import { createHealthConnectPushHandler } from '@medflow/wearables/health-connect';
import { createSamsungHealthPushHandler } from '@medflow/wearables/samsung-health';
import type { ClinicConfig } from './config';

type Push = NonNullable<WearablesPort['push']>;

/**
 * Wearables wiring: companion-app pushes (authenticated by the adapter's API keys), and the
 * Google Health API when its OAuth client is configured. Syncs run as BullMQ jobs when
 * REDIS_URL is set, in this process otherwise.
 */
export async function createWearablesWiring(options: {
  config: ClinicConfig;
  kv: KeyValueStore;
  vault: TokenVault;
  sink: SampleSink;
  audit: AuditLogger;
}) {
  const { config, kv, vault, sink, audit } = options;

  // A companion-app key is issued for one patient; pushes land on that patient only.
  const asPatient = (client: ApiKeyRecord) => () => {
    if (!client.patientId)
      throw new MedflowError('This key is not bound to a patient', { code: 'forbidden', status: 403 });
    return { subject: client.patientId, actor: client.id };
  };
  const push: Push = {
    healthkit: (request, client) =>
      createHealthKitPushHandler({ authenticate: asPatient(client), sink, audit })(request),
    'health-connect': (request, client) =>
      createHealthConnectPushHandler({ authenticate: asPatient(client), sink, audit })(request),
    'samsung-health': (request, client) =>
      createSamsungHealthPushHandler({ authenticate: asPatient(client), sink, audit })(request),
  };

  if (!config.google.clientId || !config.google.clientSecret)
    return { push, google: null, close: async () => {} };

  const google: GoogleHealthProvider = createGoogleHealthProvider({
    clientId: config.google.clientId,
    clientSecret: config.google.clientSecret,
    redirectUri: `${config.publicBaseUrl}/api/medflow/wearables/google-health/callback`,
    store: kv,
    vault,
    audit,
  });
  const resolveConnection = async (connectionId: string): Promise<WearableConnection | null> => {
    const stored = await google.tokens.load(connectionId).catch(() => null);
    return stored
      ? {
          id: connectionId,
          provider: 'google-health',
          subject: stored.subject,
          externalUserId: stored.healthUserId,
        }
      : null;
  };
  const since = () => new Date(Date.now() - 30 * 86_400_000).toISOString();

  let enqueueSync: (connectionId: string) => Promise<void>;
  let close = async () => {};
  if (config.redisUrl) {
    const { Redis } = await import('ioredis');
    const { createWearablesQueue, createWearablesWorker } = await import('@medflow/wearables/worker');
    const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    const queue = createWearablesQueue({ connection });
    const worker = createWearablesWorker({
      connection,
      providers: { 'google-health': google },
      sink,
      cursors: kv,
      resolveConnection,
      resolveExternalUser: (_provider, healthUserId) => google.connectionForUser(healthUserId),
    });
    enqueueSync = (id) => queue.enqueueSync(id);
    close = async () => {
      await worker.close();
      await queue.close();
      connection.disconnect();
    };
  } else {
    enqueueSync = async (id) => {
      const connection = await resolveConnection(id);
      if (!connection) return;
      // In-process job: the request does not wait for it.
      void runSync(connection, { provider: google, sink, cursors: kv, since: since() }).catch(
        (error: unknown) => {
          audit.log({
            action: 'wearables.sync',
            outcome: 'failure',
            errorCode: (error as { code?: string }).code ?? 'sync_failed',
          });
        },
      );
    };
  }

  const webhook =
    config.google.webhookSecret && config.google.webhookPublicKey
      ? createGoogleHealthWebhookHandler({
          authorizationSecret: config.google.webhookSecret,
          publicKey: config.google.webhookPublicKey,
          audit,
          enqueue: async (notification) => {
            const connection = await google.connectionForUser(notification.healthUserId);
            if (connection) await enqueueSync(connection.id);
          },
        })
      : async () =>
          new Response(
            JSON.stringify({
              error: { code: 'not_configured', message: 'Notifications are not configured' },
            }),
            {
              status: 503,
              headers: { 'content-type': 'application/json' },
            },
          );

  const port: NonNullable<WearablesPort['googleHealth']> = {
    async startConnect({ session }) {
      const { url, state } = await google.oauth.startAuthorization({
        sessionId: session.userId,
        subject: session.patientId ?? session.userId,
      });
      return { authorizationUrl: url, state };
    },
    async completeConnect({ session, code, state }) {
      const { connectionId } = await google.oauth.completeAuthorization({
        sessionId: session.userId,
        code,
        state,
      });
      await enqueueSync(connectionId);
      return { connectionId };
    },
    webhook,
  };
  const connections: NonNullable<WearablesPort['connections']> = {
    list: ({ patientId }) => google.oauth.listConnections(patientId),
    async disconnect({ session, connectionId }) {
      const connection = await resolveConnection(connectionId);
      if (!connection || (session.role === 'patient' && connection.subject !== session.patientId)) {
        throw new NotFoundError('Connection not found');
      }
      await google.oauth.disconnect(connectionId);
    },
  };
  return { push, google: { port, connections }, close };
}
