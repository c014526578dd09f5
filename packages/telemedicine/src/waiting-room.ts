import { ConflictError, type KeyValueStore } from '@medflow/core';
import { JoinNotAllowedError, LobbyStateError } from './errors';
import {
  assertParticipant,
  assertRoomRef,
  assertWithinJoinWindow,
  DEFAULT_JOIN_WINDOW,
  joinWindowOf,
} from './policy';
import type { AdmissionCheck, JoinAuthorizer, JoinWindow, VideoRoomRef } from './types';

export type LobbyStatus = 'waiting' | 'admitted' | 'denied' | 'left';

export interface LobbyEntry {
  participantId: string;
  status: LobbyStatus;
  enteredAt: string;
  decidedAt?: string;
  /** The clinician's opaque id who admitted or denied. */
  decidedBy?: string;
}

export interface WaitingRoomOptions {
  /** Any core KeyValueStore (memory, PostgreSQL, Redis): the lobby must be shared by every instance. */
  store: KeyValueStore;
  authorizer: JoinAuthorizer;
  joinWindow?: Partial<JoinWindow>;
  /** Key prefix in the store (default `telemedicine:lobby:`). */
  prefix?: string;
  now?: () => number;
}

export interface WaitingRoom extends AdmissionCheck {
  /** The patient knocks. Repeating it is harmless; a denied patient stays denied. */
  enter(input: { room: VideoRoomRef; participantId: string }): Promise<LobbyEntry>;
  status(input: { room: VideoRoomRef; participantId: string }): Promise<LobbyEntry | null>;
  /** Everyone in the lobby of a room (a clinician's view), oldest first. */
  list(room: VideoRoomRef, filter?: { status?: LobbyStatus }): Promise<LobbyEntry[]>;
  admit(input: { room: VideoRoomRef; participantId: string; clinicianId: string }): Promise<LobbyEntry>;
  deny(input: { room: VideoRoomRef; participantId: string; clinicianId: string }): Promise<LobbyEntry>;
  /** The patient leaves; knocking again puts them back in the queue. */
  leave(input: { room: VideoRoomRef; participantId: string }): Promise<void>;
}

const MAX_CAS_ATTEMPTS = 16;

/**
 * An app-level lobby: a patient's token request succeeds only after a clinician admitted
 * them. State lives in core's KeyValueStore and every transition is a compare-and-set, so
 * two clinicians clicking at once, or a patient leaving while being admitted, settle on one
 * outcome across instances.
 */
export function createWaitingRoom(options: WaitingRoomOptions): WaitingRoom {
  const prefix = options.prefix ?? 'telemedicine:lobby:';
  const now = options.now ?? Date.now;
  const window: JoinWindow = { ...DEFAULT_JOIN_WINDOW, ...options.joinWindow };
  const keyOf = (roomName: string, participantId: string) => `${prefix}${roomName}/${participantId}`;
  // Lobby entries are only useful until the visit's join window closes.
  const ttlFor = (room: VideoRoomRef) =>
    Math.max(60 * 60_000, joinWindowOf(room, window).closesAtMs - now() + 60 * 60_000);

  async function transition(
    room: VideoRoomRef,
    participantId: string,
    next: (current: LobbyEntry | null) => LobbyEntry | null,
  ): Promise<LobbyEntry | null> {
    const key = keyOf(room.name, participantId);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const current = await options.store.get<LobbyEntry>(key);
      const value = next(current?.value ?? null);
      if (value === null || value === current?.value) return current?.value ?? null;
      const version = await options.store.compareAndSet(key, current?.version ?? null, value, {
        ttlMs: ttlFor(room),
      });
      if (version !== null) return value;
    }
    throw new ConflictError('The waiting room is busy, try again', {
      code: 'lobby_contention',
      retryable: true,
    });
  }

  async function assertClinician(room: VideoRoomRef, clinicianId: string) {
    assertRoomRef(room);
    assertParticipant(clinicianId, 'clinician');
    const allowed = await options.authorizer.canJoin({
      appointmentId: room.appointmentId,
      participantId: clinicianId,
      role: 'clinician',
    });
    if (allowed !== true) throw new JoinNotAllowedError('Not allowed to manage this waiting room');
  }

  async function decide(
    input: { room: VideoRoomRef; participantId: string; clinicianId: string },
    status: 'admitted' | 'denied',
  ): Promise<LobbyEntry> {
    await assertClinician(input.room, input.clinicianId);
    assertParticipant(input.participantId, 'patient');
    const at = new Date(now()).toISOString();
    const result = await transition(input.room, input.participantId, (current) => {
      if (!current || current.status === 'left')
        throw new LobbyStateError('This patient is not in the waiting room');
      if (current.status === status) return current;
      if (current.status !== 'waiting')
        throw new LobbyStateError(`This patient was already ${current.status}`);
      return { ...current, status, decidedAt: at, decidedBy: input.clinicianId };
    });
    return result as LobbyEntry;
  }

  return {
    async enter({ room, participantId }) {
      assertRoomRef(room);
      assertParticipant(participantId, 'patient');
      assertWithinJoinWindow(room, now(), window);
      const allowed = await options.authorizer.canJoin({
        appointmentId: room.appointmentId,
        participantId,
        role: 'patient',
      });
      if (allowed !== true) throw new JoinNotAllowedError();
      const at = new Date(now()).toISOString();
      const result = await transition(room, participantId, (current) => {
        if (current && current.status !== 'left') return current;
        return { participantId, status: 'waiting', enteredAt: at };
      });
      return result as LobbyEntry;
    },
    async status({ room, participantId }) {
      assertParticipant(participantId, 'patient');
      const entry = await options.store.get<LobbyEntry>(keyOf(room.name, participantId));
      return entry?.value ?? null;
    },
    async list(room, filter = {}) {
      const rows = await options.store.list<LobbyEntry>(`${prefix}${room.name}/`);
      return rows
        .map((row) => row.value)
        .filter((entry) => !filter.status || entry.status === filter.status)
        .sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
    },
    admit: (input) => decide(input, 'admitted'),
    deny: (input) => decide(input, 'denied'),
    async leave({ room, participantId }) {
      assertParticipant(participantId, 'patient');
      const at = new Date(now()).toISOString();
      await transition(room, participantId, (current) => {
        // A denial is kept so that leaving and knocking again cannot undo it.
        if (!current || current.status === 'left' || current.status === 'denied') return null;
        return { ...current, status: 'left', decidedAt: at };
      });
    },
    async isAdmitted({ roomName, participantId }) {
      const entry = await options.store.get<LobbyEntry>(keyOf(roomName, participantId));
      return entry?.value.status === 'admitted';
    },
  };
}
