import { type AuditEvent, type AuditLogger, redact, type SqlClient } from '@medflow/core';

/**
 * Persists every external interaction to clinic_audit with PHI redacted (core's default
 * PHI keys). Writes are fire-and-forget: an audit hiccup never fails a webhook.
 */
export function createSqlAuditLogger(sql: SqlClient): AuditLogger {
  return {
    log(event: AuditEvent) {
      const at = event.at ?? new Date().toISOString();
      sql
        .query(
          `INSERT INTO clinic_audit (at, action, outcome, provider, status, actor, subject, error_code, details)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
          [
            at,
            event.action,
            event.outcome,
            event.provider ?? null,
            event.status ?? null,
            event.actor ?? null,
            event.subject ?? null,
            event.errorCode ?? null,
            event.details ? JSON.stringify(redact(event.details)) : null,
          ],
        )
        .catch(() => {});
    },
  };
}
