import { randomBytes } from 'node:crypto';
import { createRedisKeyValueStore, createRedisRateLimiter } from '@medflow/core/redis';
import { createMemorySampleSink, type Sample, type WearableConnection } from '@medflow/wearables';
import { GoogleHealthRevokedError } from '@medflow/wearables/google-health';
import { createFakeWearableProvider } from '@medflow/wearables/testing';
import { createWearablesWorker } from '@medflow/wearables/worker';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const prefix = `mfw${randomBytes(4).toString('hex')}`;
let redis: Redis;

beforeAll(async () => {
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
});
afterAll(async () => {
  const stale = await redis.keys(`${prefix}*`);
  if (stale.length) await redis.del(...stale);
  redis.disconnect();
});

const sample = (n: number): Sample => ({
  id: `fake:${n}`,
  kind: 'steps',
  value: 100,
  unit: '{steps}',
  time: {
    start: `2026-06-10T${String(8 + n).padStart(2, '0')}:00:00-04:00`,
    end: `2026-06-10T${String(8 + n).padStart(2, '0')}:30:00-04:00`,
  },
  provenance: { provider: 'fake', sourceRecordId: String(n) },
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('BullMQ wearables worker', () => {
  it('runs chunked syncs, webhook-triggered fetches and stops on revocation', async () => {
    const sink = createMemorySampleSink();
    const connections: Record<string, WearableConnection> = {
      'fake:p1': { id: 'fake:p1', provider: 'fake', subject: 'p1', externalUserId: 'u1' },
      'fake:p2': { id: 'fake:p2', provider: 'revoking', subject: 'p2', externalUserId: 'u2' },
    };
    // Two workers sharing one per-user budget through core's Redis limiter.
    const limiter = createRedisRateLimiter({ redis, points: 300, windowMs: 60_000, prefix: `${prefix}:rl:` });
    const provider = createFakeWearableProvider({
      pages: [[sample(0), sample(1)], [sample(2)], [sample(3)]],
      beforePage: (_i, c) => limiter.acquire(`fake:${c.externalUserId}`),
    });
    const revoking = createFakeWearableProvider({
      id: 'revoking',
      pages: [[sample(9)]],
      beforePage: () => {
        throw new GoogleHealthRevokedError();
      },
    });
    const revoked: string[] = [];
    const make = () =>
      createWearablesWorker({
        connection: redis,
        prefix,
        queueName: 'wearables',
        providers: { fake: provider, revoking },
        sink,
        cursors: createRedisKeyValueStore({ redis, prefix: `${prefix}:kv:` }),
        resolveConnection: async (id) => connections[id] ?? null,
        resolveExternalUser: async (_p, user) =>
          Object.values(connections).find((c) => c.externalUserId === user) ?? null,
        maxPagesPerJob: 2,
        since: () => '2026-06-01T00:00:00Z',
        onRevoked: (c) => {
          revoked.push(c.id);
        },
      });
    const a = make();
    const b = make();
    try {
      await a.queue.enqueueSync('fake:p1');
      // Two pages in the first job, the third in the continuation it queued.
      await until(() => sink.all('p1').length === 4);
      expect(provider.served).toEqual([0, 1, 2]);

      // A webhook names the provider's user; the worker finds the connection and fetches.
      await b.queue.enqueueNotification('fake', 'u1', 'steps');
      await until(() => provider.served.length >= 4);
      expect(sink.all('p1')).toHaveLength(4);

      await a.queue.enqueueSync('fake:p2');
      await until(() => revoked.length === 1);
      expect(revoked).toEqual(['fake:p2']);
      expect(sink.all('p2')).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
