/**
 * One error hierarchy for every MedFlow package. `message` is always safe to show a
 * client: it never carries PHI or a provider's raw text. Internal detail lives in `cause`
 * and `details`, which never leave the process through `toErrorResponse`.
 */
export interface MedflowErrorOptions {
  code?: string;
  status?: number;
  retryable?: boolean;
  cause?: unknown;
  /** Internal, non-PHI context for logs (never sent to clients). */
  details?: Record<string, unknown>;
}

// A registry-wide symbol marks our errors, so an error thrown by one copy of this package is
// recognized by another: bundlers and the ESM/CJS dual-package hazard can load core twice,
// and `instanceof` alone would then turn a 403 into an opaque 500.
const BRAND = Symbol.for('@medflow/core:MedflowError');

export class MedflowError extends Error {
  // biome-ignore-start lint/complexity/noThisInStatic: `this` is the class instanceof was asked about (maybe a subclass).
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    // Subclasses keep plain instanceof semantics; only the base class matches across copies.
    return this === MedflowError && isBranded(value);
  }
  // biome-ignore-end lint/complexity/noThisInStatic: see above

  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;
  override readonly cause: unknown;

  constructor(message: string, options: MedflowErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    this.code = options.code ?? 'internal_error';
    this.status = options.status ?? 500;
    this.retryable = options.retryable ?? false;
    this.cause = options.cause;
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }
}

function isBranded(value: unknown): value is MedflowError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

export interface ValidationIssue {
  /** Where the problem is: object keys and array indexes, or a segment/field locator. */
  path: (string | number)[];
  message: string;
  code?: string;
}

export class ValidationError extends MedflowError {
  readonly issues: ValidationIssue[];
  constructor(message: string, issues: ValidationIssue[] = [], options: MedflowErrorOptions = {}) {
    super(message, { code: 'validation_failed', status: 400, ...options });
    this.issues = issues;
  }
}

export class SignatureError extends MedflowError {
  constructor(message = 'Signature verification failed', options: MedflowErrorOptions = {}) {
    super(message, { code: 'invalid_signature', status: 400, ...options });
  }
}

export interface ProviderErrorOptions extends MedflowErrorOptions {
  provider: string;
  providerStatus?: number;
  providerRequestId?: string;
  providerCode?: string;
}

export class ProviderError extends MedflowError {
  readonly provider: string;
  readonly providerStatus: number | undefined;
  readonly providerRequestId: string | undefined;
  readonly providerCode: string | undefined;
  constructor(message: string, options: ProviderErrorOptions) {
    super(message, { code: 'provider_error', status: 502, ...options });
    this.provider = options.provider;
    this.providerStatus = options.providerStatus;
    this.providerRequestId = options.providerRequestId;
    this.providerCode = options.providerCode;
  }
}

export class TimeoutError extends MedflowError {
  constructor(message = 'The upstream service did not answer in time', options: MedflowErrorOptions = {}) {
    super(message, { code: 'timeout', status: 504, retryable: true, ...options });
  }
}

export class RateLimitedError extends MedflowError {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, message = 'Too many requests', options: MedflowErrorOptions = {}) {
    super(message, { code: 'rate_limited', status: 429, retryable: true, ...options });
    this.retryAfterMs = Math.max(0, Math.ceil(retryAfterMs));
  }
}

export class NotFoundError extends MedflowError {
  constructor(message = 'Not found', options: MedflowErrorOptions = {}) {
    super(message, { code: 'not_found', status: 404, ...options });
  }
}

export class ConflictError extends MedflowError {
  constructor(message = 'Conflict', options: MedflowErrorOptions = {}) {
    super(message, { code: 'conflict', status: 409, ...options });
  }
}

export class UnauthorizedError extends MedflowError {
  constructor(message = 'Authentication required', options: MedflowErrorOptions = {}) {
    super(message, { code: 'unauthorized', status: 401, ...options });
  }
}

export class ForbiddenError extends MedflowError {
  constructor(message = 'Not allowed', options: MedflowErrorOptions = {}) {
    super(message, { code: 'forbidden', status: 403, ...options });
  }
}

export function isMedflowError(value: unknown): value is MedflowError {
  return value instanceof MedflowError;
}

const hasIssues = (error: MedflowError): error is ValidationError =>
  Array.isArray((error as Partial<ValidationError>).issues);
const retryAfterOf = (error: MedflowError) => (error as Partial<RateLimitedError>).retryAfterMs;

/** Converts zod's issues into a ValidationError whose paths name where the input is wrong. */
export function validationErrorFromZod(
  error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string }> },
  message = 'Invalid input',
): ValidationError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p.description) : p)),
    message: issue.message,
    ...(issue.code ? { code: issue.code } : {}),
  }));
  const where = issues[0]?.path.length ? ` at ${issues[0].path.join('.')}` : '';
  return new ValidationError(`${message}${where}`, issues);
}

/**
 * Any thrown value → a JSON `Response` `{ error: { code, message } }`. A MedflowError keeps
 * its code, status and client-safe message; anything else becomes a generic 500 so a plain
 * Error's message and stack never leave the process.
 */
export function toErrorResponse(error: unknown, init: { headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  headers.set('cache-control', 'no-store');
  if (error instanceof MedflowError) {
    // Duck-typed rather than instanceof, so errors from another copy of core map the same.
    const retryAfterMs = retryAfterOf(error);
    if (typeof retryAfterMs === 'number') {
      headers.set('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    }
    const body: { error: { code: string; message: string; issues?: ValidationIssue[] } } = {
      error: { code: error.code, message: error.message },
    };
    // Issue paths name fields, never values, so they are safe to return.
    if (hasIssues(error) && error.issues.length > 0) {
      body.error.issues = error.issues.map(({ path, message, code }) => ({
        path,
        message,
        ...(code ? { code } : {}),
      }));
    }
    return new Response(JSON.stringify(body), { status: error.status, headers });
  }
  return new Response(JSON.stringify({ error: { code: 'internal_error', message: 'Internal error' } }), {
    status: 500,
    headers,
  });
}
