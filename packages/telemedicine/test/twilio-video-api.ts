import { HttpResponse, http } from 'msw';

/**
 * An in-memory stand-in for Twilio's Video v1 Rooms API, answering with the documented
 * resource and error shapes (snake_case room JSON, `{ code, message, more_info, status }`).
 */

export const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
export const API_KEY_SID = `SK${'b2'.repeat(16)}`;
export const API_KEY_SECRET = 'test-api-key-secret-0123456789abcdef';
export const AUTH_TOKEN = '12345678901234567890123456789012';
const BASE = 'https://video.twilio.com';

export interface RecordedRequest {
  method: string;
  path: string;
  form: Record<string, string>;
  authorization: string | null;
}

interface StoredRoom {
  sid: string;
  status: 'in-progress' | 'completed' | 'failed';
  unique_name: string;
  date_created: string;
  date_updated: string;
  end_time: string | null;
  duration: number | null;
  max_participants: number;
  max_participant_duration: number;
  record_participants_on_connect: boolean;
  empty_room_timeout: number;
  unused_room_timeout: number;
  status_callback: string | null;
  status_callback_method: string;
}

const twilioError = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
  HttpResponse.json(
    { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    { status, headers: { 'twilio-request-id': `RQ${'0'.repeat(32)}`, ...headers } },
  );

export function createTwilioVideoApi() {
  const rooms: StoredRoom[] = [];
  const requests: RecordedRequest[] = [];
  const state = { rateLimitNext: 0, roomCounter: 0 };

  const roomJson = (room: StoredRoom) => ({
    sid: room.sid,
    status: room.status,
    date_created: room.date_created,
    date_updated: room.date_updated,
    account_sid: ACCOUNT_SID,
    enable_turn: true,
    unique_name: room.unique_name,
    status_callback: room.status_callback,
    status_callback_method: room.status_callback_method,
    end_time: room.end_time,
    duration: room.duration,
    type: 'group',
    max_participants: room.max_participants,
    max_participant_duration: room.max_participant_duration,
    max_concurrent_published_tracks: 170,
    record_participants_on_connect: room.record_participants_on_connect,
    video_codecs: ['VP8', 'H264'],
    media_region: 'us1',
    audio_only: false,
    empty_room_timeout: room.empty_room_timeout,
    unused_room_timeout: room.unused_room_timeout,
    large_room: false,
    url: `${BASE}/v1/Rooms/${room.sid}`,
    links: {
      participants: `${BASE}/v1/Rooms/${room.sid}/Participants`,
      recordings: `${BASE}/v1/Rooms/${room.sid}/Recordings`,
      recording_rules: `${BASE}/v1/Rooms/${room.sid}/RecordingRules`,
    },
  });

  const find = (nameOrSid: string) =>
    /^RM[0-9a-f]{32}$/i.test(nameOrSid)
      ? rooms.find((r) => r.sid === nameOrSid)
      : // A unique name addresses only the in-progress room of that name.
        rooms.find((r) => r.unique_name === nameOrSid && r.status === 'in-progress');

  const record = async (request: Request, path: string) => {
    const text = request.method === 'POST' ? await request.text() : '';
    const form = Object.fromEntries(new URLSearchParams(text));
    requests.push({
      method: request.method,
      path,
      form,
      authorization: request.headers.get('authorization'),
    });
    return form;
  };

  const limited = () => {
    if (state.rateLimitNext <= 0) return undefined;
    state.rateLimitNext--;
    return twilioError(429, 20429, 'Too Many Requests', { 'retry-after': '0' });
  };

  const notFound = (id: string) =>
    twilioError(404, 20404, `The requested resource /Rooms/${id} was not found`);

  const handlers = [
    http.post(`${BASE}/v1/Rooms`, async ({ request }) => {
      const form = await record(request, '/v1/Rooms');
      const throttled = limited();
      if (throttled) return throttled;
      if (rooms.some((r) => r.unique_name === form.UniqueName && r.status === 'in-progress'))
        return twilioError(400, 53113, 'Room exists');
      const maxParticipants = Number(form.MaxParticipants ?? 50);
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      state.roomCounter++;
      const room: StoredRoom = {
        sid: `RM${state.roomCounter.toString(16).padStart(32, '0')}`,
        status: 'in-progress',
        unique_name: form.UniqueName ?? `RM${state.roomCounter}`,
        date_created: now,
        date_updated: now,
        end_time: null,
        duration: null,
        max_participants: maxParticipants,
        max_participant_duration: Number(form.MaxParticipantDuration ?? 14400),
        record_participants_on_connect: form.RecordParticipantsOnConnect === 'true',
        empty_room_timeout: Number(form.EmptyRoomTimeout ?? 5),
        unused_room_timeout: Number(form.UnusedRoomTimeout ?? 5),
        status_callback: form.StatusCallback ?? null,
        status_callback_method: form.StatusCallbackMethod ?? 'POST',
      };
      rooms.push(room);
      return HttpResponse.json(roomJson(room), { status: 201 });
    }),
    http.get(`${BASE}/v1/Rooms/:id`, async ({ request, params }) => {
      const id = String(params.id);
      await record(request, `/v1/Rooms/${id}`);
      const throttled = limited();
      if (throttled) return throttled;
      const room = find(id);
      return room ? HttpResponse.json(roomJson(room)) : notFound(id);
    }),
    http.post(`${BASE}/v1/Rooms/:id`, async ({ request, params }) => {
      const id = String(params.id);
      const form = await record(request, `/v1/Rooms/${id}`);
      const throttled = limited();
      if (throttled) return throttled;
      const room = find(id);
      if (!room) return notFound(id);
      // Completing a finished room changes nothing; it answers with the room as it is.
      if (form.Status !== 'completed' || room.status !== 'in-progress')
        return HttpResponse.json(roomJson(room));
      room.status = 'completed';
      room.end_time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      room.duration = 60;
      return HttpResponse.json(roomJson(room));
    }),
  ];

  return { handlers, rooms, requests, state };
}

/**
 * Global fetch with the body read up front. Under msw 2.15 on Node 20, cancelling an
 * intercepted response's body never settles, and core's http client cancels the body of a
 * response it is about to retry; a buffered body cancels at once.
 */
export const bufferedFetch: typeof fetch = async (input, init) => {
  const response = await globalThis.fetch(input, init);
  const body = response.status === 204 || response.status === 304 ? null : await response.arrayBuffer();
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
};
