import { toBase64Url, utf8 } from '@medflow/core';
import { checkJoin, DEFAULT_JOIN_WINDOW, deriveIdentity, parseEnsureRoomInput } from './policy';
import { computeTwilioSignature, type TwilioParams } from './twilio/signature';
import { verifyAndParseTwilioCallback } from './twilio/verify';
import type {
  AdmissionCheck,
  JoinAuthorizer,
  JoinToken,
  JoinWindow,
  VideoCapabilities,
  VideoProvider,
  VideoRoom,
} from './types';

/**
 * Test helpers for apps using @medflow/telemedicine: signed Twilio callbacks, so a test can
 * drive the callback handler exactly as Twilio would.
 */

export interface SignedTwilioCallbackInput {
  authToken: string;
  /** The URL Twilio was configured to call (the public one): this is what gets signed. */
  url: string;
  params: Record<string, string>;
  /** Where the request arrives, when a proxy rewrites it (e.g. `http://internal:3000/...`). */
  receivedUrl?: string;
  headers?: Record<string, string>;
}

/** A POST Request carrying `params` form-encoded and a valid X-Twilio-Signature. */
export async function createSignedTwilioCallbackRequest(input: SignedTwilioCallbackInput): Promise<Request> {
  const signature = await computeTwilioSignature(input.authToken, input.url, input.params as TwilioParams);
  return new Request(input.receivedUrl ?? input.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-twilio-signature': signature,
      'i-twilio-idempotency-token': crypto.randomUUID(),
      ...input.headers,
    },
    body: new URLSearchParams(input.params).toString(),
  });
}

export type TwilioRoomCallbackEvent =
  | 'room-created'
  | 'room-ended'
  | 'participant-connected'
  | 'participant-disconnected'
  | 'track-added'
  | 'track-removed'
  | 'recording-started'
  | 'recording-completed';

export interface TwilioRoomCallbackParamsInput {
  event: TwilioRoomCallbackEvent;
  sequence?: number;
  roomSid?: string;
  roomName?: string;
  accountSid?: string;
  timestamp?: Date | string;
  participantSid?: string;
  participantIdentity?: string;
  participantDurationSeconds?: number;
  roomDurationSeconds?: number;
  recordingSid?: string;
  recordingDurationSeconds?: number;
  recordingSizeBytes?: number;
}

const hex32 = (seed: string) => {
  let out = '';
  for (let i = 0; out.length < 32; i++)
    out += ((seed.charCodeAt(i % seed.length) * 31 + i) % 16).toString(16);
  return out;
};

/** The form parameters of one Twilio Rooms status callback, with realistic defaults. */
export function twilioRoomCallbackParams(input: TwilioRoomCallbackParamsInput): Record<string, string> {
  const roomSid = input.roomSid ?? `RM${hex32('room')}`;
  const accountSid = input.accountSid ?? `AC${hex32('account')}`;
  const ended = input.event === 'room-ended';
  const params: Record<string, string> = {
    AccountSid: accountSid,
    RoomName: input.roomName ?? 'appt-demo',
    RoomSid: roomSid,
    RoomStatus: ended ? 'completed' : 'in-progress',
    RoomType: 'group',
    StatusCallbackEvent: input.event,
    Timestamp: new Date(input.timestamp ?? Date.now()).toISOString(),
  };
  if (input.sequence !== undefined) params.SequenceNumber = String(input.sequence);
  if (ended) params.RoomDuration = String(input.roomDurationSeconds ?? 1800);
  const participantEvent = input.event.startsWith('participant-') || input.event.startsWith('track-');
  if (participantEvent || input.event.startsWith('recording-')) {
    params.ParticipantSid = input.participantSid ?? `PA${hex32(input.participantIdentity ?? 'participant')}`;
    params.ParticipantIdentity = input.participantIdentity ?? 'patient-AAAAAAAAAAAAAAAAAAAAAA';
    params.ParticipantStatus = input.event === 'participant-disconnected' ? 'disconnected' : 'connected';
  }
  if (input.event === 'participant-disconnected')
    params.ParticipantDuration = String(input.participantDurationSeconds ?? 1500);
  if (input.event.startsWith('track-') || input.event.startsWith('recording-')) {
    params.TrackSid = `MT${hex32('track')}`;
    params.TrackKind = 'video';
  }
  if (input.event.startsWith('recording-')) {
    const recordingSid = input.recordingSid ?? `RT${hex32('recording')}`;
    params.RecordingSid = recordingSid;
    params.RecordingUri = `/v1/Recordings/${recordingSid}`;
    params.Container = 'mkv';
    params.Codec = 'VP8';
    params.Type = 'video';
    params.SourceSid = params.TrackSid ?? '';
    if (input.event === 'recording-completed') {
      params.Duration = String(input.recordingDurationSeconds ?? 1500);
      params.Size = String(input.recordingSizeBytes ?? 4_194_304);
    }
  }
  return params;
}

export interface FakeVideoProviderOptions {
  /** Defaults to letting everyone join. */
  authorizer?: JoinAuthorizer;
  admission?: AdmissionCheck;
  joinWindow?: Partial<JoinWindow>;
  /** Signs and verifies callbacks the Twilio way (default `fake-auth-token`). */
  authToken?: string;
  publicBaseUrl?: string;
  capabilities?: Partial<VideoCapabilities>;
  now?: () => number;
}

export interface FakeVideoProvider extends VideoProvider {
  /** Rooms by name, live and ended. */
  readonly rooms: Map<string, VideoRoom>;
  readonly issuedTokens: JoinToken[];
}

/**
 * An in-memory VideoProvider that applies the same rules as the real adapters (validation,
 * consent, join window, authorization, admission) without any network, for apps' own tests.
 * Its tokens are opaque strings, not provider tokens.
 */
export function createFakeVideoProvider(options: FakeVideoProviderOptions = {}): FakeVideoProvider {
  const rooms = new Map<string, VideoRoom>();
  const issuedTokens: JoinToken[] = [];
  const now = options.now ?? Date.now;
  const capabilities: VideoCapabilities = {
    recording: true,
    maxParticipants: 50,
    hipaaEligible: true,
    maxTokenTtlSeconds: 86_400,
    ...options.capabilities,
  };
  const identitySecret = 'fake-identity-secret';
  let counter = 0;
  return {
    name: 'fake',
    capabilities,
    rooms,
    issuedTokens,
    async ensureRoom(input) {
      const spec = parseEnsureRoomInput(input, capabilities.maxParticipants);
      const live = rooms.get(spec.ref.name);
      if (live?.status === 'in-progress') return { ...live, created: false };
      counter++;
      const room: VideoRoom = {
        ...spec.ref,
        provider: 'fake',
        sid: `RM${counter.toString(16).padStart(32, '0')}`,
        status: 'in-progress',
        created: true,
        maxParticipants: spec.maxParticipants,
        maxParticipantDurationSeconds: spec.durationMinutes * 60,
        recording: spec.record,
      };
      rooms.set(room.name, room);
      return { ...room };
    },
    async issueJoinToken(input) {
      const { identity, issuedAt, ttlSeconds, succeeded } = await checkJoin(
        input,
        {
          authorizer: options.authorizer ?? { canJoin: () => true },
          admission: options.admission,
          joinWindow: { ...DEFAULT_JOIN_WINDOW, ...options.joinWindow },
          maxTokenTtlSeconds: capabilities.maxTokenTtlSeconds,
          identitySecret,
          provider: 'fake',
        },
        now(),
      );
      await succeeded();
      const expiresAt = new Date((issuedAt + ttlSeconds) * 1000).toISOString();
      const token: JoinToken = {
        token: `fake.${toBase64Url(utf8(JSON.stringify({ room: input.room.name, identity, expiresAt })))}`,
        identity,
        roomName: input.room.name,
        expiresAt,
      };
      issuedTokens.push(token);
      return token;
    },
    async endRoom(room) {
      const stored = rooms.get(room.name);
      if (!stored) return { sid: undefined, status: 'completed' };
      stored.status = 'completed';
      return { sid: stored.sid, status: stored.status };
    },
    verifyAndParseCallback(request) {
      return verifyAndParseTwilioCallback(request, {
        authToken: options.authToken ?? 'fake-auth-token',
        publicBaseUrl: options.publicBaseUrl,
      });
    },
    identityOf: (input) => deriveIdentity(identitySecret, input),
  };
}
