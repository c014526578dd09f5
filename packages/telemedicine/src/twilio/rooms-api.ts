import {
  type AuditLogger,
  createHttpClient,
  type HttpClient,
  type HttpRequestOptions,
  type MedflowError,
  ProviderError,
  parseRetryAfter,
  RateLimitedError,
  type RateLimiter,
  type RetryPolicy,
  toBase64,
  utf8,
  ValidationError,
  validationErrorFromZod,
} from '@medflow/core';
import * as z from 'zod/mini';
import { safeParse } from '../zod';

export const TWILIO_VIDEO_BASE_URL = 'https://video.twilio.com';
/** "Room exists": a live room already has this unique name. */
export const TWILIO_ROOM_EXISTS = 53113;
export const TWILIO_TOO_MANY_REQUESTS = 20429;

export const twilioRoomSchema = z.object({
  sid: z.string().check(z.regex(/^RM[0-9a-fA-F]{32}$/)),
  status: z.enum(['in-progress', 'completed', 'failed']),
  account_sid: z.string(),
  unique_name: z.string(),
  type: z.string(),
  max_participants: z.optional(z.nullable(z.number().check(z.int()))),
  max_participant_duration: z.optional(z.nullable(z.number().check(z.int()))),
  record_participants_on_connect: z.optional(z.nullable(z.boolean())),
  empty_room_timeout: z.optional(z.nullable(z.number().check(z.int()))),
  unused_room_timeout: z.optional(z.nullable(z.number().check(z.int()))),
  date_created: z.optional(z.nullable(z.string())),
  end_time: z.optional(z.nullable(z.string())),
  duration: z.optional(z.nullable(z.number().check(z.int()))),
  url: z.optional(z.string()),
});
export type TwilioRoom = z.infer<typeof twilioRoomSchema>;

const twilioErrorSchema = z.object({
  code: z.number().check(z.int()),
  message: z.optional(z.string()),
  more_info: z.optional(z.string()),
  status: z.optional(z.number().check(z.int())),
});

export interface TwilioRoomsApiOptions {
  /** API key (preferred) or account sid + auth token for REST basic auth. */
  auth: { username: string; password: string };
  baseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy> | false;
  rateLimiter?: RateLimiter;
  audit?: AuditLogger;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface CreateRoomParams {
  uniqueName: string;
  maxParticipants: number;
  maxParticipantDurationSeconds: number;
  emptyRoomTimeoutMinutes: number;
  unusedRoomTimeoutMinutes: number;
  recordParticipantsOnConnect: boolean;
  statusCallback?: string;
}

/** Twilio's error body → a typed error whose message is ours, never Twilio's text. */
function parseTwilioError(response: Response, body: string): MedflowError | undefined {
  let parsed: z.infer<typeof twilioErrorSchema> | undefined;
  try {
    const result = safeParse(twilioErrorSchema, JSON.parse(body));
    parsed = result.success ? result.data : undefined;
  } catch {
    parsed = undefined;
  }
  const providerRequestId = response.headers.get('twilio-request-id') ?? undefined;
  if (response.status === 429 || parsed?.code === TWILIO_TOO_MANY_REQUESTS) {
    return new RateLimitedError(
      parseRetryAfter(response.headers.get('retry-after')) ?? 1000,
      'Twilio rate limit reached',
      { details: { provider: 'twilio', providerCode: String(TWILIO_TOO_MANY_REQUESTS), providerRequestId } },
    );
  }
  if (!parsed) return undefined;
  return new ProviderError(`Twilio Video rejected the request (error ${parsed.code})`, {
    provider: 'twilio',
    providerStatus: response.status,
    providerCode: String(parsed.code),
    providerRequestId,
    status: response.status === 404 ? 404 : 502,
    retryable: response.status >= 500,
  });
}

/** The slice of Twilio's Video v1 Rooms API this package needs, on core's http client. */
export function createTwilioRoomsApi(options: TwilioRoomsApiOptions) {
  const authorization = `Basic ${toBase64(utf8(`${options.auth.username}:${options.auth.password}`))}`;
  const http: HttpClient = createHttpClient({
    provider: 'twilio',
    baseUrl: options.baseUrl ?? TWILIO_VIDEO_BASE_URL,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? 15_000,
    retry: options.retry,
    rateLimiter: options.rateLimiter,
    rateLimitKey: options.rateLimiter ? 'twilio-video' : undefined,
    audit: options.audit,
    sleep: options.sleep,
    auth: {
      apply(headers) {
        headers.set('authorization', authorization);
      },
    },
    parseError: parseTwilioError,
    requestIdHeaders: ['twilio-request-id', 'x-request-id'],
  });

  // core's http.json takes a classic zod schema; this is the same read-and-validate step
  // for our zod/mini schema.
  const roomJson = async (request: HttpRequestOptions): Promise<TwilioRoom> => {
    const text = await (await http.request(request)).text();
    let data: unknown;
    try {
      data = text.length === 0 ? undefined : JSON.parse(text);
    } catch (error) {
      throw new ValidationError('twilio returned a body that is not JSON', [], { cause: error });
    }
    const result = safeParse(twilioRoomSchema, data);
    if (!result.success) throw validationErrorFromZod(result.error, 'Unexpected twilio response');
    return result.data;
  };

  const roomPath = (nameOrSid: string) => `/v1/Rooms/${encodeURIComponent(nameOrSid)}`;

  return {
    createRoom(params: CreateRoomParams): Promise<TwilioRoom> {
      return roomJson({
        method: 'POST',
        path: '/v1/Rooms',
        form: {
          UniqueName: params.uniqueName,
          Type: 'group',
          MaxParticipants: params.maxParticipants,
          MaxParticipantDuration: params.maxParticipantDurationSeconds,
          EmptyRoomTimeout: params.emptyRoomTimeoutMinutes,
          UnusedRoomTimeout: params.unusedRoomTimeoutMinutes,
          RecordParticipantsOnConnect: params.recordParticipantsOnConnect,
          StatusCallback: params.statusCallback,
          StatusCallbackMethod: params.statusCallback ? 'POST' : undefined,
        },
        // A unique name makes the create safe to repeat: a duplicate answers 53113.
        retryable: true,
        auditAction: 'twilio.video.room.create',
      });
    },
    fetchRoom(nameOrSid: string): Promise<TwilioRoom> {
      return roomJson({
        method: 'GET',
        path: roomPath(nameOrSid),
        auditAction: 'twilio.video.room.fetch',
      });
    },
    completeRoom(nameOrSid: string): Promise<TwilioRoom> {
      return roomJson({
        method: 'POST',
        path: roomPath(nameOrSid),
        form: { Status: 'completed' },
        retryable: true,
        auditAction: 'twilio.video.room.complete',
      });
    },
  };
}

export type TwilioRoomsApi = ReturnType<typeof createTwilioRoomsApi>;
