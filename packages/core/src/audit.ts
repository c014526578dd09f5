/**
 * Audit events describe every external interaction (who, what, outcome) without carrying
 * PHI: values under PHI-looking keys are replaced before anything is written.
 */
export interface AuditEvent {
  /** ISO timestamp; filled in by the logger when absent. */
  at?: string;
  /** A stable verb such as `stripe.checkout.create` or `hl7.message.received`. */
  action: string;
  outcome: 'success' | 'failure' | 'retry' | 'denied' | 'duplicate' | 'ignored';
  provider?: string;
  status?: number;
  durationMs?: number;
  /** Opaque ids only (user id, API-key id), never names or emails. */
  actor?: string;
  subject?: string;
  requestId?: string;
  errorCode?: string;
  details?: Record<string, unknown>;
}

export interface AuditLogger {
  log(event: AuditEvent): void | Promise<void>;
}

export const REDACTED = '[REDACTED]';

/**
 * Key names (compared case-insensitively, ignoring `_` and `-`) whose values are PHI or
 * secrets wherever they appear.
 */
export const DEFAULT_PHI_KEYS: readonly string[] = [
  'name',
  'names',
  'firstname',
  'lastname',
  'givenname',
  'familyname',
  'given',
  'family',
  'fullname',
  'patientname',
  'birthdate',
  'dateofbirth',
  'dob',
  'ssn',
  'socialsecuritynumber',
  'mrn',
  'identifier',
  'identifiers',
  'memberid',
  'subscriberid',
  'address',
  'addresses',
  'line',
  'street',
  'postalcode',
  'zip',
  'phone',
  'phonenumber',
  'mobile',
  'telecom',
  'email',
  'emailaddress',
  'customeremail',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'authorization',
  'cookie',
  'setcookie',
  'password',
  'secret',
  'clientsecret',
  'apikey',
  'xapikey',
  'note',
  'notes',
  'comment',
  'diagnosis',
  'text',
];

const normalizeKey = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

export interface RedactOptions {
  /** Extra key names to redact, in addition to (or instead of, with `replaceDefaults`) the defaults. */
  keys?: readonly string[];
  replaceDefaults?: boolean;
  /** Dotted paths (`request.body.*.value`, `*` matches one level) to redact regardless of key name. */
  paths?: readonly string[];
}

/** A deep copy of `value` with PHI keys and the given paths replaced by `[REDACTED]`. */
export function redact<T>(value: T, options: RedactOptions = {}): T {
  const keys = new Set(
    [...(options.replaceDefaults ? [] : DEFAULT_PHI_KEYS), ...(options.keys ?? [])].map(normalizeKey),
  );
  const paths = (options.paths ?? []).map((p) => p.split('.'));
  const seen = new WeakSet<object>();

  const matchesPath = (trail: string[]) =>
    paths.some((p) => p.length === trail.length && p.every((seg, i) => seg === '*' || seg === trail[i]));

  const walk = (node: unknown, trail: string[]): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (seen.has(node)) return '[Circular]';
    seen.add(node);
    if (node instanceof Error) {
      // Messages of foreign errors may quote input; keep only the type and code.
      const code = (node as { code?: unknown }).code;
      return { name: node.name, ...(typeof code === 'string' ? { code } : {}) };
    }
    if (node instanceof Headers) {
      const out: Record<string, unknown> = {};
      node.forEach((v, k) => {
        out[k] = keys.has(normalizeKey(k)) ? REDACTED : v;
      });
      return out;
    }
    // `seen` holds the current ancestors only, so a shared (non-cyclic) object is copied twice.
    let out: unknown;
    if (Array.isArray(node)) out = node.map((item, i) => walk(item, [...trail, String(i)]));
    else {
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) {
        const next = [...trail, k];
        copy[k] = keys.has(normalizeKey(k)) || matchesPath(next) ? REDACTED : walk(v, next);
      }
      out = copy;
    }
    seen.delete(node);
    return out;
  };
  return walk(value, []) as T;
}

export interface JsonLinesAuditLoggerOptions extends RedactOptions {
  /** Where lines go; defaults to stdout through console.log. */
  write?: (line: string) => void;
  now?: () => Date;
}

/** Writes each event as one JSON line with PHI redacted. */
export function createJsonLinesAuditLogger(options: JsonLinesAuditLoggerOptions = {}): AuditLogger {
  const write = options.write ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  return {
    log(event) {
      const safe = { ...event, at: event.at ?? now().toISOString() };
      if (safe.details) safe.details = redact(safe.details, options);
      write(JSON.stringify(safe));
    },
  };
}

/** An AuditLogger that discards events, for callers who opt out. */
export const noopAuditLogger: AuditLogger = { log() {} };
