import {
  createMemoryIdempotencyStore,
  createMemoryKeyValueStore,
  isMedflowError,
  MedflowError,
} from '@medflow/core';
import { buildAck, buildRejectAck, parseMessage } from '@medflow/hl7';
import { createMemoryInvoiceRepository, createStripeWebhookHandler, toInvoiceRef } from '@medflow/payments';
import { checkoutSessionObject, createSignedWebhookRequest, fixtureEvent } from '@medflow/payments/testing';
import { createVideoCallbackHandler, type VideoEvent } from '@medflow/telemedicine';
import Stripe from 'stripe';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { createApiKeyManager } from './api-keys';
import { createMedflowRouteHandlers } from './handlers';

// The adapter wired to the real domain handlers; requests are signed with Stripe's and
// Twilio's own libraries, so verification runs the providers' schemes end to end.
const STRIPE_SECRET = 'whsec_test_adapter';
const TWILIO_TOKEN = 'twilio_auth_token_for_tests';
const PUBLIC = 'https://clinic.example';

async function setup() {
  const stripe = new Stripe('sk_test_adapter', {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 0,
  });
  const invoices = createMemoryInvoiceRepository();
  await invoices.registerInvoice(
    toInvoiceRef({
      id: 'inv_1',
      number: 'INV-1',
      version: 1,
      clinicId: 'clinic_1',
      total: { amount: 12_500, currency: 'usd' },
    }),
  );
  const videoEvents: VideoEvent[] = [];
  const apiKeys = createApiKeyManager({ store: createMemoryKeyValueStore() });
  const handlers = createMedflowRouteHandlers({
    basePath: '/api/medflow',
    getSession: () => null,
    authorize: () => false,
    apiKeys,
    payments: {
      webhook: createStripeWebhookHandler({
        stripe,
        secret: STRIPE_SECRET,
        store: createMemoryIdempotencyStore(),
        invoices,
      }),
      createCheckout: async () => {
        throw new MedflowError('not used here');
      },
    },
    telemedicine: {
      callback: createVideoCallbackHandler({
        authToken: TWILIO_TOKEN,
        publicBaseUrl: PUBLIC,
        store: createMemoryIdempotencyStore(),
        orderingStore: createMemoryKeyValueStore(),
        onEvent: (event) => void videoEvents.push(event),
      }),
      issueJoinToken: async () => {
        throw new MedflowError('not used here');
      },
      admit: async () => {},
    },
    labs: {
      async receive(text) {
        try {
          const message = parseMessage(text);
          return { ack: buildAck(message, 'AA').toString(), accepted: true };
        } catch (error) {
          if (!isMedflowError(error)) throw error;
          return { ack: buildRejectAck(text, error).toString(), accepted: false };
        }
      },
    },
  });
  return { handlers, invoices, videoEvents, apiKeys };
}

const paidEvent = () =>
  fixtureEvent('checkout.session.completed', checkoutSessionObject({ invoiceId: 'inv_1', amount: 12_500 }));

describe('stripe/webhook through the adapter', () => {
  it('applies a Stripe-signed checkout.session.completed once, however often it is delivered', async () => {
    const { handlers, invoices } = await setup();
    const event = paidEvent();
    const url = `${PUBLIC}/api/medflow/stripe/webhook`;
    const first = await handlers.POST(createSignedWebhookRequest({ event, secret: STRIPE_SECRET, url }));
    const again = await handlers.POST(createSignedWebhookRequest({ event, secret: STRIPE_SECRET, url }));
    expect([first.status, again.status]).toEqual([200, 200]);
    expect((await invoices.getInvoice('inv_1'))?.status).toBe('paid');
    expect(invoices.applied.filter((a) => a.eventId === event.id)).toHaveLength(1);
  });

  it('rejects a tampered or unsigned delivery with 400 and a safe message, changing nothing', async () => {
    const { handlers, invoices } = await setup();
    const event = paidEvent();
    const url = `${PUBLIC}/api/medflow/stripe/webhook`;
    const tampered = await handlers.POST(
      createSignedWebhookRequest({
        event,
        secret: STRIPE_SECRET,
        url,
        signedPayload: JSON.stringify({ ...event, id: 'evt_other' }),
      }),
    );
    const unsigned = await handlers.POST(new Request(url, { method: 'POST', body: JSON.stringify(event) }));
    const wrongSecret = await handlers.POST(
      createSignedWebhookRequest({ event, secret: 'whsec_other', url }),
    );
    expect([tampered.status, unsigned.status, wrongSecret.status]).toEqual([400, 400, 400]);
    expect(await tampered.text()).not.toMatch(/whsec|stack/i);
    expect((await invoices.getInvoice('inv_1'))?.status).toBe('open');
  });
});

describe('video/status through the adapter', () => {
  const params = {
    AccountSid: `AC${'a'.repeat(32)}`,
    RoomName: 'appt-apt_1',
    RoomSid: `RM${'b'.repeat(32)}`,
    RoomStatus: 'in-progress',
    RoomType: 'group',
    StatusCallbackEvent: 'room-created',
    SequenceNumber: '0',
    Timestamp: '2026-11-26T10:00:00.000Z',
  };

  it('verifies a Twilio-signed callback against the public URL even when received on an internal one', async () => {
    const { handlers, videoEvents } = await setup();
    const signature = twilio.getExpectedTwilioSignature(
      TWILIO_TOKEN,
      `${PUBLIC}/api/medflow/video/status`,
      params,
    );
    const response = await handlers.POST(
      new Request('http://internal:3000/api/medflow/video/status', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      }),
    );
    expect(response.status).toBeLessThan(300);
    expect(videoEvents.map((e) => e.type)).toEqual(['room.started']);
  });

  it('rejects a callback whose parameters were changed after signing', async () => {
    const { handlers, videoEvents } = await setup();
    const signature = twilio.getExpectedTwilioSignature(
      TWILIO_TOKEN,
      `${PUBLIC}/api/medflow/video/status`,
      params,
    );
    const response = await handlers.POST(
      new Request(`${PUBLIC}/api/medflow/video/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams({ ...params, StatusCallbackEvent: 'room-ended' }).toString(),
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(videoEvents).toEqual([]);
  });
});

describe('labs/hl7 through the adapter', () => {
  const oru = [
    'MSH|^~\\&|LAB|ACME|EHR|CLINIC|20261126101500||ORU^R01^ORU_R01|MSG00042|P|2.5.1',
    'PID|1||MRN123^^^ACME^MR||DOE^JANE',
    'OBR|1|ORD1|FIL1|2345-7^Glucose^LN|||20261126090000||||||||||||||||F',
    'OBX|1|NM|2345-7^Glucose^LN||182|mg/dL|70-99|H|||F',
  ].join('\r');

  it('returns an AA ACK whose MSA-2 is the message control id', async () => {
    const { handlers, apiKeys } = await setup();
    const { key } = await apiKeys.issue({ label: 'Acme Lab', scopes: ['labs:hl7'] });
    const response = await handlers.POST(
      new Request(`${PUBLIC}/api/medflow/labs/hl7`, {
        method: 'POST',
        headers: { 'x-api-key': key },
        body: oru,
      }),
    );
    expect(response.status).toBe(200);
    const ack = parseMessage(await response.text());
    expect(ack.get('MSA-1')).toBe('AA');
    expect(ack.get('MSA-2')).toBe('MSG00042');
  });

  it('answers garbage with a reject ACK and 422, not a crash', async () => {
    const { handlers, apiKeys } = await setup();
    const { key } = await apiKeys.issue({ label: 'Acme Lab', scopes: ['labs:hl7'] });
    const response = await handlers.POST(
      new Request(`${PUBLIC}/api/medflow/labs/hl7`, {
        method: 'POST',
        headers: { 'x-api-key': key },
        body: 'HELLO|not hl7',
      }),
    );
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/MSA\|A[RE]/);
  });
});
