export {
  createRedisIdempotencyStore,
  createRedisKeyValueStore,
  createRedisRateLimiter,
} from './stores/redis';
