import { ValidationError } from '@medflow/core';
import {
  localDate,
  localMidnight,
  normalizeQuantity,
  sampleSchema,
  toCanonicalUnit,
  UnitConversionError,
  zoneOffsetMinutes,
} from '@medflow/wearables';
import { describe, expect, it } from 'vitest';

describe('unit conversion', () => {
  it('converts to canonical units', () => {
    expect(normalizeQuantity('weight', 154, 'lb').value).toBeCloseTo(69.853225, 5);
    expect(normalizeQuantity('weight', 70000, 'g')).toEqual({ value: 70, unit: 'kg' });
    expect(normalizeQuantity('distance', 1, 'mi')).toEqual({ value: 1.609344, unit: 'km' });
    expect(normalizeQuantity('distance', 1500, 'm')).toEqual({ value: 1.5, unit: 'km' });
    expect(normalizeQuantity('body_temperature', 98.6, 'degF').value).toBeCloseTo(37, 6);
    expect(normalizeQuantity('active_energy', 418.4, 'kJ').value).toBeCloseTo(100, 6);
    expect(normalizeQuantity('heart_rate', 61, 'count/min')).toEqual({ value: 61, unit: '/min' });
  });

  it("turns Apple's fractions into percent", () => {
    expect(normalizeQuantity('oxygen_saturation', 0.97, '%', { fraction: 'auto' })).toEqual({
      value: 97,
      unit: '%',
    });
    expect(normalizeQuantity('body_fat', 0.215, '%', { fraction: true })).toEqual({ value: 21.5, unit: '%' });
    expect(normalizeQuantity('oxygen_saturation', 96, '%', { fraction: 'auto' })).toEqual({
      value: 96,
      unit: '%',
    });
    expect(normalizeQuantity('oxygen_saturation', 0.95, '1')).toEqual({ value: 95, unit: '%' });
  });

  it('refuses units of the wrong dimension with a typed error', () => {
    expect(() => normalizeQuantity('weight', 3, 'km')).toThrow(UnitConversionError);
    expect(() => toCanonicalUnit(3, 'furlong')).toThrow(ValidationError);
    // Names every object inherits are not units either (they used to come back as NaN).
    for (const unit of ['constructor', 'toString', '__proto__']) {
      expect(() => toCanonicalUnit(3, unit)).toThrow(ValidationError);
    }
  });
});

describe('sample schema', () => {
  const base = {
    id: 'x:1',
    time: { start: '2026-06-10T08:00:00-04:00', end: '2026-06-10T09:00:00-04:00' },
    provenance: { provider: 'x', sourceRecordId: '1' },
  };
  it('accepts each shape and keeps SDNN and RMSSD apart', () => {
    expect(sampleSchema.parse({ ...base, kind: 'steps', value: 10, unit: '{steps}' }).kind).toBe('steps');
    const hrv = sampleSchema.parse({ ...base, kind: 'hrv', method: 'rmssd', value: 42, unit: 'ms' });
    expect(hrv.kind === 'hrv' && hrv.method).toBe('rmssd');
    expect(sampleSchema.safeParse({ ...base, kind: 'hrv', value: 42, unit: 'ms' }).success).toBe(false);
    expect(
      sampleSchema.parse({ ...base, kind: 'blood_pressure', systolic: 120, diastolic: 80, unit: 'mm[Hg]' })
        .kind,
    ).toBe('blood_pressure');
  });
  it('requires an offset and an end after the start', () => {
    const noOffset = { ...base, time: { start: '2026-06-10T08:00:00' } };
    expect(sampleSchema.safeParse({ ...noOffset, kind: 'steps', value: 1, unit: '{steps}' }).success).toBe(
      false,
    );
    const reversed = { ...base, time: { start: base.time.end, end: base.time.start } };
    expect(sampleSchema.safeParse({ ...reversed, kind: 'steps', value: 1, unit: '{steps}' }).success).toBe(
      false,
    );
  });
});

describe('zones', () => {
  it('reads offsets from Intl across DST', () => {
    expect(zoneOffsetMinutes('America/New_York', Date.parse('2026-03-08T06:59:00Z'))).toBe(-300);
    expect(zoneOffsetMinutes('America/New_York', Date.parse('2026-03-08T07:00:00Z'))).toBe(-240);
    expect(zoneOffsetMinutes('Europe/Berlin', Date.parse('2026-10-25T00:59:00Z'))).toBe(120);
    expect(zoneOffsetMinutes('Europe/Berlin', Date.parse('2026-10-25T01:00:00Z'))).toBe(60);
  });
  it('finds local midnights and dates', () => {
    expect(new Date(localMidnight('2026-03-08', { timeZone: 'America/New_York' })).toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    );
    expect(new Date(localMidnight('2026-03-09', { timeZone: 'America/New_York' })).toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
    expect(localDate(Date.parse('2026-06-09T22:00:00Z'), { offsetMinutes: 540 })).toBe('2026-06-10');
    expect(localDate(Date.parse('2026-06-10T03:00:00Z'), { timeZone: 'America/Los_Angeles' })).toBe(
      '2026-06-09',
    );
  });
});
