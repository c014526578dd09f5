import { parseMessage } from '@medflow/hl7';
import { createMllpClient } from '@medflow/hl7/mllp';
import { checkoutSessionObject, createSignedWebhookRequest, fixtureEvent } from '@medflow/payments/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { playLabFeed } from '../scripts/lab-feed.mjs';
import { launch, screenshot, signedInAs } from './browser';

const baseUrl = inject('baseUrl');
const mllpPort = inject('mllpPort');
// The app's local-only demo secret (lib/server/config.ts): what the developer tools sign with.
const DEMO_WEBHOOK_SECRET = 'whsec_medflow_local_demo_only';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('the clinic app in Chromium', () => {
  it('shows an invoice as Paid once a signed checkout.session.completed reaches the webhook route', async () => {
    const context = await signedInAs(browser, baseUrl, 'patient');
    const page = await context.newPage();
    await page.goto(`${baseUrl}/invoices`);
    const row = page.getByTestId('invoice-INV-1042');
    await expect.poll(() => row.getByTestId('invoice-status').textContent()).toBe('open');
    await expect.poll(() => page.getByTestId('missing-key').count()).toBe(1);

    const event = fixtureEvent(
      'checkout.session.completed',
      checkoutSessionObject({ invoiceId: 'inv_1042', clinicId: 'clinic_main', amount: 12_500 }),
    );
    const signed = createSignedWebhookRequest({
      event,
      secret: DEMO_WEBHOOK_SECRET,
      url: `${baseUrl}/api/medflow/stripe/webhook`,
    });
    const delivered = await fetch(signed.url, {
      method: 'POST',
      headers: signed.headers,
      body: await signed.text(),
    });
    expect(delivered.status).toBe(200);

    await page.reload();
    expect(await row.getByTestId('invoice-status').textContent()).toBe('Paid');
    await screenshot(page, 'invoices');
    await context.close();
  });

  it('shows a lab result sent over MLLP with its high flag, and its trend', async () => {
    // The demo's sample feed first (three earlier visits), so the trend has history.
    await playLabFeed({ port: mllpPort, log: () => {} });
    const client = createMllpClient({ host: '127.0.0.1', port: mllpPort, timeoutMs: 10_000 });
    const message = [
      'MSH|^~\\&|ACMELAB|ACME|MEDFLOW|CLINIC|20261126081500-0500||ORU^R01^ORU_R01|E2E0001|P|2.5.1|||AL|NE',
      'PID|1||MRN-10042^^^CLINIC^MR||THOMPSON^AVA||19860412|F',
      'OBR|1|ORD-E2E|ACC-E2E|24323-8^Comprehensive metabolic panel^LN|||20261126070000-0500|||||||||||||||20261126081000-0500||CH|F',
      'OBX|1|NM|2345-7^Glucose^LN||204|mg/dL^mg/dL^UCUM|70-99|H|||F|||20261126070000-0500',
    ].join('\r');
    const ack = await client.send(parseMessage(message));
    await client.close();
    expect(ack.code).toBe('AA');
    expect(ack.controlId).toBe('E2E0001');

    const context = await signedInAs(browser, baseUrl, 'clinician');
    const page = await context.newPage();
    await page.goto(`${baseUrl}/labs`);
    const glucose = page.getByTestId('obs-2345-7').first();
    expect(await glucose.textContent()).toContain('204');
    expect(await glucose.getAttribute('class')).toContain('abnormal');
    expect(await glucose.getByTestId('flag').getAttribute('class')).toBe('flag-H');
    // Three glucose values from the feed plus this one, oldest first.
    expect(await page.getByTestId('trend-2345-7').locator('circle').count()).toBe(4);
    await screenshot(page, 'labs');
    await context.close();
  });

  it('uploads an Apple Health export with a progress bar, then charts daily steps', async () => {
    const context = await signedInAs(browser, baseUrl, 'patient');
    const page = await context.newPage();
    await page.goto(`${baseUrl}/wearables`);
    expect(await page.getByTestId('steps-chart').locator('rect').count()).toBe(0);
    await page.getByTestId('apple-sample').click();
    await page.getByTestId('apple-progress').waitFor();
    await expect
      .poll(() => page.getByTestId('apple-status').textContent(), { timeout: 30_000 })
      .toBe('Imported.');
    await expect
      .poll(() => page.getByTestId('steps-chart').locator('rect').count(), { timeout: 15_000 })
      .toBe(14);
    expect(await page.getByTestId('steps-chart').textContent()).toContain('Apple Watch');
    await screenshot(page, 'wearables');
    await context.close();
  });

  it('lets a clinician admit a waiting patient', async () => {
    const patient = await (await signedInAs(browser, baseUrl, 'patient')).newPage();
    const clinician = await (await signedInAs(browser, baseUrl, 'clinician')).newPage();
    await patient.goto(`${baseUrl}/video`);
    // A click before React has hydrated the page does nothing: knock again until the page shows
    // the patient waiting (entering the waiting room twice leaves one entry).
    await expect
      .poll(
        async () => {
          const status = await patient.getByTestId('lobby-status').textContent();
          if (status !== 'waiting') await patient.getByTestId('knock').click({ timeout: 5_000 });
          return status;
        },
        { timeout: 15_000, intervals: [500] },
      )
      .toBe('waiting');

    await clinician.goto(`${baseUrl}/video`);
    await clinician.getByTestId('admit').click({ timeout: 15_000 });
    await expect.poll(() => clinician.getByTestId('lobby-entry').first().textContent()).toContain('admitted');
    await expect
      .poll(() => patient.getByTestId('lobby-status').textContent(), { timeout: 15_000 })
      .toBe('admitted');
    // The developer tools sign a Twilio callback and post it to the real status route.
    await clinician.getByTestId('send-twilio-event').click();
    await clinician.waitForURL(/delivered=room-created%3A2/);
    await screenshot(clinician, 'video-clinician');
    await screenshot(patient, 'video-patient');
    await patient.context().close();
    await clinician.context().close();
  });

  it('checks eligibility over X12 and shows the benefits card and an 835 remittance', async () => {
    const page = await (await signedInAs(browser, baseUrl, 'staff')).newPage();
    await page.goto(`${baseUrl}/insurance`);
    await page.getByTestId('check-eligibility').click();
    await page.getByTestId('benefits-card').waitFor();
    expect(await page.getByTestId('deductible-remaining').textContent()).toBe('$600.00');
    expect(await page.getByTestId('copay').textContent()).toBe('$25.00');
    await page.getByTestId('sample-835').click();
    await page.getByTestId('remittance').first().waitFor();
    expect(await page.getByTestId('remittance').first().textContent()).toContain('balanced');
    await screenshot(page, 'insurance');
    await page.goto(`${baseUrl}/integrations`);
    await page.getByTestId('audit').waitFor();
    const audit = await page.getByTestId('audit').textContent();
    expect(audit).toContain('hl7.message.received');
    expect(audit).toContain('video.room.started');
    await screenshot(page, 'integrations');
    await page.context().close();
  });
});
