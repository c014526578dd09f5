import {
  type AuditLogger,
  ConflictError,
  MedflowError,
  ProviderError,
  type RateLimiter,
  type RetryPolicy,
  ValidationError,
} from '@medflow/core';
import * as z from 'zod/mini';
import {
  checkJoin,
  DEFAULT_JOIN_WINDOW,
  deriveIdentity,
  type JoinPolicy,
  parseEnsureRoomInput,
} from '../policy';
import type {
  AdmissionCheck,
  EnsureRoomInput,
  IssueJoinTokenInput,
  JoinAuthorizer,
  JoinToken,
  JoinWindow,
  ParticipantRole,
  VideoCapabilities,
  VideoProvider,
  VideoRoom,
  VideoRoomRef,
} from '../types';
import { safeParse } from '../zod';
import { createTwilioAccessToken, TWILIO_MAX_TOKEN_TTL_SECONDS } from './access-token';
import { createTwilioRoomsApi, TWILIO_ROOM_EXISTS, type TwilioRoom, type TwilioRoomsApi } from './rooms-api';
import { verifyAndParseTwilioCallback } from './verify';

/** Twilio group rooms hold at most 50 participants. */
export const TWILIO_MAX_PARTICIPANTS = 50;
const MIN_PARTICIPANT_DURATION_SECONDS = 600;
const MAX_PARTICIPANT_DURATION_SECONDS = 86_400;

export const twilioCapabilities: VideoCapabilities = {
  recording: true,
  maxParticipants: TWILIO_MAX_PARTICIPANTS,
  // Group rooms are covered by Twilio's BAA; peer-to-peer and go rooms are not.
  hipaaEligible: true,
  maxTokenTtlSeconds: TWILIO_MAX_TOKEN_TTL_SECONDS,
};

export interface TwilioRoomDefaults {
  /** Minutes a room stays open after the last participant leaves (1-60, default 5). */
  emptyRoomTimeoutMinutes?: number;
  /** Minutes a room stays open when nobody joins (1-60, default 10). */
  unusedRoomTimeoutMinutes?: number;
  /** Minutes a participant may overrun the scheduled length (default 15). */
  overrunMinutes?: number;
}

export interface TwilioVideoProviderOptions {
  accountSid: string;
  /** API key for REST calls and for signing access tokens (tokens need one). */
  apiKey?: { sid: string; secret: string };
  /** The account's auth token: verifies callbacks, and authenticates REST calls when no apiKey is given. */
  authToken?: string | readonly string[];
  /** Public URL Twilio POSTs room status callbacks to. */
  statusCallbackUrl?: string;
  /** Public origin Twilio calls, used to verify callbacks that arrive through a proxy. */
  publicBaseUrl?: string;
  /** Decides who may join which appointment. */
  authorizer: JoinAuthorizer;
  /** When set, patients get tokens only once admitted from the waiting room. */
  admission?: AdmissionCheck;
  joinWindow?: Partial<JoinWindow>;
  /** Keys the opaque identities; defaults to the API key secret. Changing it changes identities. */
  identitySecret?: string;
  rooms?: TwilioRoomDefaults;
  audit?: AuditLogger;
  now?: () => number;
  http?: {
    baseUrl?: string;
    fetch?: typeof fetch;
    timeoutMs?: number;
    retry?: Partial<RetryPolicy> | false;
    rateLimiter?: RateLimiter;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  };
}

const timeoutSchema = z.number().check(z.int(), z.gte(1), z.lte(60));

function roomTimeout(value: number | undefined, fallback: number, name: string): number {
  const parsed = safeParse(timeoutSchema, value ?? fallback);
  if (!parsed.success) {
    throw new ValidationError('Invalid room timeout', [
      { path: ['rooms', name], message: 'Expected 1-60 minutes' },
    ]);
  }
  return parsed.data;
}

function toVideoRoom(room: TwilioRoom, ref: VideoRoomRef, created: boolean): VideoRoom {
  return {
    ...ref,
    provider: 'twilio',
    sid: room.sid,
    status: room.status,
    created,
    maxParticipants: room.max_participants ?? 0,
    maxParticipantDurationSeconds: room.max_participant_duration ?? 0,
    recording: room.record_participants_on_connect ?? false,
  };
}

const isTwilioCode = (error: unknown, code: number) =>
  error instanceof ProviderError && error.providerCode === String(code);

export function createTwilioVideoProvider(options: TwilioVideoProviderOptions): VideoProvider {
  if (!/^AC[0-9a-fA-F]{32}$/.test(options.accountSid ?? '')) {
    throw new ValidationError('Twilio account sid is malformed', [
      { path: ['accountSid'], message: 'Expected AC followed by 32 hex digits' },
    ]);
  }
  const firstAuthToken =
    typeof options.authToken === 'string' ? options.authToken : options.authToken?.find(Boolean);
  const restAuth = options.apiKey
    ? { username: options.apiKey.sid, password: options.apiKey.secret }
    : firstAuthToken
      ? { username: options.accountSid, password: firstAuthToken }
      : undefined;
  if (!restAuth) {
    throw new ValidationError('Twilio credentials are missing', [
      { path: ['apiKey'], message: 'Pass an API key, or an auth token for REST calls' },
    ]);
  }
  const emptyRoomTimeout = roomTimeout(options.rooms?.emptyRoomTimeoutMinutes, 5, 'emptyRoomTimeoutMinutes');
  const unusedRoomTimeout = roomTimeout(
    options.rooms?.unusedRoomTimeoutMinutes,
    10,
    'unusedRoomTimeoutMinutes',
  );
  const overrunMinutes = options.rooms?.overrunMinutes ?? 15;
  const joinWindow: JoinWindow = { ...DEFAULT_JOIN_WINDOW, ...options.joinWindow };
  const now = options.now ?? Date.now;
  const identitySecret = options.identitySecret ?? options.apiKey?.secret ?? firstAuthToken ?? '';
  const api: TwilioRoomsApi = createTwilioRoomsApi({
    auth: restAuth,
    audit: options.audit,
    ...options.http,
  });

  const joinPolicy: JoinPolicy = {
    authorizer: options.authorizer,
    admission: options.admission,
    joinWindow,
    maxTokenTtlSeconds: TWILIO_MAX_TOKEN_TTL_SECONDS,
    identitySecret,
    provider: 'twilio',
    audit: options.audit,
  };

  const identityOf = (input: { appointmentId: string; participantId: string; role: ParticipantRole }) =>
    deriveIdentity(identitySecret, input);

  async function ensureRoom(input: EnsureRoomInput): Promise<VideoRoom> {
    const spec = parseEnsureRoomInput(input, TWILIO_MAX_PARTICIPANTS);
    const { ref, record } = spec;
    // Bounded by the visit so a forgotten tab cannot keep a session (and its billing) alive.
    const maxParticipantDurationSeconds = Math.min(
      MAX_PARTICIPANT_DURATION_SECONDS,
      Math.max(MIN_PARTICIPANT_DURATION_SECONDS, (spec.durationMinutes + overrunMinutes) * 60),
    );
    const params = {
      uniqueName: ref.name,
      maxParticipants: spec.maxParticipants,
      maxParticipantDurationSeconds,
      emptyRoomTimeoutMinutes: emptyRoomTimeout,
      unusedRoomTimeoutMinutes: unusedRoomTimeout,
      recordParticipantsOnConnect: record,
      statusCallback: options.statusCallbackUrl,
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return toVideoRoom(await api.createRoom(params), ref, true);
      } catch (error) {
        if (!isTwilioCode(error, TWILIO_ROOM_EXISTS)) throw error;
      }
      let existing: TwilioRoom;
      try {
        existing = await api.fetchRoom(ref.name);
      } catch (error) {
        // The live room ended between our create and fetch: the name is free again.
        if (error instanceof MedflowError && error.status === 404) continue;
        throw error;
      }
      if (existing.record_participants_on_connect && !record) {
        throw new ConflictError('A recording room is already live for this appointment', {
          code: 'room_recording_mismatch',
          details: { roomSid: existing.sid },
        });
      }
      return toVideoRoom(existing, ref, false);
    }
    throw new ConflictError('Could not settle the room for this appointment', { code: 'room_contention' });
  }

  async function issueJoinToken(input: IssueJoinTokenInput): Promise<JoinToken> {
    if (!options.apiKey) {
      throw new MedflowError('Join tokens need a Twilio API key', { code: 'provider_misconfigured' });
    }
    const { identity, issuedAt, ttlSeconds, succeeded } = await checkJoin(input, joinPolicy, now());
    const token = await createTwilioAccessToken({
      accountSid: options.accountSid,
      apiKeySid: options.apiKey.sid,
      apiKeySecret: options.apiKey.secret,
      identity,
      room: input.room.name,
      ttlSeconds,
      issuedAt,
    });
    await succeeded();
    return {
      token,
      identity,
      roomName: input.room.name,
      expiresAt: new Date((issuedAt + ttlSeconds) * 1000).toISOString(),
    };
  }

  async function endRoom(room: VideoRoomRef | VideoRoom) {
    const target = 'sid' in room && room.sid ? room.sid : room.name;
    try {
      const done = await api.completeRoom(target);
      return { sid: done.sid, status: done.status };
    } catch (error) {
      // A unique name only resolves while the room is live: not found means already over.
      if (error instanceof MedflowError && error.status === 404)
        return { sid: undefined, status: 'completed' as const };
      if (!(error instanceof ProviderError) || target === room.name) throw error;
      const current = await api.fetchRoom(target);
      if (current.status === 'in-progress') throw error;
      return { sid: current.sid, status: current.status };
    }
  }

  return {
    name: 'twilio',
    capabilities: twilioCapabilities,
    ensureRoom,
    issueJoinToken,
    endRoom,
    identityOf,
    verifyAndParseCallback: (request) =>
      verifyAndParseTwilioCallback(request, {
        authToken: options.authToken,
        publicBaseUrl: options.publicBaseUrl,
      }),
  };
}
