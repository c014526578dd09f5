'use client';

import { useState } from 'react';

interface Accumulator {
  allowed?: { amount: number; currency: string };
  used?: { amount: number; currency: string };
  remaining?: { amount: number; currency: string };
}
interface Service {
  category: { code: string; display?: string };
  network: string;
  unit?: string;
  term?: string;
  excluded: boolean;
  authorizationRequired?: boolean;
  deductible?: Accumulator;
  copay?: Accumulator;
  coinsurancePercent?: number;
  outOfPocket?: Accumulator;
}
interface Eligibility {
  inForce: boolean;
  benefitPeriod?: { start?: string; end?: string };
  plan?: { name?: string; groupId?: string };
  payer?: { name?: string };
  memberId?: string;
  services: Service[];
  rejections: { code: string; display?: string }[];
}
interface RemitClaim {
  id: string;
  status: string;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents: number;
  adjustments: { group: string; reason: string; description?: string; amountCents: number }[];
  balanced: boolean;
}
interface Remit {
  summary: {
    paymentCents: number;
    payer: { name: string };
    paymentMethod: string;
    claims: number;
    balanced: boolean;
  };
  claims: RemitClaim[];
}

const usd = (cents: number | undefined) =>
  cents === undefined
    ? '—'
    : new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(cents / 100);

export function InsuranceClient({ sample835 }: { sample835: string }) {
  const [result, setResult] = useState<Eligibility | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [remits, setRemits] = useState<Remit[] | null>(null);

  async function check(form: FormData) {
    setError(null);
    const body = {
      patientId: 'pat-ava',
      patient: {
        given: [String(form.get('given'))],
        family: String(form.get('family')),
        birthDate: String(form.get('birthDate')),
      },
      coverage: { memberId: String(form.get('memberId')) },
      payer: { id: 'ACME01', name: 'ACME HEALTH PLAN' },
      provider: { npi: '1234567893', name: 'SUNRISE FAMILY PRACTICE' },
      serviceTypes: ['30', '98'],
    };
    const response = await fetch('/api/medflow/insurance/eligibility', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) {
      setResult(null);
      setError(json.error?.message ?? 'The check failed');
    } else setResult(json);
  }

  async function upload(text: string | Blob) {
    setError(null);
    const response = await fetch('/api/clinic/remittance', { method: 'POST', body: text });
    const json = await response.json();
    if (!response.ok) setError(json.error?.message ?? 'The remittance could not be read');
    else setRemits(json.remittances);
  }

  const plan = result?.services.find(
    (s) => s.category.code === '30' && s.network !== 'out' && s.unit !== 'family',
  );
  const visit = result?.services.find((s) => s.category.code === '98' && s.copay);
  const coins = result?.services.find((s) => s.category.code === '98' && s.coinsurancePercent !== undefined);

  return (
    <>
      <div className="grid">
        <form className="card" action={check}>
          <h2>Eligibility check</h2>
          <label htmlFor="given">Given name</label>
          <input id="given" name="given" defaultValue="JANE" />
          <label htmlFor="family">Family name</label>
          <input id="family" name="family" defaultValue="DOE" />
          <label htmlFor="birthDate">Birth date</label>
          <input id="birthDate" name="birthDate" defaultValue="1980-01-15" />
          <label htmlFor="memberId">Member id</label>
          <input id="memberId" name="memberId" defaultValue="W123456789" />
          <p>
            <button type="submit" data-testid="check-eligibility">
              Check eligibility
            </button>
          </p>
        </form>
        {result && (
          <div className="card" data-testid="benefits-card">
            <h2>
              {result.plan?.name ?? 'Plan'}{' '}
              <span className={`badge ${result.inForce ? 'ok' : 'failed'}`}>
                {result.inForce ? 'active' : 'not active'}
              </span>
            </h2>
            <p className="muted">
              {result.payer?.name} · member {result.memberId} · {result.benefitPeriod?.start} to{' '}
              {result.benefitPeriod?.end}
            </p>
            <table>
              <tbody>
                <tr>
                  <th>Deductible (individual, in network)</th>
                  <td>
                    {usd(plan?.deductible?.allowed?.amount)} · remaining{' '}
                    <strong data-testid="deductible-remaining">
                      {usd(plan?.deductible?.remaining?.amount)}
                    </strong>
                  </td>
                </tr>
                <tr>
                  <th>Out-of-pocket maximum</th>
                  <td>
                    {usd(plan?.outOfPocket?.allowed?.amount)} · remaining{' '}
                    {usd(plan?.outOfPocket?.remaining?.amount)}
                  </td>
                </tr>
                <tr>
                  <th>Office visit copay</th>
                  <td data-testid="copay">{usd(visit?.copay?.allowed?.amount)}</td>
                </tr>
                <tr>
                  <th>Coinsurance</th>
                  <td>{coins?.coinsurancePercent !== undefined ? `${coins.coinsurancePercent}%` : '—'}</td>
                </tr>
              </tbody>
            </table>
            {result.rejections.length > 0 && (
              <p className="missing">
                Rejected: {result.rejections.map((r) => r.display ?? r.code).join(', ')}
              </p>
            )}
          </div>
        )}
      </div>
      {error && (
        <p className="missing" role="alert">
          {error}
        </p>
      )}
      <div className="card">
        <h2>Remittance (835)</h2>
        <div className="row">
          <input
            type="file"
            aria-label="835 file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void upload(file);
            }}
          />
          <button
            type="button"
            className="secondary"
            onClick={() => void upload(sample835)}
            data-testid="sample-835"
          >
            Use the sample 835
          </button>
        </div>
        {remits?.map((r) => (
          <div key={`${r.summary.payer.name}-${r.summary.paymentCents}`} data-testid="remittance">
            <p>
              <strong>{r.summary.payer.name}</strong> paid <strong>{usd(r.summary.paymentCents)}</strong> by{' '}
              {r.summary.paymentMethod} for {r.summary.claims} claims{' '}
              <span className={`badge ${r.summary.balanced ? 'ok' : 'failed'}`}>
                {r.summary.balanced ? 'balanced' : 'does not balance'}
              </span>
            </p>
            <table>
              <thead>
                <tr>
                  <th>Claim</th>
                  <th>Status</th>
                  <th>Charged</th>
                  <th>Paid</th>
                  <th>Patient owes</th>
                  <th>Adjustments</th>
                </tr>
              </thead>
              <tbody>
                {r.claims.map((c) => (
                  <tr key={c.id}>
                    <td>{c.id}</td>
                    <td>{c.status}</td>
                    <td>{usd(c.chargeCents)}</td>
                    <td>{usd(c.paidCents)}</td>
                    <td>{usd(c.patientResponsibilityCents)}</td>
                    <td>
                      {c.adjustments.map((a) => (
                        <div key={`${a.group}-${a.reason}-${a.amountCents}`} title={a.description}>
                          {a.group}-{a.reason}: {usd(a.amountCents)}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </div>
    </>
  );
}
