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
    </>
  );
}
