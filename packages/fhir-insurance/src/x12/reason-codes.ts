/**
 * Claim Adjustment Reason Codes (CARC) and Remittance Advice Remark Codes (RARC) as versioned
 * data. The lists are maintained by the X12 Code Maintenance Committee and the RARC committee
 * and published by X12. The descriptions are short summaries in our own words, for display
 * beside the code, not the published text.
 *
 * Where the data comes from:
 * - Codes and whether each one is deactivated: the published lists as they stood on 2026-08-17.
 * - Start and stop dates: the published lists as they stood on 2016-03-07, for every code that
 *   existed then. Codes added after that date have no dates here. A code deactivated between the
 *   two publications has no stop date in either source: it is listed in `*_STOPPED_UNDATED` and
 *   reported as stopped from 2026-08-17 on (see `deactivatedBy` in codes.ts).
 * - Last-modified dates are not kept: they change the wording, not whether a code may be used.
 * - Where the two publications disagree, the later one wins: RARC N411–N417 are stopped
 *   (2009-02-01) in the 2016 list and current in the 2026 one, so they carry no stop date.
 * - Cross-checked against a third copy of the active lists (the one OpenEMR ships, from about
 *   2019): it also leaves out CARC 15, 138, 165 and 168 and lists N411–N417 as active.
 *
 * A code missing here is reported as a warning by the 835 reader, never as an error.
 */

export type { CodeRow } from './reason-codes-rows';

/** Publication date of the lists the codes and their deactivated status come from. */
export const CODE_LISTS_AS_OF = '2026-08-17';

export const CARC_VERSION =
  'MedFlow CARC summary 2026-11: 407 codes, the X12 list as published 2026-08-17 (110 deactivated); start/stop dates from the 2016-03-07 list for its 367 codes, none for the 40 added since, 4 deactivated since 2016 without a known stop date; descriptions are our own summaries';

export const RARC_VERSION =
  'MedFlow RARC summary 2026-11: 1216 codes, the X12 list as published 2026-08-17 (79 deactivated); start/stop dates from the 2016-03-07 list for its 1048 codes, none for the 168 added since, 1 deactivated since 2016 without a known stop date; descriptions are our own summaries';

export { CARC_STOPPED_UNDATED, carcRows } from './reason-codes-carc';
export { RARC_STOPPED_UNDATED, rarcRows } from './reason-codes-rarc';
