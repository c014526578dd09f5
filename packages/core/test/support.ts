import { randomUUID } from 'node:crypto';
import { quoteIdent } from '@medflow/core';
import { Redis } from 'ioredis';
import pg from 'pg';

/** A name no concurrent run will pick: schemas, key prefixes, keys. */
export const uniqueName = (label: string) => `${label}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createTestPool(max = 20) {
  return new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max });
}

export async function dropSchema(pool: pg.Pool, schema: string) {
  await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
}

export function createTestRedis() {
  return new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: false, maxRetriesPerRequest: 1 });
}

/** Deletes every key under `prefix` (the run's own namespace). */
export async function deleteRedisPrefix(redis: Redis, prefix: string) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(
      cursor,
      'MATCH',
      `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
      'COUNT',
      1000,
    );
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
