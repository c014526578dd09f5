import { createRedisIdempotencyStore, createRedisKeyValueStore } from '@medflow/core/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStoreContract } from './store-contract';
import { createTestRedis, deleteRedisPrefix, uniqueName } from './support';

describeStoreContract('Redis', async () => {
  const redis = createTestRedis();
  const prefix = `${uniqueName('medflow_test')}:`;
  return {
    idempotency: createRedisIdempotencyStore({ redis, prefix }),
    kv: createRedisKeyValueStore({ redis, prefix }),
    close: async () => {
      await deleteRedisPrefix(redis, prefix);
      await redis.quit();
    },
  };
});

describe('Redis stores shared by several processes', () => {
  // Two connections stand for two app instances on one Redis.
  const connections = [createTestRedis(), createTestRedis()] as const;
  const prefix = `${uniqueName('medflow_test')}:`;
  afterAll(async () => {
    await deleteRedisPrefix(connections[0], prefix);
    await Promise.all(connections.map((c) => c.quit()));
  });

  it('gives exactly one `new` to 200 claims spread over two connections', async () => {
    const stores = connections.map((redis) => createRedisIdempotencyStore({ redis, prefix }));
    const key = uniqueName('idem');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => stores[i % 2]!.claim(key, { ttlMs: 60_000 })),
    );
    expect(results.filter((r) => r.status === 'new')).toHaveLength(1);
  });

  it('ends 50 racing increments from two connections at exactly 50', async () => {
    const stores = connections.map((redis) => createRedisKeyValueStore({ redis, prefix }));
    const key = uniqueName('kv');
    await stores[0]!.set(key, 0);
    const increment = async (i: number) => {
      const kv = stores[i % 2]!;
      for (let attempt = 0; attempt < 500; attempt++) {
        const current = await kv.get<number>(key);
        if (current && (await kv.compareAndSet(key, current.version, current.value + 1)) !== null) return;
      }
      throw new Error('increment starved');
    };
    await Promise.all(Array.from({ length: 50 }, (_, i) => increment(i)));
    expect((await stores[1]!.get<number>(key))?.value).toBe(50);
  });

  it('keeps stores with different prefixes apart', async () => {
    const other = `${uniqueName('medflow_test')}:`;
    const a = createRedisKeyValueStore({ redis: connections[0], prefix });
    const b = createRedisKeyValueStore({ redis: connections[0], prefix: other });
    const key = uniqueName('kv');
    await a.set(key, 'a');
    expect(await b.get(key)).toBeNull();
    expect(await b.list('')).toEqual([]);
  });
});
