import { createRedisIdempotencyStore, createRedisKeyValueStore } from '@medflow/core/redis';
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
