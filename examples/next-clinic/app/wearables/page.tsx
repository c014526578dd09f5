import { dailyTotals, type Sample } from '@medflow/wearables';
import { cookies } from 'next/headers';
import { getClinic } from '@/lib/server/clinic';
import { SESSION_COOKIE, sessionFromCookieValue } from '@/lib/server/session';
import { LineChart } from '@/lib/ui/LineChart';
import { Missing } from '@/lib/ui/Missing';
import { AppleUpload } from './AppleUpload';

export const dynamic = 'force-dynamic';

const localDay = (iso: string) => iso.slice(0, 10);

function series(samples: Sample[]) {
  return samples
    .filter((s): s is Sample & { value: number } => typeof (s as { value?: unknown }).value === 'number')
    .sort((a, b) => a.time.start.localeCompare(b.time.start))
    .map((s) => ({ id: s.id, label: localDay(s.time.start).slice(5), value: Math.round(s.value * 10) / 10 }));
}

export default async function WearablesPage() {
  const clinic = await getClinic();
  const session = sessionFromCookieValue((await cookies()).get(SESSION_COOKIE)?.value ?? 'patient');
  const patientId = session?.patientId ?? 'pat-ava';
  const [steps, resting, weight] = await Promise.all([
    clinic.samples.query(patientId, { kind: 'steps' }),
    clinic.samples.query(patientId, { kind: 'resting_heart_rate' }),
    clinic.samples.query(patientId, { kind: 'weight' }),
  ]);
  const daily = dailyTotals(steps, { kinds: ['steps'] });
  const sources = (list: Sample[]) =>
    [...new Set(list.map((s) => s.provenance.sourceName ?? s.provenance.provider))].join(', ');
  const googleReady = !!(clinic.config.google.clientId && clinic.config.google.clientSecret);
  return (
    <>
      <h1>Wearables</h1>
      <div className="grid">
        <div className="card">
          <h2>Google Health (Fitbit devices)</h2>
          {googleReady ? (
            <a className="button" href="/api/medflow/wearables/google-health/connect">
              Connect Google Health
            </a>
          ) : (
            <Missing keys={['GOOGLE_HEALTH_CLIENT_ID', 'GOOGLE_HEALTH_CLIENT_SECRET']} doc="google-health.md">
              Fitbit devices are reached through the Google Health API with the patient&apos;s consent.
            </Missing>
          )}
        </div>
        <div className="card">
          <h2>Apple Health export</h2>
          <p className="muted">
            On the iPhone: Health → profile → Export All Health Data, then upload <code>export.zip</code> (or{' '}
            <code>export.xml</code>). It streams through unzip and an XML parser into the database; nothing is
            kept on disk.
          </p>
          <AppleUpload patientId={patientId} />
        </div>
      </div>
      <div className="card" data-testid="steps-chart">
        <h2>Daily steps</h2>
        <p className="muted">
          Per local day, overlapping iPhone and Watch intervals merged by source priority (no double
          counting), other hours from every source. Sources: {sources(steps) || 'none yet'}.
        </p>
        <LineChart
          bars
          title="Daily steps"
          unit="steps"
          points={daily.map((d) => ({ id: d.date, label: d.date.slice(5), value: d.value }))}
        />
      </div>
      <div className="grid">
        <div className="card" data-testid="resting-chart">
          <h2>Resting heart rate</h2>
          <p className="muted">Sources: {sources(resting) || 'none yet'}</p>
          <LineChart title="Resting heart rate" unit="/min" points={series(resting)} />
        </div>
        <div className="card" data-testid="weight-chart">
          <h2>Weight</h2>
          <p className="muted">Converted to kg. Sources: {sources(weight) || 'none yet'}</p>
          <LineChart title="Weight" unit="kg" points={series(weight)} />
        </div>
      </div>
    </>
  );
}
