import { roomNameForAppointment } from '@medflow/telemedicine';
import {
  createSignedTwilioCallbackRequest,
  type TwilioRoomCallbackEvent,
  twilioRoomCallbackParams,
} from '@medflow/telemedicine/testing';
import { getClinic } from '@/lib/server/clinic';

export const runtime = 'nodejs';

const EVENTS: TwilioRoomCallbackEvent[] = [
  'room-created',
  'participant-connected',
  'participant-disconnected',
  'room-ended',
];

/**
 * Developer tools (development only): a Twilio room status callback for the demo
 * appointment, signed with the configured auth token over the public URL exactly as Twilio
 * signs it, delivered to the real callback route.
 */
export async function POST(request: Request) {
  const clinic = await getClinic();
  if (!clinic.config.dev) return new Response('Not found', { status: 404 });
  const form = await request.formData();
  const event = String(form.get('event') ?? '') as TwilioRoomCallbackEvent;
  if (!EVENTS.includes(event)) return new Response('Unknown event', { status: 400 });
  // One simulated room per day; Twilio numbers each room's callbacks from 0.
  const roomSid = `RM${'d'.repeat(24)}${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
  const counter = `demo:twilio:seq:${roomSid}`;
  const current = await clinic.kv.get<number>(counter);
  const sequence = current ? current.value + 1 : 0;
  await clinic.kv.set(counter, sequence, { ttlMs: 86_400_000 });
  const params = twilioRoomCallbackParams({
    event,
    sequence,
    roomSid,
    roomName: roomNameForAppointment('apt_2001'),
    ...(event.startsWith('participant')
      ? { participantIdentity: 'patient-demo', participantSid: `PA${'e'.repeat(32)}` }
      : {}),
  });
  const path = '/api/medflow/video/status';
  const signed = await createSignedTwilioCallbackRequest({
    authToken: clinic.config.twilio.authToken,
    url: `${clinic.config.publicBaseUrl}${path}`,
    params,
    receivedUrl: new URL(path, request.url).toString(),
  });
  const delivered = await fetch(signed.url, {
    method: 'POST',
    headers: signed.headers,
    body: await signed.text(),
  });
  return new Response(null, {
    status: 303,
    headers: { location: `/video?delivered=${encodeURIComponent(`${event}:${delivered.status}`)}` },
  });
}
