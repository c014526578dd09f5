/**
 * The webhook pipeline against the machine's real PostgreSQL, one random schema per file.
 */

import type { SqlClient } from '@medflow/core';
import { randomToken } from '@medflow/core';
import {
  type AtomicEventApplier,
  createAtomicEventApplier,
  createPostgresPaymentsStorage,
  createStripeWebhookHandler,
  eventClaimKey,
  type InvoiceRef,
  migratePayments,
  type PostgresPaymentsStorage,
  type WebhookUnitOfWork,
} from '@medflow/payments';
import {
  chargeObject,
  checkoutSessionObject,
  createSignedWebhookRequest,
  fixtureEvent,
  paymentIntentObject,
} from '@medflow/payments/testing';
import pg from 'pg';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intentsFor, shuffle, stream } from './streams';
import { createStripeApi } from './stripe-api';

const SECRET = 'whsec_pg_test';
const schema = `pay_${randomToken(6)
  .replace(/[^a-z0-9]/gi, '')
  .toLowerCase()}`;
const pool = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max: 16 });
const api = createStripeApi();
let storage: PostgresPaymentsStorage;

beforeAll(async () => {
  api.server.listen({ onUnhandledRequest: 'error' });
  await migratePayments(pool, { schema });
  storage = createPostgresPaymentsStorage({ sql: pool, schema });
});

afterAll(async () => {
  api.server.close();
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

let n = 0;
async function newInvoice(): Promise<InvoiceRef> {
  n++;
  const ref = {
    id: `inv_pg${n}`,
    number: `INV-${n}`,
    version: 1,
    clinicId: 'clinic_1',
    total: { amount: 7000, currency: 'usd' },
  };
  await storage.invoices.registerInvoice(ref);
  return ref;
}

const paidEvent = (invoice: InvoiceRef) =>
  fixtureEvent(
    'checkout.session.completed',
    checkoutSessionObject({
      invoiceId: invoice.id,
      amount: invoice.total.amount,
      paymentIntentId: `pi_${invoice.id}`,
    }),
  );

async function appliedRows(eventId: string) {
  const { rows } = await pool.query(`SELECT * FROM "${schema}".medflow_payment_events WHERE event_id = $1`, [
    eventId,
  ]);
  return rows;
}

describe('PostgreSQL invoice repository', () => {
  it('registers, versions, transitions and finds invoices by payment intent', async () => {
    const invoice = await newInvoice();
    const again = await storage.invoices.registerInvoice({
      ...invoice,
      version: 2,
      total: { amount: 8000, currency: 'usd' },
    });
    expect(again).toMatchObject({ version: 2, total: { amount: 8000, currency: 'usd' }, status: 'open' });
    const older = await storage.invoices.registerInvoice(invoice);
    expect(older.version).toBe(2);
    const result = await storage.invoices.applyTransition(
      invoice.id,
      { kind: 'paid', at: 10, amount: 8000, paymentIntentId: 'pi_repo' },
      { eventId: 'evt_repo_1', eventType: 'payment_intent.succeeded' },
    );
    expect(result).toMatchObject({ changed: true, before: { status: 'open' }, after: { status: 'paid' } });
    expect(await storage.invoices.findInvoiceIdByPaymentIntent('pi_repo')).toBe(invoice.id);
    expect(
      await storage.invoices.applyTransition(
        'inv_missing',
        { kind: 'processing', at: 1 },
        { eventId: 'e', eventType: 't' },
      ),
    ).toBeNull();
    expect(await storage.invoices.getInvoice(invoice.id)).toMatchObject({
      status: 'paid',
      marks: { amountPaid: 8000 },
    });
  });
});

describe('exactly once on PostgreSQL', () => {
  it('applies one event delivered 500 times concurrently exactly once', async () => {
    const invoice = await newInvoice();
    const handler = createStripeWebhookHandler({ stripe: api.client(), secret: SECRET, ...storage });
    const event = paidEvent(invoice);
    const responses = await Promise.all(
      Array.from({ length: 500 }, () => handler(createSignedWebhookRequest({ event, secret: SECRET }))),
    );
    const outcomes = await Promise.all(
      responses.map(
        async (r) => `${r.status}:${((await r.json()) as { outcome?: string }).outcome ?? 'busy'}`,
      ),
    );
    expect(outcomes.filter((o) => o === '200:applied')).toHaveLength(1);
    expect(outcomes.every((o) => ['200:applied', '200:duplicate', '409:busy'].includes(o))).toBe(true);
    expect(await appliedRows(event.id)).toHaveLength(1);
    expect((await storage.invoices.getInvoice(invoice.id))?.status).toBe('paid');
    const late = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
    expect(await late.json()).toEqual({ received: true, outcome: 'duplicate' });
  });

  it('ends a shuffled stream of 1,000 events for 100 invoices in the same states as the ordered one', async () => {
    const handler = createStripeWebhookHandler({ stripe: api.client(), secret: SECRET, ...storage });
    const run = async (
      label: string,
      order: (events: Stripe.Event[]) => Stripe.Event[],
      concurrency: number,
    ) => {
      const { lifecycles, ordered } = stream(100, 10, label);
      for (const pi of intentsFor(lifecycles)) api.intents.set(pi.id, pi);
      for (const l of lifecycles) await storage.invoices.registerInvoice(l.invoice);
      const queue = order(ordered);
      expect(queue).toHaveLength(1000);
      // Deliver like Stripe: several at once, and anything not acknowledged comes back later.
      const worker = async () => {
        for (let event = queue.shift(); event; event = queue.shift()) {
          const response = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
          if (response.status !== 200) queue.push(event);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return Promise.all(
        lifecycles.map(async (l) => {
          const r = await storage.invoices.getInvoice(l.invoice.id);
          return {
            status: r?.status,
            disputed: r?.disputed,
            amountRefunded: r?.amountRefunded,
            expected: l.expected,
          };
        }),
      );
    };
    const inOrder = await run('ord', (events) => [...events], 1);
    const shuffled = await run('shf', (events) => shuffle(events, 7), 12);
    expect(inOrder.map(({ expected, ...state }) => ({ state, expected }))).toEqual(
      inOrder.map(({ expected }) => ({ state: expected, expected })),
    );
    expect(shuffled.map(({ expected: _, ...s }) => s)).toEqual(inOrder.map(({ expected: _, ...s }) => s));
  }, 120_000);
});

// An `on` handler sends its event type through the transaction (claim, lock, transition,
// handler, completion), so these crashes are injected into that path.
const withHandler = { on: { 'checkout.session.completed': () => {} } };

describe('crashes in the transactional path', () => {
  it('keeps an event retryable when processing dies between claim and transition', async () => {
    const invoice = await newInvoice();
    let crash = true;
    const handler = createStripeWebhookHandler({
      stripe: api.client(),
      secret: SECRET,
      ...storage,
      ...withHandler,
      transaction: (fn) =>
        storage.transaction((unit) => {
          if (crash) throw new Error('worker lost its database connection');
          return fn(unit);
        }),
    });
    const event = paidEvent(invoice);
    const first = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
    expect(first.status).toBe(500);
    expect((await storage.invoices.getInvoice(invoice.id))?.status).toBe('open');
    crash = false;
    const retry = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
    expect(await retry.json()).toEqual({ received: true, outcome: 'applied' });
    expect((await storage.invoices.getInvoice(invoice.id))?.status).toBe('paid');
  });

  it('rolls back a transition whose claim could not be completed', async () => {
    const invoice = await newInvoice();
    let crash = true;
    const crashingAfterTransition = (unit: WebhookUnitOfWork): WebhookUnitOfWork => ({
      ...unit,
      store: {
        ...unit.store,
        complete: async (...args) => {
          if (crash) throw new Error('crash after the transition, before completion');
          return unit.store.complete(...args);
        },
      },
    });
    const handler = createStripeWebhookHandler({
      stripe: api.client(),
      secret: SECRET,
      ...storage,
      ...withHandler,
      transaction: (fn) => storage.transaction((unit) => fn(crashingAfterTransition(unit))),
    });
    const event = paidEvent(invoice);
    expect((await handler(createSignedWebhookRequest({ event, secret: SECRET }))).status).toBe(500);
    // The transition was in the same transaction as the completion, so neither happened.
    expect((await storage.invoices.getInvoice(invoice.id))?.status).toBe('open');
    expect(await appliedRows(event.id)).toHaveLength(0);
    crash = false;
    expect((await handler(createSignedWebhookRequest({ event, secret: SECRET }))).status).toBe(200);
    expect(await appliedRows(event.id)).toHaveLength(1);
  });

  it('lets a claim left by a killed process expire, then applies the event', async () => {
    const invoice = await newInvoice();
    const handler = createStripeWebhookHandler({
      stripe: api.client(),
      secret: SECRET,
      ...storage,
      claimTtlMs: 1500,
    });
    const event = paidEvent(invoice);
    // A process that claimed the event and died without releasing it.
    await storage.store.claim(eventClaimKey(event.id), { ttlMs: 1500 });
    expect((await handler(createSignedWebhookRequest({ event, secret: SECRET }))).status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    const retry = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
    expect(await retry.json()).toEqual({ received: true, outcome: 'applied' });
    expect(await appliedRows(event.id)).toHaveLength(1);
  });
});

/** The pool, with a hook around the statement that settles an event in the atomic path. */
function hookedSql(
  hook: (run: () => Promise<{ rows: unknown[] }>) => Promise<{ rows: unknown[] }>,
): SqlClient {
  return {
    query: (<R>(text: string, params?: unknown[]) => {
      const run = () => pool.query(text, params) as Promise<{ rows: unknown[] }>;
      return (text.trimStart().startsWith('WITH input') ? hook(run) : run()) as Promise<{ rows: R[] }>;
    }) as SqlClient['query'],
  };
}

/** The webhook handler on this file's storage, settling through the given applier. */
const atomicHandler = (applyEvent: AtomicEventApplier) =>
  createStripeWebhookHandler({ stripe: api.client(), secret: SECRET, ...storage, applyEvent });

describe('crashes in the atomic path', () => {
  it('leaves nothing behind when the connection dies before the settling statement runs', async () => {
    const invoice = await newInvoice();
    let crash = true;
    const applyEvent = createAtomicEventApplier({
      schema,
      sql: hookedSql((run) => {
        if (crash) throw new Error('connection terminated unexpectedly');
        return run();
      }),
    });
    const handler = atomicHandler(applyEvent);
    const event = paidEvent(invoice);
    expect((await handler(createSignedWebhookRequest({ event, secret: SECRET }))).status).toBe(500);
    expect((await storage.invoices.getInvoice(invoice.id))?.status).toBe('open');
    expect(await appliedRows(event.id)).toHaveLength(0);
    expect(await storage.store.claim(eventClaimKey(event.id), { ttlMs: 1 })).toMatchObject({ status: 'new' });
    await storage.store.release(eventClaimKey(event.id));
    crash = false;
    const retry = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
    expect(await retry.json()).toEqual({ received: true, outcome: 'applied' });
    expect((await storage.invoices.getInvoice(invoice.id))?.status).toBe('paid');
  });

  it('answers a retry as a duplicate when the statement committed but its reply was lost', async () => {
    const invoice = await newInvoice();
    let crash = true;
    const applyEvent = createAtomicEventApplier({
      schema,
      sql: hookedSql(async (run) => {
        const result = await run();
        if (crash) throw new Error('connection terminated unexpectedly');
        return result;
      }),
    });
    const handler = atomicHandler(applyEvent);
    const event = paidEvent(invoice);
    expect((await handler(createSignedWebhookRequest({ event, secret: SECRET }))).status).toBe(500);
    // Committed as one: the invoice moved and the event is done, so Stripe's retry changes nothing.
    expect((await storage.invoices.getInvoice(invoice.id))?.status).toBe('paid');
    crash = false;
    const retry = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
    expect(await retry.json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(await appliedRows(event.id)).toHaveLength(1);
  });

  it('falls back to the row lock when other events keep moving the invoice under it', async () => {
    const invoice = await newInvoice();
    let interference = 0;
    const applyEvent = createAtomicEventApplier({
      schema,
      sql: hookedSql(async (run) => {
        // Another event of the same invoice commits between this event's read and its write.
        interference++;
        await storage.invoices.applyTransition(
          invoice.id,
          { kind: 'processing', at: interference },
          { eventId: `evt_other_${invoice.id}_${interference}`, eventType: 'payment_intent.processing' },
        );
        return run();
      }),
    });
    const handler = atomicHandler(applyEvent);
    const event = paidEvent(invoice);
    const response = await handler(createSignedWebhookRequest({ event, secret: SECRET }));
    expect(await response.json()).toEqual({ received: true, outcome: 'applied' });
    // Every optimistic attempt lost; the transaction applied it on top of all four others.
    expect(interference).toBe(4);
    const after = await storage.invoices.getInvoice(invoice.id);
    expect(after?.status).toBe('paid');
    expect(after?.marks.processingAt).toBe(4);
    expect(await appliedRows(event.id)).toHaveLength(1);
  });
});

describe('remembered row versions', () => {
  /** The pool, counting the statements one applier sends. */
  function countingSql() {
    const sent: string[] = [];
    const sql: SqlClient = {
      query: (<R>(text: string, params?: unknown[]) => {
        sent.push(text.trimStart().split(/\s+/, 1)[0]!);
        return pool.query(text, params) as unknown as Promise<{ rows: R[] }>;
      }) as SqlClient['query'],
    };
    return { sql, sent };
  }

  it('settles the next event of an invoice this process wrote in one statement', async () => {
    const invoice = await newInvoice();
    const { sql, sent } = countingSql();
    const applyEvent = createAtomicEventApplier({ schema, sql });
    const handler = atomicHandler(applyEvent);
    const f = { invoiceId: invoice.id, amount: invoice.total.amount, paymentIntentId: `pi_${invoice.id}` };
    await handler(createSignedWebhookRequest({ event: paidEvent(invoice), secret: SECRET }));
    expect(sent).toEqual(['SELECT', 'WITH']);
    sent.length = 0;
    const refund = fixtureEvent('charge.refunded', chargeObject({ ...f, amountRefunded: 1000 }));
    expect(
      await (await handler(createSignedWebhookRequest({ event: refund, secret: SECRET }))).json(),
    ).toEqual({
      received: true,
      outcome: 'applied',
    });
    expect(sent).toEqual(['WITH']);
    // A redelivery meets the claim's key, reads, and is answered as a duplicate.
    sent.length = 0;
    const again = await handler(createSignedWebhookRequest({ event: refund, secret: SECRET }));
    expect(await again.json()).toEqual({ received: true, outcome: 'duplicate' });
    expect((await storage.invoices.getInvoice(invoice.id))?.status).toBe('partially_refunded');
    expect(await appliedRows(refund.id)).toHaveLength(1);
  });

  it('loses no update when another process moved the invoice after this one remembered it', async () => {
    const invoice = await newInvoice();
    const f = { invoiceId: invoice.id, amount: invoice.total.amount, paymentIntentId: `pi_${invoice.id}` };
    const a = countingSql();
    const processA = createStripeWebhookHandler({
      stripe: api.client(),
      secret: SECRET,
      ...storage,
      applyEvent: createAtomicEventApplier({ schema, sql: a.sql }),
    });
    const processB = createStripeWebhookHandler({
      stripe: api.client(),
      secret: SECRET,
      ...storage,
      applyEvent: createAtomicEventApplier({ schema, sql: pool }),
    });
    const send = (h: typeof processA, event: Stripe.Event) =>
      h(createSignedWebhookRequest({ event, secret: SECRET }));
    const t = 1_790_000_000;
    await send(processA, fixtureEvent('payment_intent.processing', paymentIntentObject(f), { created: t }));
    await send(
      processB,
      fixtureEvent('payment_intent.succeeded', paymentIntentObject(f), { created: t + 10 }),
    );
    // Process A still remembers the row as "processing"; its compare-and-set fails and it reads.
    const refund = fixtureEvent('charge.refunded', chargeObject({ ...f, amountRefunded: 2000 }), {
      created: t + 20,
    });
    expect(await (await send(processA, refund)).json()).toEqual({ received: true, outcome: 'applied' });
    const after = await storage.invoices.getInvoice(invoice.id);
    expect(after).toMatchObject({ status: 'partially_refunded', amountRefunded: 2000 });
    expect(after?.marks.paidAt).toBe(t + 10);
    expect(after?.marks.processingAt).toBe(t);
  });
});

describe('connections', () => {
  it('keeps every pooled connection through a storm of redeliveries (no statement errors)', async () => {
    // node-postgres's Pool drops a connection whose query errored, so an error on the
    // duplicate path would show up as fresh connections.
    const small = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max: 4 });
    let connects = 0;
    small.on('connect', () => {
      connects++;
    });
    try {
      const invoice = await newInvoice();
      const handler = createStripeWebhookHandler({
        stripe: api.client(),
        secret: SECRET,
        ...createPostgresPaymentsStorage({ sql: small, schema }),
      });
      const event = paidEvent(invoice);
      // Applied once; this process now remembers the invoice's row version, so each
      // redelivery goes straight to the settling statement, which must change nothing.
      await handler(createSignedWebhookRequest({ event, secret: SECRET }));
      const responses = await Promise.all(
        Array.from({ length: 200 }, () => handler(createSignedWebhookRequest({ event, secret: SECRET }))),
      );
      const outcomes = await Promise.all(
        responses.map(async (r) => (await r.json()) as { outcome?: string }),
      );
      expect(outcomes.every((o) => o.outcome === 'duplicate')).toBe(true);
      expect(await appliedRows(event.id)).toHaveLength(1);
      expect(connects).toBeLessThanOrEqual(4);
    } finally {
      await small.end();
    }
  });
});
