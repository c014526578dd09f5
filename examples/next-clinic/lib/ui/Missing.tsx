import type { ReactNode } from 'react';

/** Says which key lights up a provider and where to read how to get it. */
export function Missing({ keys, doc, children }: { keys: string[]; doc: string; children?: ReactNode }) {
  return (
    <div className="missing" data-testid="missing-key">
      <strong>Not connected yet.</strong> {children} Set{' '}
      {keys.map((k, i) => (
        <span key={k}>
          {i > 0 ? ', ' : ''}
          <code>{k}</code>
        </span>
      ))}{' '}
      in <code>examples/next-clinic/.env</code>;{' '}
      <a href={`https://github.com/medflow/medflow/blob/main/examples/next-clinic/docs/${doc}`}>docs/{doc}</a>{' '}
      explains how to get {keys.length > 1 ? 'them' : 'it'}.
    </div>
  );
}

export function formatMoney(amount: number, currency: string) {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount / 10 ** digits);
}
