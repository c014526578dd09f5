import { createMemoryIdempotencyStore, createMemoryKeyValueStore } from '@medflow/core';
import {
  createVideoCallbackHandler,
  createWaitingRoom,
  NotAdmittedError,
  OutsideJoinWindowError,
  type VideoEvent,
} from '@medflow/telemedicine';
import {
  createFakeVideoProvider,
  createSignedTwilioCallbackRequest,
  twilioRoomCallbackParams,
} from '@medflow/telemedicine/testing';
import { describe, expect, it } from 'vitest';

const START = Date.parse('2026-11-27T15:00:00Z');
const visit = { appointmentId: 'apt-1', maxParticipants: 2, startsAt: new Date(START), durationMinutes: 20 };

describe('createFakeVideoProvider', () => {
  it('behaves like a provider: one room per appointment, consent, window, admission', async () => {
    const lobby = createWaitingRoom({
      store: createMemoryKeyValueStore(),
      authorizer: { canJoin: () => true },
      now: () => START,
    });
    const video = createFakeVideoProvider({ admission: lobby, now: () => START });
    const room = await video.ensureRoom(visit);
    expect(room).toMatchObject({ provider: 'fake', created: true, recording: false, name: 'appt-apt-1' });
    expect((await video.ensureRoom(visit)).created).toBe(false);
    await expect(video.ensureRoom({ ...visit, maxParticipants: 51 })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(video.ensureRoom({ ...visit, recording: { consent: false } })).rejects.toMatchObject({
      code: 'validation_failed',
    });

    const doc = await video.issueJoinToken({ room, participant: { id: 'usr_doc' }, role: 'clinician' });
    expect(doc.identity).toMatch(/^clinician-/);
    await expect(
      video.issueJoinToken({ room, participant: { id: 'usr_pat' }, role: 'patient' }),
    ).rejects.toBeInstanceOf(NotAdmittedError);
    await lobby.enter({ room, participantId: 'usr_pat' });
    await lobby.admit({ room, participantId: 'usr_pat', clinicianId: 'usr_doc' });
    await video.issueJoinToken({ room, participant: { id: 'usr_pat' }, role: 'patient' });
    expect(video.issuedTokens).toHaveLength(2);

    const late = createFakeVideoProvider({ now: () => START + 2 * 60 * 60_000 });
    await expect(
      late.issueJoinToken({ room, participant: { id: 'usr_doc' }, role: 'clinician' }),
    ).rejects.toBeInstanceOf(OutsideJoinWindowError);

    expect(await video.endRoom(room)).toEqual({ sid: room.sid, status: 'completed' });
    expect((await video.ensureRoom(visit)).created).toBe(true);
  });

  it('plugs into the callback handler with signed test requests', async () => {
    const video = createFakeVideoProvider({ authToken: 'test-token' });
    const events: VideoEvent[] = [];
    const handler = createVideoCallbackHandler({
      provider: video,
      store: createMemoryIdempotencyStore(),
      orderingStore: createMemoryKeyValueStore(),
      onEvent: (event) => {
        events.push(event);
      },
    });
    const request = await createSignedTwilioCallbackRequest({
      authToken: 'test-token',
      url: 'http://localhost/video/callback',
      params: twilioRoomCallbackParams({ event: 'room-created', sequence: 0, roomName: 'appt-apt-1' }),
    });
    expect((await handler(request)).status).toBe(204);
    expect(events).toMatchObject([{ type: 'room.started', appointmentId: 'apt-1' }]);
  });
});
