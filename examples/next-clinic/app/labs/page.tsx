import { getClinic } from '@/lib/server/clinic';
import { LineChart } from '@/lib/ui/LineChart';

export const dynamic = 'force-dynamic';

interface Obs {
  id: string;
  report_id: string;
  patient: string | null;
  code: string | null;
  display: string | null;
  value_num: number | null;
  value_text: string | null;
  unit: string | null;
  flag: string | null;
  reference_range: string | null;
  effective_at: Date | string | null;
  report_display: string | null;
  status: string;
}

const ABNORMAL = new Set(['H', 'HH', 'L', 'LL', 'A', 'AA', 'HU', 'LU']);

export default async function LabsPage() {
  const clinic = await getClinic();
  const { rows } = await clinic.sql.query<Obs>(
    `SELECT o.*, r.display AS report_display, r.status, p.display_name AS patient
     FROM clinic_lab_observations o
     JOIN clinic_lab_reports r ON r.id = o.report_id
     LEFT JOIN clinic_patients p ON p.id = o.patient_id
     ORDER BY o.effective_at DESC NULLS LAST, o.id`,
  );
  const byAnalyte = new Map<string, Obs[]>();
  for (const o of rows) {
    if (o.value_num === null || !o.code) continue;
    const list = byAnalyte.get(o.code) ?? [];
    list.push(o);
    byAnalyte.set(o.code, list);
  }
  const day = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : '');
  return (
    <>
      <h1>Lab results</h1>
      <p className="muted">
        Laboratories send HL7 v2 ORU^R01 over MLLP to port {clinic.config.mllpPort} (or POST to{' '}
        <code>/api/medflow/labs/hl7</code> with an API key). Each message is mapped to a FHIR transaction
        Bundle and acknowledged; <code>pnpm demo</code> plays a sample feed.
      </p>
      {rows.length === 0 ? (
        <div className="card">
          No results yet. Run <code>pnpm demo</code> or send a message to the MLLP port.
        </div>
      ) : (
        <div className="card">
          <table data-testid="lab-table">
            <thead>
              <tr>
                <th>Date</th>
                <th>Patient</th>
                <th>Test</th>
                <th>Result</th>
                <th>Flag</th>
                <th>Reference</th>
                <th>Report</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => {
                const abnormal = o.flag !== null && ABNORMAL.has(o.flag);
                return (
                  <tr key={o.id} className={abnormal ? 'abnormal' : undefined} data-testid={`obs-${o.code}`}>
                    <td>{day(o.effective_at)}</td>
                    <td>{o.patient ?? 'unmatched'}</td>
                    <td>{o.display ?? o.code}</td>
                    <td>
                      {o.value_num ?? o.value_text} {o.unit ?? ''}
                    </td>
                    <td className={o.flag ? `flag-${o.flag}` : undefined} data-testid="flag">
                      {o.flag ?? ''}
                    </td>
                    <td>{o.reference_range ?? ''}</td>
                    <td>
                      {o.report_display} <span className="badge">{o.status}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2>Trends</h2>
      <div className="grid">
        {[...byAnalyte].map(([code, list]) => {
          const series = [...list].reverse();
          return (
            <div className="card" key={code} data-testid={`trend-${code}`}>
              <strong>{series[0]?.display ?? code}</strong>
              <LineChart
                title={`${series[0]?.display ?? code} over time`}
                unit={series[0]?.unit ?? undefined}
                points={series.map((o) => ({
                  id: o.id,
                  label: day(o.effective_at),
                  value: o.value_num!,
                  flag: o.flag,
                }))}
              />
            </div>
          );
        })}
      </div>
    </>
  );
}
