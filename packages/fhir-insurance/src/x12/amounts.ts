import { centsIn, quantityIn } from './scanner';

/**
 * X12 `R` (decimal) amounts to and from integer cents, by string arithmetic: no float ever
 * touches money. Returns undefined for text that is not a decimal with at most two places
 * (X12 allows more, but dollar amounts in 835/837 carry at most cents).
 */
export function decimalToCents(value: string | undefined): number | undefined {
  return value === undefined ? undefined : centsIn(value, 0, value.length);
}

/** Integer cents → X12 decimal without superfluous zeros (35000 → "350", 35050 → "350.5"). */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError('Amount must be an integer number of cents');
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/** X12 percent (`.2` = 20%) as a number between 0 and 1, or undefined. */
export function parsePercent(value: string | undefined): number | undefined {
  if (!value || !/^-?\d*\.?\d+$/.test(value)) return undefined;
  return Number(value);
}

/** X12 quantity, or undefined. */
export function parseQuantity(value: string | undefined): number | undefined {
  return value ? quantityIn(value, 0, value.length) : undefined;
}
