'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

interface Entry {
  participantId: string;
  status: 'waiting' | 'admitted' | 'denied' | 'left';
  enteredAt: string;
}

export function VideoClient({
  appointmentId,
  role,
  videoReady,
}: {
  appointmentId: string;
  role: 'patient' | 'clinician';
  videoReady: boolean;
}) {
  const [self, setSelf] = useState<Entry | null>(null);
  const [waiting, setWaiting] = useState<Entry[]>([]);
  const [message, setMessage] = useState('');

  // Bumped by every change this page makes: a poll that was asked before it answers with the
  // old state, and must not overwrite what the change returned.
  const changes = useRef(0);

  const refresh = useCallback(async () => {
    const asked = changes.current;
    const response = await fetch(`/api/clinic/lobby?appointmentId=${appointmentId}`, { cache: 'no-store' });
    if (!response.ok || asked !== changes.current) return;
    const json = await response.json();
    if (role === 'patient') setSelf(json.self ?? null);
    else setWaiting(json.waiting ?? []);
  }, [appointmentId, role]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 1500);
    return () => clearInterval(timer);
  }, [refresh]);

  async function knock() {
    changes.current++;
    const response = await fetch('/api/clinic/lobby', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appointmentId }),
    });
    const json = await response.json();
    if (response.ok) setSelf(json.self);
    else setMessage(json.error?.message ?? 'Could not enter the waiting room');
  }

  async function admit(participantId: string) {
    changes.current++;
    const response = await fetch('/api/medflow/video/admit', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appointmentId, participantId }),
    });
    if (!response.ok) setMessage((await response.json()).error?.message ?? 'Could not admit');
    await refresh();
  }

  async function join() {
    const response = await fetch('/api/medflow/video/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appointmentId }),
    });
    const json = await response.json();
    setMessage(
      response.ok
        ? `Token issued for room ${json.roomName}, valid until ${json.expiresAt}.`
        : json.error?.message,
    );
  }

  if (role === 'patient') {
    return (
      <div data-testid="patient-view">
        <p>
          Waiting room status:{' '}
          <span className={`badge ${self?.status ?? ''}`} data-testid="lobby-status">
            {self?.status ?? 'not in the waiting room'}
          </span>
        </p>
        {!self || self.status === 'left' ? (
          <button type="button" onClick={() => void knock()} data-testid="knock">
            Enter the waiting room
          </button>
        ) : null}
        {self?.status === 'admitted' ? (
          <button type="button" onClick={() => void join()} disabled={!videoReady} data-testid="join">
            Join the video room
          </button>
        ) : null}
        <p className="muted">{message}</p>
      </div>
    );
  }
  return (
    <div data-testid="clinician-view">
      <h2>Waiting room</h2>
      {waiting.length === 0 ? <p className="muted">Nobody is waiting.</p> : null}
      <table>
        <tbody>
          {waiting.map((e) => (
            <tr key={e.participantId} data-testid="lobby-entry">
              <td>Patient ({e.participantId.slice(0, 9)}…)</td>
              <td>
                <span className={`badge ${e.status}`}>{e.status}</span>
              </td>
              <td>
                {e.status === 'waiting' ? (
                  <button type="button" onClick={() => void admit(e.participantId)} data-testid="admit">
                    Admit
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="secondary" onClick={() => void join()} disabled={!videoReady}>
        Start the video room
      </button>
      <p className="muted">{message}</p>
    </div>
  );
}
