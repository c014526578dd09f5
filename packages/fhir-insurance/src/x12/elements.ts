import { ownValue } from './codes';
import type { X12Delimiters, X12Segment } from './tokenizer';

/**
 * X12 data element types: ID (code), AN (string), N0 (integer, implied decimals), R (decimal),
 * DT (CCYYMMDD date, or YYMMDD when 6 long), TM (HHMM[SS[d..]] time).
 */
export type ElementType = 'ID' | 'AN' | 'N0' | 'N2' | 'R' | 'DT' | 'TM';

/** R required, S situational, N not used (the implementation guides' usage). */
export type ElementUsage = 'R' | 'S' | 'N';

/** One simple element, or one component of a composite, as the implementation guide defines it. */
export interface ElementRule {
  /** Data element reference number (IK402), e.g. `1028` for CLM01. */
  ref: string;
  usage: ElementUsage;
  type: ElementType;
  min: number;
  max: number;
  /** The codes the implementation guide allows here, when it lists them. */
  codes?: readonly string[];
  /** Times the element may repeat (EB03, EQ01); 1 when absent. */
  repeat?: number;
  /**
   * Codes that depend on another element of the same segment (DTP02 by the DTP01 qualifier):
   * when that element holds one of the keys, its list applies instead of `codes`.
   */
  codesBy?: DependentCodes;
  /**
   * A form the guide requires of the value when another element holds a key (REF02 is nine
   * digits when REF01 is SY); a value that does not match is an I12 error.
   */
  patternBy?: DependentPattern;
}

/** Patterns keyed by the value of another element of the segment. */
export interface DependentPattern {
  /** Position of the element whose value picks the pattern. */
  element: number;
  patterns: Readonly<Record<string, RegExp>>;
}

/** Code lists keyed by the value of another element of the segment. */
export interface DependentCodes {
  /** Position of the element whose value picks the list. */
  element: number;
  lists: Readonly<Record<string, readonly string[]>>;
}

/** A composite element (C003, C023…): its components in order. */
export interface CompositeRule {
  ref: string;
  usage: ElementUsage;
  components: readonly ElementRule[];
  repeat?: number;
}

/** Element 1, 2, … of a segment; `undefined` leaves a position undescribed (not checked). */
export type SegmentElements = readonly (ElementRule | CompositeRule | undefined)[];

/** IK403 implementation data element syntax error codes (005010X231A1). */
export type ElementErrorCode =
  | '1' // required data element missing
  | '2' // conditional required data element missing (a P, R, C or L syntax rule)
  | '3' // too many data elements
  | '4' // data element too short
  | '5' // data element too long
  | '6' // invalid character in data element
  | '7' // invalid code value
  | '8' // invalid date
  | '9' // invalid time
  | '10' // exclusion condition violated (an E syntax rule)
  | '12' // too many repetitions
  | '13' // too many components
  | 'I10' // implementation "not used" data element present
  | 'I12'; // implementation pattern match failure

export interface ElementError {
  code: ElementErrorCode;
  /** Element position in the segment (IK401-1). */
  element: number;
  /** Component position within a composite (IK401-2). */
  component?: number;
  /** Repetition position of a repeating element (IK401-3). */
  repetition?: number;
  /** Data element reference number (IK402). */
  reference: string;
  /** The offending value (IK404), for codes that describe a value; may hold PHI, never log it. */
  badValue?: string;
  message: string;
}

/** Shorthands for element definitions in the loop schemas. */
export const elementRule = (
  ref: string,
  usage: ElementUsage,
  type: ElementType,
  min: number,
  max: number,
  codes?: readonly string[],
  repeat?: number,
): ElementRule => ({
  ref,
  usage,
  type,
  min,
  max,
  ...(codes ? { codes } : {}),
  ...(repeat ? { repeat } : {}),
});

export const compositeRule = (
  ref: string,
  usage: ElementUsage,
  components: readonly ElementRule[],
  repeat?: number,
): CompositeRule => ({ ref, usage, components, ...(repeat ? { repeat } : {}) });

function isComposite(rule: ElementRule | CompositeRule): rule is CompositeRule {
  return (rule as CompositeRule).components !== undefined;
}

/**
 * Whether a character code is in the X12 basic and extended character sets: printable ASCII
 * (delimiters are excluded by construction, since they split the element).
 */
export function isX12Character(code: number): boolean {
  return code >= 32 && code <= 126;
}

/** Whether a value holds a character outside the X12 character sets. */
export function hasInvalidCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (!isX12Character(value.charCodeAt(i))) return true;
  return false;
}

/** Length of a value as X12 counts it: a sign and a decimal point do not count for N and R. */
function lengthOf(value: string, type: ElementType): number {
  if (type !== 'R' && type !== 'N0' && type !== 'N2') return value.length;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function wellFormed(value: string, type: ElementType): boolean {
  switch (type) {
    case 'N0':
    case 'N2':
      return /^-?\d+$/.test(value);
    case 'R':
      return /^-?(\d+\.?\d*|\.\d+)$/.test(value);
    default:
      return true;
  }
}

function validDate(value: string): boolean {
  if (!/^\d{6}(\d{2})?$/.test(value)) return false;
  const full = value.length === 8;
  const year = full ? Number(value.slice(0, 4)) : 2000 + Number(value.slice(0, 2));
  const month = Number(value.slice(full ? 4 : 2, full ? 6 : 4));
  const day = Number(value.slice(full ? 6 : 4));
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

function validTime(value: string): boolean {
  if (!/^\d{4}(\d{2}(\d{1,2})?)?$/.test(value)) return false;
  const hh = Number(value.slice(0, 2));
  const mm = Number(value.slice(2, 4));
  const ss = value.length >= 6 ? Number(value.slice(4, 6)) : 0;
  return hh <= 23 && mm <= 59 && ss <= 59;
}

/**
 * A date-time period (data element 1251) against the format its qualifier (1250, the element
 * before it) names: D8 CCYYMMDD, RD8 a CCYYMMDD-CCYYMMDD range (start not after end), D6 YYMMDD,
 * DT CCYYMMDDHHMM, TM HHMM. Other formats are not checked. Returns the IK403 code, if any.
 */
function checkPeriod(value: string, format: string): ElementErrorCode | undefined {
  switch (format) {
    case 'D8':
      return value.length === 8 && validDate(value) ? undefined : '8';
    case 'D6':
      return value.length === 6 && validDate(value) ? undefined : '8';
    case 'RD8': {
      const [start = '', end = '', ...rest] = value.split('-');
      const ok =
        rest.length === 0 && start.length === 8 && end.length === 8 && validDate(start) && validDate(end);
      return ok && start <= end ? undefined : '8';
    }
    case 'DT':
      return value.length === 12 && validDate(value.slice(0, 8)) && validTime(value.slice(8))
        ? undefined
        : '8';
    case 'TM':
      return value.length === 4 && validTime(value) ? undefined : '9';
    default:
      return undefined;
  }
}

/** Checks one value against its rule; returns the error code, if any. */
function checkValue(
  value: string,
  rule: ElementRule,
  codes: readonly string[] | undefined = rule.codes,
): ElementErrorCode | undefined {
  if (hasInvalidCharacter(value)) return '6';
  if (!wellFormed(value, rule.type)) return '6';
  const n = lengthOf(value, rule.type);
  if (n < rule.min) return '4';
  if (n > rule.max) return '5';
  if (rule.type === 'DT' && !validDate(value)) return '8';
  if (rule.type === 'TM' && !validTime(value)) return '9';
  if (codes && !codes.includes(value)) return '7';
  return undefined;
}

const DESCRIPTIONS: Record<ElementErrorCode, string> = {
  '1': 'Required data element missing',
  '2': 'Conditional required data element missing',
  '3': 'Too many data elements',
  '4': 'Data element too short',
  '5': 'Data element too long',
  '6': 'Invalid character in data element',
  '7': 'Invalid code value',
  '8': 'Invalid date',
  '9': 'Invalid time',
  '10': 'Exclusion condition violated',
  '12': 'Too many repetitions',
  '13': 'Too many components',
  I10: 'Implementation "not used" data element present',
  I12: 'Implementation pattern match failure',
};

/**
 * Codes whose IK404 carries the received value: those that describe a value that is there. A
 * missing element (1, 2) has nothing to copy; an excluded one (10) is present and is copied.
 */
const COPIES_VALUE = new Set<ElementErrorCode>(['4', '5', '6', '7', '8', '9', '10', 'I12']);

function error(
  code: ElementErrorCode,
  segmentId: string,
  element: number,
  reference: string,
  value: string | undefined,
  component?: number,
  repetition?: number,
): ElementError {
  const at = `${segmentId}${String(element).padStart(2, '0')}${component ? `-${component}` : ''}`;
  return {
    code,
    element,
    ...(component ? { component } : {}),
    ...(repetition ? { repetition } : {}),
    reference,
    ...(value !== undefined && COPIES_VALUE.has(code) ? { badValue: value } : {}),
    message: `${DESCRIPTIONS[code]} (${at})`,
  };
}

/**
 * X12 relational conditions between the elements of one segment (the standard's syntax notes):
 * P paired (if any is present, all are), R required (at least one is present), E exclusion (not
 * more than one is present), C conditional (if the first is present, all the others are), L list
 * conditional (if the first is present, at least one of the others is).
 */
export type SyntaxRuleKind = 'P' | 'R' | 'E' | 'C' | 'L';

export interface SyntaxRule {
  kind: SyntaxRuleKind;
  /** Element positions, in the order the note names them (`C1110` is [11, 10]). */
  elements: readonly number[];
  /** The note as the standard writes it, e.g. `P0809`. */
  note: string;
}

/** Parses notes written as the standard prints them: `syntaxRules('P0809 C1110 C1203')`. */
export function syntaxRules(notes: string): readonly SyntaxRule[] {
  return notes
    .split(/\s+/)
    .filter(Boolean)
    .map((note) => {
      const kind = note[0] as SyntaxRuleKind;
      const digits = note.slice(1);
      if (!'PRECL'.includes(kind) || !/^(\d\d){2,}$/.test(digits)) {
        throw new TypeError(`Not an X12 syntax note: ${note}`);
      }
      const elements: number[] = [];
      for (let i = 0; i < digits.length; i += 2) elements.push(Number(digits.slice(i, i + 2)));
      return { kind, elements, note };
    });
}

/**
 * The 5010 standard's syntax notes of the segments we describe, by segment id. They belong to
 * the segment, so they hold in every loop and transaction. Sources: the 005010 segment
 * dictionary as public references print it (the X12 segment directory, the implementation
 * guides' segment pages). Segments of ELEMENTS_5010 that carry no syntax note in 5010: AAA, AK1,
 * AK2, AK9, AMT, BHT, CLM, CLP, CN1, CRC, CTX, DTP, HI, HL, IK3, IK4, IK5, K3, LE, LS, LX, MIA,
 * MOA, N3, NTE, OI, PS1, RDM, SBR, SVC, SVD, TRN, TS2, TS3.
 */
export const SYNTAX_5010: Readonly<Record<string, readonly SyntaxRule[]>> = {
  BPR: syntaxRules('P0607 C0809 P1213 C1415 P1819 C2021'),
  CAS: syntaxRules(
    'L050607 C0605 C0705 L080910 C0908 C1008 L111213 C1211 C1311 L141516 C1514 C1614 L171819 C1817 C1917',
  ),
  CR1: syntaxRules('P0102 P0506'),
  CR2: syntaxRules('P0102 C0403 P0506'),
  CR3: syntaxRules('P0203'),
  CTP: syntaxRules('P0405 C0607 C0902 C1002 C1103'),
  CUR: syntaxRules(
    'C0807 C0907 L101112 C1110 C1210 L131415 C1413 C1513 L161718 C1716 C1816 L192021 C2019 C2119',
  ),
  DMG: syntaxRules('P0102 P1011 C1105'),
  DTM: syntaxRules('R020305 C0403 P0506'),
  EB: syntaxRules('P0910'),
  EQ: syntaxRules('R0102'),
  FRM: syntaxRules('R02030405'),
  HCP: syntaxRules('R0113 P0910 P1112'),
  HSD: syntaxRules('P0102 C0605'),
  III: syntaxRules('P0102 L030405'),
  INS: syntaxRules('P1112'),
  LIN: syntaxRules('P0405 P0607 P0809 P1011 P1213 P1415 P1617 P1819 P2021 P2223 P2425 P2627 P2829 P3031'),
  LQ: syntaxRules('C0102'),
  MEA: syntaxRules('R03050608 L050412 L060412 L07030506 E0803 P1112'),
  MPI: syntaxRules('P0607'),
  MSG: syntaxRules('C0302'),
  N1: syntaxRules('R0203 P0304'),
  N4: syntaxRules('E0207 C0605 C0704'),
  NM1: syntaxRules('P0809 C1110 C1203'),
  PAT: syntaxRules('P0506 P0708'),
  PER: syntaxRules('P0304 P0506 P0708'),
  PLB: syntaxRules('P0506 P0708 P0910 P1112 P1314'),
  PRV: syntaxRules('P0203'),
  PWK: syntaxRules('P0506'),
  QTY: syntaxRules('R0204 E0204'),
  REF: syntaxRules('R0203'),
  SV1: syntaxRules('P0304'),
  SV5: syntaxRules('R0405 C0605'),
};

/** Whether element n holds data (a composite or repetition made only of separators does not). */
function present(values: readonly string[], n: number, delimiters: X12Delimiters): boolean {
  const value = values[n];
  if (value === undefined || value === '') return false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c !== delimiters.component && c !== delimiters.repetition) return true;
  }
  return false;
}

function relationalError(
  code: '2' | '10',
  segment: X12Segment,
  element: number,
  rules: SegmentElements,
  rule: SyntaxRule,
): ElementError {
  const at = `${segment.id}${String(element).padStart(2, '0')}`;
  const value = segment.elements[element];
  return {
    code,
    element,
    reference: rules[element - 1]?.ref ?? '',
    ...(code === '10' && value ? { badValue: value } : {}),
    message: `${DESCRIPTIONS[code]} (${at}, syntax rule ${rule.note})`,
  };
}

/**
 * Names an element for a broken syntax rule, unless the element checks already reported that
 * position (the first `checked` errors) or the implementation marks it "not used" (its presence
 * is already I10, its absence no fault).
 */
function nameElement(
  code: '2' | '10',
  element: number,
  segment: X12Segment,
  rules: SegmentElements,
  rule: SyntaxRule,
  errors: ElementError[],
  checked: number,
): void {
  if (rules[element - 1]?.usage === 'N') return;
  for (let i = 0; i < checked; i++) if (errors[i]!.element === element) return;
  errors.push(relationalError(code, segment, element, rules, rule));
}

/** Where one of several would do (R, L), the first the implementation allows is named. */
function firstUsable(rules: SegmentElements, els: readonly number[], from: number): number {
  for (let i = from; i < els.length; i++) if (rules[els[i]! - 1]?.usage !== 'N') return els[i]!;
  return els[from]!;
}

/**
 * Checks the segment's syntax rules: a missing element is IK403 2, each element present beyond
 * the first of an exclusion is IK403 10. Allocates nothing unless a rule is broken.
 */
function checkSyntax(
  segment: X12Segment,
  rules: SegmentElements,
  syntax: readonly SyntaxRule[],
  delimiters: X12Delimiters,
  errors: ElementError[],
): void {
  const values = segment.elements;
  const checked = errors.length;
  for (const rule of syntax) {
    const els = rule.elements;
    let count = 0;
    for (let i = 0; i < els.length; i++) if (present(values, els[i]!, delimiters)) count++;
    switch (rule.kind) {
      case 'P':
        if (count > 0 && count < els.length) {
          for (const n of els) {
            if (!present(values, n, delimiters)) nameElement('2', n, segment, rules, rule, errors, checked);
          }
        }
        break;
      case 'R':
        if (count === 0) nameElement('2', firstUsable(rules, els, 0), segment, rules, rule, errors, checked);
        break;
      case 'E':
        if (count > 1) {
          let seen = false;
          for (const n of els) {
            if (!present(values, n, delimiters)) continue;
            if (seen) nameElement('10', n, segment, rules, rule, errors, checked);
            seen = true;
          }
        }
        break;
      case 'C':
        if (count < els.length && present(values, els[0]!, delimiters)) {
          for (let i = 1; i < els.length; i++) {
            const n = els[i]!;
            if (!present(values, n, delimiters)) nameElement('2', n, segment, rules, rule, errors, checked);
          }
        }
        break;
      case 'L':
        if (count === 1 && present(values, els[0]!, delimiters)) {
          nameElement('2', firstUsable(rules, els, 1), segment, rules, rule, errors, checked);
        }
        break;
    }
  }
}

/**
 * Checks a segment's elements against their definitions: required elements present, lengths,
 * characters, codes, dates and times, composites and repetitions, then the segment's syntax
 * rules (SYNTAX_5010 for its id unless given). Messages name the position, never the value.
 */
export function checkElements(
  segment: X12Segment,
  rules: SegmentElements,
  delimiters: X12Delimiters,
  syntax: readonly SyntaxRule[] | undefined = SYNTAX_5010[segment.id],
): ElementError[] {
  const errors: ElementError[] = [];
  const values = segment.elements;
  const id = segment.id;
  let last = values.length - 1;
  while (last > 0 && values[last] === '') last--;
  if (last > rules.length) {
    errors.push(error('3', id, rules.length + 1, '', undefined));
  }
  for (let n = 1; n <= rules.length; n++) {
    const rule = rules[n - 1];
    if (!rule) continue;
    const value = values[n] ?? '';
    if (value === '') {
      if (rule.usage === 'R') errors.push(error('1', id, n, rule.ref, undefined));
      continue;
    }
    if (rule.usage === 'N') {
      errors.push(error('I10', id, n, rule.ref, value));
      continue;
    }
    const repeats =
      delimiters.repetition && (rule.repeat ?? 1) > 1 ? value.split(delimiters.repetition) : [value];
    if (repeats.length > (rule.repeat ?? 1)) {
      errors.push(error('12', id, n, rule.ref, undefined, undefined, (rule.repeat ?? 1) + 1));
    }
    repeats.forEach((one, r) => {
      const repetition = repeats.length > 1 ? r + 1 : undefined;
      if (!isComposite(rule)) {
        if (one === '') return;
        const by = rule.codesBy;
        const pattern = rule.patternBy
          ? ownValue(rule.patternBy.patterns, values[rule.patternBy.element])
          : undefined;
        const code =
          checkValue(one, rule, by ? (ownValue(by.lists, values[by.element]) ?? rule.codes) : rule.codes) ??
          // A date-time period follows its format qualifier (DTP02/03, DMG01/02, PAT05/06…).
          (rule.ref === '1251' && (rules[n - 2] as ElementRule | undefined)?.ref === '1250'
            ? checkPeriod(one, values[n - 1] ?? '')
            : undefined) ??
          (pattern && !pattern.test(one) ? 'I12' : undefined);
        if (code) errors.push(error(code, id, n, rule.ref, one, undefined, repetition));
        return;
      }
      const parts = one.split(delimiters.component);
      if (parts.length > rule.components.length) {
        errors.push(error('13', id, n, rule.ref, undefined, rule.components.length + 1, repetition));
      }
      rule.components.forEach((component, c) => {
        const part = parts[c] ?? '';
        if (part === '') {
          if (component.usage === 'R')
            errors.push(error('1', id, n, component.ref, undefined, c + 1, repetition));
          return;
        }
        if (component.usage === 'N') {
          errors.push(error('I10', id, n, component.ref, part, c + 1, repetition));
          return;
        }
        const code = checkValue(part, component);
        if (code) errors.push(error(code, id, n, component.ref, part, c + 1, repetition));
      });
    });
  }
  if (syntax !== undefined && syntax.length > 0) {
    const before = errors.length;
    checkSyntax(segment, rules, syntax, delimiters, errors);
    // Keep IK4s in element order, as a reader of the 999 expects them.
    if (errors.length > before) errors.sort((a, b) => a.element - b.element);
  }
  return errors;
}
