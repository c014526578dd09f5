import {
  chargeObject,
  checkoutSessionObject,
  createSignedWebhookRequest,
  disputeObject,
  fixtureEvent,
} from '@medflow/payments/testing';
import { getClinic } from '@/lib/server/clinic';

export const runtime = 'nodejs';

/**
 * Developer tools (development only): builds a Stripe-shaped event for an invoice, signs it
 * with Stripe's own library and the configured webhook secret, and delivers it to the real
 * webhook route over HTTP, exactly as Stripe would.
 */
export async function POST(request: Request) {
  const clinic = await getClinic();
  if (!clinic.config.dev) return new Response('Not found', { status: 404 });
  const form = await request.formData();
  const invoiceId = String(form.get('invoiceId') ?? '');
  const type = String(form.get('type') ?? 'checkout.session.completed');
  const { rows } = await clinic.sql.query<{ amount: string; currency: string }>(
    'SELECT amount, currency FROM clinic_invoices WHERE id = $1',
    [invoiceId],
  );
  const invoice = rows[0];
  if (!invoice) return new Response('Unknown invoice', { status: 404 });
  const fixture = {
    invoiceId,
    clinicId: 'clinic_main',
    amount: Number(invoice.amount),
    currency: invoice.currency,
    paymentIntentId: `pi_demo_${invoiceId}`,
  };
  const object =
    type === 'charge.refunded'
      ? chargeObject({ ...fixture, amountRefunded: fixture.amount })
      : type === 'charge.dispute.created'
        ? disputeObject(fixture)
        : checkoutSessionObject(fixture);
  const event = fixtureEvent(type, object);
  const target = new URL('/api/medflow/stripe/webhook', request.url);
  const signed = createSignedWebhookRequest({
    event,
    secret: clinic.config.stripe.webhookSecret,
    url: target.toString(),
  });
  const delivered = await fetch(target, {
    method: 'POST',
    headers: signed.headers,
    body: await signed.text(),
  });
  const back = new URL('/invoices', request.url);
  back.searchParams.set('delivered', `${type}:${delivered.status}`);
  return new Response(null, { status: 303, headers: { location: `${back.pathname}${back.search}` } });
}
