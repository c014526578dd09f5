import { ValidationError } from '@medflow/core';

/**
 * An amount of money in integer minor units of a lowercase ISO 4217 currency
 * (`{ amount: 1999, currency: 'usd' }` is $19.99, `{ amount: 500, currency: 'jpy' }` is ¥500).
 * Built from minor units or from a decimal string, never from a float.
 */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** Stripe's zero-decimal currencies: the amount is already in whole units. */
export const ZERO_DECIMAL_CURRENCIES: readonly string[] = [
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
];

/** Three-decimal currencies; Stripe requires the last (thousandth) digit to be 0. */
export const THREE_DECIMAL_CURRENCIES: readonly string[] = ['bhd', 'jod', 'kwd', 'omr', 'tnd'];

/** Two-decimal currencies whose amounts Stripe only accepts in whole units (divisible by 100). */
export const WHOLE_UNIT_CURRENCIES: readonly string[] = ['isk', 'huf'];

/**
 * Stripe's documented minimum charge amounts, in minor units. Currencies not listed must
 * still settle to at least the equivalent of USD 0.50, which only Stripe can check.
 */
export const STRIPE_MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

/** Stripe accepts at most eight digits of minor units in `amount`. */
export const STRIPE_MAXIMUM_AMOUNT = 99_999_999;

export class InvalidMoneyError extends ValidationError {
  constructor(message: string, path: string) {
    super(message, [{ path: [path], message }], { code: 'invalid_amount' });
  }
}

export class AmountBelowMinimumError extends ValidationError {
  readonly minimum: Money;
  constructor(minimum: Money) {
    const message = `Amount is below the minimum charge of ${formatMoney(minimum)}`;
    super(message, [{ path: ['amount'], message }], {
      code: 'amount_below_minimum',
      details: { minimum },
    });
    this.minimum = minimum;
  }
}

const CURRENCY = /^[a-z]{3}$/;

function normalizeCurrency(currency: string): string {
  const code = typeof currency === 'string' ? currency.toLowerCase() : '';
  if (!CURRENCY.test(code))
    throw new InvalidMoneyError('Currency must be a three-letter ISO 4217 code', 'currency');
  return code;
}

/** Digits after the decimal point for `currency` (JPY 0, USD 2, KWD 3). */
export function currencyExponent(currency: string): 0 | 2 | 3 {
  const code = normalizeCurrency(currency);
  if (ZERO_DECIMAL_CURRENCIES.includes(code)) return 0;
  if (THREE_DECIMAL_CURRENCIES.includes(code)) return 3;
  return 2;
}

/** Money from integer minor units (`money(1999, 'USD')` → $19.99). */
export function money(amount: number, currency: string): Money {
  const code = normalizeCurrency(currency);
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) {
    throw new InvalidMoneyError('Amount must be a non-negative integer number of minor units', 'amount');
  }
  return Object.freeze({ amount, currency: code });
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Money from a decimal string in major units (`'19.99'`, `'500'`, `'1.250'`). Exact: the
 * string is split at the point and read as integers, so no float ever rounds a cent.
 */
export function moneyFromDecimal(decimal: string, currency: string): Money {
  const code = normalizeCurrency(currency);
  const match = typeof decimal === 'string' ? DECIMAL.exec(decimal.trim()) : null;
  if (!match) throw new InvalidMoneyError('Amount must be a decimal string such as "19.99"', 'amount');
  const exponent = currencyExponent(code);
  const whole = match[1]!;
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    throw new InvalidMoneyError(
      exponent === 0
        ? 'This currency has no minor unit; use a whole amount'
        : `This currency allows at most ${exponent} decimal places`,
      'amount',
    );
  }
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidMoneyError('Amount is too large', 'amount');
  return money(Number(minor), code);
}

/** The decimal string in major units (`{1999,'usd'}` → `'19.99'`), the inverse of moneyFromDecimal. */
export function toDecimalString(value: Money): string {
  const exponent = currencyExponent(value.currency);
  if (exponent === 0) return String(value.amount);
  const digits = String(value.amount).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** `'19.99 USD'`: for messages; carries no PHI. */
export function formatMoney(value: Money): string {
  return `${toDecimalString(value)} ${value.currency.toUpperCase()}`;
}

export function isSameCurrency(a: Money, b: Money): boolean {
  return a.currency === b.currency;
}

/**
 * Checks what Stripe would reject, before any API call: currency-specific granularity
 * (three-decimal last digit 0, ISK/HUF whole units), the maximum, and `minimum` when given.
 */
export function assertStripeAmount(value: Money, options: { minimum?: boolean } = {}): void {
  const v = money(value.amount, value.currency);
  if (THREE_DECIMAL_CURRENCIES.includes(v.currency) && v.amount % 10 !== 0) {
    throw new InvalidMoneyError(
      `${v.currency.toUpperCase()} amounts must end in 0 (Stripe charges in steps of 0.010)`,
      'amount',
    );
  }
  if (WHOLE_UNIT_CURRENCIES.includes(v.currency) && v.amount % 100 !== 0) {
    throw new InvalidMoneyError(`${v.currency.toUpperCase()} amounts must be whole units`, 'amount');
  }
  if (v.amount > STRIPE_MAXIMUM_AMOUNT) {
    throw new InvalidMoneyError('Amount exceeds the largest amount Stripe accepts', 'amount');
  }
  if (options.minimum !== false) {
    const floor = STRIPE_MINIMUM_CHARGE[v.currency] ?? 1;
    if (v.amount < floor) throw new AmountBelowMinimumError(money(floor, v.currency));
  }
}

/** The minimum charge Stripe documents for `currency`, or `undefined` when it depends on FX. */
export function minimumCharge(currency: string): Money | undefined {
  const code = normalizeCurrency(currency);
  const floor = STRIPE_MINIMUM_CHARGE[code];
  return floor === undefined ? undefined : money(floor, code);
}
