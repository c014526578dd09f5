import { createMemoryKeyValueStore, type KeyValueStore } from '@medflow/core';
import {
  createWaitingRoom,
  type JoinAuthorizer,
  JoinNotAllowedError,
  LobbyStateError,
  OutsideJoinWindowError,
  roomRefForAppointment,
} from '@medflow/telemedicine';
import { describe, expect, it } from 'vitest';

const START = Date.parse('2026-11-27T15:00:00Z');
const room = roomRefForAppointment({
  appointmentId: 'apt-1001',
  startsAt: new Date(START),
  durationMinutes: 30,
});
const authorizer: JoinAuthorizer = {
  canJoin: ({ appointmentId, participantId, role }) =>
    appointmentId === 'apt-1001' &&
    ((role === 'clinician' && ['usr_doc', 'usr_doc2'].includes(participantId)) ||
      (role === 'patient' && ['usr_pat', 'usr_pat2'].includes(participantId))),
};

function lobby(store: KeyValueStore = createMemoryKeyValueStore(), nowMs = START - 10 * 60_000) {
  return createWaitingRoom({ store, authorizer, now: () => nowMs });
}

describe('createWaitingRoom', () => {
  it('walks a patient from knocking to admitted', async () => {
    const waiting = lobby();
    expect(await waiting.isAdmitted({ roomName: room.name, participantId: 'usr_pat' })).toBe(false);
    const entered = await waiting.enter({ room, participantId: 'usr_pat' });
    expect(entered).toEqual({
      participantId: 'usr_pat',
      status: 'waiting',
      enteredAt: '2026-11-27T14:50:00.000Z',
    });
    // Knocking again changes nothing.
    expect(await waiting.enter({ room, participantId: 'usr_pat' })).toEqual(entered);
    expect(await waiting.list(room, { status: 'waiting' })).toEqual([entered]);
    expect(await waiting.isAdmitted({ roomName: room.name, participantId: 'usr_pat' })).toBe(false);
    const admitted = await waiting.admit({ room, participantId: 'usr_pat', clinicianId: 'usr_doc' });
    expect(admitted).toMatchObject({ status: 'admitted', decidedBy: 'usr_doc' });
    expect(await waiting.isAdmitted({ roomName: room.name, participantId: 'usr_pat' })).toBe(true);
    expect(await waiting.status({ room, participantId: 'usr_pat' })).toEqual(admitted);
    // Admitting twice is idempotent.
    expect(await waiting.admit({ room, participantId: 'usr_pat', clinicianId: 'usr_doc' })).toEqual(admitted);
  });

  it('only lets the appointment’s clinicians decide, and only about patients who knocked', async () => {
    const waiting = lobby();
    await expect(
      waiting.admit({ room, participantId: 'usr_pat', clinicianId: 'usr_doc' }),
    ).rejects.toBeInstanceOf(LobbyStateError);
    await waiting.enter({ room, participantId: 'usr_pat' });
    await expect(
      waiting.admit({ room, participantId: 'usr_pat', clinicianId: 'usr_pat' }),
    ).rejects.toBeInstanceOf(JoinNotAllowedError);
    await expect(
      waiting.admit({ room, participantId: 'usr_pat', clinicianId: 'usr_other' }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await waiting.isAdmitted({ roomName: room.name, participantId: 'usr_pat' })).toBe(false);
  });

  it('refuses a room reference that does not match its appointment', async () => {
    await expect(
      lobby().enter({ room: { ...room, appointmentId: 'apt-2002' }, participantId: 'usr_pat' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('refuses patients of other appointments and knocks outside the join window', async () => {
    await expect(lobby().enter({ room, participantId: 'usr_someone' })).rejects.toBeInstanceOf(
      JoinNotAllowedError,
    );
    await expect(
      lobby(createMemoryKeyValueStore(), START - 60 * 60_000).enter({ room, participantId: 'usr_pat' }),
    ).rejects.toBeInstanceOf(OutsideJoinWindowError);
  });

  it('keeps a denial across leaving and knocking again; leaving a waiting queue allows a new knock', async () => {
    const waiting = lobby();
    await waiting.enter({ room, participantId: 'usr_pat' });
    await waiting.deny({ room, participantId: 'usr_pat', clinicianId: 'usr_doc' });
    await waiting.leave({ room, participantId: 'usr_pat' });
    expect(await waiting.enter({ room, participantId: 'usr_pat' })).toMatchObject({ status: 'denied' });
    await expect(
      waiting.admit({ room, participantId: 'usr_pat', clinicianId: 'usr_doc' }),
    ).rejects.toBeInstanceOf(LobbyStateError);

    await waiting.enter({ room, participantId: 'usr_pat2' });
    await waiting.leave({ room, participantId: 'usr_pat2' });
    expect(await waiting.status({ room, participantId: 'usr_pat2' })).toMatchObject({ status: 'left' });
    await expect(
      waiting.admit({ room, participantId: 'usr_pat2', clinicianId: 'usr_doc' }),
    ).rejects.toBeInstanceOf(LobbyStateError);
    expect(await waiting.enter({ room, participantId: 'usr_pat2' })).toMatchObject({ status: 'waiting' });
  });

  it('settles a simultaneous admit and deny by two clinicians on exactly one outcome', async () => {
    for (let round = 0; round < 20; round++) {
      const store = createMemoryKeyValueStore();
      const first = lobby(store);
      const second = lobby(store);
      await first.enter({ room, participantId: 'usr_pat' });
      const results = await Promise.allSettled([
        first.admit({ room, participantId: 'usr_pat', clinicianId: 'usr_doc' }),
        second.deny({ room, participantId: 'usr_pat', clinicianId: 'usr_doc2' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(LobbyStateError);
      const final = await first.status({ room, participantId: 'usr_pat' });
      const winner = (
        results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ status: string }>
      ).value;
      expect(final?.status).toBe(winner.status);
    }
  });

  it('lists a room’s lobby oldest first and keeps rooms apart', async () => {
    let now = START - 10 * 60_000;
    const store = createMemoryKeyValueStore();
    const waiting = createWaitingRoom({ store, authorizer, now: () => now });
    await waiting.enter({ room, participantId: 'usr_pat2' });
    now += 1000;
    await waiting.enter({ room, participantId: 'usr_pat' });
    expect((await waiting.list(room)).map((e) => e.participantId)).toEqual(['usr_pat2', 'usr_pat']);
    const other = roomRefForAppointment({
      appointmentId: 'apt-1001x',
      startsAt: new Date(START),
      durationMinutes: 30,
    });
    expect(await waiting.list(other)).toEqual([]);
  });
});
