import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toBase64Url, toHex, utf8 } from './encoding';
import { SignatureError } from './errors';
import {
  assertHmac,
  assertTimestampWithinTolerance,
  hmacBase64,
  hmacHex,
  timingSafeEqual,
  verifyHmac,
} from './signatures';

// node:crypto serves as the independent reference implementation; the code under test uses Web Crypto only.
describe('hmac', () => {
  it('matches node:crypto for SHA-1 and SHA-256 in hex and base64', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.string(), async (secret, payload) => {
        expect(await hmacHex('SHA-256', secret, payload)).toBe(
          createHmac('sha256', secret).update(payload).digest('hex'),
        );
        expect(await hmacBase64('SHA-1', secret, payload)).toBe(
          createHmac('sha1', secret).update(payload).digest('base64'),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('verifies a good signature and rejects a tampered payload or signature', async () => {
    const signature = createHmac('sha256', 'whsec').update('{"a":1}').digest('hex');
    const base = { algorithm: 'SHA-256' as const, secret: 'whsec', encoding: 'hex' as const };
    expect(await verifyHmac({ ...base, payload: '{"a":1}', signature })).toBe(true);
    expect(await verifyHmac({ ...base, payload: '{"a":2}', signature })).toBe(false);
    const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
    expect(await verifyHmac({ ...base, payload: '{"a":1}', signature: flipped })).toBe(false);
    expect(await verifyHmac({ ...base, payload: '{"a":1}', signature: 'not-hex' })).toBe(false);
    expect(await verifyHmac({ ...base, payload: '{"a":1}', signature: null })).toBe(false);
    await expect(assertHmac({ ...base, payload: 'x', signature })).rejects.toBeInstanceOf(SignatureError);
  });

  it('accepts any of several secrets during rotation', async () => {
    const signature = createHmac('sha1', 'new-secret').update('body').digest('base64');
    expect(
      await verifyHmac({
        algorithm: 'SHA-1',
        secret: ['old-secret', 'new-secret'],
        payload: 'body',
        signature,
        encoding: 'base64',
      }),
    ).toBe(true);
    expect(
      await verifyHmac({
        algorithm: 'SHA-1',
        secret: ['old-secret'],
        payload: 'body',
        signature,
        encoding: 'base64',
      }),
    ).toBe(false);
  });
});

describe('timingSafeEqual', () => {
  it('is true only for equal byte strings, including different lengths', () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.uint8Array(), (a, b) => {
        const same = a.length === b.length && a.every((v, i) => v === b[i]);
        expect(timingSafeEqual(a, b)).toBe(same);
        expect(timingSafeEqual(a, Uint8Array.from(a))).toBe(true);
      }),
    );
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });
});

describe('timestamp tolerance', () => {
  it('accepts inside the window and rejects outside it or NaN', () => {
    const now = 1_700_000_000_000;
    expect(() => assertTimestampWithinTolerance(now / 1000 - 299, 300, now)).not.toThrow();
    expect(() => assertTimestampWithinTolerance(now / 1000 - 301, 300, now)).toThrow(SignatureError);
    expect(() => assertTimestampWithinTolerance(now / 1000 + 301, 300, now)).toThrow(SignatureError);
    expect(() => assertTimestampWithinTolerance(Number.NaN, 300, now)).toThrow(SignatureError);
  });
});

describe('encoding', () => {
  it('round-trips hex, base64 and base64url', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(fromHex(toHex(bytes))).toEqual(bytes);
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
        expect(fromBase64(toBase64Url(bytes))).toEqual(bytes);
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
    expect(toHex(utf8('é'))).toBe('c3a9');
    expect(() => fromHex('abc')).toThrow();
  });
});
