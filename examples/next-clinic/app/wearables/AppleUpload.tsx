'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Uploads with XMLHttpRequest so the browser reports progress as the server consumes the stream. */
export function AppleUpload({ patientId }: { patientId: string }) {
  const router = useRouter();
  const [progress, setProgress] = useState<number | null>(null);
  const [status, setStatus] = useState<string>('');

  function send(body: Blob) {
    setProgress(0);
    setStatus('Uploading…');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/medflow/wearables/apple-health/import?patientId=${encodeURIComponent(patientId)}`);
    xhr.setRequestHeader('content-type', body.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status === 202) {
        setProgress(100);
        setStatus('Imported.');
        router.refresh();
      } else {
        setProgress(null);
        const message = (() => {
          try {
            return JSON.parse(xhr.responseText).error?.message as string;
          } catch {
            return 'The import failed';
          }
        })();
        setStatus(message);
      }
    };
    xhr.onerror = () => setStatus('The upload was interrupted');
    xhr.send(body);
  }

  return (
    <div>
      <div className="row">
        <input
          type="file"
          aria-label="Apple Health export"
          accept=".zip,.xml"
          data-testid="apple-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) send(file);
          }}
        />
        <button
          type="button"
          className="secondary"
          data-testid="apple-sample"
          onClick={async () => send(await (await fetch('/samples/apple-health-export.xml')).blob())}
        >
          Use the sample export
        </button>
      </div>
      {progress !== null && <progress max={100} value={progress} data-testid="apple-progress" />}
      <p className="muted" data-testid="apple-status">
        {status}
      </p>
    </div>
  );
}
