import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLinesAuditLogger, REDACTED, redact } from './audit';
import { MedflowError } from './errors';
import { createHttpClient } from './http';

// Values that must never appear in audit output, whatever path they travel.
const CANARIES = {
  name: 'Zelda Canaryfield',
  birthDate: '1931-02-29',
  ssn: '987-65-4329',
  mrn: 'MRN-CANARY-77',
  phone: '+1-555-0199-CANARY',
  email: 'zelda.canary@example.org',
  address: '42 Canary Lane',
  token: 'ya29.canary-access-token',
};

const server = setupServer(
  http.post('https://ehr.test/Patient', () =>
    HttpResponse.json(
      {
        resourceType: 'OperationOutcome',
        issue: [{ diagnostics: `Duplicate patient ${CANARIES.name} ${CANARIES.ssn}` }],
      },
      { status: 422 },
    ),
  ),
  http.get('https://ehr.test/Patient/:id', () =>
    HttpResponse.json({
      name: [{ text: CANARIES.name }],
      birthDate: CANARIES.birthDate,
      telecom: [{ value: CANARIES.phone }],
    }),
  ),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('audit without leaking', () => {
  it('keeps canary PHI from requests, responses and errors out of the JSON lines', async () => {
    const lines: string[] = [];
    const audit = createJsonLinesAuditLogger({ write: (line) => lines.push(line) });
    const client = createHttpClient({
      provider: 'ehr',
      baseUrl: 'https://ehr.test',
      audit,
      auth: { apply: (h) => h.set('authorization', `Bearer ${CANARIES.token}`) },
    });
    await client.request({ path: `Patient/${CANARIES.mrn}?email=${encodeURIComponent(CANARIES.email)}` });
    await client
      .request({
        method: 'POST',
        path: 'Patient',
        json: { name: CANARIES.name, ssn: CANARIES.ssn, address: CANARIES.address },
      })
      .catch(() => {});
    // An application logging its own event with PHI-bearing details and a PHI-bearing error.
    await audit.log({
      action: 'lab.result.received',
      outcome: 'failure',
      errorCode: 'parse_failed',
      details: {
        patient: {
          name: CANARIES.name,
          birthDate: CANARIES.birthDate,
          identifier: [{ value: CANARIES.mrn }],
        },
        contact: { email: CANARIES.email, phone: CANARIES.phone, address: { line: [CANARIES.address] } },
        headers: new Headers({ authorization: `Bearer ${CANARIES.token}`, 'x-trace': 'abc' }),
        error: new MedflowError(`Bad PID for ${CANARIES.name}`, { code: 'hl7_parse' }),
        foreign: new Error(`SSN ${CANARIES.ssn} rejected`),
      },
    });
    const output = lines.join('\n');
    expect(lines).toHaveLength(3);
    for (const value of Object.values(CANARIES)) expect(output).not.toContain(value);
    expect(output).toContain('"x-trace":"abc"');
    expect(output).toContain('"code":"hl7_parse"');
  });
});

describe('redact', () => {
  it('replaces PHI keys at any depth, case- and separator-insensitively, without mutating input', () => {
    const input = {
      Patient_Name: 'A',
      nested: [{ 'birth-date': 'B', ok: 1 }],
      Authorization: 'C',
      keep: 'D',
    };
    const out = redact(input);
    expect(out).toEqual({
      Patient_Name: REDACTED,
      nested: [{ 'birth-date': REDACTED, ok: 1 }],
      Authorization: REDACTED,
      keep: 'D',
    });
    expect(input.Patient_Name).toBe('A');
  });

  it('honours extra keys and wildcard paths, and survives cycles', () => {
    const cyclic: Record<string, unknown> = { a: { value: 'x', other: 'y' }, b: { value: 'z' } };
    cyclic.self = cyclic;
    const out = redact(cyclic, { keys: ['other'], paths: ['*.value'] }) as Record<
      string,
      Record<string, unknown>
    >;
    expect(out.a).toEqual({ value: REDACTED, other: REDACTED });
    expect(out.b).toEqual({ value: REDACTED });
    expect(out.self).toBe('[Circular]');
  });
});
