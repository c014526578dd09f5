/**
 * The provider port. Callers speak only these shapes, so a Daily or LiveKit adapter can
 * replace the Twilio one without touching application code.
 */

export type ParticipantRole = 'clinician' | 'patient' | 'observer';

export interface RecordingOptions {
  /**
   * Must be `true`, and only after the patient agreed: recording a visit is a consent and
   * PHI decision, so there is no default and no way to record without saying so.
   */
  consent: boolean;
}

export interface EnsureRoomInput {
  /** The app's opaque appointment id; the room's unique name is derived from it. */
  appointmentId: string;
  /** Upper bound of people in the room at once (Twilio group rooms allow 50). */
  maxParticipants: number;
  /** Scheduled start (Date or ISO 8601). */
  startsAt: Date | string;
  /** Scheduled length; bounds how long a participant may stay connected. */
  durationMinutes: number;
  recording?: RecordingOptions;
}

/** Enough to find a room again and to check the join window, without a provider call. */
export interface VideoRoomRef {
  /** The provider's room name (unique per live room). */
  name: string;
  appointmentId: string;
  /** ISO 8601 instants of the scheduled visit. */
  startsAt: string;
  endsAt: string;
}

export interface VideoRoom extends VideoRoomRef {
  provider: string;
  /** Provider id of the room (Twilio `RM…`). */
  sid: string;
  status: 'in-progress' | 'completed' | 'failed';
  /** False when ensureRoom found the live room from an earlier call. */
  created: boolean;
  maxParticipants: number;
  maxParticipantDurationSeconds: number;
  recording: boolean;
}

export interface JoinParticipant {
  /** The app's opaque user id; it never leaves as-is (the provider sees a derived identity). */
  id: string;
}

export interface IssueJoinTokenInput {
  room: VideoRoomRef;
  participant: JoinParticipant;
  role: ParticipantRole;
  /** Default 3600; never above the provider's maximum (Twilio: 86 400). */
  ttlSeconds?: number;
}

export interface JoinToken {
  /** The signed access token the client SDK connects with. */
  token: string;
  /** The opaque identity inside the token, as it appears in callbacks. */
  identity: string;
  roomName: string;
  expiresAt: string;
}

export interface VideoCapabilities {
  recording: boolean;
  maxParticipants: number;
  /** The provider signs a BAA for this room type. */
  hipaaEligible: boolean;
  /** Longest access-token lifetime the provider accepts, in seconds. */
  maxTokenTtlSeconds: number;
}

export type VideoEventType =
  | 'room.started'
  | 'room.ended'
  | 'participant.joined'
  | 'participant.left'
  | 'recording.completed';

export interface VideoEvent {
  type: VideoEventType;
  provider: string;
  /** Stable id of this delivery's event, used for deduplication. */
  id: string;
  roomSid: string;
  roomName: string;
  /** The appointment id when the room name was derived by this package. */
  appointmentId?: string;
  /** Per-room order given by the provider (Twilio SequenceNumber), when present. */
  sequence?: number;
  occurredAt: string;
  participant?: {
    sid: string;
    /** The opaque identity from the token; see identityOf. */
    identity: string;
    role?: ParticipantRole;
    durationSeconds?: number;
  };
  recording?: {
    sid: string;
    /** Provider URI of the media; fetching it needs provider credentials. */
    uri?: string;
    durationSeconds?: number;
    sizeBytes?: number;
    container?: string;
    codec?: string;
    trackKind?: string;
  };
  roomDurationSeconds?: number;
  /**
   * Set when the event reached us after later events of its room had already been emitted
   * (its gap was given up on); consumers that keep state should not let it overwrite newer state.
   */
  late?: boolean;
}

/** A provider-specific event that is part of the per-room sequence but not emitted (track changes, say). */
export interface ParsedCallback {
  /** Null when the provider event has no normalized counterpart. */
  event: VideoEvent | null;
  id: string;
  roomSid: string;
  sequence?: number;
  occurredAt: string;
}

export interface VideoProvider {
  readonly name: string;
  readonly capabilities: VideoCapabilities;
  /** One live room per appointment: a second call returns the same room. */
  ensureRoom(input: EnsureRoomInput): Promise<VideoRoom>;
  issueJoinToken(input: IssueJoinTokenInput): Promise<JoinToken>;
  /** Completes the room; ending an already finished (or never started) room is not an error. */
  endRoom(room: VideoRoomRef | VideoRoom): Promise<{ sid: string | undefined; status: VideoRoom['status'] }>;
  /** Checks the provider's signature and parses one status callback; throws SignatureError. */
  verifyAndParseCallback(request: Request): Promise<ParsedCallback>;
  /** The identity a participant gets in tokens and callbacks for one appointment. */
  identityOf(input: { appointmentId: string; participantId: string; role: ParticipantRole }): Promise<string>;
}

/** Decides who may join which appointment (the app's scheduling and care-team rules). */
export interface JoinAuthorizer {
  canJoin(request: {
    appointmentId: string;
    participantId: string;
    role: ParticipantRole;
  }): Promise<boolean> | boolean;
}

/** Says whether a participant was let in from the waiting room. */
export interface AdmissionCheck {
  isAdmitted(request: { roomName: string; participantId: string }): Promise<boolean>;
}

export interface JoinWindow {
  /** How early before the scheduled start a token may be issued (default 15). */
  opensMinutesBefore: number;
  /** How long after the scheduled end tokens are still issued (default 30). */
  closesMinutesAfter: number;
}
