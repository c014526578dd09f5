import {
  type AuditEvent,
  ConflictError,
  createMemoryKeyValueStore,
  ProviderError,
  RateLimitedError,
  SignatureError,
  ValidationError,
} from '@medflow/core';
import {
  createTwilioVideoProvider,
  createWaitingRoom,
  type JoinAuthorizer,
  JoinNotAllowedError,
  NotAdmittedError,
  OutsideJoinWindowError,
  roomRefForAppointment,
  type TwilioVideoProviderOptions,
} from '@medflow/telemedicine';
import { createSignedTwilioCallbackRequest, twilioRoomCallbackParams } from '@medflow/telemedicine/testing';
import { decodeJwt, jwtVerify } from 'jose';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT_SID,
  API_KEY_SECRET,
  API_KEY_SID,
  AUTH_TOKEN,
  bufferedFetch,
  createTwilioVideoApi,
} from '../../test/twilio-video-api';

let api = createTwilioVideoApi();
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  api = createTwilioVideoApi();
  server.resetHandlers(...api.handlers);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const START = Date.parse('2026-11-27T15:00:00Z');
const careTeam: JoinAuthorizer = {
  canJoin: ({ appointmentId, participantId, role }) =>
    appointmentId === 'apt-1001' &&
    ((role === 'clinician' && participantId === 'usr_doc') ||
      (role === 'patient' && participantId === 'usr_pat')),
};

function provider(overrides: Partial<TwilioVideoProviderOptions> = {}, nowMs = START) {
  return createTwilioVideoProvider({
    accountSid: ACCOUNT_SID,
    apiKey: { sid: API_KEY_SID, secret: API_KEY_SECRET },
    authToken: AUTH_TOKEN,
    statusCallbackUrl: 'https://public.example/api/video/callback',
    authorizer: careTeam,
    now: () => nowMs,
    http: { retry: { baseDelayMs: 1, maxDelayMs: 2 }, fetch: bufferedFetch },
    ...overrides,
  });
}

const visit = {
  appointmentId: 'apt-1001',
  maxParticipants: 3,
  startsAt: new Date(START),
  durationMinutes: 30,
};

describe('ensureRoom', () => {
  it('creates one group room per appointment with bounded durations and timeouts', async () => {
    const room = await provider().ensureRoom(visit);
    expect(room).toMatchObject({
      provider: 'twilio',
      name: 'appt-apt-1001',
      appointmentId: 'apt-1001',
      status: 'in-progress',
      created: true,
      recording: false,
      maxParticipants: 3,
      startsAt: '2026-11-27T15:00:00.000Z',
      endsAt: '2026-11-27T15:30:00.000Z',
    });
    expect(room.sid).toMatch(/^RM[0-9a-f]{32}$/);
    const [create] = api.requests;
    expect(create?.method).toBe('POST');
    expect(create?.path).toBe('/v1/Rooms');
    expect(create?.authorization).toBe(`Basic ${btoa(`${API_KEY_SID}:${API_KEY_SECRET}`)}`);
    expect(create?.form).toEqual({
      UniqueName: 'appt-apt-1001',
      Type: 'group',
      MaxParticipants: '3',
      // 30 minutes of visit plus 15 minutes of overrun.
      MaxParticipantDuration: '2700',
      EmptyRoomTimeout: '5',
      UnusedRoomTimeout: '10',
      RecordParticipantsOnConnect: 'false',
      StatusCallback: 'https://public.example/api/video/callback',
      StatusCallbackMethod: 'POST',
    });
  });

  it('returns the live room on a second call instead of failing on "Room exists"', async () => {
    const video = provider();
    const first = await video.ensureRoom(visit);
    const second = await video.ensureRoom(visit);
    expect(second.sid).toBe(first.sid);
    expect(second.created).toBe(false);
    expect(api.rooms).toHaveLength(1);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/Rooms',
      'POST /v1/Rooms',
      'GET /v1/Rooms/appt-apt-1001',
    ]);
  });

  it('settles concurrent calls for one appointment on a single room', async () => {
    const video = provider();
    const rooms = await Promise.all(Array.from({ length: 5 }, () => video.ensureRoom(visit)));
    expect(new Set(rooms.map((r) => r.sid)).size).toBe(1);
    expect(rooms.filter((r) => r.created)).toHaveLength(1);
  });

  it('opens a new room once the earlier one for the appointment completed', async () => {
    const video = provider();
    const first = await video.ensureRoom(visit);
    await video.endRoom(first);
    const again = await video.ensureRoom(visit);
    expect(again.sid).not.toBe(first.sid);
    expect(again.created).toBe(true);
  });

  it('validates participants (Twilio allows 50) and appointment ids before calling Twilio', async () => {
    const video = provider();
    await expect(video.ensureRoom({ ...visit, maxParticipants: 51 })).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [expect.objectContaining({ path: ['maxParticipants'] })],
    });
    await expect(video.ensureRoom({ ...visit, maxParticipants: 2.5 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(video.ensureRoom({ ...visit, appointmentId: 'Jane Doe' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(video.ensureRoom({ ...visit, startsAt: 'tomorrow' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(video.ensureRoom({ ...visit, maxParticipants: 50 })).resolves.toMatchObject({
      maxParticipants: 50,
    });
    expect(api.requests).toHaveLength(1);
  });

  it('bounds the participant duration by Twilio’s 10 minute minimum and 24 h maximum', async () => {
    await provider({ rooms: { overrunMinutes: 0 } }).ensureRoom({
      ...visit,
      appointmentId: 'short',
      durationMinutes: 1,
    });
    await provider().ensureRoom({ ...visit, appointmentId: 'long', durationMinutes: 24 * 60 });
    expect(api.requests.map((r) => r.form.MaxParticipantDuration)).toEqual(['600', '86400']);
  });

  it('records only with explicit consent', async () => {
    const video = provider();
    await expect(video.ensureRoom({ ...visit, recording: { consent: false } })).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [expect.objectContaining({ path: ['recording', 'consent'] })],
    });
    expect(api.requests).toHaveLength(0);
    const recorded = await video.ensureRoom({ ...visit, recording: { consent: true } });
    expect(recorded.recording).toBe(true);
    expect(api.requests[0]?.form.RecordParticipantsOnConnect).toBe('true');
    // A caller without consent must not silently join a recording room.
    await expect(video.ensureRoom(visit)).rejects.toBeInstanceOf(ConflictError);
  });

  it('retries Twilio’s 429 (code 20429) and then succeeds', async () => {
    api.state.rateLimitNext = 2;
    const room = await provider().ensureRoom(visit);
    expect(room.created).toBe(true);
    expect(api.requests).toHaveLength(3);
  });

  it('gives up with RateLimitedError when Twilio keeps answering 429', async () => {
    api.state.rateLimitNext = 10;
    const error = await provider()
      .ensureRoom(visit)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).details).toMatchObject({ providerCode: '20429' });
    expect(api.requests).toHaveLength(3);
  });

  it('turns Twilio’s auth failure into a client-safe ProviderError', async () => {
    const video = createTwilioVideoProvider({
      accountSid: ACCOUNT_SID,
      apiKey: { sid: API_KEY_SID, secret: API_KEY_SECRET },
      authorizer: careTeam,
      http: {
        retry: false,
        fetch: async () =>
          new Response(
            JSON.stringify({
              code: 20003,
              message: 'Authenticate',
              more_info: 'https://www.twilio.com/docs/errors/20003',
              status: 401,
            }),
            { status: 401, headers: { 'content-type': 'application/json' } },
          ),
      },
    });
    const error = await video.ensureRoom(visit).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ providerCode: '20003', providerStatus: 401, status: 502 });
    expect((error as Error).message).not.toContain('Authenticate');
  });

  it('refuses a misconfiguration at construction with a ValidationError', () => {
    expect(() => provider({ rooms: { emptyRoomTimeoutMinutes: 90 } })).toThrow(ValidationError);
    expect(() => provider({ accountSid: 'AC-nope' })).toThrow(ValidationError);
    expect(() => provider({ apiKey: undefined, authToken: undefined })).toThrow(ValidationError);
  });

  it('uses account sid and auth token for REST when no API key is configured', async () => {
    const video = createTwilioVideoProvider({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      authorizer: careTeam,
    });
    await video.ensureRoom(visit);
    expect(api.requests[0]?.authorization).toBe(`Basic ${btoa(`${ACCOUNT_SID}:${AUTH_TOKEN}`)}`);
    await expect(
      video.issueJoinToken({
        room: roomRefForAppointment(visit),
        participant: { id: 'usr_doc' },
        role: 'clinician',
      }),
    ).rejects.toMatchObject({ code: 'provider_misconfigured' });
  });
});

describe('endRoom', () => {
  it('completes the room and tolerates ending it twice or ending a room that never started', async () => {
    const video = provider();
    const room = await video.ensureRoom(visit);
    await expect(video.endRoom(room)).resolves.toEqual({ sid: room.sid, status: 'completed' });
    expect(api.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `/v1/Rooms/${room.sid}`,
      form: { Status: 'completed' },
    });
    await expect(video.endRoom(room)).resolves.toEqual({ sid: room.sid, status: 'completed' });
    const never = roomRefForAppointment({ ...visit, appointmentId: 'apt-never' });
    await expect(video.endRoom(never)).resolves.toEqual({ sid: undefined, status: 'completed' });
  });
});

describe('issueJoinToken', () => {
  const room = roomRefForAppointment(visit);
  const secret = new TextEncoder().encode(API_KEY_SECRET);

  it('grants one room to an opaque identity for an hour by default', async () => {
    const video = provider({}, START - 5 * 60_000);
    const issued = await video.issueJoinToken({ room, participant: { id: 'usr_doc' }, role: 'clinician' });
    const { payload } = await jwtVerify(issued.token, secret, {
      issuer: API_KEY_SID,
      subject: ACCOUNT_SID,
      currentDate: new Date(START - 5 * 60_000),
    });
    expect(payload.grants).toEqual({ identity: issued.identity, video: { room: 'appt-apt-1001' } });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    expect(issued.expiresAt).toBe(new Date(START - 5 * 60_000 + 3600_000).toISOString());
    expect(issued.identity).toMatch(/^clinician-[A-Za-z0-9_-]{22}$/);
    expect(issued.token).not.toContain('usr_doc');
    expect(JSON.stringify(payload)).not.toContain('usr_doc');
    // Stable across reconnects, distinct per person and per appointment.
    const again = await video.issueJoinToken({ room, participant: { id: 'usr_doc' }, role: 'clinician' });
    expect(again.identity).toBe(issued.identity);
    expect(
      await video.identityOf({ appointmentId: 'apt-1001', participantId: 'usr_doc', role: 'clinician' }),
    ).toBe(issued.identity);
    expect(
      await video.identityOf({ appointmentId: 'apt-2002', participantId: 'usr_doc', role: 'clinician' }),
    ).not.toBe(issued.identity);
  });

  it('honours a requested ttl, refuses more than 24 h, and never outlives the join window', async () => {
    const video = provider();
    const short = await video.issueJoinToken({
      room,
      participant: { id: 'usr_doc' },
      role: 'clinician',
      ttlSeconds: 600,
    });
    const claims = decodeJwt(short.token);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(600);
    await expect(
      video.issueJoinToken({ room, participant: { id: 'usr_doc' }, role: 'clinician', ttlSeconds: 86_401 }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [expect.objectContaining({ path: ['ttlSeconds'] })],
    });
    // The window closes 30 minutes after the 30 minute visit: at most an hour from the start.
    const long = await video.issueJoinToken({
      room,
      participant: { id: 'usr_doc' },
      role: 'clinician',
      ttlSeconds: 86_400,
    });
    const longClaims = decodeJwt(long.token);
    expect((longClaims.exp ?? 0) * 1000).toBe(START + 60 * 60_000);
  });

  it('refuses tokens outside the window around the appointment with a typed error', async () => {
    const early = await provider({}, START - 16 * 60_000)
      .issueJoinToken({ room, participant: { id: 'usr_doc' }, role: 'clinician' })
      .catch((e: unknown) => e);
    expect(early).toBeInstanceOf(OutsideJoinWindowError);
    expect(early).toMatchObject({
      code: 'outside_join_window',
      status: 403,
      reason: 'too_early',
      opensAt: '2026-11-27T14:45:00.000Z',
      closesAt: '2026-11-27T16:00:00.000Z',
    });
    await expect(
      provider({}, START + 61 * 60_000).issueJoinToken({
        room,
        participant: { id: 'usr_doc' },
        role: 'clinician',
      }),
    ).rejects.toMatchObject({ reason: 'too_late' });
    const wide = provider({ joinWindow: { opensMinutesBefore: 60 } }, START - 50 * 60_000);
    await expect(
      wide.issueJoinToken({ room, participant: { id: 'usr_doc' }, role: 'clinician' }),
    ).resolves.toBeTruthy();
  });

  it('asks the authorization port who may join which appointment', async () => {
    const video = provider();
    await expect(
      video.issueJoinToken({ room, participant: { id: 'usr_stranger' }, role: 'clinician' }),
    ).rejects.toBeInstanceOf(JoinNotAllowedError);
    await expect(
      video.issueJoinToken({ room, participant: { id: 'usr_pat' }, role: 'clinician' }),
    ).rejects.toBeInstanceOf(JoinNotAllowedError);
    const other = roomRefForAppointment({ ...visit, appointmentId: 'apt-2002' });
    await expect(
      video.issueJoinToken({ room: other, participant: { id: 'usr_doc' }, role: 'clinician' }),
    ).rejects.toMatchObject({ code: 'join_not_allowed', status: 403 });
    await expect(
      video.issueJoinToken({ room, participant: { id: 'has space' }, role: 'clinician' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses a room reference whose name belongs to another appointment', async () => {
    const forged = { ...room, name: 'appt-apt-2002' };
    await expect(
      provider().issueJoinToken({ room: forged, participant: { id: 'usr_doc' }, role: 'clinician' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [expect.objectContaining({ path: ['room', 'name'] })],
    });
  });

  it('verifies and parses a callback through the provider port', async () => {
    const params = twilioRoomCallbackParams({ event: 'room-ended', sequence: 4, roomName: room.name });
    const request = await createSignedTwilioCallbackRequest({
      authToken: AUTH_TOKEN,
      url: 'https://public.example/api/video/callback',
      receivedUrl: 'http://internal:3000/api/video/callback',
      params,
    });
    const parsed = await provider({ publicBaseUrl: 'https://public.example' }).verifyAndParseCallback(
      request,
    );
    expect(parsed).toMatchObject({ sequence: 4, event: { type: 'room.ended', appointmentId: 'apt-1001' } });
    const unsigned = new Request('http://internal:3000/api/video/callback', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    await expect(provider().verifyAndParseCallback(unsigned)).rejects.toBeInstanceOf(SignatureError);
  });

  it('gives a patient a token only after the clinician admits them from the waiting room', async () => {
    const lobby = createWaitingRoom({
      store: createMemoryKeyValueStore(),
      authorizer: careTeam,
      now: () => START,
    });
    const video = provider({ admission: lobby });
    const patient = { room, participant: { id: 'usr_pat' }, role: 'patient' as const };
    await expect(video.issueJoinToken(patient)).rejects.toBeInstanceOf(NotAdmittedError);
    await lobby.enter({ room, participantId: 'usr_pat' });
    await expect(video.issueJoinToken(patient)).rejects.toMatchObject({ code: 'not_admitted', status: 409 });
    await lobby.admit({ room, participantId: 'usr_pat', clinicianId: 'usr_doc' });
    const issued = await video.issueJoinToken(patient);
    expect(issued.identity).toMatch(/^patient-/);
    // Clinicians never wait in the lobby.
    await expect(
      video.issueJoinToken({ room, participant: { id: 'usr_doc' }, role: 'clinician' }),
    ).resolves.toBeTruthy();
  });

  it('audits grants and refusals with opaque ids only, never the token or identity', async () => {
    const events: AuditEvent[] = [];
    const video = provider({ audit: { log: (e) => void events.push(e) } });
    const issued = await video.issueJoinToken({ room, participant: { id: 'usr_doc' }, role: 'clinician' });
    await video
      .issueJoinToken({ room, participant: { id: 'usr_x' }, role: 'patient' })
      .catch(() => undefined);
    const tokenEvents = events.filter((e) => e.action === 'telemedicine.token.issue');
    expect(tokenEvents).toMatchObject([
      { outcome: 'success', actor: 'usr_doc', subject: 'apt-1001', details: { role: 'clinician' } },
      { outcome: 'denied', errorCode: 'join_not_allowed', actor: 'usr_x' },
    ]);
    const logged = JSON.stringify(events);
    expect(logged).not.toContain(issued.token);
    expect(logged).not.toContain(issued.identity);
  });

  it('advertises its capabilities', () => {
    expect(provider().capabilities).toEqual({
      recording: true,
      maxParticipants: 50,
      hipaaEligible: true,
      maxTokenTtlSeconds: 86_400,
    });
  });
});
