import { cookies } from 'next/headers';
import { getClinic } from '@/lib/server/clinic';
import { SESSION_COOKIE, sessionFromCookieValue } from '@/lib/server/session';
import { Missing } from '@/lib/ui/Missing';
import { VideoClient } from './VideoClient';

export const dynamic = 'force-dynamic';

export default async function VideoPage() {
  const clinic = await getClinic();
  const session = sessionFromCookieValue((await cookies()).get(SESSION_COOKIE)?.value ?? 'patient');
  const { rows } = await clinic.sql.query<{
    id: string;
    starts_at: Date;
    duration_minutes: number;
    patient: string;
  }>(
    `SELECT a.id, a.starts_at, a.duration_minutes, p.display_name AS patient
     FROM clinic_appointments a JOIN clinic_patients p ON p.id = a.patient_id ORDER BY a.starts_at LIMIT 1`,
  );
  const appointment = rows[0];
  return (
    <>
      <h1>Video visit</h1>
      {!clinic.video && (
        <Missing
          keys={['TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET', 'TWILIO_AUTH_TOKEN']}
          doc="twilio.md"
        >
          The waiting room works without Twilio; joining the video room needs a Twilio account.
        </Missing>
      )}
      {appointment ? (
        <div className="card">
          <p>
            <strong>{appointment.patient}</strong> · {new Date(appointment.starts_at).toUTCString()} ·{' '}
            {appointment.duration_minutes} min
          </p>
          <VideoClient
            appointmentId={appointment.id}
            role={session?.role === 'patient' ? 'patient' : 'clinician'}
            videoReady={!!clinic.video}
          />
        </div>
      ) : (
        <p>No appointment.</p>
      )}
      {clinic.config.dev && (
        <div className="card devtools" data-testid="video-devtools">
          <h2>Developer tools (development only)</h2>
          <p className="muted">
            Signs a Twilio room status callback with{' '}
            {clinic.config.twilio.authTokenIsDemo ? 'the local demo auth token' : 'TWILIO_AUTH_TOKEN'} over{' '}
            <code>{clinic.config.publicBaseUrl}/api/medflow/video/status</code> and posts it to the real
            callback route; the normalized event lands in the audit trail on the Integrations page.
          </p>
          <form action="/api/demo/twilio" method="post" className="row">
            <select name="event" aria-label="Callback event">
              <option value="room-created">room-created</option>
              <option value="participant-connected">participant-connected</option>
              <option value="participant-disconnected">participant-disconnected</option>
              <option value="room-ended">room-ended</option>
            </select>
            <button type="submit" data-testid="send-twilio-event">
              Send signed callback
            </button>
          </form>
        </div>
      )}
    </>
  );
}
