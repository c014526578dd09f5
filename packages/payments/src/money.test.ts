import {
  AmountBelowMinimumError,
  assertStripeAmount,
  currencyExponent,
  InvalidMoneyError,
  money,
  moneyFromDecimal,
  THREE_DECIMAL_CURRENCIES,
  toDecimalString,
  ZERO_DECIMAL_CURRENCIES,
} from '@medflow/payments';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const anyCurrency = fc.constantFrom(
  'usd',
  'eur',
  'gbp',
  'chf',
  'isk',
  'huf',
  ...ZERO_DECIMAL_CURRENCIES,
  ...THREE_DECIMAL_CURRENCIES,
);

describe('Money', () => {
  it('reads decimal strings exactly per currency exponent', () => {
    expect(moneyFromDecimal('19.99', 'USD')).toEqual({ amount: 1999, currency: 'usd' });
    expect(moneyFromDecimal('19.9', 'usd')).toEqual({ amount: 1990, currency: 'usd' });
    expect(moneyFromDecimal('0.29', 'usd').amount).toBe(29); // 0.29 * 100 is 28.999… as a float
    expect(moneyFromDecimal('500', 'jpy')).toEqual({ amount: 500, currency: 'jpy' });
    expect(moneyFromDecimal('1500', 'krw').amount).toBe(1500);
    expect(moneyFromDecimal('1.25', 'kwd').amount).toBe(1250);
    expect(moneyFromDecimal('12', 'bhd').amount).toBe(12000);
  });

  it('rejects more decimals than the currency has, floats, negatives and bad codes', () => {
    expect(() => moneyFromDecimal('500.5', 'jpy')).toThrow(InvalidMoneyError);
    expect(() => moneyFromDecimal('19.999', 'usd')).toThrow(/at most 2 decimal/);
    expect(() => moneyFromDecimal('-1.00', 'usd')).toThrow(InvalidMoneyError);
    expect(() => moneyFromDecimal('1e3', 'usd')).toThrow(InvalidMoneyError);
    expect(() => money(19.99, 'usd')).toThrow(InvalidMoneyError);
    expect(() => money(-1, 'usd')).toThrow(InvalidMoneyError);
    expect(() => money(100, 'dollars')).toThrow(/ISO 4217/);
  });

  it('knows the exponent table', () => {
    for (const c of ZERO_DECIMAL_CURRENCIES) expect(currencyExponent(c)).toBe(0);
    for (const c of THREE_DECIMAL_CURRENCIES) expect(currencyExponent(c.toUpperCase())).toBe(3);
    expect(currencyExponent('usd')).toBe(2);
    expect(currencyExponent('isk')).toBe(2);
  });

  it('enforces Stripe granularity and minimums with typed errors', () => {
    expect(() => assertStripeAmount(money(1255, 'kwd'))).toThrow(/must end in 0/);
    expect(() => assertStripeAmount(money(1250, 'kwd'))).not.toThrow();
    expect(() => assertStripeAmount(money(50050, 'isk'))).toThrow(/whole units/);
    expect(() => assertStripeAmount(money(20050, 'huf'))).toThrow(/whole units/);
    expect(() => assertStripeAmount(money(20000, 'huf'))).not.toThrow();
    const error = (() => {
      try {
        assertStripeAmount(money(49, 'usd'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AmountBelowMinimumError);
    expect((error as AmountBelowMinimumError).code).toBe('amount_below_minimum');
    expect((error as AmountBelowMinimumError).minimum).toEqual({ amount: 50, currency: 'usd' });
    expect((error as AmountBelowMinimumError).status).toBe(400);
    expect(() => assertStripeAmount(money(49, 'jpy'))).toThrow(AmountBelowMinimumError);
    expect(() => assertStripeAmount(money(50, 'jpy'))).not.toThrow();
    expect(() => assertStripeAmount(money(29, 'gbp'))).toThrow(/0\.30 GBP/);
    expect(() => assertStripeAmount(money(100_000_000, 'usd'))).toThrow(/largest/);
  });

  it('round-trips minor units through the decimal string (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), anyCurrency, (amount, currency) => {
        const value = money(amount, currency);
        const decimal = toDecimalString(value);
        expect(moneyFromDecimal(decimal, currency)).toEqual(value);
        const exponent = currencyExponent(currency);
        expect(decimal.includes('.')).toBe(exponent > 0);
        if (exponent > 0) expect(decimal.split('.')[1]).toHaveLength(exponent);
      }),
      { numRuns: 500 },
    );
  });

  it('reads any well-formed decimal without float error (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        anyCurrency,
        fc.integer({ min: 0, max: 3 }),
        (whole, currency, places) => {
          const exponent = currencyExponent(currency);
          const digits = Math.min(places, exponent);
          const fraction =
            digits > 0 ? String(Number(whole % 10n ** BigInt(digits))).padStart(digits, '0') : '';
          const text = fraction ? `${whole}.${fraction}` : String(whole);
          const expected = whole * 10n ** BigInt(exponent) + BigInt((fraction || '0').padEnd(exponent, '0'));
          if (expected > BigInt(Number.MAX_SAFE_INTEGER)) {
            expect(() => moneyFromDecimal(text, currency)).toThrow(InvalidMoneyError);
          } else {
            expect(moneyFromDecimal(text, currency).amount).toBe(Number(expected));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws anything but a typed error on arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, currency) => {
        try {
          const value = moneyFromDecimal(text, currency);
          expect(Number.isSafeInteger(value.amount)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidMoneyError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accepts amounts on the Stripe grid and rejects the rest (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), anyCurrency, (amount, currency) => {
        const value = money(amount, currency);
        let granular = true;
        if (THREE_DECIMAL_CURRENCIES.includes(currency)) granular = amount % 10 === 0;
        if (currency === 'isk' || currency === 'huf') granular = amount % 100 === 0;
        if (granular) expect(() => assertStripeAmount(value, { minimum: false })).not.toThrow();
        else expect(() => assertStripeAmount(value, { minimum: false })).toThrow(InvalidMoneyError);
      }),
      { numRuns: 300 },
    );
  });
});
