import { ValidationError } from '@medflow/core';
import { appointmentIdFromRoomName, roleOfIdentity } from '../policy';
import type { ParsedCallback, VideoEvent, VideoEventType } from '../types';

const EVENT_TYPES: Record<string, VideoEventType> = {
  'room-created': 'room.started',
  'room-ended': 'room.ended',
  'participant-connected': 'participant.joined',
  'participant-disconnected': 'participant.left',
  'recording-completed': 'recording.completed',
};

const single = (params: Record<string, string | string[]>, key: string): string | undefined => {
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
};

const integer = (value: string | undefined): number | undefined => {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
};

/**
 * A Twilio Rooms status callback's form parameters → the normalized event. Track and
 * recording-started events still carry a sequence number, so they come back with
 * `event: null` to keep the per-room order intact.
 */
export function parseTwilioRoomCallback(params: Record<string, string | string[]>): ParsedCallback {
  const roomSid = single(params, 'RoomSid');
  const eventName = single(params, 'StatusCallbackEvent');
  const issues = [];
  if (!roomSid || !/^RM[0-9a-fA-F]{32}$/.test(roomSid))
    issues.push({ path: ['RoomSid'], message: 'Expected a room sid (RM…)' });
  if (!eventName) issues.push({ path: ['StatusCallbackEvent'], message: 'Required' });
  const timestamp = single(params, 'Timestamp');
  const occurredMs = timestamp ? Date.parse(timestamp) : Number.NaN;
  if (timestamp !== undefined && Number.isNaN(occurredMs))
    issues.push({ path: ['Timestamp'], message: 'Expected an ISO 8601 instant' });
  const sequenceText = single(params, 'SequenceNumber');
  const sequence = integer(sequenceText);
  if (sequenceText !== undefined && sequence === undefined)
    issues.push({ path: ['SequenceNumber'], message: 'Expected a whole number' });
  if (issues.length > 0 || !roomSid || !eventName)
    throw new ValidationError('Malformed Twilio room callback', issues);

  const occurredAt = Number.isNaN(occurredMs) ? new Date().toISOString() : new Date(occurredMs).toISOString();
  const participantSid = single(params, 'ParticipantSid');
  const recordingSid = single(params, 'RecordingSid');
  const trackSid = single(params, 'TrackSid');
  // Without a sequence number the subject and time identify a delivery.
  const id =
    sequence !== undefined
      ? `twilio:${roomSid}:${sequence}`
      : `twilio:${roomSid}:${eventName}:${participantSid ?? recordingSid ?? trackSid ?? ''}:${timestamp ?? ''}`;

  const type = Object.hasOwn(EVENT_TYPES, eventName) ? EVENT_TYPES[eventName] : undefined;
  if (!type) return { event: null, id, roomSid, sequence, occurredAt };

  const roomName = single(params, 'RoomName') ?? '';
  const event: VideoEvent = {
    type,
    provider: 'twilio',
    id,
    roomSid,
    roomName,
    occurredAt,
  };
  const appointmentId = appointmentIdFromRoomName(roomName);
  if (appointmentId) event.appointmentId = appointmentId;
  if (sequence !== undefined) event.sequence = sequence;
  const roomDuration = integer(single(params, 'RoomDuration'));
  if (type === 'room.ended' && roomDuration !== undefined) event.roomDurationSeconds = roomDuration;

  if (type === 'participant.joined' || type === 'participant.left') {
    const identity = single(params, 'ParticipantIdentity') ?? '';
    const role = roleOfIdentity(identity);
    const durationSeconds = integer(single(params, 'ParticipantDuration'));
    event.participant = {
      sid: participantSid ?? '',
      identity,
      ...(role ? { role } : {}),
      ...(type === 'participant.left' && durationSeconds !== undefined ? { durationSeconds } : {}),
    };
  }
  if (type === 'recording.completed') {
    const recording: NonNullable<VideoEvent['recording']> = { sid: recordingSid ?? '' };
    const uri = single(params, 'RecordingUri');
    if (uri) recording.uri = uri;
    const duration = integer(single(params, 'Duration'));
    if (duration !== undefined) recording.durationSeconds = duration;
    const size = integer(single(params, 'Size'));
    if (size !== undefined) recording.sizeBytes = size;
    const container = single(params, 'Container');
    if (container) recording.container = container;
    const codec = single(params, 'Codec');
    if (codec) recording.codec = codec;
    const trackKind = single(params, 'TrackKind') ?? single(params, 'Type');
    if (trackKind) recording.trackKind = trackKind;
    event.recording = recording;
    if (participantSid) {
      const identity = single(params, 'ParticipantIdentity') ?? '';
      const role = roleOfIdentity(identity);
      event.participant = { sid: participantSid, identity, ...(role ? { role } : {}) };
    }
  }
  return { event, id, roomSid, sequence, occurredAt };
}
