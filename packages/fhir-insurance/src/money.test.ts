import { fromFhirMoney, toFhirMoney } from '@medflow/fhir-insurance';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('money', () => {
  it('converts minor units to FHIR decimals per currency exponent', () => {
    expect(toFhirMoney({ amount: 1999, currency: 'usd' })).toEqual({ value: 19.99, currency: 'USD' });
    expect(toFhirMoney({ amount: 1999, currency: 'jpy' })).toEqual({ value: 1999, currency: 'JPY' });
    expect(toFhirMoney({ amount: 5, currency: 'kwd' })).toEqual({ value: 0.005, currency: 'KWD' });
    expect(toFhirMoney({ amount: -7, currency: 'usd' })).toEqual({ value: -0.07, currency: 'USD' });
  });

  it('reads FHIR decimals back without float drift', () => {
    expect(fromFhirMoney({ value: 0.29, currency: 'USD' })).toEqual({ amount: 29, currency: 'usd' });
    expect(fromFhirMoney({ value: 1.1 + 2.2 - 0.0000000000000004, currency: 'USD' })).toEqual({
      amount: 330,
      currency: 'usd',
    });
    expect(fromFhirMoney({ value: 100 })).toEqual({ amount: 10000, currency: 'usd' });
    expect(fromFhirMoney(undefined)).toBeUndefined();
    expect(() => fromFhirMoney({ value: 1.234, currency: 'USD' })).toThrow(/decimals/);
  });

  it('round-trips every amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom('usd', 'jpy', 'kwd'),
        (amount, currency) => {
          expect(fromFhirMoney(toFhirMoney({ amount, currency }))).toEqual({ amount, currency });
        },
      ),
      { numRuns: 300 },
    );
  });
});
