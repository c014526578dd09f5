/**
 * Code lists needed to read 835s and 271s: claim status (CLP02), adjustment groups (CAS01),
 * eligibility codes (EB01), coverage levels (EB02), service types (EB03), time periods (EB06),
 * and a representative subset of CARC/RARC with their published descriptions.
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

export interface CodeList {
  /** Which published list this subset was taken from. */
  version: string;
  codes: Readonly<Record<string, string>>;
}

/**
 * Claim Adjustment Reason Codes: a representative subset of the list maintained by the
 * X12 Code Maintenance Committee (wording as published; some long descriptions shortened
 * at a sentence boundary). Codes outside the subset are reported as unknown, never fatal.
 */
export const CARC: CodeList = {
  version: 'X12 CARC list, subset as of 2026-07',
  codes: {
    '1': 'Deductible Amount',
    '2': 'Coinsurance Amount',
    '3': 'Co-payment Amount',
    '4': 'The procedure code is inconsistent with the modifier used.',
    '5': 'The procedure code/type of bill is inconsistent with the place of service.',
    '11': 'The diagnosis is inconsistent with the procedure.',
    '16': 'Claim/service lacks information or has submission/billing error(s).',
    '18': 'Exact duplicate claim/service',
    '22': 'This care may be covered by another payer per coordination of benefits.',
    '23': 'The impact of prior payer(s) adjudication including payments and/or adjustments.',
    '26': 'Expenses incurred prior to coverage.',
    '27': 'Expenses incurred after coverage terminated.',
    '29': 'The time limit for filing has expired.',
    '45': 'Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement.',
    '50': "These are non-covered services because this is not deemed a 'medical necessity' by the payer.",
    '96': 'Non-covered charge(s).',
    '97': 'The benefit for this service is included in the payment/allowance for another service/procedure that has already been adjudicated.',
    '109':
      'Claim/service not covered by this payer/contractor. You must send the claim/service to the correct payer/contractor.',
    '119': 'Benefit maximum for this time period or occurrence has been reached.',
    '197': 'Precertification/authorization/notification/pre-treatment absent.',
    '204': 'This service/equipment/drug is not covered under the patient’s current benefit plan',
    '242': 'Services not provided by network/primary care providers.',
    '253': 'Sequestration - reduction in federal payment',
  },
};

/** Remittance Advice Remark Codes: a representative subset (wording as published, shortened). */
export const RARC: CodeList = {
  version: 'X12 RARC list, subset as of 2026-07',
  codes: {
    M15: 'Separately billed services/tests have been bundled as they are considered components of the same procedure.',
    M76: 'Missing/incomplete/invalid diagnosis or condition.',
    M80: 'Not covered when performed during the same session/date as a previously processed service for the patient.',
    MA01: 'Alert: If you do not agree with what we approved for these services, you may appeal our decision.',
    MA04: 'Secondary payment cannot be considered without the identity of or payment information from the primary payer.',
    MA130:
      'Your claim contains incomplete and/or invalid information, and no appeal rights are afforded because the claim is unprocessable.',
    N130: 'Consult plan benefit documents/guidelines for information about restrictions for this service.',
    N290: 'Missing/incomplete/invalid rendering provider primary identifier.',
    N381: 'Alert: Consult our contractual agreement for restrictions/billing/payment information related to these charges.',
  },
};

export interface CodeLookup {
  code: string;
  description: string | undefined;
  known: boolean;
}

export function lookupCode(list: CodeList, code: string): CodeLookup {
  const description = list.codes[code];
  return { code, description, known: description !== undefined };
}
