import {
  type AuditLogger,
  type IdempotencyStore,
  MedflowError,
  noopAuditLogger,
  SignatureError,
  toErrorResponse,
} from '@medflow/core';
import type Stripe from 'stripe';
import { createWebhookCryptoProvider } from './crypto';
import {
  eventSubject,
  HANDLED_EVENT_TYPES,
  isHandledEventType,
  type StripeEventOf,
  type StripeEventType,
  toTransition,
} from './events';
import type { InvoicePaymentRecord, InvoiceRepository, PaymentTransition, TransitionResult } from './invoice';

/** The store and repository one event is applied through; inside a transaction when one is given. */
export interface WebhookUnitOfWork {
  store: IdempotencyStore;
  invoices: InvoiceRepository;
}

/** One event as the pipeline hands it to a storage that can settle it in a single atomic step. */
export interface AtomicEventInput {
  claimKey: string;
  eventId: string;
  eventType: string;
  /** The invoice the event is about, when it names one we could resolve. */
  invoiceId: string | null;
  transition: PaymentTransition | null;
}

export type AtomicEventOutcome =
  | { status: 'duplicate' }
  | { status: 'in_progress' }
  /** Applied and marked done together; `invoice` is null when the event is about no known invoice. */
  | { status: 'settled'; invoice: InvoicePaymentRecord | null; transition: TransitionResult | null }
  /** Other events kept moving the invoice under it: run it through `transaction` instead. */
  | { status: 'contended' };

/**
 * Settles an event (claim, invoice transition, audit row and completion) as one atomic
 * write, or reports that it was already done. `createPostgresPaymentsStorage` brings one.
 */
export type AtomicEventApplier = (input: AtomicEventInput) => Promise<AtomicEventOutcome>;

export interface StripeEventContext {
  /** The invoice after this event, when the event is about a known invoice. */
  invoice: InvoicePaymentRecord | null;
  transition: TransitionResult | null;
  /** The store and repository of the running transaction, for the handler's own writes. */
  unit: WebhookUnitOfWork;
}

/**
 * Handlers by event type, each receiving the event narrowed to its type:
 * `on['charge.refunded'] = (event) => event.data.object.amount_refunded`.
 * They run inside the event's unit of work; a throw rolls back and Stripe retries.
 */
export type StripeEventHandlers = {
  [T in StripeEventType]?: (event: StripeEventOf<T>, context: StripeEventContext) => void | Promise<void>;
};

export interface StripeWebhookOptions {
  stripe: Stripe;
  /** The endpoint's signing secret (`whsec_…`). */
  secret?: string;
  /** Several secrets while one is being rolled: an event signed with any of them is accepted. */
  secrets?: readonly string[];
  store: IdempotencyStore;
  invoices: InvoiceRepository;
  on?: StripeEventHandlers;
  /**
   * Runs the claim, the invoice transition, the `on` handler and the claim completion in one
   * transaction. With PostgreSQL, spread `createPostgresPaymentsStorage(...)`, which brings it.
   * Without one, the claim is taken first and released if anything after it fails.
   */
  transaction?: <T>(fn: (unit: WebhookUnitOfWork) => Promise<T>) => Promise<T>;
  /**
   * Settles events that have no `on` handler in one atomic statement instead of a
   * transaction of several round trips (`createPostgresPaymentsStorage` brings it). Events
   * with a handler, and events that keep losing a race for their invoice, use `transaction`.
   */
  applyEvent?: AtomicEventApplier;
  /**
   * Acknowledge right after verification and claim, and process in the background
   * (`ctx.waitUntil` on edge runtimes). A background failure releases the claim, so
   * `reconcile` picks the event up again; Stripe itself will not retry an acknowledged event.
   */
  defer?: (work: Promise<unknown>) => void;
  /** Connect: only events of this connected account are processed; others get 200 and are ignored. */
  stripeAccount?: string;
  /** Accepted signature age in seconds (Stripe's default 300). */
  toleranceSeconds?: number;
  /** How long a claim is held before a crashed worker's event becomes retryable. */
  claimTtlMs?: number;
  audit?: AuditLogger;
  /**
   * Web Crypto by default (works on Node and edge runtimes), with each secret's key imported
   * once. Pass `Stripe.createSubtleCryptoProvider()` to use Stripe's as it is.
   */
  cryptoProvider?: Stripe.CryptoProvider;
}

export type ProcessOutcome = 'applied' | 'duplicate' | 'in_progress' | 'ignored' | 'unhandled' | 'deferred';

export interface ReconcileReport {
  seen: number;
  applied: number;
  duplicates: number;
  ignored: number;
  failed: number;
}

export interface StripeWebhookHandler {
  (request: Request): Promise<Response>;
  /** Runs one already-verified event through the pipeline (used by reconcile). */
  process(event: Stripe.Event): Promise<ProcessOutcome>;
  /** Lists events since `since` from Stripe and processes those not yet done (missed deliveries). */
  reconcile(options: { since: Date; until?: Date }): Promise<ReconcileReport>;
}

export class WebhookProcessingError extends MedflowError {
  constructor(cause: unknown) {
    super('Event processing failed; it will be retried', {
      code: 'webhook_processing_failed',
      status: 500,
      retryable: true,
      cause,
    });
  }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

export const eventClaimKey = (eventId: string) => `stripe:event:${eventId}`;

/** What the idempotency store keeps as an event's result. */
export const claimResult = (invoice: InvoicePaymentRecord | null) => ({
  invoiceId: invoice?.id ?? null,
  status: invoice?.status ?? null,
});

export function createStripeWebhookHandler(options: StripeWebhookOptions): StripeWebhookHandler {
  const secrets = [...(options.secrets ?? []), ...(options.secret ? [options.secret] : [])];
  if (secrets.length === 0) throw new TypeError('createStripeWebhookHandler needs secret or secrets');
  const { stripe, store, invoices } = options;
  const on = options.on ?? {};
  const audit = options.audit ?? noopAuditLogger;
  const claimTtlMs = options.claimTtlMs ?? 60_000;
  const tolerance = options.toleranceSeconds ?? 300;
  const cryptoProvider = options.cryptoProvider ?? createWebhookCryptoProvider();

  async function verify(body: Uint8Array, signature: string): Promise<Stripe.Event> {
    for (const secret of secrets) {
      try {
        return await stripe.webhooks.constructEventAsync(body, signature, secret, tolerance, cryptoProvider);
      } catch (error) {
        // Only a signature mismatch means "try the next secret"; anything else is a bad payload.
        if ((error as { type?: string }).type !== 'StripeSignatureVerificationError') {
          throw new SignatureError('Webhook payload could not be read', { cause: error });
        }
      }
    }
    throw new SignatureError('Webhook signature verification failed');
  }

  function foreignAccount(event: Stripe.Event): boolean {
    // Without a configured account only platform events count; with one, only that account's.
    return (event.account ?? undefined) !== options.stripeAccount;
  }

  async function resolveInvoiceId(event: Stripe.Event, unit: WebhookUnitOfWork): Promise<string | null> {
    const subject = eventSubject(event);
    if (subject.invoiceId) return subject.invoiceId;
    if (!subject.paymentIntentId) return null;
    const known = await unit.invoices.findInvoiceIdByPaymentIntent(subject.paymentIntentId);
    if (known) return known;
    // Disputes and some refunds carry no metadata: ask Stripe for the intent's.
    const intent = await stripe.paymentIntents.retrieve(
      subject.paymentIntentId,
      {},
      event.account ? { stripeAccount: event.account } : {},
    );
    return intent.metadata?.invoice_id ?? null;
  }

  /** Returns false when the event is about no invoice we know (another system's payment). */
  async function applyIn(unit: WebhookUnitOfWork, event: Stripe.Event, token: string): Promise<boolean> {
    let result: TransitionResult | null = null;
    let invoice: InvoicePaymentRecord | null = null;
    const transition = isHandledEventType(event.type) ? toTransition(event) : null;
    const invoiceId = isHandledEventType(event.type) ? await resolveInvoiceId(event, unit) : null;
    if (invoiceId && transition) {
      result = await unit.invoices.applyTransition(invoiceId, transition, {
        eventId: event.id,
        eventType: event.type,
      });
      invoice = result?.after ?? null;
    } else if (invoiceId) {
      invoice = await unit.invoices.getInvoice(invoiceId);
    }
    const handler = on[event.type] as
      | ((e: Stripe.Event, c: StripeEventContext) => void | Promise<void>)
      | undefined;
    if (handler) await handler(event, { invoice, transition: result, unit });
    await unit.store.complete(eventClaimKey(event.id), claimResult(invoice), { token });
    await logSettled(event, invoice, result);
    return invoice !== null;
  }

  async function logSettled(
    event: Stripe.Event,
    invoice: InvoicePaymentRecord | null,
    result: TransitionResult | null,
  ): Promise<void> {
    await audit.log({
      action: 'stripe.webhook.event',
      outcome: invoice ? 'success' : 'ignored',
      provider: 'stripe',
      subject: invoice?.id,
      requestId: event.id,
      details: {
        type: event.type,
        ...(result ? { from: result.before.status, to: result.after.status, changed: result.changed } : {}),
      },
    });
  }

  /**
   * One atomic write settles the event; a race lost too often for the invoice row falls back
   * to the transaction (or to claim-then-apply), whose row lock guarantees progress.
   */
  async function runAtomic(event: Stripe.Event, applyEvent: AtomicEventApplier): Promise<ProcessOutcome> {
    let settled: AtomicEventOutcome;
    try {
      const handled = isHandledEventType(event.type);
      const transition = handled ? toTransition(event) : null;
      const invoiceId = handled ? await resolveInvoiceId(event, { store, invoices }) : null;
      settled = await applyEvent({
        claimKey: eventClaimKey(event.id),
        eventId: event.id,
        eventType: event.type,
        invoiceId,
        transition,
      });
    } catch (error) {
      return failed(event, error);
    }
    if (settled.status === 'contended') {
      return options.transaction ? runInTransaction(event, options.transaction) : runWithClaim(event, 'now');
    }
    if (settled.status !== 'settled') return settled.status;
    await logSettled(event, settled.invoice, settled.transition);
    return settled.invoice ? 'applied' : 'ignored';
  }

  async function failed(event: Stripe.Event, error: unknown): Promise<never> {
    await audit.log({
      action: 'stripe.webhook.event',
      outcome: 'failure',
      provider: 'stripe',
      requestId: event.id,
      errorCode: error instanceof MedflowError ? error.code : 'internal_error',
      details: { type: event.type },
    });
    throw new WebhookProcessingError(error);
  }

  /**
   * With a transaction, the claim is its first statement: claim, transition and completion
   * commit together, a failure or a crash rolls the claim back with everything else, and a
   * concurrent delivery of the same event waits on the claim row and then sees it done.
   */
  async function runInTransaction(
    event: Stripe.Event,
    txn: NonNullable<StripeWebhookOptions['transaction']>,
  ) {
    try {
      return await txn(async (unit): Promise<ProcessOutcome> => {
        const claim = await unit.store.claim(eventClaimKey(event.id), { ttlMs: claimTtlMs });
        if (claim.status === 'done') return 'duplicate';
        if (claim.status === 'in_progress') return 'in_progress';
        return (await applyIn(unit, event, claim.token)) ? 'applied' : 'ignored';
      });
    } catch (error) {
      return failed(event, error);
    }
  }

  /** Without a transaction: claim, apply, complete; a failure releases the claim. */
  async function runWithClaim(event: Stripe.Event, mode: 'now' | 'allow-defer'): Promise<ProcessOutcome> {
    const key = eventClaimKey(event.id);
    const claim = await store.claim(key, { ttlMs: claimTtlMs });
    if (claim.status === 'done') return 'duplicate';
    if (claim.status === 'in_progress') return 'in_progress';
    const run = async (): Promise<ProcessOutcome> => {
      try {
        return (await applyIn({ store, invoices }, event, claim.token)) ? 'applied' : 'ignored';
      } catch (error) {
        await store.release(key, { token: claim.token }).catch(() => {});
        return failed(event, error);
      }
    };
    if (mode === 'allow-defer' && options.defer) {
      options.defer(run().catch(() => {}));
      return 'deferred';
    }
    return run();
  }

  async function processEvent(event: Stripe.Event, mode: 'now' | 'allow-defer'): Promise<ProcessOutcome> {
    if (foreignAccount(event)) return 'ignored';
    if (!isHandledEventType(event.type) && !on[event.type]) return 'unhandled';
    const txn = options.transaction;
    const atomic = on[event.type] ? undefined : options.applyEvent;
    let outcome: ProcessOutcome;
    if (atomic) {
      if (mode === 'allow-defer' && options.defer) {
        options.defer(runAtomic(event, atomic).catch(() => {}));
        outcome = 'deferred';
      } else outcome = await runAtomic(event, atomic);
    } else if (txn && mode === 'allow-defer' && options.defer) {
      options.defer(runInTransaction(event, txn).catch(() => {}));
      outcome = 'deferred';
    } else {
      outcome = txn ? await runInTransaction(event, txn) : await runWithClaim(event, mode);
    }
    if (outcome === 'duplicate') {
      await audit.log({
        action: 'stripe.webhook.event',
        outcome: 'duplicate',
        provider: 'stripe',
        requestId: event.id,
      });
    }
    return outcome;
  }

  const handler = async (request: Request): Promise<Response> => {
    if (request.method !== 'POST') {
      return json(405, { error: { code: 'method_not_allowed', message: 'Use POST' } });
    }
    const signature = request.headers.get('stripe-signature');
    if (!signature) return toErrorResponse(new SignatureError('Missing Stripe-Signature header'));
    let event: Stripe.Event;
    try {
      const body = new Uint8Array(await request.arrayBuffer());
      event = await verify(body, signature);
    } catch (error) {
      await audit.log({ action: 'stripe.webhook.verify', outcome: 'denied', provider: 'stripe' });
      return toErrorResponse(error instanceof SignatureError ? error : new SignatureError());
    }
    try {
      const outcome = await processEvent(event, 'allow-defer');
      if (outcome === 'in_progress') {
        // Another delivery of this event is running: ask Stripe to come back later.
        return json(409, { error: { code: 'event_in_progress', message: 'Event is being processed' } });
      }
      return json(200, { received: true, outcome });
    } catch (error) {
      return toErrorResponse(error instanceof MedflowError ? error : new WebhookProcessingError(error));
    }
  };

  async function reconcile({ since, until }: { since: Date; until?: Date }): Promise<ReconcileReport> {
    const report: ReconcileReport = { seen: 0, applied: 0, duplicates: 0, ignored: 0, failed: 0 };
    const types = [...new Set<string>([...HANDLED_EVENT_TYPES, ...Object.keys(on)])];
    const created = {
      gte: Math.floor(since.getTime() / 1000),
      ...(until ? { lte: Math.floor(until.getTime() / 1000) } : {}),
    };
    const events: Stripe.Event[] = [];
    const account = options.stripeAccount;
    for await (const event of stripe.events.list(
      { created, types, limit: 100 },
      account ? { stripeAccount: account } : {},
    )) {
      // Listed on the connected account's behalf, an event belongs to it even if unlabelled.
      events.push(account && !event.account ? { ...event, account } : event);
    }
    // The list is newest first; replay oldest first so audit reads in order.
    events.sort((a, b) => a.created - b.created);
    for (const event of events) {
      report.seen++;
      try {
        const outcome = await processEvent(event, 'now');
        if (outcome === 'applied') report.applied++;
        else if (outcome === 'duplicate') report.duplicates++;
        else if (outcome === 'in_progress') report.failed++;
        else report.ignored++;
      } catch {
        report.failed++;
      }
    }
    return report;
  }

  return Object.assign(handler, { process: (event: Stripe.Event) => processEvent(event, 'now'), reconcile });
}
