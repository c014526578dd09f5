import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { DEMO_USERS, SESSION_COOKIE } from '@/lib/server/session';
import './globals.css';

export const metadata: Metadata = {
  title: 'MedFlow clinic demo',
  description: 'A clinic app wiring every MedFlow package',
};

const NAV = [
  ['/invoices', 'Invoices'],
  ['/labs', 'Lab results'],
  ['/insurance', 'Insurance'],
  ['/wearables', 'Wearables'],
  ['/video', 'Video visit'],
  ['/integrations', 'Integrations'],
] as const;

export default async function RootLayout({ children }: { children: ReactNode }) {
  const current = (await cookies()).get(SESSION_COOKIE)?.value ?? 'patient';
  return (
    <html lang="en">
      <body>
        <header className="top">
          <a className="brand" href="/">
            MedFlow clinic
          </a>
          {NAV.map(([href, label]) => (
            <a key={href} href={href}>
              {label}
            </a>
          ))}
          <form action="/api/demo/session" method="post">
            <label htmlFor="as" style={{ color: '#dbe7f5', margin: 0 }}>
              Signed in as
            </label>
            <select id="as" name="as" defaultValue={current}>
              {Object.entries(DEMO_USERS).map(([key, user]) => (
                <option key={key} value={key}>
                  {user.label}
                </option>
              ))}
            </select>
            <button type="submit" className="secondary">
              Switch
            </button>
          </form>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
