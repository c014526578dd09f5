import {
  type AuditLogger,
  createMemoryRateLimiter,
  declaredLength,
  ForbiddenError,
  limitStream,
  MedflowError,
  NotFoundError,
  PayloadTooLargeError,
  type RateLimiter,
  readBodyText,
  timingSafeEqual,
  toErrorResponse,
  UnauthorizedError,
  utf8,
  ValidationError,
} from '@medflow/core';
// zod/mini, bundled and tree-shaken: full zod costs ~75 ms of import time on its own.
import * as z from 'zod/mini';
import { type ApiKeyRecord, type ApiKeyScope, presentedApiKey } from './api-keys';
import { clientIp, json, readCookie, readInput, redirect, serializeCookie } from './http';
import type { MedflowAction, MedflowResource, MedflowRouteOptions, MedflowSession } from './types';

export type Integration = 'payments' | 'telemedicine' | 'wearables' | 'insurance' | 'labs';

type Method = 'GET' | 'POST' | 'DELETE';

interface RouteContext {
  request: Request;
  params: Record<string, string>;
  url: URL;
}

interface Route {
  method: Method;
  /** Path below basePath; `:name` captures one segment. */
  pattern: string;
  integration: Integration | null;
  handle(context: RouteContext): Promise<Response>;
}

export interface IntegrationHealth {
  configured: boolean;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastErrorCode: string | null;
  webhookBacklog?: number | null;
}

const OAUTH_COOKIE = 'medflow_gh_oauth';
const OAUTH_COOKIE_TTL_S = 600;

export interface MedflowRouteHandlers {
  GET(request: Request): Promise<Response>;
  POST(request: Request): Promise<Response>;
  DELETE(request: Request): Promise<Response>;
  /** Routes this configuration serves, for docs and tests. */
  routes: ReadonlyArray<{ method: Method; path: string; integration: Integration | null }>;
  /**
   * One route's handler for apps that prefer a file per route (`app/api/stripe/webhook/route.ts`
   * exporting `POST = handlers.route('POST', 'stripe/webhook')`); the request path is not matched.
   */
  route(method: Method, pattern: string): (request: Request) => Promise<Response>;
}

/**
 * One catch-all handler set for `app/api/medflow/[...medflow]/route.ts`. Every route is a
 * thin mapping onto a domain port; the adapter adds sessions, authorization, API keys,
 * rate limits and client-safe errors.
 */
export function createMedflowRouteHandlers(options: MedflowRouteOptions): MedflowRouteHandlers {
  const basePath = `/${options.basePath.replace(/^\/+|\/+$/g, '')}`;
  const maxJson = options.maxJsonBytes ?? 1024 * 1024;
  const maxUpload = options.maxUploadBytes ?? 4 * 1024 ** 3;
  const secure = options.secureCookies ?? true;
  const audit: AuditLogger | undefined = options.audit;
  const limiter: RateLimiter =
    options.rateLimiter ?? createMemoryRateLimiter({ points: 60, windowMs: 60_000, mode: 'reject' });
  const ipLimiter: RateLimiter =
    options.rateLimiter ?? createMemoryRateLimiter({ points: 120, windowMs: 60_000, mode: 'reject' });
  const health = new Map<Integration, IntegrationHealth>();
  for (const name of ['payments', 'telemedicine', 'wearables', 'insurance', 'labs'] as const) {
    health.set(name, {
      configured: options[name] !== undefined,
      lastSuccessAt: null,
      lastErrorAt: null,
      lastErrorCode: null,
    });
  }

  async function requireSession(request: Request): Promise<MedflowSession> {
    const session = await options.getSession(request);
    if (!session) throw new UnauthorizedError();
    await limiter.acquire(`user:${session.userId}`, { mode: 'reject' });
    return session;
  }

  async function requireAllowed(session: MedflowSession, action: MedflowAction, resource: MedflowResource) {
    if (!(await options.authorize(session, action, resource))) {
      await audit?.log({
        action: `next.${action}`,
        outcome: 'denied',
        actor: session.userId,
        subject: `${resource.type}:${resource.id}`,
      });
      throw new ForbiddenError();
    }
  }

  async function requireApiKey(request: Request, scope: ApiKeyScope): Promise<ApiKeyRecord> {
    if (!options.apiKeys)
      throw new MedflowError('API keys are not configured', { code: 'not_configured', status: 503 });
    try {
      return await options.apiKeys.verify(presentedApiKey(request), scope);
    } catch (error) {
      await audit?.log({
        action: `next.apikey.${scope}`,
        outcome: 'denied',
        errorCode: error instanceof MedflowError ? error.code : 'error',
      });
      throw error;
    }
  }

  const need = <T>(port: T | undefined): T => {
    if (port === undefined) throw new NotFoundError();
    return port;
  };

  const idSchema = z.string().check(z.minLength(1), z.maxLength(200));

  const routes: Route[] = [
    {
      method: 'POST',
      pattern: 'stripe/webhook',
      integration: 'payments',
      handle: ({ request }) => need(options.payments).webhook(request),
    },
    {
      method: 'POST',
      pattern: 'checkout',
      integration: 'payments',
      async handle({ request }) {
        const payments = need(options.payments);
        const session = await requireSession(request);
        const { invoiceId } = await readInput(request, z.object({ invoiceId: idSchema }), maxJson);
        await requireAllowed(session, 'invoice.pay', { type: 'invoice', id: invoiceId });
        const { url } = await payments.createCheckout({ invoiceId, session });
        return redirect(url);
      },
    },
    {
      method: 'POST',
      pattern: 'video/token',
      integration: 'telemedicine',
      async handle({ request }) {
        const video = need(options.telemedicine);
        const session = await requireSession(request);
        const { appointmentId } = await readInput(request, z.object({ appointmentId: idSchema }), maxJson);
        await requireAllowed(session, 'video.join', { type: 'appointment', id: appointmentId });
        return json(await video.issueJoinToken({ appointmentId, session }));
      },
    },
    {
      method: 'POST',
      pattern: 'video/admit',
      integration: 'telemedicine',
      async handle({ request }) {
        const video = need(options.telemedicine);
        const session = await requireSession(request);
        const input = await readInput(
          request,
          z.object({ appointmentId: idSchema, participantId: idSchema }),
          maxJson,
        );
        if (session.role === 'patient') throw new ForbiddenError();
        await requireAllowed(session, 'video.admit', { type: 'appointment', id: input.appointmentId });
        await video.admit({ ...input, session });
        return new Response(null, { status: 204 });
      },
    },
    {
      method: 'POST',
      pattern: 'video/status',
      integration: 'telemedicine',
      handle: ({ request }) => need(options.telemedicine).callback(request),
    },
    {
      method: 'GET',
      pattern: 'wearables/google-health/connect',
      integration: 'wearables',
      async handle({ request }) {
        const google = need(options.wearables?.googleHealth);
        const session = await requireSession(request);
        const patientId = session.patientId ?? session.userId;
        await requireAllowed(session, 'wearables.connect', { type: 'patient', id: patientId });
        const start = await google.startConnect({ session });
        const headers = new Headers();
        headers.append(
          'set-cookie',
          serializeCookie(
            OAUTH_COOKIE,
            start.codeVerifier ? `${start.state}.${start.codeVerifier}` : start.state,
            {
              path: `${basePath}/wearables/google-health`,
              maxAgeSeconds: OAUTH_COOKIE_TTL_S,
              secure,
            },
          ),
        );
        return redirect(start.authorizationUrl, headers);
      },
    },
    {
      method: 'GET',
      pattern: 'wearables/google-health/callback',
      integration: 'wearables',
      async handle({ request, url }) {
        const google = need(options.wearables?.googleHealth);
        const session = await requireSession(request);
        if (url.searchParams.get('error')) throw new ValidationError('The connection was not authorized');
        const code = url.searchParams.get('code');
        const state = url.searchParams.get('state');
        const cookie = readCookie(request, OAUTH_COOKIE);
        const [cookieState, codeVerifier] = cookie?.split('.') ?? [];
        if (!code || !state) throw new ValidationError('The callback is missing code or state');
        // The state must match the browser that started the flow (cookie) and the session
        // that started it (checked server-side by the port); the verifier completes PKCE at
        // the provider's token endpoint, so a wrong or missing one fails there.
        if (!cookieState || !timingSafeEqual(utf8(cookieState), utf8(state))) {
          await audit?.log({
            action: 'next.wearables.oauth.callback',
            outcome: 'denied',
            actor: session.userId,
          });
          throw new ForbiddenError('The connection request is not valid for this browser');
        }
        await google.completeConnect({ session, code, state, ...(codeVerifier ? { codeVerifier } : {}) });
        const headers = new Headers();
        headers.append(
          'set-cookie',
          serializeCookie(OAUTH_COOKIE, '', {
            path: `${basePath}/wearables/google-health`,
            maxAgeSeconds: 0,
            secure,
          }),
        );
        return redirect(options.afterConnectUrl ?? '/', headers);
      },
    },
    {
      method: 'POST',
      pattern: 'wearables/google-health/webhook',
      integration: 'wearables',
      handle: ({ request }) => need(options.wearables?.googleHealth).webhook(request),
    },
    {
      method: 'POST',
      pattern: 'wearables/apple-health/import',
      integration: 'wearables',
      async handle({ request, url }) {
        const apple = need(options.wearables?.appleHealth);
        const session = await requireSession(request);
        const patientId = url.searchParams.get('patientId') ?? session.patientId ?? session.userId;
        await requireAllowed(session, 'wearables.import', { type: 'patient', id: patientId });
        const length = declaredLength(request);
        if (length !== undefined && length > maxUpload) throw new PayloadTooLargeError(maxUpload);
        if (!request.body) throw new ValidationError('The upload is empty');
        const { importId } = await apple.startImport({
          session,
          patientId,
          body: limitStream(request.body, maxUpload),
          contentType: request.headers.get('content-type'),
        });
        return json({ importId }, 202);
      },
    },
    {
      method: 'GET',
      pattern: 'wearables/apple-health/import/:importId',
      integration: 'wearables',
      async handle({ request, params }) {
        const apple = need(options.wearables?.appleHealth);
        const session = await requireSession(request);
        return json(await apple.importStatus({ session, importId: params.importId! }));
      },
    },
    ...(['health-connect', 'healthkit', 'samsung-health'] as const).map(
      (kind): Route => ({
        method: 'POST',
        pattern: `wearables/push/${kind}`,
        integration: 'wearables',
        async handle({ request }) {
          const push = need(options.wearables?.push?.[kind]);
          const client = await requireApiKey(request, `push:${kind}`);
          return push(request, client);
        },
      }),
    ),
    {
      method: 'GET',
      pattern: 'wearables/connections',
      integration: 'wearables',
      async handle({ request, url }) {
        const connections = need(options.wearables?.connections);
        const session = await requireSession(request);
        const patientId = url.searchParams.get('patientId') ?? session.patientId ?? session.userId;
        await requireAllowed(session, 'wearables.connections.read', { type: 'patient', id: patientId });
        return json({ connections: await connections.list({ session, patientId }) });
      },
    },
    {
      method: 'DELETE',
      pattern: 'wearables/connections/:connectionId',
      integration: 'wearables',
      async handle({ request, params }) {
        const connections = need(options.wearables?.connections);
        const session = await requireSession(request);
        await requireAllowed(session, 'wearables.connections.delete', {
          type: 'connection',
          id: params.connectionId!,
        });
        await connections.disconnect({ session, connectionId: params.connectionId! });
        return new Response(null, { status: 204 });
      },
    },
    {
      method: 'POST',
      pattern: 'insurance/eligibility',
      integration: 'insurance',
      async handle({ request }) {
        const insurance = need(options.insurance);
        const session = await requireSession(request);
        const input = await readInput(request, z.looseObject({ patientId: idSchema }), maxJson);
        if (session.role === 'patient') throw new ForbiddenError();
        await requireAllowed(session, 'insurance.eligibility.check', {
          type: 'patient',
          id: input.patientId,
        });
        return json(await insurance.checkEligibility(input, { session }));
      },
    },
    {
      method: 'POST',
      pattern: 'labs/hl7',
      integration: 'labs',
      async handle({ request }) {
        const labs = need(options.labs);
        const client = await requireApiKey(request, 'labs:hl7');
        const message = await readBodyText(request, maxJson * 4);
        const { ack, accepted } = await labs.receive(message, { client });
        return new Response(ack, {
          status: accepted ? 200 : 422,
          headers: { 'content-type': 'x-application/hl7-v2+er7; charset=utf-8' },
        });
      },
    },
    {
      method: 'GET',
      pattern: 'health',
      integration: null,
      async handle({ request }) {
        const session = await requireSession(request);
        await requireAllowed(session, 'health.read', { type: 'integration', id: '*' });
        const out: Record<string, IntegrationHealth> = {};
        for (const [name, h] of health) out[name] = { ...h };
        if (options.payments?.backlog) {
          out.payments = {
            ...out.payments!,
            webhookBacklog: await options.payments.backlog().catch(() => null),
          };
        }
        return json({ integrations: out });
      },
    },
  ];

  const compiled = routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern
      .split('/')
      .map((seg) => {
        if (seg.startsWith(':')) {
          names.push(seg.slice(1));
          return '([^/]+)';
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    return { route, names, regex: new RegExp(`^${source}/?$`) };
  });

  type Compiled = (typeof compiled)[number];

  async function dispatch(method: Method, request: Request, fixed?: Compiled): Promise<Response> {
    let integration: Integration | null = null;
    try {
      const url = new URL(request.url);
      let hit = fixed;
      let sub = fixed ? fixed.route.pattern : '';
      if (!hit) {
        if (!url.pathname.startsWith(`${basePath}/`)) throw new NotFoundError();
        sub = url.pathname.slice(basePath.length + 1);
        const candidates = compiled.filter((c) => c.regex.test(sub));
        if (candidates.length === 0) throw new NotFoundError();
        hit = candidates.find((c) => c.route.method === method);
        if (!hit) {
          return json({ error: { code: 'method_not_allowed', message: 'Method not allowed' } }, 405, {
            allow: [...new Set(candidates.map((c) => c.route.method))].join(', '),
          });
        }
      }
      integration = hit.route.integration;
      // User-facing routes are limited per IP before any work; provider webhooks are not,
      // since Stripe or Twilio retry storms must not lock real deliveries out.
      if (!/webhook$|video\/status$/.test(hit.route.pattern)) {
        await ipLimiter.acquire(`ip:${clientIp(request)}`, { mode: 'reject' });
      }
      const match = hit.regex.exec(sub)!;
      const params: Record<string, string> = {};
      hit.names.forEach((name, i) => {
        params[name] = decodeURIComponent(match[i + 1]!);
      });
      const response = await hit.route.handle({ request, params, url });
      if (integration) {
        const h = health.get(integration)!;
        if (response.status < 500) h.lastSuccessAt = new Date().toISOString();
        else {
          h.lastErrorAt = new Date().toISOString();
          h.lastErrorCode = `http_${response.status}`;
        }
      }
      return response;
    } catch (error) {
      if (integration && !(error instanceof MedflowError && error.status < 500)) {
        const h = health.get(integration)!;
        h.lastErrorAt = new Date().toISOString();
        h.lastErrorCode = error instanceof MedflowError ? error.code : 'internal_error';
      }
      if (!(error instanceof MedflowError)) {
        await audit?.log({
          action: 'next.route',
          outcome: 'failure',
          errorCode: 'internal_error',
          details: { error },
        });
      }
      return toErrorResponse(error);
    }
  }

  return {
    GET: (request) => dispatch('GET', request),
    POST: (request) => dispatch('POST', request),
    DELETE: (request) => dispatch('DELETE', request),
    routes: routes.map((r) => ({
      method: r.method,
      path: `${basePath}/${r.pattern}`,
      integration: r.integration,
    })),
    route(method, pattern) {
      const hit = compiled.find((c) => c.route.method === method && c.route.pattern === pattern);
      if (!hit || hit.names.length > 0) throw new TypeError(`No single-file route ${method} ${pattern}`);
      return (request) => dispatch(method, request, hit);
    },
  };
}
