import { cookies } from 'next/headers';
import { getClinic } from '@/lib/server/clinic';
import { SESSION_COOKIE, sessionFromCookieValue } from '@/lib/server/session';
import { formatMoney, Missing } from '@/lib/ui/Missing';

export const dynamic = 'force-dynamic';

interface Row {
  id: string;
  number: string;
  patient: string;
  amount: string;
  currency: string;
  description: string;
  status: string | null;
  disputed: boolean | null;
}

export default async function InvoicesPage() {
  const clinic = await getClinic();
  const session = sessionFromCookieValue((await cookies()).get(SESSION_COOKIE)?.value ?? 'patient');
  const { rows } = await clinic.sql.query<Row>(
    `SELECT i.id, i.number, p.display_name AS patient, i.amount, i.currency, i.description, m.status, m.disputed
     FROM clinic_invoices i JOIN clinic_patients p ON p.id = i.patient_id
     LEFT JOIN medflow_payment_invoices m ON m.id = i.id
     WHERE $1::text IS NULL OR i.patient_id = $1
     ORDER BY i.number`,
    [session?.role === 'patient' ? session.patientId : null],
  );
  const stripeReady = !!clinic.config.stripe.secretKey;
  return (
    <>
      <h1>Invoices</h1>
      {!stripeReady && (
        <Missing keys={['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']} doc="stripe.md">
          Pay opens Stripe Checkout, which needs a Stripe test key.
        </Missing>
      )}
      <p className="muted">
        Statuses change only when Stripe&apos;s webhook arrives at <code>/api/medflow/stripe/webhook</code>:
        verified, applied exactly once, never moved backwards by a late event.
      </p>
      <div className="card">
        <table>
          <thead>
            <tr>
              <th>Invoice</th>
              <th>Patient</th>
              <th>Service</th>
              <th>Total</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const status = r.status ?? 'open';
              return (
                <tr key={r.id} data-testid={`invoice-${r.number}`}>
                  <td>{r.number}</td>
                  <td>{r.patient}</td>
                  <td>{r.description}</td>
                  <td>{formatMoney(Number(r.amount), r.currency)}</td>
                  <td>
                    <span className={`badge ${status}`} data-testid="invoice-status">
                      {status === 'paid' ? 'Paid' : status.replace('_', ' ')}
                    </span>
                    {r.disputed ? <span className="badge refunded">disputed</span> : null}
                  </td>
                  <td>
                    {status === 'open' && session?.role === 'patient' ? (
                      <form action="/api/medflow/checkout" method="post">
                        <input type="hidden" name="invoiceId" value={r.id} />
                        <button type="submit" disabled={!stripeReady}>
                          Pay
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {clinic.config.dev && (
        <div className="card devtools" data-testid="devtools">
          <h2>Developer tools (development only)</h2>
          <p className="muted">
            Signs a Stripe event with{' '}
            {clinic.config.stripe.webhookSecretIsDemo ? 'the local demo secret' : 'STRIPE_WEBHOOK_SECRET'}{' '}
            using Stripe&apos;s own library and posts it to the real webhook route.
          </p>
          <form action="/api/demo/stripe" method="post" className="row">
            <select name="invoiceId" aria-label="Invoice">
              {rows.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.number}
                </option>
              ))}
            </select>
            <select name="type" aria-label="Event">
              <option value="checkout.session.completed">checkout.session.completed (paid)</option>
              <option value="charge.refunded">charge.refunded (full refund)</option>
              <option value="charge.dispute.created">charge.dispute.created</option>
            </select>
            <button type="submit" data-testid="send-stripe-event">
              Send signed event
            </button>
          </form>
        </div>
      )}
    </>
  );
}
