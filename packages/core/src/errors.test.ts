import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  ConflictError,
  MedflowError,
  NotFoundError,
  ProviderError,
  RateLimitedError,
  SignatureError,
  toErrorResponse,
  ValidationError,
  validationErrorFromZod,
} from './errors';

describe('error hierarchy', () => {
  it('carries code, status, retryable and cause', () => {
    const cause = new Error('socket hang up');
    const error = new ProviderError('stripe answered 503', {
      provider: 'stripe',
      providerStatus: 503,
      providerRequestId: 'req_123',
      retryable: true,
      cause,
    });
    expect(error).toBeInstanceOf(MedflowError);
    expect(error.name).toBe('ProviderError');
    expect(error.code).toBe('provider_error');
    expect(error.status).toBe(502);
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(cause);
    expect(error.providerRequestId).toBe('req_123');
  });

  it('gives each subclass its own stable code and status', () => {
    expect(
      [
        new SignatureError(),
        new RateLimitedError(1500),
        new NotFoundError(),
        new ConflictError(),
        new ValidationError('bad', []),
      ].map((e) => [e.code, e.status]),
    ).toEqual([
      ['invalid_signature', 400],
      ['rate_limited', 429],
      ['not_found', 404],
      ['conflict', 409],
      ['validation_failed', 400],
    ]);
  });

  it('names the failing path when converting zod issues', () => {
    const schema = z.object({ items: z.array(z.object({ amount: z.number().int() })) });
    const result = schema.safeParse({ items: [{ amount: 1 }, { amount: 'x' }] });
    expect(result.success).toBe(false);
    const error = validationErrorFromZod(result.error!, 'Invalid invoice');
    expect(error.message).toBe('Invalid invoice at items.1.amount');
    expect(error.issues[0]?.path).toEqual(['items', 1, 'amount']);
  });
});

describe('toErrorResponse', () => {
  it('returns code and safe message of a MedflowError with its status', async () => {
    const response = toErrorResponse(new NotFoundError('Invoice not found'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'Invoice not found' } });
  });

  it('never lets a plain error message, stack or cause out', async () => {
    const secret = 'Jane Doe DOB 1980-01-01 SSN 123-45-6789';
    const error = new Error(secret);
    const response = toErrorResponse(error);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain('Jane');
    expect(text).not.toContain('stack');
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: 'Internal error' } });
  });

  it('keeps internal details and causes of a MedflowError out of the body', async () => {
    const error = new MedflowError('Could not save', {
      code: 'save_failed',
      details: { patientName: 'Jane Doe' },
      cause: new Error('duplicate key value violates unique constraint "patients_ssn"'),
    });
    const text = await toErrorResponse(error).text();
    expect(text).not.toContain('Jane');
    expect(text).not.toContain('duplicate key');
  });

  it('sets Retry-After for rate limits and lists validation paths', async () => {
    const limited = toErrorResponse(new RateLimitedError(2100));
    expect(limited.headers.get('retry-after')).toBe('3');
    const invalid = toErrorResponse(
      new ValidationError('Invalid', [{ path: ['email'], message: 'Required' }]),
    );
    expect((await invalid.json()).error.issues).toEqual([{ path: ['email'], message: 'Required' }]);
  });

  it('recognizes an error thrown by another copy of core (bundled twice, or ESM beside CJS)', async () => {
    // A second copy of the module: same source, separate class identities.
    vi.resetModules();
    const other = await import('./errors');
    expect(other.MedflowError).not.toBe(MedflowError);
    const foreign = new other.RateLimitedError(3000, 'Slow down');
    expect(foreign instanceof MedflowError).toBe(true);
    expect(new Error('x') instanceof MedflowError).toBe(false);
    const response = toErrorResponse(foreign);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toEqual({ error: { code: 'rate_limited', message: 'Slow down' } });
    const invalid = toErrorResponse(
      new other.ValidationError('Invalid', [{ path: ['a'], message: 'Required' }]),
    );
    expect((await invalid.json()).error.issues).toEqual([{ path: ['a'], message: 'Required' }]);
  });

  it('handles thrown non-errors', async () => {
    expect(toErrorResponse('boom').status).toBe(500);
    expect(toErrorResponse(undefined).status).toBe(500);
  });
});
