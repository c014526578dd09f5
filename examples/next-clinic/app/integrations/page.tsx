import { cookies } from 'next/headers';
import { getClinic } from '@/lib/server/clinic';
import { SESSION_COOKIE } from '@/lib/server/session';
import { ApiKeys } from './ApiKeys';

export const dynamic = 'force-dynamic';

interface AuditRow {
  id: string;
  at: Date;
  action: string;
  outcome: string;
  provider: string | null;
  status: number | null;
  error_code: string | null;
}

export default async function IntegrationsPage() {
  const clinic = await getClinic();
  const who = (await cookies()).get(SESSION_COOKIE)?.value ?? 'patient';
  // The adapter's own health route, called as the signed-in user would call it.
  const healthResponse = await clinic.handlers.GET(
    new Request(`${clinic.config.publicBaseUrl}/api/medflow/health`, {
      headers: { cookie: `${SESSION_COOKIE}=${who}` },
    }),
  );
  const health = healthResponse.ok
    ? ((await healthResponse.json()) as {
        integrations: Record<
          string,
          {
            configured: boolean;
            lastSuccessAt: string | null;
            lastErrorCode: string | null;
            webhookBacklog?: number | null;
          }
        >;
      })
    : null;
  const providers = [
    [
      'Stripe',
      !!clinic.config.stripe.secretKey,
      clinic.config.stripe.webhookSecretIsDemo
        ? 'webhooks verify with the local demo secret'
        : 'webhook secret set',
    ],
    [
      'Twilio Video',
      !!clinic.video,
      clinic.config.twilio.authTokenIsDemo ? 'callbacks verify with the local demo token' : 'auth token set',
    ],
    ['Google Health API', !!clinic.config.google.clientId, 'OAuth client'],
    ['Clearinghouse (X12)', false, 'demo clearinghouse answers with a sample 271'],
    ['Lab feed (MLLP)', true, `listening on 127.0.0.1:${clinic.config.mllpPort}`],
    [
      'Database',
      true,
      clinic.db.kind === 'pglite' ? 'embedded PGlite (./.data)' : 'PostgreSQL (DATABASE_URL)',
    ],
  ] as const;
  const keys = await clinic.apiKeys.list();
  const { rows: audit } = await clinic.sql.query<AuditRow>(
    'SELECT id, at, action, outcome, provider, status, error_code FROM clinic_audit ORDER BY id DESC LIMIT 40',
  );
  const { rows: connections } = await clinic.sql.query<{
    subject: string;
    kind: string;
    n: number;
    provider: string;
  }>(
    `SELECT subject, kind, count(*)::int AS n, sample->'provenance'->>'provider' AS provider
     FROM medflow_wearable_samples GROUP BY subject, kind, provider ORDER BY subject, kind`,
  );
  return (
    <>
      <h1>Integrations</h1>
      <div className="grid">
        <div className="card">
          <h2>Providers</h2>
          <table>
            <tbody>
              {providers.map(([name, on, note]) => (
                <tr key={name}>
                  <td>{name}</td>
                  <td>
                    <span className={`badge ${on ? 'ok' : 'open'}`}>
                      {on ? 'configured' : 'not configured'}
                    </span>
                  </td>
                  <td className="muted">{note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="card" data-testid="health">
          <h2>Health</h2>
          {health ? (
            <table>
              <tbody>
                {Object.entries(health.integrations).map(([name, h]) => (
                  <tr key={name}>
                    <td>{name}</td>
                    <td>{h.configured ? 'on' : 'off'}</td>
                    <td className="muted">
                      last ok {h.lastSuccessAt ? new Date(h.lastSuccessAt).toLocaleTimeString('en') : '—'}
                    </td>
                    <td className="muted">{h.lastErrorCode ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">Sign in as clinician or staff to see integration health.</p>
          )}
        </div>
      </div>
      <div className="card">
        <h2>Wearable data by patient and source</h2>
        <table>
          <tbody>
            {connections.map((c) => (
              <tr key={`${c.subject}-${c.kind}-${c.provider}`}>
                <td>{c.subject}</td>
                <td>{c.provider}</td>
                <td>{c.kind}</td>
                <td>{c.n} samples</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ApiKeys keys={keys} />
      <div className="card">
        <h2>Audit trail</h2>
        <p className="muted">External interactions, PHI redacted before storage.</p>
        <table data-testid="audit">
          <thead>
            <tr>
              <th>When</th>
              <th>Action</th>
              <th>Outcome</th>
              <th>Provider</th>
              <th>Status / error</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((a) => (
              <tr key={a.id}>
                <td>{new Date(a.at).toISOString().replace('T', ' ').slice(0, 19)}</td>
                <td>{a.action}</td>
                <td>{a.outcome}</td>
                <td>{a.provider ?? ''}</td>
                <td>{a.status ?? a.error_code ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
