/**
 * An msw stand-in for api.stripe.com that answers with Stripe's documented object and
 * error shapes, keeps objects between calls, and enforces Stripe's idempotency rules
 * (same key + same body → the first response replayed; same key + other body → 400
 * idempotency_error). Every request is recorded so tests can inspect the bodies sent.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import Stripe from 'stripe';

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  stripeAccount: string | null;
  /** The form body as sent (url-encoded) and decoded. */
  rawBody: string;
  body: Record<string, string>;
}

type Json = Record<string, unknown>;

const API = 'https://api.stripe.com';
let seq = 0;
const id = (prefix: string) => `${prefix}_${(++seq).toString(36).padStart(14, '0')}`;

const error = (status: number, body: Json, headers: Record<string, string> = {}) =>
  HttpResponse.json({ error: body }, { status, headers: { 'request-id': id('req'), ...headers } });

export const cardDeclined = (paymentIntent?: Json) =>
  error(402, {
    charge: id('ch'),
    code: 'card_declined',
    decline_code: 'generic_decline',
    doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    message: 'Your card was declined.',
    ...(paymentIntent ? { payment_intent: paymentIntent } : {}),
    type: 'card_error',
  });

export const rateLimited = () =>
  error(
    429,
    {
      code: 'rate_limit',
      doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
      message:
        'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
      type: 'invalid_request_error',
    },
    { 'retry-after': '2' },
  );

export const idempotencyKeyInUse = (key: string) =>
  error(409, {
    code: 'idempotency_key_in_use',
    doc_url: 'https://stripe.com/docs/error-codes/idempotency-key-in-use',
    message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
    type: 'invalid_request_error',
  });

export function createStripeApi() {
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, Json>();
  const intents = new Map<string, Json>();
  const events: Json[] = [];
  const replay = new Map<string, { rawBody: string; status: number; body: Json }>();
  /** Responses to return instead of the normal one, by `METHOD path` (each used once). */
  const failures = new Map<string, Array<(key: string) => Response>>();

  const failNext = (route: string, respond: (key: string) => Response) => {
    failures.set(route, [...(failures.get(route) ?? []), respond]);
  };

  const decode = (raw: string) => Object.fromEntries(new URLSearchParams(raw));

  async function record(request: Request, path: string) {
    const rawBody = request.method === 'GET' ? new URL(request.url).search.slice(1) : await request.text();
    const rec: RecordedRequest = {
      method: request.method,
      path,
      idempotencyKey: request.headers.get('idempotency-key'),
      stripeAccount: request.headers.get('stripe-account'),
      rawBody,
      body: decode(rawBody),
    };
    requests.push(rec);
    return rec;
  }

  /** Wraps a create endpoint with Stripe's idempotency semantics and injected failures. */
  function write(route: string, create: (rec: RecordedRequest, params: { id?: string }) => Json | Response) {
    const [method, path] = route.split(' ') as [string, string];
    const handlerPath = `${API}${path}`;
    const factory = method === 'POST' ? http.post : http.get;
    return factory(handlerPath, async ({ request, params }) => {
      const p = params as { id?: string };
      const rec = await record(request, new URL(request.url).pathname);
      const queued = failures.get(route);
      if (queued?.length) return queued.shift()!(rec.idempotencyKey ?? '');
      if (method === 'POST' && rec.idempotencyKey) {
        const prior = replay.get(rec.idempotencyKey);
        if (prior) {
          if (prior.rawBody !== rec.rawBody) {
            return error(400, {
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${rec.idempotencyKey}' if you meant to execute a different request.`,
              type: 'idempotency_error',
            });
          }
          return HttpResponse.json(prior.body, {
            status: prior.status,
            headers: { 'idempotent-replayed': 'true', 'request-id': id('req') },
          });
        }
      }
      const result = create(rec, p);
      if (result instanceof Response) return result;
      if (method === 'POST' && rec.idempotencyKey) {
        replay.set(rec.idempotencyKey, { rawBody: rec.rawBody, status: 200, body: structuredClone(result) });
      }
      return HttpResponse.json(result, { headers: { 'request-id': id('req') } });
    });
  }

  const notFound = (what: string, value: string) =>
    error(404, {
      code: 'resource_missing',
      message: `No such ${what}: '${value}'`,
      param: 'id',
      type: 'invalid_request_error',
    });

  const metadataOf = (body: Record<string, string>, prefix = 'metadata') =>
    Object.fromEntries(
      Object.entries(body)
        .filter(([k]) => k.startsWith(`${prefix}[`))
        .map(([k, v]) => [k.slice(prefix.length + 1, -1), v]),
    );

  const handlers = [
    write('POST /v1/checkout/sessions', (rec) => {
      const b = rec.body;
      const sid = id('cs_test');
      const embedded = b.ui_mode === 'embedded_page';
      const session: Json = {
        id: sid,
        object: 'checkout.session',
        amount_subtotal: Number(b['line_items[0][price_data][unit_amount]']),
        amount_total: Number(b['line_items[0][price_data][unit_amount]']),
        cancel_url: b.cancel_url ?? null,
        client_reference_id: b.client_reference_id ?? null,
        client_secret: embedded ? `${sid}_secret_${id('x')}` : null,
        created: Math.floor(Date.now() / 1000),
        currency: b['line_items[0][price_data][currency]'],
        customer: null,
        customer_email: b.customer_email ?? null,
        expires_at: b.expires_at ? Number(b.expires_at) : Math.floor(Date.now() / 1000) + 86_400,
        livemode: false,
        metadata: metadataOf(b),
        mode: b.mode,
        payment_intent: null,
        payment_status: 'unpaid',
        return_url: b.return_url ?? null,
        status: 'open',
        success_url: b.success_url ?? null,
        ui_mode: b.ui_mode ?? 'hosted_page',
        url: embedded ? null : `https://checkout.stripe.com/c/pay/${sid}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
      };
      sessions.set(sid, session);
      return session;
    }),
    write(
      'GET /v1/checkout/sessions/:id',
      (_rec, p) => sessions.get(p.id!) ?? notFound('checkout.session', p.id!),
    ),
    write('POST /v1/checkout/sessions/:id/expire', (_rec, p) => {
      const session = sessions.get(p.id!);
      if (!session) return notFound('checkout.session', p.id!);
      if (session.status !== 'open') {
        return error(400, {
          message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(session.status)}".`,
          type: 'invalid_request_error',
        });
      }
      session.status = 'expired';
      return session;
    }),
    write('POST /v1/payment_intents', (rec) => {
      const b = rec.body;
      const pid = id('pi');
      const intent: Json = {
        id: pid,
        object: 'payment_intent',
        amount: Number(b.amount),
        amount_received: b.confirm === 'true' ? Number(b.amount) : 0,
        client_secret: `${pid}_secret_${id('x')}`,
        created: Math.floor(Date.now() / 1000),
        currency: b.currency,
        customer: b.customer ?? null,
        description: b.description ?? null,
        livemode: false,
        metadata: metadataOf(b),
        payment_method: b.payment_method ?? null,
        receipt_email: b.receipt_email ?? null,
        status: b.confirm === 'true' ? 'succeeded' : 'requires_payment_method',
      };
      intents.set(pid, intent);
      return intent;
    }),
    write(
      'GET /v1/payment_intents/:id',
      (_rec, p) => intents.get(p.id!) ?? notFound('payment_intent', p.id!),
    ),
    write('POST /v1/payment_intents/:id/cancel', (_rec, p) => {
      const intent = intents.get(p.id!);
      if (!intent) return notFound('payment_intent', p.id!);
      intent.status = 'canceled';
      return intent;
    }),
    write('POST /v1/refunds', (rec) => {
      const b = rec.body;
      const intent = intents.get(b.payment_intent ?? '');
      return {
        id: id('re'),
        object: 'refund',
        amount: Number(b.amount),
        balance_transaction: null,
        charge: id('ch'),
        created: Math.floor(Date.now() / 1000),
        currency: (intent?.currency as string | undefined) ?? 'usd',
        metadata: metadataOf(b),
        payment_intent: b.payment_intent ?? null,
        reason: b.reason ?? null,
        status: 'succeeded',
      };
    }),
    http.get(`${API}/v1/events`, async ({ request }) => {
      const rec = await record(request, '/v1/events');
      const url = new URL(request.url);
      const gte = Number(url.searchParams.get('created[gte]') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 10);
      const after = url.searchParams.get('starting_after');
      const types = url.searchParams.getAll('types[]');
      const wanted = types.length
        ? types
        : Object.entries(rec.body)
            .filter(([k]) => k.startsWith('types['))
            .map(([, v]) => v);
      const all = events
        .filter((e) => Number(e.created) >= gte && (wanted.length === 0 || wanted.includes(String(e.type))))
        .sort((a, b) => Number(b.created) - Number(a.created));
      const start = after ? all.findIndex((e) => e.id === after) + 1 : 0;
      const page = all.slice(start, start + limit);
      return HttpResponse.json({
        object: 'list',
        data: page,
        has_more: start + limit < all.length,
        url: '/v1/events',
      });
    }),
  ];

  const server = setupServer(...handlers);

  return {
    server,
    requests,
    sessions,
    intents,
    events,
    failNext,
    /** A client configured the way the README tells users to in tests. */
    client: () =>
      new Stripe('sk_test_medflow', { httpClient: Stripe.createFetchHttpClient(), maxNetworkRetries: 0 }),
    reset() {
      requests.length = 0;
      failures.clear();
    },
  };
}
