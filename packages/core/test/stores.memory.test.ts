import { createMemoryIdempotencyStore, createMemoryKeyValueStore } from '@medflow/core';
import { describeStoreContract } from './store-contract';

describeStoreContract('memory', async () => ({
  idempotency: createMemoryIdempotencyStore(),
  kv: createMemoryKeyValueStore(),
  close: async () => {},
}));
