import { type AuditLogger, isMedflowError, type SqlClient } from '@medflow/core';
import { buildAck, buildRejectAck, Hl7MappingError, type Hl7Message, parseMessage } from '@medflow/hl7';
import { toFhir } from '@medflow/hl7/fhir';
import type { Bundle, DiagnosticReport, Observation } from '@medplum/fhirtypes';

export interface LabReceipt {
  ack: Hl7Message;
  accepted: boolean;
  reports: number;
}

/**
 * One lab message in: mapped to FHIR with @medflow/hl7, stored (idempotent by MSH-10), and
 * acknowledged. The same function serves the MLLP listener and the HTTPS route.
 */
export async function receiveLabMessage(
  sql: SqlClient,
  message: Hl7Message,
  audit?: AuditLogger,
): Promise<LabReceipt> {
  const controlId = message.get('MSH-10') ?? '';
  let bundle: Bundle;
  try {
    bundle = toFhir(message, { defaultTimezone: 'Z' });
  } catch (error) {
    if (error instanceof Hl7MappingError) {
      audit?.log({
        action: 'hl7.message.received',
        outcome: 'failure',
        errorCode: error.code,
        provider: 'lab',
      });
      return {
        ack: buildAck(message, 'AE', {
          errors: [{ code: '207', message: 'Message could not be mapped', severity: 'E' }],
        }),
        accepted: false,
        reports: 0,
      };
    }
    throw error;
  }
  const entries = bundle.entry ?? [];
  const reports = entries
    .map((e) => e.resource)
    .filter((r): r is DiagnosticReport => r?.resourceType === 'DiagnosticReport');
  // Transaction entries are linked by fullUrl (urn:uuid:…), not by resource id.
  const observationsByUrl = new Map<string, Observation>();
  for (const e of entries)
    if (e.resource?.resourceType === 'Observation' && e.fullUrl) observationsByUrl.set(e.fullUrl, e.resource);
  const mrn = message.get('PID-3.1') ?? null;
  const { rows } = await sql.query<{ id: string }>('SELECT id FROM clinic_patients WHERE mrn = $1', [mrn]);
  const patientId = rows[0]?.id ?? null;

  let stored = 0;
  for (const [index, report] of reports.entries()) {
    const reportId = `${controlId}-${index + 1}`;
    const inserted = await sql.query<{ id: string }>(
      `INSERT INTO clinic_lab_reports (id, patient_id, control_id, code, display, status, issued_at, bundle)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        reportId,
        patientId,
        controlId,
        report.code?.coding?.[0]?.code ?? null,
        report.code?.coding?.[0]?.display ?? report.code?.text ?? null,
        report.status,
        report.effectiveDateTime ?? report.issued ?? null,
        JSON.stringify(bundle),
      ],
    );
    if (inserted.rows.length === 0) continue; // a resent message: already stored
    stored++;
    const results = (report.result ?? []).flatMap((r) => {
      const obs = r.reference ? observationsByUrl.get(r.reference) : undefined;
      return obs ? [obs] : [];
    });
    for (const [n, obs] of results.entries()) {
      const flag = obs.interpretation?.[0]?.coding?.[0]?.code ?? null;
      const range = obs.referenceRange?.[0];
      await sql.query(
        `INSERT INTO clinic_lab_observations (id, report_id, patient_id, code, display, value_num, value_text, unit, flag, reference_range, effective_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
        [
          `${reportId}-${n + 1}`,
          reportId,
          patientId,
          obs.code?.coding?.[0]?.code ?? null,
          obs.code?.coding?.[0]?.display ?? obs.code?.text ?? null,
          obs.valueQuantity?.value ?? null,
          obs.valueString ??
            obs.valueCodeableConcept?.text ??
            obs.valueCodeableConcept?.coding?.[0]?.display ??
            null,
          obs.valueQuantity?.unit ?? obs.valueQuantity?.code ?? null,
          flag,
          range?.text ??
            (range?.low || range?.high ? `${range.low?.value ?? ''}-${range.high?.value ?? ''}` : null),
          obs.effectiveDateTime ?? report.effectiveDateTime ?? null,
        ],
      );
    }
  }
  audit?.log({
    action: 'hl7.message.received',
    outcome: stored > 0 ? 'success' : 'duplicate',
    provider: 'lab',
    subject: patientId ?? undefined,
  });
  return { ack: buildAck(message, 'AA'), accepted: true, reports: stored };
}

/** HL7 over HTTPS: text in, ACK text out; garbage gets a reject ACK, never a crash. */
export async function receiveLabText(sql: SqlClient, text: string, audit?: AuditLogger) {
  let message: Hl7Message;
  try {
    message = parseMessage(text);
  } catch (error) {
    if (!isMedflowError(error)) throw error;
    audit?.log({
      action: 'hl7.message.received',
      outcome: 'failure',
      errorCode: error.code,
      provider: 'lab',
    });
    return { ack: buildRejectAck(text, error).toString(), accepted: false };
  }
  const receipt = await receiveLabMessage(sql, message, audit);
  return { ack: receipt.ack.toString(), accepted: receipt.accepted };
}
