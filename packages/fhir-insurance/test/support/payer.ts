import type { Bundle, CapabilityStatement, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { importJWK, type JWK, jwtVerify } from 'jose';
import { HttpResponse, http, type PathParams } from 'msw';

/**
 * A payer's FHIR server as msw handlers: SMART Backend Services token endpoint (assertions checked
 * with jose against the registered public key), bearer-protected FHIR API, paging, OperationOutcomes.
 */
export const PAYER_BASE = 'https://fhir.payer.example/r4';
export const TOKEN_URL = 'https://auth.payer.example/oauth2/token';
export const CLIENT_ID = 'riverside-clinic-backend';

export function outcome(
  code: string,
  expression: string,
  text: string,
  severity = 'error',
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity, code, expression: [expression], details: { text } }] as OperationOutcome['issue'],
  };
}

const fhirJson = (body: unknown, init: { status?: number; headers?: Record<string, string> } = {}) =>
  HttpResponse.json(body as Record<string, unknown>, {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/fhir+json', ...init.headers },
  });

export interface PayerState {
  tokenRequests: number;
  /** Why the last rejected assertion was rejected. */
  assertionFailures: string[];
  assertionHeaders: Record<string, unknown>[];
  assertionClaims: Record<string, unknown>[];
  apiCalls: { method: string; path: string; authorization: string | null }[];
  tokens: Map<string, number>;
  seenJti: Set<string>;
  now: () => number;
}

export function createPayer(options: {
  publicJwk?: JWK;
  algorithm?: 'RS384' | 'ES384';
  kid?: string;
  tokenLifetimeSec?: number;
  now?: () => number;
  /** Client credentials accepted by the token endpoint (basic or post). */
  secret?: { clientId: string; clientSecret: string };
}) {
  const state: PayerState = {
    tokenRequests: 0,
    assertionFailures: [],
    assertionHeaders: [],
    assertionClaims: [],
    apiCalls: [],
    tokens: new Map(),
    seenJti: new Set(),
    now: options.now ?? Date.now,
  };
  let counter = 0;

  const issue = () => {
    const token = `at-${++counter}`;
    const lifetime = options.tokenLifetimeSec ?? 300;
    state.tokens.set(token, state.now() + lifetime * 1000);
    return HttpResponse.json(
      { access_token: token, token_type: 'bearer', expires_in: lifetime, scope: 'system/*.read' },
      { headers: { 'cache-control': 'no-store' } },
    );
  };

  const invalidClient = (reason: string) => {
    state.assertionFailures.push(reason);
    return HttpResponse.json(
      { error: 'invalid_client', error_description: 'assertion rejected' },
      { status: 401 },
    );
  };

  const handlers = [
    http.get(`${PAYER_BASE}/.well-known/smart-configuration`, () =>
      HttpResponse.json({
        issuer: 'https://auth.payer.example',
        token_endpoint: TOKEN_URL,
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
        grant_types_supported: ['client_credentials'],
        scopes_supported: ['system/*.read', 'system/Claim.write'],
        capabilities: ['client-confidential-asymmetric'],
      }),
    ),
    http.post(TOKEN_URL, async ({ request }) => {
      state.tokenRequests++;
      const form = new URLSearchParams(await request.text());
      if (form.get('grant_type') !== 'client_credentials')
        return HttpResponse.json({ error: 'unsupported_grant_type' }, { status: 400 });
      if (options.secret) {
        const basic = request.headers.get('authorization');
        const [id, secret] = basic?.startsWith('Basic ')
          ? atob(basic.slice(6)).split(':').map(decodeURIComponent)
          : [form.get('client_id'), form.get('client_secret')];
        if (id !== options.secret.clientId || secret !== options.secret.clientSecret)
          return invalidClient('secret');
        return issue();
      }
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
        return invalidClient('assertion type');
      const assertion = form.get('client_assertion');
      if (!assertion || !options.publicJwk) return invalidClient('no assertion');
      try {
        const key = await importJWK(options.publicJwk, options.algorithm ?? 'RS384');
        const { payload, protectedHeader } = await jwtVerify(assertion, key, {
          algorithms: [options.algorithm ?? 'RS384'],
          issuer: CLIENT_ID,
          subject: CLIENT_ID,
          audience: TOKEN_URL,
          currentDate: new Date(state.now()),
        });
        state.assertionHeaders.push(protectedHeader);
        state.assertionClaims.push(payload);
        if (protectedHeader.kid !== (options.kid ?? 'clinic-key-1')) return invalidClient('kid');
        if (typeof payload.exp !== 'number' || payload.exp * 1000 > state.now() + 5 * 60_000)
          return invalidClient('exp more than 5 minutes out');
        if (typeof payload.jti !== 'string' || state.seenJti.has(payload.jti))
          return invalidClient('jti replay');
        state.seenJti.add(payload.jti);
      } catch (error) {
        return invalidClient(error instanceof Error ? error.message : 'verify');
      }
      return issue();
    }),
  ];

  /** Wraps a FHIR API handler with bearer checking (401 + OperationOutcome for unknown or expired tokens). */
  function guarded(
    resolver: (args: { request: Request; params: PathParams }) => Response | Promise<Response>,
  ) {
    return async ({ request, params }: { request: Request; params: PathParams }): Promise<Response> => {
      const authorization = request.headers.get('authorization');
      const url = new URL(request.url);
      state.apiCalls.push({ method: request.method, path: url.pathname + url.search, authorization });
      const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
      const expiresAt = token ? state.tokens.get(token) : undefined;
      if (expiresAt === undefined || expiresAt <= state.now())
        return fhirJson(outcome('login', 'Bearer', 'Access token expired or unknown'), {
          status: 401,
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        });
      return resolver({ request, params });
    };
  }

  return {
    state,
    handlers,
    guarded,
    /** The server forgets every token, as when a payer rotates its signing keys. */
    revokeAll: () => state.tokens.clear(),
  };
}

export { fhirJson };

export const capabilityStatement: CapabilityStatement = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2026-10-01',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['application/fhir+json'],
  rest: [
    {
      mode: 'server',
      security: {
        service: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                code: 'SMART-on-FHIR',
              },
            ],
          },
        ],
      },
      resource: [
        {
          type: 'Patient',
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: [{ name: 'identifier', type: 'token' }],
        },
        { type: 'Coverage', interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }] },
        {
          type: 'CoverageEligibilityRequest',
          interaction: [{ code: 'create' }],
        },
        {
          type: 'Claim',
          interaction: [{ code: 'create' }, { code: 'read' }],
          operation: [
            {
              name: 'submit',
              definition: 'http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit',
            },
            {
              name: '$inquire',
              definition: 'http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-inquiry',
            },
          ],
        },
        {
          type: 'ExplanationOfBenefit',
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: [
            { name: 'patient', type: 'reference' },
            { name: '_lastUpdated', type: 'date' },
          ],
        },
      ],
      operation: [
        { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' },
      ],
    },
  ],
};

export function searchset(
  resources: Resource[],
  options: { self: string; next?: string; total?: number },
): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(options.total !== undefined ? { total: options.total } : {}),
    link: [
      { relation: 'self', url: options.self },
      ...(options.next ? [{ relation: 'next', url: options.next }] : []),
    ],
    entry: resources.map((resource) => ({
      fullUrl: `${PAYER_BASE}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' as const },
    })),
  };
}
