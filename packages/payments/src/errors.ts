import { ConflictError, MedflowError, ProviderError, RateLimitedError } from '@medflow/core';

/** The patient's card was declined; `declineCode` is Stripe's machine code (no PHI). */
export class CardDeclinedError extends MedflowError {
  readonly declineCode: string | undefined;
  constructor(declineCode: string | undefined, cause: unknown) {
    super('The card was declined', {
      code: 'card_declined',
      status: 402,
      cause,
      details: { declineCode },
    });
    this.declineCode = declineCode;
  }
}

/**
 * The same idempotency key was used with different parameters: the invoice changed without
 * its version being increased.
 */
export class IdempotencyMismatchError extends ConflictError {
  constructor(cause: unknown) {
    super('This invoice changed without a new version; increase the invoice version and retry', {
      code: 'idempotency_mismatch',
      cause,
    });
  }
}

export class InvoiceStateError extends ConflictError {
  constructor(message: string, code: string) {
    super(message, { code });
  }
}

interface StripeErrorLike {
  type?: string;
  code?: string;
  decline_code?: string;
  statusCode?: number;
  requestId?: string;
  headers?: Record<string, string | undefined>;
}

const isStripeError = (e: unknown): e is StripeErrorLike & Error =>
  e instanceof Error && typeof (e as StripeErrorLike).type === 'string' && 'raw' in e;

/**
 * Maps what the stripe SDK throws to MedFlow's hierarchy. Messages are our own: Stripe's
 * raw text stays in `cause`, never in what a client sees.
 */
export function fromStripeError(error: unknown): MedflowError {
  if (error instanceof MedflowError) return error;
  if (!isStripeError(error)) {
    return new MedflowError('Payment request failed', { code: 'payment_failed', cause: error });
  }
  const base = {
    provider: 'stripe',
    providerStatus: error.statusCode,
    providerRequestId: error.requestId,
    providerCode: error.code,
    cause: error,
  };
  switch (error.type) {
    case 'StripeCardError':
      return new CardDeclinedError(error.decline_code ?? error.code, error);
    case 'StripeIdempotencyError':
      return new IdempotencyMismatchError(error);
    case 'StripeRateLimitError': {
      const header = error.headers?.['retry-after'];
      const seconds = header ? Number(header) : Number.NaN;
      return new RateLimitedError(
        Number.isFinite(seconds) ? seconds * 1000 : 1000,
        'Payment provider is busy',
        {
          cause: error,
        },
      );
    }
    case 'StripeConnectionError':
      return new ProviderError('Payment provider could not be reached', {
        ...base,
        status: 503,
        retryable: true,
        code: 'provider_unavailable',
      });
    case 'StripeAuthenticationError':
    case 'StripePermissionError':
      return new ProviderError('Payment provider rejected our credentials', {
        ...base,
        code: 'provider_auth_failed',
      });
  }
  if (error.code === 'idempotency_key_in_use') {
    return new ConflictError('The same payment request is already running; retry shortly', {
      code: 'request_in_progress',
      retryable: true,
      cause: error,
    });
  }
  const retryable = error.statusCode === undefined || error.statusCode >= 500;
  return new ProviderError('The payment provider rejected the request', {
    ...base,
    retryable,
    ...(retryable ? { status: 503 } : {}),
  });
}
