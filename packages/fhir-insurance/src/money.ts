import type { Money } from '@medplum/fhirtypes';
import * as z from 'zod/mini';
import { invalidPayerResponse } from './client/errors';
import type { MinorUnits } from './eligibility/result';
import { onFirstUse } from './zod';

// ISO 4217 minor-unit exponents that differ from 2; every other code uses 2.
const EXPONENTS: Record<string, number> = {
  bif: 0,
  clp: 0,
  djf: 0,
  gnf: 0,
  isk: 0,
  jpy: 0,
  kmf: 0,
  krw: 0,
  pyg: 0,
  rwf: 0,
  ugx: 0,
  uyi: 0,
  vnd: 0,
  vuv: 0,
  xaf: 0,
  xof: 0,
  xpf: 0,
  bhd: 3,
  iqd: 3,
  jod: 3,
  kwd: 3,
  lyd: 3,
  omr: 3,
  tnd: 3,
  clf: 4,
  uyw: 4,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toLowerCase()] ?? 2;
}

/** Integer minor units with an ISO 4217 code (lower-cased, `usd` by default); built on first use. */
export const minorUnits = onFirstUse(() =>
  z.object({
    amount: z.number().check(z.int('Amounts are integer minor units')),
    currency: z._default(
      z.pipe(
        z.string().check(z.regex(/^[A-Za-z]{3}$/, 'Expected an ISO 4217 currency code')),
        z.transform((c: string) => c.toLowerCase()),
      ),
      'usd',
    ),
  }),
);

/** Minor units → FHIR Money, built from digits so no binary-float multiplication is involved. */
export function toFhirMoney(value: MinorUnits): Money {
  const exponent = currencyExponent(value.currency);
  const negative = value.amount < 0;
  const digits = Math.abs(value.amount)
    .toString()
    .padStart(exponent + 1, '0');
  const text =
    exponent === 0 ? digits : `${digits.slice(0, digits.length - exponent)}.${digits.slice(-exponent)}`;
  return {
    value: Number(negative ? `-${text}` : text),
    currency: value.currency.toUpperCase() as Money['currency'],
  };
}

/**
 * FHIR Money (a JSON decimal) → integer minor units. The decimal is read through its shortest
 * string form; more fractional digits than the currency has is a payer error, not something to round.
 */
export function fromFhirMoney(money: Money | undefined, fallbackCurrency = 'usd'): MinorUnits | undefined {
  if (money?.value === undefined || !Number.isFinite(money.value)) return undefined;
  const currency = (money.currency ?? fallbackCurrency).toLowerCase();
  const exponent = currencyExponent(currency);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimalString(money.value));
  if (!match)
    throw invalidPayerResponse('Money value is not a plain decimal', [
      { path: ['value'], message: 'not a decimal' },
    ]);
  const [, sign, whole = '0', fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > exponent)
    throw invalidPayerResponse('Money value has more decimals than its currency allows', [
      { path: ['value'], message: 'too many decimal places' },
    ]);
  const amount = Number(`${whole}${trimmed.padEnd(exponent, '0')}`);
  return { amount: sign && amount !== 0 ? -amount : amount, currency };
}

function decimalString(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Exponent notation only appears for very large or tiny values; toFixed keeps them plain.
  return value.toFixed(20).replace(/\.?0+$/, '');
}
