'use client';

import type { ApiKeyRecord } from '@medflow/next';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

export function ApiKeys({ keys }: { keys: ApiKeyRecord[] }) {
  const router = useRouter();
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function issue(form: FormData) {
    const response = await fetch('/api/clinic/api-keys', { method: 'POST', body: form });
    const json = await response.json();
    if (!response.ok) setError(json.error?.message ?? 'Could not issue a key');
    else {
      setIssued(json.key);
      router.refresh();
    }
  }

  async function revoke(id: string) {
    await fetch(`/api/clinic/api-keys?id=${encodeURIComponent(id)}`, { method: 'DELETE' });
    router.refresh();
  }

  return (
    <div className="card">
      <h2>API keys for labs and companion apps</h2>
      <form action={issue} className="row">
        <input name="label" placeholder="Acme Reference Lab" aria-label="Label" required />
        <select name="scope" aria-label="Scope">
          <option value="labs:hl7">labs:hl7</option>
          <option value="push:healthkit">push:healthkit</option>
          <option value="push:health-connect">push:health-connect</option>
          <option value="push:samsung-health">push:samsung-health</option>
        </select>
        <select name="patientId" aria-label="Patient (companion-app keys)">
          <option value="pat-ava">for Ava Thompson</option>
          <option value="pat-ben">for Ben Okafor</option>
        </select>
        <button type="submit">Issue key</button>
      </form>
      {issued && (
        <p className="missing">
          Copy this key now, it is shown once: <code data-testid="issued-key">{issued}</code>
        </p>
      )}
      {error && <p className="missing">{error}</p>}
      <table>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td>{k.label}</td>
              <td>{k.scopes.join(', ')}</td>
              <td className="muted">{k.createdAt.slice(0, 10)}</td>
              <td>
                {k.revokedAt ? (
                  <span className="badge refunded">revoked</span>
                ) : (
                  <button type="button" className="secondary" onClick={() => void revoke(k.id)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
