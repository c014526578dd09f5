import { ConflictError, type KeyValueStore } from '@medflow/core';
import { type ConnectionOptions, type JobsOptions, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { WearableConnection, WearableProvider } from './provider';
import type { SampleSink } from './sink';
import { runSync } from './sync';

export const DEFAULT_QUEUE = 'medflow-wearables';

export type WearablesJob =
  | { type: 'sync'; connectionId: string }
  /** A provider notification (Google Health webhook) naming the provider's user. */
  | { type: 'notification'; provider: string; externalUserId: string; dataType?: string };

export interface WearablesQueueOptions {
  /** BullMQ connection (ioredis instance with `maxRetriesPerRequest: null`, or options). */
  connection: ConnectionOptions;
  queueName?: string;
  prefix?: string;
  jobOptions?: JobsOptions;
}

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: true,
  removeOnFail: 1000,
};

/** The producer side: what web handlers (webhooks, "sync now" buttons, schedulers) call. */
export function createWearablesQueue(options: WearablesQueueOptions) {
  const queue = new Queue<WearablesJob>(options.queueName ?? DEFAULT_QUEUE, {
    connection: options.connection,
    ...(options.prefix ? { prefix: options.prefix } : {}),
    defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...options.jobOptions },
  });
  return {
    queue,
    /** One pending sync per connection: a second request while one waits is the same job. */
    async enqueueSync(connectionId: string, opts: { delayMs?: number } = {}) {
      await queue.add(
        'sync',
        { type: 'sync', connectionId },
        {
          jobId: `sync-${connectionId.replace(/:/g, '_')}`,
          ...(opts.delayMs ? { delay: opts.delayMs } : {}),
        },
      );
    },
    /** For a webhook's `enqueue`: returns as soon as Redis has the job. */
    async enqueueNotification(provider: string, externalUserId: string, dataType?: string) {
      await queue.add('notification', {
        type: 'notification',
        provider,
        externalUserId,
        ...(dataType ? { dataType } : {}),
      });
    },
    close: () => queue.close(),
  };
}

export interface WearablesWorkerOptions extends WearablesQueueOptions {
  providers: Record<string, WearableProvider>;
  sink: SampleSink;
  /** Where sync cursors live (core's Redis or PostgreSQL key-value store, shared by all workers). */
  cursors: KeyValueStore;
  /** Loads a connection by id (from the app's database). */
  resolveConnection(connectionId: string): Promise<WearableConnection | null>;
  /** Finds the connection a provider notification is about. */
  resolveExternalUser?(provider: string, externalUserId: string): Promise<WearableConnection | null>;
  /** Start of the first sync window (default: 30 days before now). */
  since?: (connection: WearableConnection) => string;
  /** Pages per job; a longer backfill re-queues itself and resumes from the cursor. Default 50. */
  maxPagesPerJob?: number;
  concurrency?: number;
  /** Called when a provider says the patient revoked access (the job is not retried). */
  onRevoked?: (connection: WearableConnection) => Promise<void> | void;
}

/**
 * A BullMQ worker running syncs and webhook-triggered fetches. Run it in as many processes
 * as needed: cursors are compare-and-set in the shared store (two workers never interleave
 * one connection), and providers take core's Redis rate limiter for shared per-user budgets.
 */
export function createWearablesWorker(options: WearablesWorkerOptions) {
  const producer = createWearablesQueue(options);
  const maxPages = options.maxPagesPerJob ?? 50;
  const since = options.since ?? (() => new Date(Date.now() - 30 * 24 * 60 * 60 * 1000).toISOString());

  async function sync(connection: WearableConnection) {
    const provider = options.providers[connection.provider];
    if (!provider) throw new UnrecoverableError('No provider configured for this connection');
    try {
      const result = await runSync(connection, {
        provider,
        sink: options.sink,
        cursors: options.cursors,
        since: since(connection),
        maxPages,
      });
      if (!result.caughtUp) await producer.queue.add('sync', { type: 'sync', connectionId: connection.id });
      return result;
    } catch (error) {
      if (error instanceof ConflictError) return { skipped: 'another worker is syncing this connection' };
      if (error instanceof Error && 'code' in error && error.code === 'connection_revoked') {
        await options.onRevoked?.(connection);
        throw new UnrecoverableError('Connection revoked');
      }
      throw error;
    }
  }

  const worker = new Worker<WearablesJob>(
    options.queueName ?? DEFAULT_QUEUE,
    async (job) => {
      const data = job.data;
      if (data.type === 'sync') {
        const connection = await options.resolveConnection(data.connectionId);
        if (!connection) return { skipped: 'unknown connection' };
        return sync(connection);
      }
      const connection = await options.resolveExternalUser?.(data.provider, data.externalUserId);
      if (!connection) return { skipped: 'unknown user' };
      return sync(connection);
    },
    {
      connection: options.connection,
      ...(options.prefix ? { prefix: options.prefix } : {}),
      concurrency: options.concurrency ?? 4,
    },
  );
  return {
    worker,
    queue: producer,
    async close() {
      await worker.close();
      await producer.close();
    },
  };
}
