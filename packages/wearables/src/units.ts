import { ValidationError } from '@medflow/core';
import { CANONICAL_UNITS, type QuantityKind } from './model';

/**
 * Linear conversions into each dimension's canonical unit: value_canonical = value·factor + offset.
 * Unit spellings are the ones sources actually send (HealthKit, Health Connect, Samsung, UCUM).
 */
interface Conversion {
  to: string;
  factor: number;
  offset?: number;
}

const CONVERSIONS: Record<string, Conversion> = {
  // mass → kg
  kg: { to: 'kg', factor: 1 },
  g: { to: 'kg', factor: 0.001 },
  lb: { to: 'kg', factor: 0.45359237 },
  '[lb_av]': { to: 'kg', factor: 0.45359237 },
  st: { to: 'kg', factor: 6.35029318 },
  oz: { to: 'kg', factor: 0.028349523125 },
  // length → km
  km: { to: 'km', factor: 1 },
  m: { to: 'km', factor: 0.001 },
  cm: { to: 'km', factor: 0.00001 },
  mi: { to: 'km', factor: 1.609344 },
  '[mi_i]': { to: 'km', factor: 1.609344 },
  ft: { to: 'km', factor: 0.0003048 },
  '[ft_i]': { to: 'km', factor: 0.0003048 },
  yd: { to: 'km', factor: 0.0009144 },
  // energy → kcal
  kcal: { to: 'kcal', factor: 1 },
  Cal: { to: 'kcal', factor: 1 },
  cal: { to: 'kcal', factor: 0.001 },
  kJ: { to: 'kcal', factor: 1 / 4.184 },
  J: { to: 'kcal', factor: 1 / 4184 },
  // temperature → Cel
  Cel: { to: 'Cel', factor: 1 },
  degC: { to: 'Cel', factor: 1 },
  '°C': { to: 'Cel', factor: 1 },
  '[degF]': { to: 'Cel', factor: 5 / 9, offset: (-32 * 5) / 9 },
  degF: { to: 'Cel', factor: 5 / 9, offset: (-32 * 5) / 9 },
  '°F': { to: 'Cel', factor: 5 / 9, offset: (-32 * 5) / 9 },
  // rates → /min
  '/min': { to: '/min', factor: 1 },
  'count/min': { to: '/min', factor: 1 },
  bpm: { to: '/min', factor: 1 },
  '{beats}/min': { to: '/min', factor: 1 },
  '{breaths}/min': { to: '/min', factor: 1 },
  // ratios → %
  '%': { to: '%', factor: 1 },
  // duration → min / ms
  min: { to: 'min', factor: 1 },
  h: { to: 'min', factor: 60 },
  hr: { to: 'min', factor: 60 },
  s: { to: 'min', factor: 1 / 60 },
  ms: { to: 'ms', factor: 1 },
  // pressure
  'mm[Hg]': { to: 'mm[Hg]', factor: 1 },
  mmHg: { to: 'mm[Hg]', factor: 1 },
  kPa: { to: 'mm[Hg]', factor: 7.500616827 },
  // counts
  '{steps}': { to: '{steps}', factor: 1 },
  count: { to: '{steps}', factor: 1 },
  steps: { to: '{steps}', factor: 1 },
};

export class UnitConversionError extends ValidationError {
  constructor(message: string) {
    super(message, [], { code: 'unit_not_supported' });
  }
}

/** Converts `value` from `unit` into the canonical unit of its dimension. */
export function toCanonicalUnit(value: number, unit: string): { value: number; unit: string } {
  // Own keys only: a unit named `constructor` is unsupported, not Object's own function.
  const conversion = Object.hasOwn(CONVERSIONS, unit) ? CONVERSIONS[unit] : undefined;
  if (!conversion) throw new UnitConversionError(`Unit "${unit}" is not supported`);
  return { value: value * conversion.factor + (conversion.offset ?? 0), unit: conversion.to };
}

export interface NormalizeQuantityOptions {
  /**
   * The source sends ratios as fractions (HealthKit's SpO2 and body fat arrive as 0.97 with
   * unit "%"): multiply by 100. `auto` treats values ≤ 1 of a percentage kind as fractions.
   */
  fraction?: boolean | 'auto';
}

/** A value in any supported unit → the canonical unit of `kind`, or a UnitConversionError. */
export function normalizeQuantity(
  kind: QuantityKind,
  value: number,
  unit: string,
  options: NormalizeQuantityOptions = {},
): { value: number; unit: string } {
  const target = CANONICAL_UNITS[kind];
  if (target === '%') {
    const isFractionUnit = unit === '' || unit === '1' || unit === 'fraction';
    const asFraction =
      isFractionUnit ||
      options.fraction === true ||
      (options.fraction === 'auto' && value <= 1 && value >= 0);
    if (!isFractionUnit && unit !== '%') throw new UnitConversionError(`Unit "${unit}" is not a ratio`);
    return { value: asFraction ? round(value * 100, 6) : value, unit: '%' };
  }
  if (kind === 'steps' && (unit === '' || unit === '1')) return { value, unit: target };
  const converted = toCanonicalUnit(value, unit);
  if (converted.unit !== target) {
    throw new UnitConversionError(`Unit "${unit}" does not measure ${kind.replace(/_/g, ' ')}`);
  }
  return { value: round(converted.value, 9), unit: target };
}

// Float noise from factors (0.1·100 = 10.000000000000002) would make exact-value dedup miss.
function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
