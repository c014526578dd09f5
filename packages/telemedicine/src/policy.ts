import { type AuditLogger, hmac, toBase64Url, ValidationError, validationErrorFromZod } from '@medflow/core';
import * as z from 'zod/mini';
import { JoinNotAllowedError, NotAdmittedError, OutsideJoinWindowError } from './errors';
import type {
  AdmissionCheck,
  EnsureRoomInput,
  IssueJoinTokenInput,
  JoinAuthorizer,
  JoinWindow,
  ParticipantRole,
  VideoRoomRef,
} from './types';
import { safeParse } from './zod';

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

const ensureRoomSchema = z.object({
  appointmentId: z.string(),
  maxParticipants: z.number().check(z.int(), z.gte(2)),
  startsAt: z.union([z.date(), z.string()]),
  durationMinutes: z.number().check(z.int(), z.gte(1), z.lte(24 * 60)),
  recording: z.optional(z.strictObject({ consent: z.boolean() })),
});

/** Validates an ensureRoom request against a provider's participant limit and the consent rule. */
export function parseEnsureRoomInput(input: EnsureRoomInput, maxParticipants: number) {
  const schema = z.extend(ensureRoomSchema, {
    maxParticipants: z.number().check(z.int(), z.gte(2), z.lte(maxParticipants)),
  });
  const parsed = safeParse(schema, input);
  if (!parsed.success) throw validationErrorFromZod(parsed.error, 'Invalid room request');
  const spec = parsed.data;
  if (spec.recording && spec.recording.consent !== true) {
    throw new ValidationError('Recording needs the patient’s consent', [
      { path: ['recording', 'consent'], message: 'Pass recording: { consent: true } only after consent' },
    ]);
  }
  return {
    ref: roomRefForAppointment(spec),
    maxParticipants: spec.maxParticipants,
    durationMinutes: spec.durationMinutes,
    record: spec.recording?.consent === true,
  };
}

export interface JoinPolicy {
  authorizer: JoinAuthorizer;
  admission?: AdmissionCheck;
  joinWindow: JoinWindow;
  maxTokenTtlSeconds: number;
  identitySecret: string;
  provider: string;
  audit?: AuditLogger;
}

/**
 * Every check before a join token is minted: the room belongs to the appointment, the
 * window is open, the authorizer agrees and, for patients, the waiting room admitted them.
 * Returns the opaque identity and a lifetime that ends with the join window at the latest.
 */
export async function checkJoin(input: IssueJoinTokenInput, policy: JoinPolicy, nowMs: number) {
  const { room, participant, role } = input;
  assertRoomRef(room);
  assertParticipant(participant?.id, role);
  const ttl = resolveTokenTtl(input.ttlSeconds, policy.maxTokenTtlSeconds);
  const { closesAtMs } = assertWithinJoinWindow(room, nowMs, policy.joinWindow);
  const audit = (outcome: 'success' | 'denied', errorCode?: string) =>
    policy.audit?.log({
      action: 'telemedicine.token.issue',
      outcome,
      provider: policy.provider,
      actor: participant.id,
      subject: room.appointmentId,
      ...(errorCode ? { errorCode } : {}),
      details: { role },
    });
  const allowed = await policy.authorizer.canJoin({
    appointmentId: room.appointmentId,
    participantId: participant.id,
    role,
  });
  if (allowed !== true) {
    await audit('denied', 'join_not_allowed');
    throw new JoinNotAllowedError();
  }
  if (role === 'patient' && policy.admission) {
    const admitted = await policy.admission.isAdmitted({
      roomName: room.name,
      participantId: participant.id,
    });
    if (!admitted) {
      await audit('denied', 'not_admitted');
      throw new NotAdmittedError();
    }
  }
  const identity = await deriveIdentity(policy.identitySecret, {
    appointmentId: room.appointmentId,
    participantId: participant.id,
    role,
  });
  const issuedAt = Math.floor(nowMs / 1000);
  // A token is only needed to connect, so it never outlives the join window.
  const ttlSeconds = Math.max(1, Math.min(ttl, Math.floor(closesAtMs / 1000) - issuedAt));
  return { identity, issuedAt, ttlSeconds, succeeded: () => audit('success') };
}
