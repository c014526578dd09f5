import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AuditLogger,
  createMemoryRateLimiter,
  createTokenVault,
  ForbiddenError,
  generateVaultKey,
  type IdempotencyStore,
  type KeyValueStore,
  migrate,
  NotFoundError,
  type RateLimiter,
  type SqlClient,
} from '@medflow/core';
import { createPostgresIdempotencyStore, createPostgresKeyValueStore } from '@medflow/core/postgres';
import {
  checkEligibility,
  type EligibilityRequestInput,
  type EligibilityResult,
} from '@medflow/fhir-insurance';
import { createControlNumberSequence, createX12EligibilityTransport } from '@medflow/fhir-insurance/x12';
import {
  type ApiKeyManager,
  createApiKeyManager,
  createMedflowRouteHandlers,
  type MedflowSession,
} from '@medflow/next';
import {
  createPayments,
  createPostgresPaymentsStorage,
  createStripeWebhookHandler,
  migratePayments,
  type Payments,
  type StripeWebhookHandler,
  toInvoiceRef,
} from '@medflow/payments';
import {
  createTwilioVideoProvider,
  createVideoCallbackHandler,
  createWaitingRoom,
  roomRefForAppointment,
  type VideoProvider,
  type VideoRoomRef,
  type WaitingRoom,
} from '@medflow/telemedicine';
import { createPostgresSampleSink, migrateWearables, type PostgresSampleSink } from '@medflow/wearables';
import { importAppleHealthExport } from '@medflow/wearables/apple-health';
import Stripe from 'stripe';
import { createSqlAuditLogger } from './audit';
import { type ClinicConfig, readConfig } from './config';
import { type Database, openDatabase } from './db';
import { receiveLabText } from './labs';
import { clinicMigrations } from './schema';
import { refreshDemoAppointment, seed } from './seed';
import { sessionFromRequest } from './session';
import { createWearablesWiring } from './wearables';

export interface Clinic {
  config: ClinicConfig;
  db: Database;
  sql: SqlClient;
  kv: KeyValueStore;
  idempotency: IdempotencyStore;
  audit: AuditLogger;
  apiKeys: ApiKeyManager;
  stripe: Stripe;
  payments: Payments;
  stripeWebhook: StripeWebhookHandler;
  waitingRoom: WaitingRoom;
  video: VideoProvider | null;
  samples: PostgresSampleSink;
  handlers: ReturnType<typeof createMedflowRouteHandlers>;
  appointmentRoom(
    appointmentId: string,
  ): Promise<{ ref: VideoRoomRef; patientId: string; patientUserId: string | null; clinicianId: string }>;
  checkEligibility(input: EligibilityRequestInput): Promise<EligibilityResult>;
  startAppleImport(patientId: string, body: ReadableStream<Uint8Array>): Promise<string>;
}

const CLINIC_ID = 'clinic_main';

async function build(): Promise<Clinic> {
  const config = readConfig();
  const db = await openDatabase();
  const { sql } = db;
  await migratePayments(sql);
  await migrateWearables(sql);
  await migrate(sql, clinicMigrations);
  await seed(sql);
  await refreshDemoAppointment(sql);

  const kv = createPostgresKeyValueStore({ sql });
  const idempotency = createPostgresIdempotencyStore({ sql });
  const audit = createSqlAuditLogger(sql);
  const limiter: RateLimiter = createMemoryRateLimiter({ points: 120, windowMs: 60_000, mode: 'reject' });
  const apiKeys = createApiKeyManager({ store: kv, rateLimiter: limiter });
  // OAuth tokens are sealed at rest; without a configured key, development uses a key kept
  // in the database so restarts can still open what was sealed.
  const vaultKey = config.vaultKey ?? (await devVaultKey(kv));
  const vault = createTokenVault({ keys: { k1: vaultKey }, activeKid: 'k1' });

  // Without a key Stripe is never called; webhooks still verify locally with the secret.
  const stripe = new Stripe(config.stripe.secretKey ?? 'sk_test_not_configured', {
    httpClient: Stripe.createFetchHttpClient(),
  });
  const storage = createPostgresPaymentsStorage({ sql });
  const payments = createPayments({ stripe, store: kv, invoices: storage.invoices, audit });
  const stripeWebhook = createStripeWebhookHandler({
    stripe,
    secret: config.stripe.webhookSecret,
    store: storage.store,
    invoices: storage.invoices,
    transaction: storage.transaction,
    audit,
  });
  // Invoices are the app's; the payments package keeps its own record of each version.
  const invoices = await sql.query<{
    id: string;
    number: string;
    version: number;
    amount: string;
    currency: string;
  }>('SELECT id, number, version, amount, currency FROM clinic_invoices');
  for (const inv of invoices.rows) {
    await storage.invoices.registerInvoice(
      toInvoiceRef({
        id: inv.id,
        number: inv.number,
        version: Number(inv.version),
        clinicId: CLINIC_ID,
        total: { amount: Number(inv.amount), currency: inv.currency },
      }),
    );
  }

  async function appointment(appointmentId: string) {
    const { rows } = await sql.query<{
      patient_id: string;
      patient_user_id: string | null;
      clinician_id: string;
      starts_at: Date | string;
      duration_minutes: number;
    }>(
      `SELECT a.patient_id, p.user_id AS patient_user_id, a.clinician_id, a.starts_at, a.duration_minutes
       FROM clinic_appointments a JOIN clinic_patients p ON p.id = a.patient_id WHERE a.id = $1`,
      [appointmentId],
    );
    const row = rows[0];
    if (!row) throw new NotFoundError('Appointment not found');
    return {
      ref: roomRefForAppointment({
        appointmentId,
        startsAt: new Date(row.starts_at),
        durationMinutes: Number(row.duration_minutes),
      }),
      patientId: row.patient_id,
      patientUserId: row.patient_user_id,
      clinicianId: row.clinician_id,
    };
  }
  const authorizer = {
    async canJoin({ appointmentId, participantId }: { appointmentId: string; participantId: string }) {
      const a = await appointment(appointmentId).catch(() => null);
      // Participants are app user ids: the patient's portal user, or the appointment's clinician.
      return !!a && (participantId === a.patientUserId || participantId === a.clinicianId);
    },
  };
  const waitingRoom = createWaitingRoom({ store: kv, authorizer });
  const twilioReady = config.twilio.accountSid && config.twilio.apiKeySid && config.twilio.apiKeySecret;
  const video: VideoProvider | null = twilioReady
    ? createTwilioVideoProvider({
        accountSid: config.twilio.accountSid!,
        apiKey: { sid: config.twilio.apiKeySid!, secret: config.twilio.apiKeySecret! },
        authToken: config.twilio.authToken,
        statusCallbackUrl: `${config.publicBaseUrl}/api/medflow/video/status`,
        publicBaseUrl: config.publicBaseUrl,
        authorizer,
        admission: waitingRoom,
        audit,
      })
    : null;

  const samples = createPostgresSampleSink({ sql });
  const wearables = await createWearablesWiring({ config, kv, vault, sink: samples, audit });
  const clearinghouseSample = join(process.cwd(), 'samples', '271-benefits.x12');
  const eligibilityTransport = createX12EligibilityTransport({
    // The demo clearinghouse answers every 270 with a sample 271; a real one is an SFTP or
    // HTTPS connection to the clinic's clearinghouse behind the same one-method port.
    port: { exchange: async () => readFile(clearinghouseSample, 'utf8') },
    envelope: {
      sender: { id: 'MEDFLOWCLINIC' },
      receiver: { id: 'CLEARINGHOUSE' },
      usage: 'T',
      // ISA13 must not repeat: a production app persists the sequence; the demo starts
      // from the clock so restarts never reuse a number.
      controlNumbers: createControlNumberSequence({
        interchange: Math.floor(Date.now() / 1000) % 999_999_999,
      }),
    },
  });

  const handlers = createMedflowRouteHandlers({
    basePath: '/api/medflow',
    getSession: sessionFromRequest,
    authorize: (session, action, resource) => authorize(sql, session, action, resource),
    apiKeys,
    audit,
    secureCookies: config.publicBaseUrl.startsWith('https://'),
    afterConnectUrl: '/wearables',
    maxUploadBytes: 4 * 1024 ** 3,
    payments: {
      webhook: stripeWebhook,
      async createCheckout({ invoiceId }) {
        if (!config.stripe.secretKey) {
          throw new ForbiddenError('Stripe is not configured: set STRIPE_SECRET_KEY (see docs/stripe.md)');
        }
        const invoice = await loadInvoice(sql, invoiceId);
        const session = await payments.createCheckoutSession({
          invoice,
          successUrl: `${config.publicBaseUrl}/invoices?paid=${invoice.id}`,
          cancelUrl: `${config.publicBaseUrl}/invoices`,
        });
        return { url: session.url! };
      },
    },
    telemedicine: {
      callback: createVideoCallbackHandler({
        authToken: config.twilio.authToken,
        publicBaseUrl: config.publicBaseUrl,
        store: idempotency,
        orderingStore: kv,
        audit,
        onEvent: (event) => {
          audit.log({
            action: `video.${event.type}`,
            outcome: 'success',
            provider: 'twilio',
            subject: event.appointmentId,
          });
        },
      }),
      async issueJoinToken({ appointmentId, session }) {
        if (!video)
          throw new ForbiddenError('Twilio is not configured: set TWILIO_* keys (see docs/twilio.md)');
        const a = await appointment(appointmentId);
        const role = session.role === 'patient' ? 'patient' : 'clinician';
        const room = await video.ensureRoom({
          appointmentId,
          maxParticipants: 4,
          startsAt: a.ref.startsAt,
          durationMinutes: 30,
        });
        const token = await video.issueJoinToken({ room, participant: { id: session.userId }, role });
        return { token: token.token, roomName: token.roomName, expiresAt: token.expiresAt };
      },
      async admit({ appointmentId, participantId, session }) {
        const a = await appointment(appointmentId);
        await waitingRoom.admit({ room: a.ref, participantId, clinicianId: session.userId });
      },
    },
    labs: { receive: (text) => receiveLabText(sql, text, audit) },
    insurance: {
      checkEligibility: async (input) =>
        checkEligibility(input as EligibilityRequestInput, { transport: eligibilityTransport }),
    },
    wearables: {
      push: wearables.push,
      ...(wearables.google
        ? { googleHealth: wearables.google.port, connections: wearables.google.connections }
        : {}),
      appleHealth: {
        async startImport({ patientId, body }) {
          return { importId: await startAppleImport(patientId, body) };
        },
        async importStatus({ importId }) {
          const { rows } = await sql.query(
            'SELECT id, state, bytes, records, error_code FROM clinic_imports WHERE id = $1',
            [importId],
          );
          if (!rows[0]) throw new NotFoundError('Import not found');
          return rows[0];
        },
      },
    },
  });

  async function startAppleImport(patientId: string, body: ReadableStream<Uint8Array>): Promise<string> {
    const id = `imp_${crypto.randomUUID().slice(0, 8)}`;
    await sql.query(`INSERT INTO clinic_imports (id, patient_id, state) VALUES ($1, $2, 'running')`, [
      id,
      patientId,
    ]);
    let last = 0;
    // The request body is consumed while the response waits: the upload streams straight
    // through unzip and the XML parser into the sink, never buffered whole.
    try {
      const result = await importAppleHealthExport(body, {
        sink: samples,
        subject: patientId,
        onProgress: (p) => {
          if (p.records - last < 5000) return;
          last = p.records;
          sql
            .query('UPDATE clinic_imports SET bytes = $2, records = $3 WHERE id = $1', [
              id,
              p.bytesRead,
              p.records,
            ])
            .catch(() => {});
        },
      });
      await sql.query(
        `UPDATE clinic_imports SET state = 'done', bytes = $2, records = $3, finished_at = now() WHERE id = $1`,
        [id, result.bytesRead, result.records],
      );
      audit.log({ action: 'wearables.apple.import', outcome: 'success', subject: patientId });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'import_failed';
      await sql.query(
        `UPDATE clinic_imports SET state = 'failed', error_code = $2, finished_at = now() WHERE id = $1`,
        [id, code],
      );
      audit.log({
        action: 'wearables.apple.import',
        outcome: 'failure',
        errorCode: code,
        subject: patientId,
      });
      throw error;
    }
    return id;
  }

  return {
    config,
    db,
    sql,
    kv,
    idempotency,
    audit,
    apiKeys,
    stripe,
    payments,
    stripeWebhook,
    waitingRoom,
    video,
    samples,
    handlers,
    appointmentRoom: appointment,
    checkEligibility: (input) => checkEligibility(input, { transport: eligibilityTransport }),
    startAppleImport,
  };
}

async function devVaultKey(kv: KeyValueStore): Promise<string> {
  const existing = await kv.get<string>('clinic:dev-vault-key');
  if (existing) return existing.value;
  const key = generateVaultKey();
  const won = await kv.compareAndSet('clinic:dev-vault-key', null, key);
  return won ? key : ((await kv.get<string>('clinic:dev-vault-key'))?.value ?? key);
}

async function loadInvoice(sql: SqlClient, invoiceId: string) {
  const { rows } = await sql.query<{
    id: string;
    number: string;
    version: number;
    amount: string;
    currency: string;
  }>('SELECT id, number, version, amount, currency FROM clinic_invoices WHERE id = $1', [invoiceId]);
  const row = rows[0];
  if (!row) throw new NotFoundError('Invoice not found');
  return {
    id: row.id,
    number: row.number,
    version: Number(row.version),
    clinicId: CLINIC_ID,
    total: { amount: Number(row.amount), currency: row.currency },
  };
}

/** The demo's authorization policy: patients act on their own records, staff on any. */
async function authorize(
  sql: SqlClient,
  session: MedflowSession,
  action: string,
  resource: { type: string; id: string },
): Promise<boolean> {
  if (session.role !== 'patient') return action !== 'invoice.pay';
  switch (resource.type) {
    case 'invoice': {
      const { rows } = await sql.query('SELECT 1 FROM clinic_invoices WHERE id = $1 AND patient_id = $2', [
        resource.id,
        session.patientId,
      ]);
      return rows.length > 0;
    }
    case 'appointment': {
      const { rows } = await sql.query(
        'SELECT 1 FROM clinic_appointments WHERE id = $1 AND patient_id = $2',
        [resource.id, session.patientId],
      );
      return rows.length > 0;
    }
    case 'patient':
      return resource.id === session.patientId;
    default:
      return false;
  }
}

const globalKey = Symbol.for('medflow.clinic');
type GlobalWithClinic = typeof globalThis & { [globalKey]?: Promise<Clinic> };

/** One clinic per server process (kept across dev hot reloads). */
export function getClinic(): Promise<Clinic> {
  const g = globalThis as GlobalWithClinic;
  g[globalKey] ??= build().catch((error) => {
    delete g[globalKey];
    throw error;
  });
  return g[globalKey]!;
}
