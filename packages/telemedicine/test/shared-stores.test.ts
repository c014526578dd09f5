import { randomUUID } from 'node:crypto';
import { type IdempotencyStore, type KeyValueStore, quoteIdent } from '@medflow/core';
import {
  createPostgresIdempotencyStore,
  createPostgresKeyValueStore,
  migrateCore,
} from '@medflow/core/postgres';
import { createRedisIdempotencyStore, createRedisKeyValueStore } from '@medflow/core/redis';
import {
  createVideoCallbackHandler,
  createWaitingRoom,
  LobbyStateError,
  roomRefForAppointment,
  type VideoEvent,
} from '@medflow/telemedicine';
import { createSignedTwilioCallbackRequest, twilioRoomCallbackParams } from '@medflow/telemedicine/testing';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTH_TOKEN } from './twilio-video-api';

// Two handler or lobby instances over one real store stand for two app servers: the
// compare-and-set paths must hold up on the engines users deploy, not only in memory.

const unique = (label: string) => `${label}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const pool = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max: 10 });
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
const schema = unique('medflow_tele');
const redisPrefix = `${unique('medflow_tele')}:`;

afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  await pool.end();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
});

const engines: Array<[string, () => Promise<{ idempotency: IdempotencyStore; kv: KeyValueStore }>]> = [
  [
    'PostgreSQL',
    async () => {
      await migrateCore(pool, { schema });
      return {
        idempotency: createPostgresIdempotencyStore({ sql: pool, schema }),
        kv: createPostgresKeyValueStore({ sql: pool, schema }),
      };
    },
  ],
  [
    'Redis',
    async () => ({
      idempotency: createRedisIdempotencyStore({ redis, prefix: redisPrefix }),
      kv: createRedisKeyValueStore({ redis, prefix: redisPrefix }),
    }),
  ],
];

const START = Date.parse('2026-11-27T15:00:00Z');
const sequence = [
  'room-created',
  'participant-connected',
  'participant-connected',
  'participant-disconnected',
  'participant-disconnected',
  'room-ended',
] as const;

describe.each(engines)('on %s', (_name, open) => {
  it('two handler instances emit a room’s concurrent, shuffled, duplicated callbacks once and in order', async () => {
    const { idempotency, kv } = await open();
    const roomSid = `RM${randomUUID().replaceAll('-', '')}`;
    const events: VideoEvent[] = [];
    const options = {
      authToken: AUTH_TOKEN,
      publicBaseUrl: 'https://public.example',
      store: idempotency,
      orderingStore: kv,
      prefix: `${unique('cb')}:`,
      onEvent: (event: VideoEvent) => {
        events.push(event);
      },
    };
    const instances = [createVideoCallbackHandler(options), createVideoCallbackHandler(options)];
    const deliveries = sequence.flatMap((event, i) => [i, i].map(() => ({ event, i })));
    deliveries.sort(() => Math.random() - 0.5);
    const responses = await Promise.all(
      deliveries.map(async ({ event, i }, n) => {
        const request = await createSignedTwilioCallbackRequest({
          authToken: AUTH_TOKEN,
          url: 'https://public.example/video/callback',
          receivedUrl: 'http://internal:3000/video/callback',
          params: twilioRoomCallbackParams({
            event,
            sequence: i,
            roomSid,
            participantSid: `PA${String(i).padStart(32, '0')}`,
            timestamp: new Date(START + i * 1000),
          }),
        });
        return (instances[n % 2] ?? instances[0])?.(request);
      }),
    );
    // A duplicate racing its twin may be told to retry (409); everything else is accepted.
    expect(responses.every((r) => r?.status === 204 || r?.status === 409)).toBe(true);
    expect(events.map((e) => e.sequence)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(events.some((e) => e.late)).toBe(false);
  });

  it('two lobby instances settle a simultaneous admit and deny on one outcome', async () => {
    const { kv } = await open();
    const room = roomRefForAppointment({
      appointmentId: unique('apt'),
      startsAt: new Date(START),
      durationMinutes: 20,
    });
    const authorizer = { canJoin: () => true };
    const now = () => START;
    const prefix = `${unique('lobby')}:`;
    const a = createWaitingRoom({ store: kv, authorizer, now, prefix });
    const b = createWaitingRoom({ store: kv, authorizer, now, prefix });
    await a.enter({ room, participantId: 'usr_pat' });
    const results = await Promise.allSettled([
      a.admit({ room, participantId: 'usr_pat', clinicianId: 'usr_doc' }),
      b.deny({ room, participantId: 'usr_pat', clinicianId: 'usr_doc2' }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    expect(fulfilled).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(
      LobbyStateError,
    );
    const final = await b.status({ room, participantId: 'usr_pat' });
    expect(final?.status).toBe((fulfilled[0] as PromiseFulfilledResult<{ status: string }>).value.status);
    expect(await b.isAdmitted({ roomName: room.name, participantId: 'usr_pat' })).toBe(
      final?.status === 'admitted',
    );
  });
});
