import {
  CARC_STOPPED_UNDATED,
  CARC_VERSION,
  CODE_LISTS_AS_OF,
  type CodeRow,
  carcRows,
  RARC_STOPPED_UNDATED,
  RARC_VERSION,
  rarcRows,
} from './reason-codes';

/**
 * Code lists needed to read 835s and 271s: claim status (CLP02), adjustment groups (CAS01),
 * eligibility codes (EB01), coverage levels (EB02), service types (EB03), time periods (EB06),
 * and CARC/RARC (data in reason-codes.ts, described in our own words).
 */

export const CLAIM_STATUS: Readonly<Record<string, string>> = {
  '1': 'Processed as primary',
  '2': 'Processed as secondary',
  '3': 'Processed as tertiary',
  '4': 'Denied',
  '19': 'Processed as primary, forwarded to additional payer(s)',
  '20': 'Processed as secondary, forwarded to additional payer(s)',
  '21': 'Processed as tertiary, forwarded to additional payer(s)',
  '22': 'Reversal of previous payment',
  '23': 'Not our claim, forwarded to additional payer(s)',
  '25': 'Predetermination pricing only - no payment',
};

export const ADJUSTMENT_GROUP: Readonly<Record<string, string>> = {
  CO: 'Contractual obligations',
  CR: 'Corrections and reversals',
  OA: 'Other adjustments',
  PI: 'Payor initiated reductions',
  PR: 'Patient responsibility',
};

export const ELIGIBILITY_CODE: Readonly<Record<string, string>> = {
  '1': 'Active coverage',
  '2': 'Active - full risk capitation',
  '3': 'Active - services capitated',
  '4': 'Active - services capitated to primary care physician',
  '5': 'Active - pending investigation',
  '6': 'Inactive',
  '7': 'Inactive - pending eligibility update',
  '8': 'Inactive - pending investigation',
  A: 'Co-insurance',
  B: 'Co-payment',
  C: 'Deductible',
  CB: 'Coverage basis',
  D: 'Benefit description',
  E: 'Exclusions',
  F: 'Limitations',
  G: 'Out of pocket (stop loss)',
  H: 'Unlimited',
  I: 'Non-covered',
  J: 'Cost containment',
  K: 'Reserve',
  L: 'Primary care provider',
  M: 'Pre-existing condition',
  MC: 'Managed care coordinator',
  N: 'Services restricted to following provider',
  O: 'Not deemed a medical necessity',
  P: 'Benefit disclaimer',
  Q: 'Second surgical opinion required',
  R: 'Other or additional payor',
  S: 'Prior year(s) history',
  T: 'Card(s) reported lost/stolen',
  U: 'Contact following entity for eligibility or benefit information',
  V: 'Cannot process',
  W: 'Other source of data',
  X: 'Health care facility',
  Y: 'Spend down',
};

export const COVERAGE_LEVEL: Readonly<Record<string, string>> = {
  CHD: 'Children only',
  DEP: 'Dependents only',
  ECH: 'Employee and children',
  EMP: 'Employee only',
  ESP: 'Employee and spouse',
  FAM: 'Family',
  IND: 'Individual',
  SPC: 'Spouse and children',
  SPO: 'Spouse only',
};

export const TIME_PERIOD: Readonly<Record<string, string>> = {
  '6': 'Hour',
  '7': 'Day',
  '13': '24 hours',
  '21': 'Years',
  '22': 'Service year',
  '23': 'Calendar year',
  '24': 'Year to date',
  '25': 'Contract',
  '26': 'Episode',
  '27': 'Visit',
  '28': 'Outlier',
  '29': 'Remaining',
  '30': 'Exceeded',
  '31': 'Not exceeded',
  '32': 'Lifetime',
  '33': 'Lifetime remaining',
  '34': 'Month',
  '35': 'Week',
  '36': 'Admission',
};

/** A subset of X12 service type codes (EB03 / EQ01). */
export const SERVICE_TYPE: Readonly<Record<string, string>> = {
  '1': 'Medical care',
  '33': 'Chiropractic',
  '35': 'Dental care',
  '47': 'Hospital',
  '48': 'Hospital - inpatient',
  '50': 'Hospital - outpatient',
  '86': 'Emergency services',
  '88': 'Pharmacy',
  '98': 'Professional (physician) visit - office',
  A4: 'Psychiatric',
  AL: 'Vision (optometry)',
  MH: 'Mental health',
  UC: 'Urgent care',
  '30': 'Health benefit plan coverage',
};

/** Dates of one code. */
export interface CodeDates {
  start?: string;
  stop?: string;
  /**
   * Set when the code is known to be deactivated but its stop date is not in our data: the date
   * of the publication that first shows it deactivated, so it stopped on or before this day.
   */
  deactivatedBy?: string;
}

export interface CodeList {
  /** Which release of our summary of the published list this is. */
  version: string;
  /** Code → short description (our wording, not the published text). */
  codes: Readonly<Record<string, string>>;
  /** Start and stop dates (ISO) of codes whose dates we know. */
  dates: Readonly<Record<string, CodeDates>>;
}

/**
 * A code list whose lookup tables are built on first use: the rows are a few thousand, and an
 * application that imports the x12 entry without reading a remittance should not pay for them.
 */
function codeList(
  version: string,
  rows: () => readonly CodeRow[],
  stoppedUndated: readonly string[] = [],
  asOf = CODE_LISTS_AS_OF,
): CodeList {
  let tables: { codes: Record<string, string>; dates: Record<string, CodeDates> } | undefined;
  const build = () => {
    if (tables) return tables;
    const codes: Record<string, string> = Object.create(null);
    const dates: Record<string, CodeDates> = Object.create(null);
    // Runs once, in the interpreter: rows read by index, dates built without spreads.
    const list = rows();
    for (let i = 0; i < list.length; i++) {
      const row = list[i]!;
      const start = row[2];
      const stop = row[3];
      codes[row[0]] = row[1];
      if (start || stop) {
        const d: CodeDates = {};
        if (start) d.start = start;
        if (stop) d.stop = stop;
        dates[row[0]] = d;
      }
    }
    for (const code of stoppedUndated) {
      if (dates[code]?.stop === undefined) dates[code] = { ...dates[code], deactivatedBy: asOf };
    }
    tables = { codes, dates };
    return tables;
  };
  return {
    version,
    get codes() {
      return build().codes;
    },
    get dates() {
      return build().dates;
    },
  };
}

/**
 * Claim Adjustment Reason Codes (CAS02/05/…), deactivated ones included: see reason-codes.ts for
 * the coverage of this release. Codes outside the list are reported as unknown, never fatal.
 */
export const CARC: CodeList = codeList(CARC_VERSION, carcRows, CARC_STOPPED_UNDATED);

/** Remittance Advice Remark Codes (MOA, MIA, LQ*HE), deactivated ones included: see reason-codes.ts. */
export const RARC: CodeList = codeList(RARC_VERSION, rarcRows, RARC_STOPPED_UNDATED);

export interface CodeLookup {
  code: string;
  description: string | undefined;
  known: boolean;
  start: string | undefined;
  stop: string | undefined;
  /** The code stopped on or before this date; set only when the exact stop date is unknown. */
  deactivatedBy: string | undefined;
  /**
   * False when the code has a stop date on or before `on` (an ISO date, default today), or, when
   * its stop date is unknown, when `on` is on or after `deactivatedBy`.
   */
  active: boolean;
}

/**
 * `table[key]` for the table's own keys only. Codes come from received files, and a plain
 * object answers `constructor`, `toString` or `__proto__` with what its prototype holds.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The published description of a code, undefined when the list lacks it. */
export function codeDescription(list: CodeList, code: string): string | undefined {
  return ownValue(list.codes, code);
}

export function lookupCode(list: CodeList, code: string, on?: string): CodeLookup {
  const description = codeDescription(list, code);
  const dates = ownValue(list.dates, code);
  const day = on ?? new Date().toISOString().slice(0, 10);
  return {
    code,
    description,
    known: description !== undefined,
    start: dates?.start,
    stop: dates?.stop,
    deactivatedBy: dates?.deactivatedBy,
    active:
      dates?.stop !== undefined
        ? dates.stop > day
        : dates?.deactivatedBy === undefined || dates.deactivatedBy > day,
  };
}
