import { type AuditEvent, createMemoryIdempotencyStore, createMemoryKeyValueStore } from '@medflow/core';
import {
  createVideoCallbackHandler,
  type VideoCallbackHandlerOptions,
  type VideoEvent,
} from '@medflow/telemedicine';
import {
  createSignedTwilioCallbackRequest,
  type TwilioRoomCallbackParamsInput,
  twilioRoomCallbackParams,
} from '@medflow/telemedicine/testing';
import fc from 'fast-check';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { AUTH_TOKEN } from '../test/twilio-video-api';

const PUBLIC = 'https://public.example';
const PATH = '/api/video/callback';
const ROOM = `RM${'c'.repeat(32)}`;

function setup(overrides: Partial<VideoCallbackHandlerOptions> = {}) {
  const events: VideoEvent[] = [];
  const audit: AuditEvent[] = [];
  const handler = createVideoCallbackHandler({
    authToken: AUTH_TOKEN,
    publicBaseUrl: PUBLIC,
    store: createMemoryIdempotencyStore(),
    orderingStore: createMemoryKeyValueStore(),
    onEvent: (event) => {
      events.push(event);
    },
    audit: { log: (e) => void audit.push(e) },
    ...overrides,
  } as VideoCallbackHandlerOptions);
  return { handler, events, audit };
}

const at = (seq: number) => new Date(Date.parse('2026-11-27T15:00:00Z') + seq * 1000);

function deliver(
  input: Partial<TwilioRoomCallbackParamsInput> & Pick<TwilioRoomCallbackParamsInput, 'event'>,
) {
  const params = twilioRoomCallbackParams({
    roomSid: ROOM,
    roomName: 'appt-apt-1001',
    timestamp: at(input.sequence ?? 0),
    ...input,
  });
  return createSignedTwilioCallbackRequest({
    authToken: AUTH_TOKEN,
    url: `${PUBLIC}${PATH}`,
    params,
    receivedUrl: `http://internal:3000${PATH}`,
  });
}

const visitSequence: TwilioRoomCallbackParamsInput[] = [
  { event: 'room-created', sequence: 0 },
  { event: 'participant-connected', sequence: 1, participantIdentity: 'clinician-AAAAAAAAAAAAAAAAAAAAAA' },
  { event: 'track-added', sequence: 2, participantIdentity: 'clinician-AAAAAAAAAAAAAAAAAAAAAA' },
  { event: 'participant-connected', sequence: 3, participantIdentity: 'patient-BBBBBBBBBBBBBBBBBBBBBB' },
  {
    event: 'participant-disconnected',
    sequence: 4,
    participantIdentity: 'patient-BBBBBBBBBBBBBBBBBBBBBB',
    participantDurationSeconds: 1200,
  },
  { event: 'participant-disconnected', sequence: 5, participantIdentity: 'clinician-AAAAAAAAAAAAAAAAAAAAAA' },
  { event: 'room-ended', sequence: 6, roomDurationSeconds: 1500 },
  { event: 'recording-completed', sequence: 7, recordingDurationSeconds: 1190 },
];
const expectedTypes = [
  'room.started',
  'participant.joined',
  'participant.joined',
  'participant.left',
  'participant.left',
  'room.ended',
  'recording.completed',
];

describe('createVideoCallbackHandler', () => {
  it('verifies a request signed for the public URL but received on the internal one', async () => {
    const { handler, events } = setup();
    // Signed by twilio's own helper for the URL Twilio was given.
    const params = twilioRoomCallbackParams({
      event: 'participant-connected',
      sequence: 0,
      roomSid: ROOM,
      roomName: 'appt-apt-1001',
      participantIdentity: 'patient-BBBBBBBBBBBBBBBBBBBBBB',
      timestamp: at(0),
    });
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}${PATH}?clinic=7`, params);
    const request = new Request(`http://internal:3000${PATH}?clinic=7`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params),
    });
    const response = await handler(request);
    expect(response.status).toBe(204);
    expect(events).toEqual([
      {
        type: 'participant.joined',
        provider: 'twilio',
        id: `twilio:${ROOM}:0`,
        roomSid: ROOM,
        roomName: 'appt-apt-1001',
        appointmentId: 'apt-1001',
        sequence: 0,
        occurredAt: at(0).toISOString(),
        participant: {
          sid: params.ParticipantSid,
          identity: 'patient-BBBBBBBBBBBBBBBBBBBBBB',
          role: 'patient',
        },
      },
    ]);
  });

  it('rejects the same request when the public base URL is not configured', async () => {
    const { handler, events } = setup({ publicBaseUrl: undefined });
    const response = await handler(await deliver({ event: 'room-created', sequence: 0 }));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_signature', message: 'Signature verification failed' },
    });
    expect(events).toEqual([]);
  });

  it('rejects bad signatures, tampered bodies and non-form requests', async () => {
    const { handler, events, audit } = setup();
    const good = await deliver({ event: 'room-created', sequence: 0 });
    const tampered = new Request(good.url, {
      method: 'POST',
      headers: good.headers,
      body: (await good.text()).replace('room-created', 'room-ended'),
    });
    expect((await handler(tampered)).status).toBe(403);
    const unsigned = await deliver({ event: 'room-created', sequence: 0 });
    unsigned.headers.delete('x-twilio-signature');
    expect((await handler(unsigned)).status).toBe(403);
    const json = new Request(`${PUBLIC}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect((await handler(json)).status).toBe(400);
    expect((await handler(new Request(`${PUBLIC}${PATH}`))).status).toBe(405);
    expect(events).toEqual([]);
    expect(audit.filter((a) => a.outcome === 'denied')).toHaveLength(4);
  });

  it('fails closed without an auth token', async () => {
    for (const authToken of [undefined, '', []]) {
      const { handler, events } = setup({ authToken } as Partial<VideoCallbackHandlerOptions>);
      const response = await handler(await deliver({ event: 'room-created', sequence: 0 }));
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: {
          code: 'callback_verification_unconfigured',
          message: 'Callback verification is not configured',
        },
      });
      expect(events).toEqual([]);
    }
  });

  it('normalizes a whole visit and skips events without a counterpart (tracks)', async () => {
    const { handler, events } = setup();
    for (const input of visitSequence) expect((await handler(await deliver(input))).status).toBe(204);
    expect(events.map((e) => e.type)).toEqual(expectedTypes);
    expect(events.map((e) => e.sequence)).toEqual([0, 1, 3, 4, 5, 6, 7]);
    expect(events[3]?.participant).toMatchObject({ role: 'patient', durationSeconds: 1200 });
    expect(events[5]).toMatchObject({ type: 'room.ended', roomDurationSeconds: 1500 });
    expect(events[6]?.recording).toMatchObject({
      durationSeconds: 1190,
      sizeBytes: 4_194_304,
      container: 'mkv',
      codec: 'VP8',
      trackKind: 'video',
    });
    expect(events[6]?.recording?.sid).toMatch(/^RT/);
  });

  it('drops duplicate deliveries', async () => {
    const { handler, events, audit } = setup();
    const input = { event: 'participant-connected' as const, sequence: 0 };
    for (let i = 0; i < 3; i++) expect((await handler(await deliver(input))).status).toBe(204);
    expect(events).toHaveLength(1);
    expect(audit.filter((a) => a.outcome === 'duplicate')).toHaveLength(2);
  });

  it('emits each room’s events in sequence order whatever the arrival order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(visitSequence, { minLength: visitSequence.length }),
        fc.boolean(),
        async (arrival, concurrently) => {
          const { handler, events } = setup();
          const requests = await Promise.all(arrival.map((input) => deliver(input)));
          if (concurrently) await Promise.all(requests.map((r) => handler(r)));
          else for (const r of requests) await handler(r);
          expect(events.map((e) => e.type)).toEqual(expectedTypes);
          expect(events.some((e) => e.late)).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gives up on a gap after maxBuffered events and flags the straggler as late', async () => {
    const { handler, events } = setup({ reorder: { maxBuffered: 3 } });
    await handler(await deliver({ event: 'room-created', sequence: 0 }));
    for (const seq of [2, 3])
      await handler(
        await deliver({ event: 'participant-connected', sequence: seq, participantSid: `PA${seq}` }),
      );
    expect(events.map((e) => e.sequence)).toEqual([0]);
    await handler(await deliver({ event: 'participant-connected', sequence: 4, participantSid: 'PA4' }));
    expect(events.map((e) => e.sequence)).toEqual([0, 2, 3, 4]);
    await handler(await deliver({ event: 'participant-connected', sequence: 1, participantSid: 'PA1' }));
    expect(events.at(-1)).toMatchObject({ sequence: 1, late: true });
  });

  it('gives up on a gap once it is older than maxHoldMs, or when drained by force', async () => {
    let now = 0;
    const { handler, events } = setup({ reorder: { maxHoldMs: 1000 }, now: () => now });
    await handler(await deliver({ event: 'room-created', sequence: 0 }));
    await handler(await deliver({ event: 'participant-connected', sequence: 2 }));
    expect(events).toHaveLength(1);
    now = 1500;
    await handler(await deliver({ event: 'participant-disconnected', sequence: 3 }));
    expect(events.map((e) => e.sequence)).toEqual([0, 2, 3]);

    await handler(await deliver({ event: 'room-ended', sequence: 5 }));
    expect(events).toHaveLength(3);
    expect(await handler.drainRoom(ROOM)).toBe(0);
    expect(await handler.drainRoom(ROOM, { force: true })).toBe(1);
    expect(events.at(-1)).toMatchObject({ type: 'room.ended', sequence: 5 });
  });

  it('answers 500 when the consumer fails and delivers the event on redelivery', async () => {
    let failures = 1;
    const events: VideoEvent[] = [];
    const { handler } = setup({
      onEvent: (event) => {
        if (event.type === 'participant.joined' && failures-- > 0)
          throw new Error('database down: patient Jane');
        events.push(event);
      },
    });
    await handler(await deliver({ event: 'room-created', sequence: 0 }));
    const failed = await handler(await deliver({ event: 'participant-connected', sequence: 1 }));
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain('Jane');
    // Later events wait behind the failed one instead of overtaking it.
    expect((await handler(await deliver({ event: 'participant-disconnected', sequence: 2 }))).status).toBe(
      204,
    );
    expect(events.map((e) => e.type)).toEqual(['room.started', 'participant.joined', 'participant.left']);
    expect((await handler(await deliver({ event: 'participant-connected', sequence: 1 }))).status).toBe(204);
    expect(events).toHaveLength(3);
  });

  it('keeps rooms independent and orders events without a sequence number by arrival', async () => {
    const { handler, events } = setup();
    const other = `RM${'d'.repeat(32)}`;
    await handler(await deliver({ event: 'participant-connected', sequence: 1, roomSid: other }));
    await handler(await deliver({ event: 'room-created', sequence: 0 }));
    expect(events.map((e) => e.roomSid)).toEqual([ROOM]);
    await handler(await deliver({ event: 'room-created', sequence: 0, roomSid: other }));
    expect(events.map((e) => [e.roomSid, e.sequence])).toEqual([
      [ROOM, 0],
      [other, 0],
      [other, 1],
    ]);

    const loose = setup();
    await loose.handler(await deliver({ event: 'participant-connected', timestamp: at(5) }));
    await loose.handler(await deliver({ event: 'participant-connected', timestamp: at(5) }));
    expect(loose.events).toHaveLength(1);
    expect(loose.events[0]?.id).toContain('participant-connected');
    // Older than what the room already emitted: flagged, not reordered.
    await loose.handler(await deliver({ event: 'room-created', sequence: 0, timestamp: at(10) }));
    await loose.handler(
      await deliver({
        event: 'participant-disconnected',
        timestamp: at(7),
        participantSid: `PA${'e'.repeat(32)}`,
      }),
    );
    expect(loose.events.map((e) => [e.type, e.late ?? false])).toEqual([
      ['participant.joined', false],
      ['room.started', false],
      ['participant.left', true],
    ]);
  });

  it('verifies through any VideoProvider when given one instead of an auth token', async () => {
    const { createTwilioVideoProvider } = await import('@medflow/telemedicine');
    const provider = createTwilioVideoProvider({
      accountSid: `AC${'a1'.repeat(16)}`,
      authToken: AUTH_TOKEN,
      publicBaseUrl: PUBLIC,
      authorizer: { canJoin: () => true },
    });
    const { handler, events } = setup({ provider, authToken: undefined, publicBaseUrl: undefined });
    expect((await handler(await deliver({ event: 'room-created', sequence: 0 }))).status).toBe(204);
    expect(events.map((e) => e.type)).toEqual(['room.started']);
  });

  it('rejects a malformed callback with the field named', async () => {
    const { handler } = setup();
    const request = await createSignedTwilioCallbackRequest({
      authToken: AUTH_TOKEN,
      url: `${PUBLIC}${PATH}`,
      params: { RoomSid: 'nope', StatusCallbackEvent: 'room-created', SequenceNumber: 'x' },
    });
    const response = await handler(request);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: { path: string[] }[] } };
    expect(body.error.issues.map((i) => i.path[0])).toEqual(['RoomSid', 'SequenceNumber']);
  });
});
