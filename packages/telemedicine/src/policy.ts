import { hmac, toBase64Url, ValidationError } from '@medflow/core';
import { OutsideJoinWindowError } from './errors';
import type { JoinWindow, ParticipantRole, VideoRoomRef } from './types';

/**
 * Provider-neutral rules (room naming, join window, token lifetime, opaque identities), so
 * every adapter enforces the same policy.
 */

export const DEFAULT_JOIN_WINDOW: JoinWindow = { opensMinutesBefore: 15, closesMinutesAfter: 30 };
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

const ROOM_PREFIX = 'appt-';
// Unreserved URL characters only: Twilio lets the unique name stand in for the sid in
// REST paths, which works only when it needs no escaping.
const APPOINTMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const PARTICIPANT_ID = /^[^\s]{1,200}$/;
const ROLES: readonly ParticipantRole[] = ['clinician', 'patient', 'observer'];

export function assertAppointmentId(appointmentId: string): void {
  if (typeof appointmentId !== 'string' || !APPOINTMENT_ID.test(appointmentId)) {
    throw new ValidationError('Invalid appointment id', [
      {
        path: ['appointmentId'],
        message: 'Use 1-100 letters, digits, "_", "." or "-" (an opaque id, never a name)',
      },
    ]);
  }
}

/** The room name for an appointment: deterministic, so a retried create finds the same room. */
export function roomNameForAppointment(appointmentId: string): string {
  assertAppointmentId(appointmentId);
  return `${ROOM_PREFIX}${appointmentId}`;
}

export function appointmentIdFromRoomName(roomName: string): string | undefined {
  if (!roomName.startsWith(ROOM_PREFIX)) return undefined;
  const id = roomName.slice(ROOM_PREFIX.length);
  return APPOINTMENT_ID.test(id) ? id : undefined;
}

export function toInstant(value: Date | string, path: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ValidationError('Invalid date', [
      { path: [path], message: 'Expected a Date or ISO 8601 string' },
    ]);
  }
  return date;
}

/** Builds a room reference from the app's appointment record (no provider call). */
export function roomRefForAppointment(appointment: {
  appointmentId: string;
  startsAt: Date | string;
  durationMinutes: number;
}): VideoRoomRef {
  const startsAt = toInstant(appointment.startsAt, 'startsAt');
  if (!Number.isInteger(appointment.durationMinutes) || appointment.durationMinutes < 1) {
    throw new ValidationError('Invalid appointment length', [
      { path: ['durationMinutes'], message: 'Expected a whole number of minutes, at least 1' },
    ]);
  }
  return {
    name: roomNameForAppointment(appointment.appointmentId),
    appointmentId: appointment.appointmentId,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + appointment.durationMinutes * 60_000).toISOString(),
  };
}

/**
 * Rejects a reference whose room name is not the one derived from its appointment id: the
 * authorizer judges the appointment while the token grants the named room, so the two must
 * be the same visit.
 */
export function assertRoomRef(room: VideoRoomRef): void {
  if (!room || typeof room.name !== 'string' || typeof room.appointmentId !== 'string') {
    throw new ValidationError('Invalid room reference', [
      { path: ['room'], message: 'Expected a room reference' },
    ]);
  }
  if (room.name !== roomNameForAppointment(room.appointmentId)) {
    throw new ValidationError('Room does not belong to the appointment', [
      { path: ['room', 'name'], message: 'Use the room returned by ensureRoom or roomRefForAppointment' },
    ]);
  }
  toInstant(room.startsAt, 'room.startsAt');
  toInstant(room.endsAt, 'room.endsAt');
}

export function joinWindowOf(room: VideoRoomRef, window: JoinWindow = DEFAULT_JOIN_WINDOW) {
  const startsAt = toInstant(room.startsAt, 'room.startsAt').getTime();
  const endsAt = toInstant(room.endsAt, 'room.endsAt').getTime();
  return {
    opensAtMs: startsAt - window.opensMinutesBefore * 60_000,
    closesAtMs: endsAt + window.closesMinutesAfter * 60_000,
  };
}

/** Throws OutsideJoinWindowError unless `nowMs` lies inside the window around the visit. */
export function assertWithinJoinWindow(
  room: VideoRoomRef,
  nowMs: number,
  window: JoinWindow = DEFAULT_JOIN_WINDOW,
): { opensAtMs: number; closesAtMs: number } {
  const bounds = joinWindowOf(room, window);
  const iso = {
    opensAt: new Date(bounds.opensAtMs).toISOString(),
    closesAt: new Date(bounds.closesAtMs).toISOString(),
  };
  if (nowMs < bounds.opensAtMs) throw new OutsideJoinWindowError('too_early', iso);
  if (nowMs > bounds.closesAtMs) throw new OutsideJoinWindowError('too_late', iso);
  return bounds;
}

/** Validates a requested token lifetime against the provider's maximum. */
export function resolveTokenTtl(ttlSeconds: number | undefined, maxSeconds: number): number {
  const ttl = ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > maxSeconds) {
    throw new ValidationError('Invalid token lifetime', [
      { path: ['ttlSeconds'], message: `Expected whole seconds between 60 and ${maxSeconds}` },
    ]);
  }
  return ttl;
}

export function assertParticipant(participantId: string, role: ParticipantRole): void {
  const issues = [];
  if (typeof participantId !== 'string' || !PARTICIPANT_ID.test(participantId))
    issues.push({ path: ['participant', 'id'], message: 'Expected an opaque id without spaces' });
  if (!ROLES.includes(role)) issues.push({ path: ['role'], message: `Expected one of ${ROLES.join(', ')}` });
  if (issues.length > 0) throw new ValidationError('Invalid participant', issues);
}

/**
 * A participant's identity inside a room: the role (so a UI can label tiles) plus a keyed
 * hash of appointment and user id. The provider never sees the app's user id, let alone a
 * name, yet the same person gets the same identity on every reconnect, which lets the
 * provider drop a stale duplicate connection.
 */
export async function deriveIdentity(
  secret: string,
  input: { appointmentId: string; participantId: string; role: ParticipantRole },
): Promise<string> {
  assertParticipant(input.participantId, input.role);
  const mac = await hmac(
    'SHA-256',
    secret,
    `medflow-video-identity\n${input.appointmentId}\n${input.participantId}`,
  );
  return `${input.role}-${toBase64Url(mac.subarray(0, 16))}`;
}

export function roleOfIdentity(identity: string): ParticipantRole | undefined {
  const role = identity.split('-', 1)[0] as ParticipantRole;
  return ROLES.includes(role) ? role : undefined;
}
