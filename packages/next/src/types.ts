import type { AuditLogger, RateLimiter } from '@medflow/core';
import type { ApiKeyManager, ApiKeyRecord, ApiKeyScope } from './api-keys';

/** What the app's auth (Auth.js, Clerk, a custom cookie…) says about the caller. */
export interface MedflowSession {
  /** Opaque user id; never an email or a name. */
  userId: string;
  role: 'patient' | 'clinician' | 'staff' | 'admin';
  /** The patient this user is, for patient sessions. */
  patientId?: string;
}

export type MedflowAction =
  | 'invoice.pay'
  | 'video.join'
  | 'video.admit'
  | 'wearables.connect'
  | 'wearables.import'
  | 'wearables.connections.read'
  | 'wearables.connections.delete'
  | 'insurance.eligibility.check'
  | 'health.read';

export interface MedflowResource {
  type: 'invoice' | 'appointment' | 'patient' | 'connection' | 'integration';
  id: string;
}

export type GetSession = (request: Request) => Promise<MedflowSession | null> | MedflowSession | null;
export type Authorize = (
  session: MedflowSession,
  action: MedflowAction,
  resource: MedflowResource,
) => Promise<boolean> | boolean;

export type WebHandler = (request: Request) => Promise<Response>;

/**
 * Ports the adapter calls. Each is satisfied by a domain package's framework-free handlers
 * and functions (see the README's wiring); the adapter adds sessions, authorization, API
 * keys, rate limits and safe error responses, and holds no business logic.
 */
export interface PaymentsPort {
  /** The Stripe webhook handler from @medflow/payments (raw body, signature, exactly once). */
  webhook: WebHandler;
  /** Creates (or reuses) the Checkout Session of an invoice and returns its URL. */
  createCheckout(input: { invoiceId: string; session: MedflowSession }): Promise<{ url: string }>;
  /** Webhook deliveries accepted but not yet applied, for monitoring. */
  backlog?(): Promise<number>;
}

export interface TelemedicinePort {
  /** Twilio status-callback handler from @medflow/telemedicine. */
  callback: WebHandler;
  /** Issues a join token; enforces the appointment window and the waiting room. */
  issueJoinToken(input: { appointmentId: string; session: MedflowSession }): Promise<{
    token: string;
    roomName: string;
    expiresAt: string;
  }>;
  /** Admits a waiting patient (clinicians only). */
  admit(input: { appointmentId: string; participantId: string; session: MedflowSession }): Promise<void>;
}

export interface OAuthStart {
  authorizationUrl: string;
  /** Single-use state, also stored server-side bound to the session. */
  state: string;
  /**
   * PKCE verifier, when the provider wants the browser to carry it (kept in the HttpOnly
   * cookie and handed back on the callback). Providers that keep it server-side, sealed
   * (as @medflow/wearables' Google Health flow does), leave it out.
   */
  codeVerifier?: string;
}

export interface WearablesPort {
  googleHealth?: {
    startConnect(input: { session: MedflowSession }): Promise<OAuthStart>;
    completeConnect(input: {
      session: MedflowSession;
      code: string;
      state: string;
      codeVerifier?: string;
    }): Promise<{ connectionId: string }>;
    webhook: WebHandler;
  };
  appleHealth?: {
    /** Streams the upload (zip or xml) into the import; returns an import id at once or when done. */
    startImport(input: {
      session: MedflowSession;
      patientId: string;
      body: ReadableStream<Uint8Array>;
      contentType: string | null;
    }): Promise<{ importId: string }>;
    importStatus(input: { session: MedflowSession; importId: string }): Promise<unknown>;
  };
  /** Companion-app pushes, already authenticated by API key. */
  push?: Partial<
    Record<
      'health-connect' | 'healthkit' | 'samsung-health',
      (request: Request, client: ApiKeyRecord) => Promise<Response>
    >
  >;
  connections?: {
    list(input: { session: MedflowSession; patientId: string }): Promise<unknown[]>;
    disconnect(input: { session: MedflowSession; connectionId: string }): Promise<void>;
  };
}

export interface InsurancePort {
  checkEligibility(input: unknown, context: { session: MedflowSession }): Promise<unknown>;
}

export interface LabsPort {
  /** Takes one HL7 v2 message (or batch) as text, returns the ACK to send back. */
  receive(message: string, context: { client: ApiKeyRecord }): Promise<{ ack: string; accepted: boolean }>;
}

export interface MedflowRouteOptions {
  /** Where the catch-all route is mounted, e.g. `/api/medflow`. */
  basePath: string;
  getSession: GetSession;
  authorize: Authorize;
  payments?: PaymentsPort;
  telemedicine?: TelemedicinePort;
  wearables?: WearablesPort;
  insurance?: InsurancePort;
  labs?: LabsPort;
  /** Verifies third-party callers (labs, companion apps). Required for labs and push routes. */
  apiKeys?: ApiKeyManager;
  /** Per-user and per-IP limits on user-facing routes (default: 60/min per user, 120/min per IP, in memory). */
  rateLimiter?: RateLimiter;
  audit?: AuditLogger;
  /** Largest accepted upload for the Apple Health import (default 4 GiB) and for JSON bodies (default 1 MiB). */
  maxUploadBytes?: number;
  maxJsonBytes?: number;
  /** Where the browser lands after connecting a wearable account (default `/`). */
  afterConnectUrl?: string;
  /** Cookies are Secure unless this is false (plain-http localhost development). */
  secureCookies?: boolean;
}

export type { ApiKeyScope };
