/**
 * The same repository and pipeline on PGlite (embedded PostgreSQL), which the example app
 * uses by default. One instance for the file: it takes seconds to start.
 */
import { PGlite } from '@electric-sql/pglite';
import {
  createPostgresPaymentsStorage,
  createStripeWebhookHandler,
  migratePayments,
  type PostgresPaymentsStorage,
} from '@medflow/payments';
import { checkoutSessionObject, createSignedWebhookRequest, fixtureEvent } from '@medflow/payments/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intentsFor, shuffle, stream } from './streams';
import { createStripeApi } from './stripe-api';

const SECRET = 'whsec_pglite';
const api = createStripeApi();
let db: PGlite;
let storage: PostgresPaymentsStorage;

beforeAll(async () => {
  api.server.listen({ onUnhandledRequest: 'error' });
  db = await PGlite.create();
  const applied = await migratePayments(db, { schema: 'billing' });
  expect(applied).toContain('payments-0001-invoices');
  expect(await migratePayments(db, { schema: 'billing' })).toEqual([]);
  storage = createPostgresPaymentsStorage({ sql: db, schema: 'billing' });
});

afterAll(async () => {
  api.server.close();
  await db.close();
});

describe('PGlite', () => {
  it('runs the repository and applies concurrent duplicates once', async () => {
    const invoice = {
      id: 'inv_lite',
      number: 'INV-1',
      version: 1,
      clinicId: 'c1',
      total: { amount: 4200, currency: 'eur' },
    };
    await storage.invoices.registerInvoice(invoice);
    const handler = createStripeWebhookHandler({ stripe: api.client(), secret: SECRET, ...storage });
    const event = fixtureEvent(
      'checkout.session.completed',
      checkoutSessionObject({
        invoiceId: invoice.id,
        amount: 4200,
        currency: 'eur',
        paymentIntentId: 'pi_lite',
      }),
    );
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => handler(createSignedWebhookRequest({ event, secret: SECRET }))),
    );
    const outcomes = await Promise.all(
      responses.map(async (r) => ((await r.json()) as { outcome?: string }).outcome),
    );
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM billing.medflow_payment_events WHERE event_id = $1',
      [event.id],
    );
    expect(rows).toEqual([{ n: 1 }]);
    expect(await storage.invoices.findInvoiceIdByPaymentIntent('pi_lite')).toBe(invoice.id);
    expect(await storage.invoices.getInvoice(invoice.id)).toMatchObject({
      status: 'paid',
      total: invoice.total,
    });
  });

  it('ends a shuffled stream in the lifecycle states', async () => {
    const handler = createStripeWebhookHandler({ stripe: api.client(), secret: SECRET, ...storage });
    const { lifecycles, ordered } = stream(20, 10, 'lite');
    for (const pi of intentsFor(lifecycles)) api.intents.set(pi.id, pi);
    for (const l of lifecycles) await storage.invoices.registerInvoice(l.invoice);
    const queue = shuffle(ordered, 11);
    const worker = async () => {
      for (let event = queue.shift(); event; event = queue.shift()) {
        const response = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
        if (response.status !== 200) queue.push(event);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    const states = await Promise.all(
      lifecycles.map(async (l) => {
        const r = await storage.invoices.getInvoice(l.invoice.id);
        return { status: r?.status, disputed: r?.disputed, amountRefunded: r?.amountRefunded };
      }),
    );
    expect(states).toEqual(lifecycles.map((l) => l.expected));
  });
});
