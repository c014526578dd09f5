import {
  compositeRule as cx,
  type DependentCodes,
  type DependentPattern,
  elementRule as el,
  type SegmentElements,
} from './elements';
import { hlLoop, loop, UNBOUNDED as N, type SegmentRule, seg, type TransactionSchema } from './loops';

// Loop schemas transcribed from the ASC X12 5010 implementation guides' loop tables. Only
// structure lives here (ids, qualifiers that tell same-id siblings apart, usage, repeats):
// the engine in loops.ts walks any of them.

// Element definitions from the 5010 implementation guides, by segment id. Where a segment's
// usage differs between loops or transactions the looser one is kept (S over R), so a valid
// file is never flagged; codes are listed only where every guide agrees on them. Code lists
// that depend on the loop are given on the segment rules of the schemas (loopElements).
// Syntax notes (P/R/E/C/L) are segment facts and live in elements.ts (SYNTAX_5010).
const procedure = (usage: 'R' | 'S', qualifiers: readonly string[]) =>
  cx('C003', usage, [
    el('235', 'R', 'ID', 2, 2, qualifiers),
    el('234', 'R', 'AN', 1, 48),
    el('1339', 'S', 'AN', 2, 2),
    el('1339', 'S', 'AN', 2, 2),
    el('1339', 'S', 'AN', 2, 2),
    el('1339', 'S', 'AN', 2, 2),
    el('352', 'S', 'AN', 1, 80),
    el('234', 'N', 'AN', 1, 48),
  ]);
const diagnosis = (usage: 'R' | 'S') =>
  cx('C022', usage, [
    el('1270', 'R', 'ID', 1, 3),
    el('1271', 'R', 'AN', 1, 30),
    ...['1250', '1251', '782', '380', '799', '1271', '1073'].map((ref) => el(ref, 'S', 'AN', 1, 35)),
  ]);
const casTriplet = () => [
  el('1034', 'S', 'ID', 1, 5),
  el('782', 'S', 'R', 1, 18),
  el('380', 'S', 'R', 1, 15),
];
const YN = ['N', 'Y'];
const words = (codes: string) => codes.split(' ');
const PLB_REASONS = (
  '50 51 72 90 AH AM AP B2 B3 BD BN C5 CR CS CT CV CW DM E3 FB FC GO HM IP IR IS J1 L3 L6 LE LS ' +
  'OA OB PI PL RA RE SL TL WO WU'
).split(' ');
const adjustment = (usage: 'R' | 'S', reasons?: readonly string[]) =>
  cx('C042', usage, [el('426', 'R', 'ID', 2, 2, reasons), el('127', 'S', 'AN', 1, 50)]);

// The 999's own elements (005010X231A1), as the 5010 dictionary prints them: a loop identifier
// (447: IK303, CTX04) is four characters, so build999 cuts a guide loop id to its number (2010BA
// → 2010); a data element reference number (725: IK402, CTX06) is a number, so an error in a
// composite as a whole (C023, no element number) is reported without one.
const ACK_FUNCTIONAL_IDS = words('BE HB HC HI HN HP HR HS RA');
const ACK_SET_IDS = words('270 271 276 277 278 820 834 835 837');
const SEGMENT_ERRORS = words('1 2 3 4 5 6 7 8 I4 I6 I7 I8 I9');
const ELEMENT_ERRORS = words('1 2 3 4 5 6 7 8 9 10 12 13 I6 I9 I10 I11 I12 I13');
const SET_ERRORS = words('1 2 3 4 5 6 7 8 9 10 11 12 13 15 16 17 18 19 23 24 25 26 27 I5 I6');
const GROUP_ERRORS = words('1 2 3 4 5 6 10 11 12 13 14 15 16 17 18 19 23 24 25 26');
const loopId = (usage: 'R' | 'S') => el('447', usage, 'AN', 1, 4);
const elementReference = (usage: 'R' | 'S' | 'N') => el('725', usage, 'N0', 1, 4);
const positionInSegment = (usage: 'R' | 'S') =>
  cx('C030', usage, [el('722', 'R', 'N0', 1, 2), el('1528', 'S', 'N0', 1, 2), el('1686', 'S', 'N0', 1, 4)]);
/**
 * CTX: the context names it may carry (CTX01-1, up to ten repetitions), where the error was
 * (segment, position, loop, element) and its reference number. The segment context names the
 * segment that triggered a situational rule; the business unit context (CLM01, TRN02…) carries
 * the unit's identifier in CTX01-2 and nothing else; one table takes both, each element as loose
 * as the looser of the two uses.
 */
const contextElements = (names: readonly string[]): SegmentElements => [
  cx('C998', 'R', [el('9999', 'R', 'AN', 1, 35, names), el('9998', 'S', 'AN', 1, 35)], 10),
  el('721', 'S', 'ID', 2, 3),
  el('719', 'S', 'N0', 1, 10),
  loopId('S'),
  positionInSegment('S'),
  cx('C999', 'S', [elementReference('R'), elementReference('N')]),
];
const SITUATIONAL_TRIGGER = ['SITUATIONAL TRIGGER'];
const BUSINESS_UNITS = [
  'CLM01',
  'ENT01',
  'NM109',
  'PATIENT NAME NM109',
  'SUBSCRIBER NAME NM109',
  'SUBSCRIBER NUMBER REF02',
  'TRN02',
];

export const ELEMENTS_5010: Readonly<Record<string, SegmentElements>> = {
  AAA: [
    el('1073', 'R', 'ID', 1, 1, YN),
    el('559', 'N', 'ID', 2, 2),
    el('901', 'R', 'ID', 2, 2),
    el('889', 'R', 'ID', 1, 1),
  ],
  // AK1, AK2, AK9 (999): the group and transaction set acknowledged, the group's verdict and counts.
  AK1: [
    el('479', 'R', 'ID', 2, 2, ACK_FUNCTIONAL_IDS),
    el('28', 'R', 'N0', 1, 9),
    el('480', 'R', 'AN', 1, 12),
  ],
  AK2: [el('143', 'R', 'ID', 3, 3, ACK_SET_IDS), el('329', 'R', 'AN', 4, 9), el('1705', 'S', 'AN', 1, 35)],
  AK9: [
    el('715', 'R', 'ID', 1, 1, words('A E M P R W X')),
    el('97', 'R', 'N0', 1, 6),
    el('123', 'R', 'N0', 1, 6),
    el('2', 'R', 'N0', 1, 6),
    ...Array.from({ length: 5 }, () => el('716', 'S', 'ID', 1, 3, GROUP_ERRORS)),
  ],
  AMT: [el('522', 'R', 'ID', 1, 3), el('782', 'R', 'R', 1, 18), el('478', 'N', 'ID', 1, 1)],
  BHT: [
    el('1005', 'R', 'ID', 4, 4),
    el('353', 'R', 'ID', 2, 2),
    el('127', 'S', 'AN', 1, 50),
    el('373', 'R', 'DT', 8, 8),
    el('337', 'R', 'TM', 4, 8),
    el('640', 'S', 'ID', 2, 2),
  ],
  BPR: [
    el('305', 'R', 'ID', 1, 2, ['C', 'D', 'H', 'I', 'P', 'U', 'X']),
    el('782', 'R', 'R', 1, 18),
    el('478', 'R', 'ID', 1, 1, ['C', 'D']),
    el('591', 'R', 'ID', 3, 3, ['ACH', 'BOP', 'CHK', 'FWT', 'NON']),
    el('812', 'S', 'ID', 1, 10),
    el('506', 'S', 'ID', 2, 2),
    el('507', 'S', 'AN', 3, 12),
    el('569', 'S', 'ID', 1, 3),
    el('508', 'S', 'AN', 1, 35),
    el('509', 'S', 'AN', 10, 10),
    el('510', 'S', 'AN', 9, 9),
    el('506', 'S', 'ID', 2, 2),
    el('507', 'S', 'AN', 3, 12),
    el('569', 'S', 'ID', 1, 3),
    el('508', 'S', 'AN', 1, 35),
    el('373', 'R', 'DT', 8, 8),
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ],
  CAS: [
    el('1033', 'R', 'ID', 1, 2, ['CO', 'OA', 'PI', 'PR']),
    el('1034', 'R', 'ID', 1, 5),
    el('782', 'R', 'R', 1, 18),
    el('380', 'S', 'R', 1, 15),
    ...casTriplet(),
    ...casTriplet(),
    ...casTriplet(),
    ...casTriplet(),
    ...casTriplet(),
  ],
  CLM: [
    el('1028', 'R', 'AN', 1, 38),
    el('782', 'R', 'R', 1, 18),
    el('1032', 'N', 'ID', 1, 2),
    el('1343', 'N', 'ID', 1, 2),
    cx('C023', 'R', [
      el('1331', 'R', 'AN', 1, 2),
      el('1332', 'R', 'ID', 1, 2, ['B']),
      el('1325', 'R', 'ID', 1, 1),
    ]),
    el('1073', 'R', 'ID', 1, 1, YN),
    el('1359', 'R', 'ID', 1, 1, ['A', 'B', 'C']),
    el('1073', 'R', 'ID', 1, 1, ['N', 'W', 'Y']),
    el('1363', 'R', 'ID', 1, 1, ['I', 'Y']),
    el('1351', 'S', 'ID', 1, 1, ['P']),
    cx('C024', 'S', [
      el('1362', 'R', 'ID', 2, 3),
      el('1362', 'S', 'ID', 2, 3),
      el('1362', 'S', 'ID', 2, 3),
      el('156', 'S', 'ID', 2, 2),
      el('26', 'S', 'ID', 2, 3),
    ]),
    el('1366', 'S', 'ID', 2, 3),
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ],
  CLP: [
    el('1028', 'R', 'AN', 1, 38),
    el('1029', 'R', 'ID', 1, 2, ['1', '2', '3', '4', '19', '20', '21', '22', '23', '25']),
    el('782', 'R', 'R', 1, 18),
    el('782', 'R', 'R', 1, 18),
    el('782', 'S', 'R', 1, 18),
    el('1032', 'R', 'ID', 1, 2),
    el('127', 'R', 'AN', 1, 50),
    el('1331', 'S', 'AN', 1, 2),
    el('1325', 'S', 'ID', 1, 1),
    undefined,
    el('1354', 'S', 'AN', 1, 4),
    el('380', 'S', 'R', 1, 15),
    el('954', 'S', 'R', 1, 10),
    el('1073', 'S', 'ID', 1, 1),
    undefined,
    undefined,
  ],
  // CR1 (837P 2300 and 2400): ambulance transport; weight in pounds, distance in miles.
  CR1: [
    el('355', 'S', 'ID', 2, 2, ['LB']),
    el('81', 'S', 'R', 1, 10),
    el('1316', 'N', 'ID', 1, 1),
    el('1317', 'R', 'ID', 1, 1, words('A B C D E')),
    el('355', 'R', 'ID', 2, 2, ['DH']),
    el('380', 'R', 'R', 1, 15),
    el('166', 'N', 'AN', 1, 55),
    el('166', 'N', 'AN', 1, 55),
    el('352', 'S', 'AN', 1, 80),
    el('352', 'S', 'AN', 1, 80),
  ],
  // CR2 (837P 2300): spinal manipulation; only the nature of the condition and its
  // descriptions are used.
  CR2: [
    el('609', 'N', 'N0', 1, 9),
    el('380', 'N', 'R', 1, 15),
    el('1367', 'N', 'ID', 2, 3),
    el('1367', 'N', 'ID', 2, 3),
    el('355', 'N', 'ID', 2, 2),
    el('380', 'N', 'R', 1, 15),
    el('380', 'N', 'R', 1, 15),
    el('1342', 'R', 'ID', 1, 1, words('A C D E F G M')),
    el('1073', 'N', 'ID', 1, 1),
    el('352', 'S', 'AN', 1, 80),
    el('352', 'S', 'AN', 1, 80),
    el('1073', 'N', 'ID', 1, 1),
  ],
  // CR3 (837P 2400): durable medical equipment certification, its duration in months.
  CR3: [
    el('1322', 'R', 'ID', 1, 1, ['I', 'R', 'S']),
    el('355', 'R', 'ID', 2, 2, ['MO']),
    el('380', 'R', 'R', 1, 15),
    el('1335', 'N', 'ID', 1, 1),
    el('352', 'N', 'AN', 1, 80),
  ],
  // CRC (837P 2300 and 2400): the category (CRC01) and its condition codes, which the loops
  // narrow per category (loopElements).
  CRC: [
    el('1136', 'R', 'ID', 2, 2),
    el('1073', 'R', 'ID', 1, 1, YN),
    el('1321', 'R', 'ID', 2, 3),
    el('1321', 'S', 'ID', 2, 3),
    el('1321', 'S', 'ID', 2, 3),
    el('1321', 'S', 'ID', 2, 3),
    el('1321', 'S', 'ID', 2, 3),
  ],
  // CTP (837P 2410): the drug quantity and its unit; pricing elements are not used.
  // CN1 (837P 2300 and 2400): the contract type and its terms.
  CN1: [
    el('1166', 'R', 'ID', 2, 2, words('01 02 03 04 05 06 09')),
    el('782', 'S', 'R', 1, 18),
    el('332', 'S', 'R', 1, 6),
    el('127', 'S', 'AN', 1, 50),
    el('338', 'S', 'R', 1, 6),
    el('799', 'S', 'AN', 1, 30),
  ],
  CTP: [
    el('687', 'N', 'ID', 2, 2),
    el('236', 'N', 'ID', 3, 3),
    el('212', 'N', 'R', 1, 17),
    el('380', 'R', 'R', 1, 15),
    cx('C001', 'R', [
      el('355', 'R', 'ID', 2, 2, ['F2', 'GR', 'ME', 'ML', 'UN']),
      ...Array.from({ length: 14 }, (_, i) =>
        i % 3 === 2
          ? el('355', 'N', 'ID', 2, 2)
          : el(i % 3 === 0 ? '1018' : '649', 'N', 'R', 1, i % 3 === 0 ? 15 : 10),
      ),
    ]),
    el('648', 'N', 'ID', 3, 3),
    el('649', 'N', 'R', 1, 10),
    el('782', 'N', 'R', 1, 18),
    el('639', 'N', 'ID', 2, 2),
    el('499', 'N', 'AN', 1, 10),
    el('289', 'N', 'N0', 1, 2),
  ],
  // CTX (999 2100 and 2110): the error's context; the element context (2110) takes the
  // situational trigger only (SCHEMA_999).
  CTX: contextElements([...SITUATIONAL_TRIGGER, ...BUSINESS_UNITS]),
  // CUR (835 header, 837P 2000A): who uses the currency and which; rates and dates are not used.
  CUR: [
    el('98', 'R', 'ID', 2, 3),
    el('100', 'R', 'ID', 3, 3),
    el('280', 'N', 'R', 4, 10),
    el('98', 'N', 'ID', 2, 3),
    el('100', 'N', 'ID', 3, 3),
    el('669', 'N', 'ID', 3, 3),
    ...Array.from({ length: 5 }, () => [
      el('374', 'N', 'ID', 3, 3),
      el('373', 'N', 'DT', 8, 8),
      el('337', 'N', 'TM', 4, 8),
    ]).flat(),
  ],
  DMG: [
    el('1250', 'S', 'ID', 2, 3, ['D8']),
    el('1251', 'S', 'AN', 1, 35),
    el('1068', 'S', 'ID', 1, 1, ['F', 'M', 'U']),
  ],
  DTM: [el('374', 'R', 'ID', 3, 3), el('373', 'R', 'DT', 8, 8), undefined, undefined, undefined, undefined],
  DTP: [el('374', 'R', 'ID', 3, 3), el('1250', 'R', 'ID', 2, 3, ['D8', 'RD8']), el('1251', 'R', 'AN', 1, 35)],
  EB: [
    el('1390', 'R', 'ID', 1, 2),
    el('1207', 'S', 'ID', 3, 3, ['CHD', 'DEP', 'ECH', 'EMP', 'ESP', 'FAM', 'IND', 'SPC', 'SPO', 'TWO']),
    el('1365', 'S', 'ID', 1, 2, undefined, 99),
    el('1336', 'S', 'ID', 1, 3),
    el('1204', 'S', 'AN', 1, 50),
    el('615', 'S', 'ID', 1, 2),
    el('782', 'S', 'R', 1, 18),
    el('954', 'S', 'R', 1, 10),
    el('673', 'S', 'ID', 2, 2),
    el('380', 'S', 'R', 1, 15),
    el('1073', 'S', 'ID', 1, 1, ['N', 'U', 'Y']),
    el('1073', 'S', 'ID', 1, 1, ['N', 'U', 'W', 'Y']),
    undefined,
    undefined,
  ],
  EQ: [
    el('1365', 'S', 'ID', 1, 2, undefined, 99),
    undefined,
    el('1207', 'S', 'ID', 3, 3),
    undefined,
    undefined,
  ],
  // HCP (837P 2300 and 2400): pricing or repricing; the repriced procedure (HCP09 to HCP12) is
  // a line's.
  HCP: [
    el('1473', 'R', 'ID', 2, 2),
    el('782', 'R', 'R', 1, 18),
    el('782', 'S', 'R', 1, 18),
    el('127', 'S', 'AN', 1, 50),
    el('118', 'S', 'R', 1, 9),
    el('127', 'S', 'AN', 1, 50),
    el('782', 'S', 'R', 1, 18),
    el('234', 'N', 'AN', 1, 48),
    el('235', 'S', 'ID', 2, 2),
    el('234', 'S', 'AN', 1, 48),
    el('355', 'S', 'ID', 2, 2),
    el('380', 'S', 'R', 1, 15),
    el('901', 'S', 'ID', 2, 2, words('T1 T2 T3 T4 T5 T6')),
    el('1526', 'S', 'ID', 1, 2, words('1 2 3 4 5')),
    el('1527', 'S', 'ID', 1, 2, words('1 2 3 4 5 6')),
  ],
  // FRM (837P 2440): one answer of a certificate of medical necessity; question numbers are the
  // form's own.
  FRM: [
    el('350', 'R', 'AN', 1, 20),
    el('1073', 'S', 'ID', 1, 1, ['N', 'W', 'Y']),
    el('127', 'S', 'AN', 1, 50),
    el('373', 'S', 'DT', 8, 8),
    el('332', 'S', 'R', 1, 6),
  ],
  HI: [diagnosis('R'), ...Array.from({ length: 11 }, () => diagnosis('S'))],
  HL: [
    el('628', 'R', 'AN', 1, 12),
    el('734', 'S', 'AN', 1, 12),
    el('735', 'R', 'ID', 1, 2),
    el('736', 'S', 'ID', 1, 1, ['0', '1']),
  ],
  // IK3, IK4, IK5 (999): the segment in error, the element in error, the transaction's verdict.
  IK3: [
    el('721', 'R', 'ID', 2, 3),
    el('719', 'R', 'N0', 1, 10),
    loopId('S'),
    el('620', 'S', 'ID', 1, 3, SEGMENT_ERRORS),
  ],
  IK4: [
    positionInSegment('R'),
    elementReference('S'),
    el('621', 'R', 'ID', 1, 3, ELEMENT_ERRORS),
    el('724', 'S', 'AN', 1, 99),
  ],
  IK5: [
    el('717', 'R', 'ID', 1, 1, words('A E M R W X')),
    ...Array.from({ length: 5 }, () => el('618', 'S', 'ID', 1, 3, SET_ERRORS)),
  ],
  // The eligibility guide's INS (270/271 2100C/2100D): only the relationship and, in the 271,
  // the change of identifying data and the birth sequence are used.
  INS: [
    el('1073', 'R', 'ID', 1, 1, YN),
    el('1069', 'R', 'ID', 2, 2),
    el('875', 'S', 'ID', 3, 3),
    el('1203', 'S', 'ID', 2, 3),
    el('1216', 'N', 'ID', 1, 1),
    cx('C052', 'N', [el('1218', 'S', 'ID', 1, 1), el('1701', 'S', 'ID', 1, 1)]),
    el('1219', 'N', 'ID', 1, 2),
    el('584', 'N', 'ID', 2, 2),
    el('1220', 'N', 'ID', 1, 1),
    el('1073', 'N', 'ID', 1, 1),
    el('1250', 'N', 'ID', 2, 3),
    el('1251', 'N', 'AN', 1, 35),
    el('1165', 'N', 'ID', 1, 1),
    el('19', 'N', 'AN', 2, 30),
    el('156', 'N', 'ID', 2, 2),
    el('26', 'N', 'ID', 2, 3),
    el('1470', 'S', 'N0', 1, 9),
  ],
  // III: the 270 inquiry's place of service (III01-02) and the 271's additional information
  // (III01-04); III05 to III09 are used by neither.
  // HSD (271 2110C/2110D): how many services, per what period, how often.
  HSD: [
    el('673', 'S', 'ID', 2, 2, ['DY', 'FL', 'HS', 'MN', 'VS']),
    el('380', 'S', 'R', 1, 15),
    el('355', 'S', 'ID', 2, 2, ['DA', 'MO', 'VS', 'WK', 'YR']),
    el('1167', 'S', 'R', 1, 6),
    el('615', 'S', 'ID', 1, 2, words('6 7 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35')),
    el('616', 'S', 'N0', 1, 3),
    el(
      '678',
      'S',
      'ID',
      1,
      2,
      words('1 2 3 4 5 6 7 8 9 A B C D E F G H J K L M N O P Q R S SG SL SP SX SY SZ T U V W X Y'),
    ),
    el('679', 'S', 'ID', 1, 1, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'Y']),
  ],
  III: [
    el('1270', 'S', 'ID', 1, 3),
    el('1271', 'S', 'AN', 1, 30),
    el('1136', 'S', 'ID', 2, 2),
    el('933', 'S', 'AN', 1, 264),
    el('380', 'N', 'R', 1, 15),
    cx('C001', 'N', [el('355', 'R', 'ID', 2, 2)]),
    el('752', 'N', 'ID', 2, 2),
    el('752', 'N', 'ID', 2, 2),
    el('752', 'N', 'ID', 2, 2),
  ],
  K3: [
    el('449', 'R', 'AN', 1, 80),
    el('1333', 'N', 'ID', 1, 2),
    cx('C001', 'N', [el('355', 'R', 'ID', 2, 2)]),
  ],
  LE: [el('447', 'R', 'AN', 1, 4)],
  // LIN (837P 2410): one product id pair (the NDC); the further pairs are not used.
  LIN: [
    el('350', 'N', 'AN', 1, 20),
    el('235', 'R', 'ID', 2, 2),
    el('234', 'R', 'AN', 1, 48),
    ...Array.from({ length: 14 }, () => [el('235', 'N', 'ID', 2, 2), el('234', 'N', 'AN', 1, 48)]).flat(),
  ],
  LQ: [el('1270', 'R', 'ID', 1, 3), el('1271', 'R', 'AN', 1, 30)],
  LS: [el('447', 'R', 'AN', 1, 4)],
  LX: [el('554', 'R', 'N0', 1, 6)],
  // MEA (837P 2400): a test result (hemoglobin, hematocrit, creatinine, height) or the original
  // epoetin dosage; ranges, units and codes of the standard are not used.
  MEA: [
    el('737', 'R', 'ID', 2, 2, ['OG', 'TR']),
    el('738', 'R', 'ID', 1, 3, words('HT R1 R2 R3 R4')),
    el('739', 'R', 'R', 1, 20),
    cx('C001', 'N', [el('355', 'R', 'ID', 2, 2)]),
    el('740', 'N', 'R', 1, 20),
    el('741', 'N', 'R', 1, 20),
    el('935', 'N', 'ID', 2, 2),
    el('936', 'N', 'ID', 2, 2),
    el('752', 'N', 'ID', 2, 2),
    el('1373', 'N', 'ID', 2, 2),
    el('1270', 'N', 'ID', 1, 3),
    el('1271', 'N', 'AN', 1, 30),
  ],
  // MIA (835 2100): covered days required, the rest amounts, counts and remark codes.
  MIA: [
    el('380', 'R', 'R', 1, 15),
    el('782', 'S', 'R', 1, 18),
    el('380', 'S', 'R', 1, 15),
    el('782', 'S', 'R', 1, 18),
    el('127', 'S', 'AN', 1, 50),
    ...Array.from({ length: 9 }, () => el('782', 'S', 'R', 1, 18)),
    el('380', 'S', 'R', 1, 15),
    ...Array.from({ length: 4 }, () => el('782', 'S', 'R', 1, 18)),
    ...Array.from({ length: 4 }, () => el('127', 'S', 'AN', 1, 50)),
    el('782', 'S', 'R', 1, 18),
  ],
  // MOA (835 2100, 837P 2320): reimbursement rate, payable amount, remark codes, amounts.
  MOA: [
    el('954', 'S', 'R', 1, 10),
    el('782', 'S', 'R', 1, 18),
    ...Array.from({ length: 5 }, () => el('127', 'S', 'AN', 1, 50)),
    el('782', 'S', 'R', 1, 18),
    el('782', 'S', 'R', 1, 18),
  ],
  // MPI (271 2100C/2100D): military personnel information.
  MPI: [
    el('1201', 'R', 'ID', 1, 1, ['A', 'C', 'L', 'O', 'P', 'S', 'T']),
    el('584', 'R', 'ID', 2, 2, words('AE AO AS AT AU CC DD HD IR LX PE RE RM RR RU')),
    el('1595', 'R', 'ID', 1, 1, words('A B C D E F G H I J K L M N O Q R S U W')),
    el('352', 'S', 'AN', 1, 80),
    el(
      '1596',
      'S',
      'ID',
      2,
      2,
      words(
        'A1 A2 A3 B1 B2 C1 C2 C3 C4 C5 C6 C7 C8 C9 E1 F1 F2 F3 F4 G1 G4 L1 L2 L3 L4 L5 L6 M1 M2 M3 ' +
          'M4 M5 M6 P1 P2 P3 P4 P5 R1 R2 S1 S2 S3 S4 S5 S6 S7 S8 S9 SA SB SC T1 V1 W1',
      ),
    ),
    el('1250', 'S', 'ID', 2, 3, ['D8', 'RD8']),
    el('1251', 'S', 'AN', 1, 35),
  ],
  MSG: [el('933', 'R', 'AN', 1, 264), undefined, undefined],
  N1: [
    el('98', 'R', 'ID', 2, 3),
    el('93', 'S', 'AN', 1, 60),
    el('66', 'S', 'ID', 1, 2),
    el('67', 'S', 'AN', 2, 80),
    el('706', 'N', 'ID', 2, 2),
    el('98', 'N', 'ID', 2, 3),
  ],
  N3: [el('166', 'R', 'AN', 1, 55), el('166', 'S', 'AN', 1, 55)],
  N4: [
    el('19', 'S', 'AN', 2, 30),
    el('156', 'S', 'ID', 2, 2),
    el('116', 'S', 'ID', 3, 15),
    el('26', 'S', 'ID', 2, 3),
    el('309', 'S', 'ID', 1, 2),
    el('310', 'S', 'AN', 1, 30),
    el('1715', 'S', 'ID', 1, 3),
  ],
  NM1: [
    el('98', 'R', 'ID', 2, 3),
    el('1065', 'R', 'ID', 1, 1, ['1', '2']),
    el('1035', 'S', 'AN', 1, 60),
    el('1036', 'S', 'AN', 1, 35),
    el('1037', 'S', 'AN', 1, 25),
    el('1038', 'S', 'AN', 1, 10),
    el('1039', 'S', 'AN', 1, 10),
    el('66', 'S', 'ID', 1, 2),
    el('67', 'S', 'AN', 2, 80),
    // NM110 names a benefit related entity's relationship in the 271's 2120C/2120D.
    el('706', 'S', 'ID', 2, 2),
    el('98', 'N', 'ID', 2, 3),
    el('1035', 'S', 'AN', 1, 60),
  ],
  NTE: [el('363', 'R', 'ID', 3, 3), el('352', 'R', 'AN', 1, 80)],
  // OI (837P 2320): the other payer's assignment of benefits (Y, N, W) and release of information
  // (I, Y); its claim filing, submission reason and provider agreement are not used.
  OI: [
    el('1032', 'N', 'ID', 1, 2),
    el('1383', 'N', 'ID', 2, 2),
    el('1073', 'R', 'ID', 1, 1, ['N', 'W', 'Y']),
    el('1351', 'S', 'ID', 1, 1, ['P']),
    el('1360', 'N', 'ID', 1, 1),
    el('1363', 'R', 'ID', 1, 1, ['I', 'Y']),
  ],
  // PAT (837P 2000B and 2000C): the relationship is required in 2000C and not used in 2000B.
  PAT: [
    el('1069', 'S', 'ID', 2, 2),
    el('1384', 'N', 'ID', 1, 1),
    el('584', 'N', 'ID', 2, 2),
    el('1220', 'N', 'ID', 1, 1),
    el('1250', 'S', 'ID', 2, 3, ['D8']),
    el('1251', 'S', 'AN', 1, 35),
    el('355', 'S', 'ID', 2, 2, ['01']),
    el('81', 'S', 'R', 1, 10),
    el('1073', 'S', 'ID', 1, 1, ['Y']),
  ],
  PER: [
    el('366', 'R', 'ID', 2, 2),
    el('93', 'S', 'AN', 1, 60),
    el('365', 'S', 'ID', 2, 2),
    el('364', 'S', 'AN', 1, 256),
    el('365', 'S', 'ID', 2, 2),
    el('364', 'S', 'AN', 1, 256),
    el('365', 'S', 'ID', 2, 2),
    el('364', 'S', 'AN', 1, 256),
    el('443', 'N', 'AN', 1, 20),
  ],
  // PLB (835): the 835 guide's provider adjustment reasons, the same list for each of the six
  // adjustment identifiers (PLB03-1 to PLB13-1).
  PLB: [
    el('127', 'R', 'AN', 1, 50),
    el('373', 'R', 'DT', 8, 8),
    adjustment('R', PLB_REASONS),
    el('782', 'R', 'R', 1, 18),
    ...Array.from({ length: 5 }, () => [adjustment('S', PLB_REASONS), el('782', 'S', 'R', 1, 18)]).flat(),
  ],
  PRV: [
    el('1221', 'R', 'ID', 1, 3),
    el('128', 'S', 'ID', 2, 3),
    el('127', 'S', 'AN', 1, 50),
    el('156', 'N', 'ID', 2, 2),
    cx('C035', 'N', [el('1222', 'S', 'AN', 1, 3)]),
    el('1223', 'N', 'ID', 3, 3),
  ],
  // PS1 (837P 2400): who performed a purchased service and what it cost; the state is not used.
  PS1: [el('127', 'R', 'AN', 1, 50), el('782', 'R', 'R', 1, 18), el('156', 'N', 'ID', 2, 2)],
  // PWK (837P 2300 and 2400): report type and transmission, the attachment control number.
  PWK: [
    el('755', 'R', 'ID', 2, 2),
    el('756', 'R', 'ID', 1, 2),
    el('757', 'N', 'N0', 1, 2),
    el('98', 'N', 'ID', 2, 3),
    el('66', 'S', 'ID', 1, 2, ['AC']),
    el('67', 'S', 'AN', 2, 80),
    el('352', 'N', 'AN', 1, 80),
    cx('C002', 'N', [el('704', 'R', 'ID', 1, 2)]),
    el('1525', 'N', 'ID', 1, 2),
  ],
  QTY: [
    el('673', 'R', 'ID', 2, 2),
    el('380', 'R', 'R', 1, 15),
    cx('C001', 'N', [el('355', 'R', 'ID', 2, 2)]),
    el('61', 'N', 'AN', 1, 30),
  ],
  // RDM (835 1000B): how the remittance reaches the payee when it travels apart from the payment.
  RDM: [
    el('756', 'R', 'ID', 1, 2, words('BM EM FT OL')),
    el('93', 'S', 'AN', 1, 60),
    el('364', 'S', 'AN', 1, 256),
    cx('C040', 'N', [el('128', 'R', 'ID', 2, 3), el('127', 'R', 'AN', 1, 50)]),
    cx('C040', 'N', [el('128', 'R', 'ID', 2, 3), el('127', 'R', 'AN', 1, 50)]),
  ],
  REF: [el('128', 'R', 'ID', 2, 3), el('127', 'R', 'AN', 1, 50), el('352', 'S', 'AN', 1, 80), undefined],
  SBR: [
    el('1138', 'R', 'ID', 1, 1, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'P', 'S', 'T', 'U']),
    el('1069', 'S', 'ID', 2, 2),
    el('127', 'S', 'AN', 1, 50),
    el('93', 'S', 'AN', 1, 60),
    el('1336', 'S', 'ID', 1, 3),
    el('1143', 'N', 'ID', 1, 1),
    el('1073', 'N', 'ID', 1, 1),
    el('584', 'N', 'ID', 1, 2),
    el('1032', 'S', 'ID', 1, 2),
  ],
  SV1: [
    procedure('R', ['ER', 'HC', 'IV', 'WK']),
    el('782', 'R', 'R', 1, 18),
    el('355', 'R', 'ID', 2, 2, ['MJ', 'UN']),
    el('380', 'R', 'R', 1, 15),
    el('1331', 'S', 'AN', 1, 2),
    el('1365', 'N', 'ID', 1, 2),
    cx('C004', 'R', [
      el('1328', 'R', 'N0', 1, 2),
      el('1328', 'S', 'N0', 1, 2),
      el('1328', 'S', 'N0', 1, 2),
      el('1328', 'S', 'N0', 1, 2),
    ]),
    el('782', 'N', 'R', 1, 18),
    el('1073', 'S', 'ID', 1, 1, ['Y']),
    undefined,
    el('1073', 'S', 'ID', 1, 1, ['Y']),
    el('1073', 'S', 'ID', 1, 1, ['Y']),
    undefined,
    undefined,
    el('1327', 'S', 'ID', 1, 1),
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ],
  // SV5 (837P 2400): durable medical equipment, its length of need, rental and purchase prices.
  SV5: [
    cx('C003', 'R', [
      el('235', 'R', 'ID', 2, 2, ['HC']),
      el('234', 'R', 'AN', 1, 48),
      ...Array.from({ length: 4 }, () => el('1339', 'N', 'AN', 2, 2)),
      el('352', 'N', 'AN', 1, 80),
      el('234', 'N', 'AN', 1, 48),
    ]),
    el('355', 'R', 'ID', 2, 2),
    el('380', 'R', 'R', 1, 15),
    el('782', 'R', 'R', 1, 18),
    el('782', 'R', 'R', 1, 18),
    el('594', 'R', 'ID', 1, 1, ['1', '4', '6']),
    el('923', 'N', 'ID', 1, 1),
  ],
  SVC: [
    procedure('R', ['AD', 'ER', 'HC', 'HP', 'IV', 'N4', 'NU', 'WK']),
    el('782', 'R', 'R', 1, 18),
    el('782', 'R', 'R', 1, 18),
    el('234', 'S', 'AN', 1, 48),
    el('380', 'S', 'R', 1, 15),
    procedure('S', ['AD', 'ER', 'HC', 'HP', 'IV', 'N4', 'NU', 'WK']),
    el('380', 'S', 'R', 1, 15),
  ],
  // SVD (837P 2430): the earlier payer's line adjudication.
  SVD: [
    el('67', 'R', 'AN', 2, 80),
    el('782', 'R', 'R', 1, 18),
    procedure('R', ['ER', 'HC', 'IV', 'WK']),
    el('234', 'N', 'AN', 1, 48),
    el('380', 'R', 'R', 1, 15),
    el('554', 'S', 'N0', 1, 6),
  ],
  // TS2 (835 2000): institutional supplemental totals (DRG, outlier, day counts), all situational.
  TS2: words('782 782 782 782 782 782 380 782 782 380 380 380 380 380 782 380 782 782 782').map((ref) =>
    ref === '380' ? el(ref, 'S', 'R', 1, 15) : el(ref, 'S', 'R', 1, 18),
  ),
  // TS3 (835 2000): the provider summary; most Medicare totals of the standard are not used.
  TS3: [
    el('127', 'R', 'AN', 1, 50),
    el('1331', 'R', 'AN', 1, 2),
    el('373', 'R', 'DT', 8, 8),
    el('380', 'R', 'R', 1, 15),
    el('782', 'R', 'R', 1, 18),
    ...'NNNNNNNSNSNSSNSSS'.split('').map((usage) => el('782', usage as 'N' | 'S', 'R', 1, 18)),
    el('380', 'S', 'R', 1, 15),
    el('782', 'S', 'R', 1, 18),
  ],
  TRN: [
    el('481', 'R', 'ID', 1, 2),
    el('127', 'R', 'AN', 1, 50),
    el('509', 'S', 'AN', 10, 10),
    el('127', 'S', 'AN', 1, 50),
  ],
};

/** Code lists by element position, for one use of a segment. */
type LoopCodes = Readonly<Record<number, readonly string[]>>;

/**
 * The segment's 5010 element table with the code lists one loop allows: the same segment takes
 * different entity, id and reference qualifiers in different loops. Lists come from the
 * implementation guides' element tables for that loop (005010X279A1, X221A1, X222A1).
 */
export function loopElements(
  id: string,
  codes: LoopCodes,
  dependent: Readonly<Record<number, DependentCodes>> = {},
  forms: Readonly<Record<number, DependentPattern>> = {},
): SegmentElements {
  const base = ELEMENTS_5010[id];
  if (!base) throw new TypeError(`No 5010 element table for ${id}`);
  for (const key of [...Object.keys(codes), ...Object.keys(dependent), ...Object.keys(forms)]) {
    const rule = base[Number(key) - 1];
    if (!rule || 'components' in rule) throw new TypeError(`${id}${key} takes no code list`);
  }
  return base.map((rule, i) => {
    const list = codes[i + 1];
    const by = dependent[i + 1];
    const form = forms[i + 1];
    if (!rule || (!list && !by && !form)) return rule;
    return {
      ...rule,
      ...(list ? { codes: list } : {}),
      ...(by ? { codesBy: by } : {}),
      ...(form ? { patternBy: form } : {}),
    };
  });
}

/** A segment use that checks its elements with the loop's own code lists. */
const inLoop = (
  rule: SegmentRule,
  codes: LoopCodes,
  dependent?: Readonly<Record<number, DependentCodes>>,
  forms?: Readonly<Record<number, DependentPattern>>,
): SegmentRule => ({
  ...rule,
  elements: loopElements(rule.id, codes, dependent, forms),
});

/** REF02 of a REF*SY is a social security number: nine digits, no separators (837P guide). */
const SSN_FORM: Readonly<Record<number, DependentPattern>> = {
  2: { element: 1, patterns: { SY: /^\d{9}$/ } },
};

/**
 * A DTP whose DTP01 takes the loop's qualifiers and whose DTP02 takes, per qualifier, the
 * formats the guide gives it; `rangeToo` lists the qualifiers that also take RD8.
 */
const dated = (rule: SegmentRule, qualifiers: readonly string[], rangeToo: readonly string[] = []) =>
  inLoop(
    rule,
    { 1: qualifiers },
    {
      2: {
        element: 1,
        lists: Object.fromEntries(qualifiers.map((q) => [q, rangeToo.includes(q) ? ['D8', 'RD8'] : ['D8']])),
      },
    },
  );

const address = [seg('N3'), seg('N4')];
/** NM1 that opens a loop: NM101 tells the loop apart; `codes` adds the loop's other lists. */
const nm1 = (codes: string[], usage: 'R' | 'S' = 'R', more: LoopCodes = {}) =>
  inLoop(seg('NM1', usage, 1, [1, codes]), { ...more, 1: codes });

// Per-loop code lists of the eligibility guide (005010X279A1), the same in the 270 and the 271.
const SOURCE_NAME: LoopCodes = {
  1: ['2B', '36', 'GP', 'P5', 'PR'],
  2: ['1', '2'],
  8: ['24', '46', 'FI', 'NI', 'PI', 'XV', 'XX'],
};
const RECEIVER_NAME: LoopCodes = {
  1: ['1P', '2B', '36', '80', 'FA', 'GP', 'P5', 'PR'],
  2: ['1', '2'],
  8: ['24', '34', 'FI', 'PI', 'PP', 'SV', 'XV', 'XX'],
};
const RECEIVER_REF: LoopCodes = {
  1: ['0B', '1C', '1D', '1J', '4A', 'CT', 'EL', 'EO', 'HPI', 'JD', 'N5', 'N7', 'Q4', 'SY', 'TJ'],
};

/** The 2100C/2100D and 2110C/2110D lists of the eligibility guide, in the 270 or the 271. */
interface EntityLists {
  name: LoopCodes;
  prv: LoopCodes;
  ref: LoopCodes;
  ins: LoopCodes;
  dtp: LoopCodes;
  benefitRef: LoopCodes;
  benefitDtp: LoopCodes;
  inquiryAmt?: LoopCodes;
}

// 270 (inquiry). 2100D NM108 is "not used" in both guides, so the dependent gets no NM108 list.
const INQUIRY_DATES: LoopCodes = { 1: ['102', '291'] };
// PRV01 of the subscriber and dependent (the receiver's 2100B list adds SB).
const PROVIDER_CODES = words('AD AT BI CO CV H HH LA OT P1 P2 PC PE R RF SK SU');
const INQUIRY_PRV: LoopCodes = { 1: PROVIDER_CODES, 2: words('9K D3 EI HPI PXC SY TJ') };
const ANSWER_PRV: LoopCodes = { 1: PROVIDER_CODES, 2: ['PXC'] };
// 271 2120C/2120D: who the benefit related entity is, how it is identified and how it relates.
const BENEFIT_ENTITY: LoopCodes = {
  1: words('13 1I 1P 2B 36 73 FA GP GW I3 IL LR OC P3 P4 P5 PR PRP SEP TTP VER VN VY X3 Y2'),
  2: ['1', '2'],
  8: words('24 34 46 FA FI II MI NI PI PP SV XV XX'),
  10: words('01 02 27 41 48 65 72'),
};
const BENEFIT_ENTITY_CONTACT: LoopCodes = {
  1: ['IC'],
  3: words('ED EM FX TE UR WP'),
  5: words('ED EM EX FX TE UR WP'),
  7: words('ED EM EX FX TE UR WP'),
};
const INQUIRY_BENEFIT: Pick<EntityLists, 'benefitRef' | 'benefitDtp'> = {
  benefitRef: { 1: ['9F', 'G1'] },
  benefitDtp: { 1: ['291'] },
};
const SUBSCRIBER_270: EntityLists = {
  name: { 8: ['II', 'MI'] },
  prv: INQUIRY_PRV,
  ref: { 1: words('18 1L 1W 3H 6P CT EA EJ F6 GH HJ IG N6 NQ SY Y4') },
  ins: { 1: ['Y'], 2: ['18'] },
  dtp: INQUIRY_DATES,
  ...INQUIRY_BENEFIT,
  inquiryAmt: { 1: ['PB', 'R'] },
};
const DEPENDENT_270: EntityLists = {
  name: {},
  prv: INQUIRY_PRV,
  ref: { 1: words('18 1L 1W 6P CT EA EJ F6 GH HJ IF IG MRC N6 SY Y4') },
  // INS02: 01 spouse, 19 child, 34 other adult.
  ins: { 1: ['N'], 2: ['01', '19', '34'] },
  dtp: INQUIRY_DATES,
  ...INQUIRY_BENEFIT,
};

// 271 (answer).
const ANSWER_DATES: LoopCodes = {
  1: words('096 102 152 291 307 318 340 341 342 343 346 347 356 357 382 435 442 458 472 539 540 636 771'),
};
const BENEFIT_DATES_271: LoopCodes = {
  1: words('096 193 194 198 290 291 292 295 304 307 318 346 347 348 349 356 357 435 472 636 771'),
};
const BENEFIT_REFS_271 = '18 1L 1W 49 6P 9F ALS CLI F6 FO G1 IG N6 NQ';
const SUBSCRIBER_271: EntityLists = {
  name: { 8: ['II', 'MI'] },
  prv: ANSWER_PRV,
  ref: { 1: words('18 1L 1W 3H 49 6P CE CT EA EJ F6 GH HJ IF IG N6 NQ Q4 SY Y4') },
  ins: { 1: ['Y'], 2: ['18'], 3: ['001'], 4: ['25'] },
  dtp: ANSWER_DATES,
  benefitRef: { 1: words(`${BENEFIT_REFS_271} M7`) },
  benefitDtp: BENEFIT_DATES_271,
};
const DEPENDENT_271: EntityLists = {
  name: {},
  prv: ANSWER_PRV,
  ref: { 1: words('18 1L 1W 49 6P CE CT EA EJ F6 GH HJ IF IG MRC N6 NQ Q4 SY Y4') },
  // INS02: the public references disagree (one lists 01 19 21 34, another 01 19 20 21 39 40 53
  // G8); both are accepted, so that an answer is not refused for a code one of them allows.
  ins: { 1: ['N'], 2: words('01 19 20 21 34 39 40 53 G8'), 3: ['001'], 4: ['25'] },
  dtp: ANSWER_DATES,
  benefitRef: { 1: words(BENEFIT_REFS_271) },
  benefitDtp: BENEFIT_DATES_271,
};

const eligibilityEntities = (suffix: 'C' | 'D', inquiry: boolean) => {
  const lists =
    suffix === 'C' ? (inquiry ? SUBSCRIBER_270 : SUBSCRIBER_271) : inquiry ? DEPENDENT_270 : DEPENDENT_271;
  return [
    seg('TRN', 'S', inquiry ? 2 : 3),
    loop(`2100${suffix}`, suffix === 'C' ? 'Subscriber name' : 'Dependent name', 'R', 1, [
      nm1([suffix === 'C' ? 'IL' : '03'], 'R', lists.name),
      inLoop(seg('REF', 'S', 9), lists.ref),
      ...address,
      seg('AAA', 'S', 9),
      inLoop(seg('PRV'), lists.prv),
      seg('DMG'),
      inLoop(seg('INS'), lists.ins),
      seg('HI'),
      inLoop(seg('DTP', 'S', inquiry ? 2 : 9), lists.dtp),
      seg('MPI'),
      inquiry
        ? loop(`2110${suffix}`, 'Eligibility inquiry', 'S', 99, [
            seg('EQ', 'R'),
            lists.inquiryAmt ? inLoop(seg('AMT', 'S', 2), lists.inquiryAmt) : seg('AMT', 'S', 2),
            inLoop(seg('III', 'S', 10), { 1: ['ZZ'] }),
            inLoop(seg('REF'), lists.benefitRef),
            inLoop(seg('DTP'), lists.benefitDtp),
          ])
        : loop(`2110${suffix}`, 'Eligibility or benefit information', 'S', N, [
            seg('EB', 'R'),
            seg('HSD', 'S', 9),
            inLoop(seg('REF', 'S', 9), lists.benefitRef),
            inLoop(seg('DTP', 'S', 20), lists.benefitDtp),
            seg('AAA', 'S', 9),
            seg('MSG', 'S', 10),
            loop(`2115${suffix}`, 'Additional information', 'S', 10, [
              inLoop(seg('III', 'R'), { 1: ['GR', 'NI', 'ZZ'], 3: ['44'] }),
              seg('LS'),
            ]),
            seg('LS'),
            loop(`2120${suffix}`, 'Benefit related entity', 'S', 23, [
              inLoop(seg('NM1', 'R'), BENEFIT_ENTITY),
              ...address,
              inLoop(seg('PER', 'S', 3), BENEFIT_ENTITY_CONTACT),
              inLoop(seg('PRV'), { 1: [...PROVIDER_CODES, 'SB'], 2: ['PXC'] }),
            ]),
            seg('LE'),
          ]),
    ]),
  ];
};

const eligibility = (inquiry: boolean) => [
  seg('BHT', 'R'),
  hlLoop('2000A', 'Information source', '20', 'R', [
    ...(inquiry ? [] : [seg('AAA', 'S', 9)]),
    loop('2100A', 'Information source name', 'R', 1, [
      inLoop(seg('NM1', 'R'), SOURCE_NAME),
      ...(inquiry ? [] : [seg('PER', 'S', 3), seg('AAA', 'S', 9)]),
    ]),
    hlLoop('2000B', 'Information receiver', '21', 'R', [
      ...(inquiry ? [] : [seg('AAA', 'S', 9)]),
      loop('2100B', 'Information receiver name', 'R', 1, [
        inLoop(seg('NM1', 'R'), RECEIVER_NAME),
        inLoop(seg('REF', 'S', 9), RECEIVER_REF),
        ...address,
        seg('AAA', 'S', 9),
        inLoop(seg('PRV'), { 1: [...PROVIDER_CODES, 'SB'], 2: ['PXC'] }),
      ]),
      hlLoop('2000C', 'Subscriber', '22', 'R', [
        ...eligibilityEntities('C', inquiry),
        hlLoop('2000D', 'Dependent', '23', 'S', eligibilityEntities('D', inquiry)),
      ]),
    ]),
  ]),
];

/**
 * A schema whose loop tree is built the first time `items` is read: building all five trees
 * took about 7 ms of every import of the x12 entry, most of it for the sets a caller does not
 * read. The walker reads `items` once per schema and caches what it compiles from them.
 */
function lazySchema(
  head: Omit<TransactionSchema, 'items'>,
  build: () => TransactionSchema['items'],
): TransactionSchema {
  let items: TransactionSchema['items'] | undefined;
  return {
    ...head,
    get items() {
      items ??= build();
      return items;
    },
  };
}

export const SCHEMA_270: TransactionSchema = lazySchema(
  {
    elements: ELEMENTS_5010,
    setId: '270',
    version: '005010X279A1',
    name: 'Eligibility, coverage or benefit inquiry',
  },
  () => eligibility(true),
);

export const SCHEMA_271: TransactionSchema = lazySchema(
  {
    elements: ELEMENTS_5010,
    setId: '271',
    version: '005010X279A1',
    name: 'Eligibility, coverage or benefit information',
  },
  () => eligibility(false),
);

const casAndRefs = [seg('CAS', 'S', 99)];

// Per-loop code lists of the 835 guide (005010X221A1).
const PAYER_ID_QUALIFIERS = ['AD', 'FI', 'NI', 'PI', 'PP', 'XV'];
const INSURED_ID_QUALIFIERS = ['FI', 'II', 'MI'];

export const SCHEMA_835: TransactionSchema = lazySchema(
  {
    elements: ELEMENTS_5010,
    setId: '835',
    version: '005010X221A1',
    name: 'Health care claim payment/advice',
  },
  () => [
    seg('BPR', 'R'),
    seg('TRN', 'R'),
    inLoop(seg('CUR'), { 1: ['PR'] }),
    seg('REF', 'S', 1, [1, ['EV']]),
    seg('REF', 'S', 1, [1, ['F2']]),
    seg('DTM', 'S', 1, [1, ['405']]),
    loop('1000A', 'Payer identification', 'R', 1, [
      inLoop(seg('N1', 'R', 1, [1, ['PR']]), { 1: ['PR'], 3: ['XV'] }),
      ...address,
      inLoop(seg('REF', 'S', 4), { 1: ['2U', 'EO', 'HI', 'NF'] }),
      inLoop(seg('PER', 'S', 1, [1, ['CX']]), {
        1: ['CX'],
        3: ['EM', 'FX', 'TE'],
        5: ['EM', 'EX', 'FX', 'TE'],
        7: ['EX'],
      }),
      inLoop(seg('PER', 'S', N, [1, ['BL']]), {
        1: ['BL'],
        3: ['EM', 'TE', 'UR'],
        5: ['EM', 'EX', 'FX', 'TE', 'UR'],
        7: ['EM', 'EX', 'FX', 'UR'],
      }),
      inLoop(seg('PER', 'S', 1, [1, ['IC']]), { 1: ['IC'], 3: ['UR'] }),
    ]),
    loop('1000B', 'Payee identification', 'R', 1, [
      inLoop(seg('N1', 'R', 1, [1, ['PE']]), { 1: ['PE'], 3: ['FI', 'XV', 'XX'] }),
      ...address,
      inLoop(seg('REF', 'S', N), { 1: ['0B', 'D3', 'PQ', 'TJ'] }),
      seg('RDM'),
    ]),
    loop('2000', 'Header number', 'S', N, [
      seg('LX', 'R'),
      seg('TS3'),
      seg('TS2'),
      loop('2100', 'Claim payment information', 'R', N, [
        seg('CLP', 'R'),
        ...casAndRefs,
        nm1(['QC'], 'R', { 2: ['1'], 8: ['34', 'HN', 'II', 'MI', 'MR'] }),
        nm1(['IL'], 'S', { 8: INSURED_ID_QUALIFIERS }),
        nm1(['74'], 'S', { 8: ['C'] }),
        nm1(['82'], 'S', { 8: ['BD', 'BS', 'FI', 'MC', 'PC', 'SL', 'UP', 'XX'] }),
        nm1(['TT'], 'S', { 2: ['2'], 8: PAYER_ID_QUALIFIERS }),
        nm1(['PR'], 'S', { 2: ['2'], 8: PAYER_ID_QUALIFIERS }),
        nm1(['GB'], 'S', { 8: INSURED_ID_QUALIFIERS }),
        seg('MIA'),
        seg('MOA'),
        seg('REF', 'S', 5, [
          1,
          ['1L', '1W', '28', '6P', '9A', '9C', 'BB', 'CE', 'EA', 'F8', 'G1', 'G3', 'IG', 'SY'],
        ]),
        seg('REF', 'S', 10, [1, ['0B', '1A', '1C', '1D', '1G', '1H', '1J', 'D3', 'G2', 'LU']]),
        seg('DTM', 'S', 2, [1, ['232', '233']]),
        seg('DTM', 'S', 1, [1, ['036']]),
        seg('DTM', 'S', 1, [1, ['050']]),
        inLoop(seg('PER', 'S', 2), {
          1: ['CX'],
          3: ['EM', 'FX', 'TE'],
          5: ['EM', 'EX', 'FX', 'TE'],
          7: ['EX'],
        }),
        inLoop(seg('AMT', 'S', 13), { 1: words('AU D8 DY F5 I NL T T2 ZK ZL ZM ZN ZO') }),
        inLoop(seg('QTY', 'S', 14), { 1: words('CA CD LA LE NE NR OU PS VS ZK ZL ZM ZN ZO') }),
        loop('2110', 'Service payment information', 'S', 999, [
          seg('SVC', 'R'),
          inLoop(seg('DTM', 'S', 2), { 1: ['150', '151', '472'] }),
          ...casAndRefs,
          seg('REF', 'S', 8, [1, ['1S', 'APC', 'BB', 'E9', 'G1', 'G3', 'LU', 'RB']]),
          seg('REF', 'S', 1, [1, ['6R']]),
          seg('REF', 'S', 10, [1, ['0B', '1A', '1C', '1D', '1G', '1H', '1J', 'D3', 'G2', 'HPI', 'SY', 'TJ']]),
          seg('REF', 'S', 5, [1, ['0K']]),
          inLoop(seg('AMT', 'S', 9), { 1: words('B6 KH T T2 ZK ZL ZM ZN ZO') }),
          inLoop(seg('QTY', 'S', 6), { 1: words('ZK ZL ZM ZN ZO') }),
          inLoop(seg('LQ', 'S', 99), { 1: ['HE', 'RX'] }),
        ]),
      ]),
    ]),
    seg('PLB', 'S', N),
  ],
);

// Per-loop code lists of the professional claim guide (005010X222A1).
const CONTACT_837P: LoopCodes = {
  1: ['IC'],
  3: ['EM', 'FX', 'TE'],
  5: ['EM', 'EX', 'FX', 'TE'],
  7: ['EM', 'EX', 'FX', 'TE'],
};
// 2300 dates: onset, initial treatment, last seen, acute manifestation, accident, last menstrual
// period, last X-ray, prescription, disability (314, 360, 361: the only ones that take a range),
// last worked, return to work, admission, discharge, assumed and relinquished care, first contact,
// repricer received.
const CLAIM_DATES = words('431 454 304 453 439 484 455 471 314 360 361 297 296 435 096 090 091 444 050');
const CLAIM_REFS = words('4N F5 EW 9F G1 F8 X4 9A 9C LX D9 EA P4 1J');
// 2400 dates: service (472, date or range), prescription, certification revision, begin therapy,
// last certification, last seen, test dates, shipped, last X-ray, initial treatment.
const LINE_DATES = words('472 471 607 463 461 304 738 739 011 455 454');
const LINE_REFS = words('9B 9D G1 6R EW X4 F4 BT 9F');
// PWK01 report types and PWK02 transmission codes of the claim's attachments.
const REPORT_TYPES = words(
  '03 04 05 06 07 08 09 10 11 13 15 21 A3 A4 AM AS B2 B3 B4 BR BS BT CB CK CT D2 DA DB DG DJ DS EB ' +
    'HC HR I5 IR LA M1 MT NN OB OC OD OE OX OZ P4 P5 PE PN PO PQ PY PZ RB RR RT RX SG V5 XP',
);
const TRANSMISSIONS = words('AA BM EL EM FT FX');

const RENDERING_PRV: LoopCodes = { 1: ['PE'], 2: ['PXC'] };
// CRC condition codes (CRC03 to CRC07) by category (CRC01): ambulance certification (07), vision
// and homebound (E1 to E3), EPSDT referral (ZZ) on the claim; ambulance, hospice employee (70)
// and DME condition (09) on the line.
const AMBULANCE_CONDITIONS = words('01 04 05 06 07 08 09 12');
const VISION_CONDITIONS = words('L1 L2 L3 L4 L5 IH');
const conditions = (max: number, lists: Readonly<Record<string, readonly string[]>>) =>
  inLoop(
    seg('CRC', 'S', max),
    { 1: Object.keys(lists) },
    Object.fromEntries([3, 4, 5, 6, 7].map((n) => [n, { element: 1, lists }])),
  );
const CLAIM_CONDITIONS = conditions(8, {
  '07': AMBULANCE_CONDITIONS,
  E1: VISION_CONDITIONS,
  E2: VISION_CONDITIONS,
  E3: VISION_CONDITIONS,
  ZZ: words('AV NU S2 ST'),
});
const LINE_CONDITIONS = conditions(5, { '07': AMBULANCE_CONDITIONS, '09': ['38', 'ZV'], '70': ['65'] });
// Secondary identifiers of the provider loops (REF01), by who the provider is.
const REFERRING_IDS = ['0B', '1G', 'G2'];
const RENDERING_IDS = ['0B', '1G', 'G2', 'LU'];
const FACILITY_IDS = ['0B', 'G2', 'LU'];
const ids = (codes: readonly string[], max = 3) => [inLoop(seg('REF', 'S', max), { 1: codes })];

const provider = (
  id: string,
  name: string,
  codes: string[],
  extra = [seg('REF', 'S', 3)],
  prv: SegmentRule = seg('PRV'),
) => loop(id, name, 'S', 1, [nm1(codes), prv, ...address, ...extra]);

export const SCHEMA_837P: TransactionSchema = lazySchema(
  {
    elements: ELEMENTS_5010,
    setId: '837',
    version: '005010X222A1',
    name: 'Health care claim: professional',
  },
  () => [
    seg('BHT', 'R'),
    loop('1000A', 'Submitter name', 'R', 1, [
      nm1(['41'], 'R', { 8: ['46'] }),
      inLoop(seg('PER', 'R', 2), CONTACT_837P),
    ]),
    loop('1000B', 'Receiver name', 'R', 1, [nm1(['40'], 'R', { 2: ['2'], 8: ['46'] })]),
    hlLoop('2000A', 'Billing provider', '20', 'R', [
      inLoop(seg('PRV'), { 1: ['BI'], 2: ['PXC'] }),
      inLoop(seg('CUR'), { 1: ['85'] }),
      loop('2010AA', 'Billing provider name', 'R', 1, [
        nm1(['85'], 'R', { 8: ['XX'] }),
        ...address,
        seg('REF', 'R', 1, [1, ['EI', 'SY']]),
        seg('REF', 'S', 2, [1, ['0B', '1G']]),
        inLoop(seg('PER', 'S', 2), CONTACT_837P),
      ]),
      loop('2010AB', 'Pay-to address', 'S', 1, [nm1(['87']), ...address]),
      loop('2010AC', 'Pay-to plan', 'S', 1, [
        nm1(['PE']),
        ...address,
        // Secondary ids (2U, FY, NF) and the plan's tax id (EI).
        inLoop(seg('REF', 'S', 2), { 1: ['2U', 'EI', 'FY', 'NF'] }),
      ]),
      hlLoop('2000B', 'Subscriber', '22', 'R', [
        seg('SBR', 'R'),
        seg('PAT'),
        loop('2010BA', 'Subscriber name', 'R', 1, [
          nm1(['IL'], 'R', { 8: ['II', 'MI'] }),
          ...address,
          seg('DMG'),
          inLoop(seg('REF', 'S', 2), { 1: ['SY', 'Y4'] }, undefined, SSN_FORM),
          seg('PER'),
        ]),
        loop('2010BB', 'Payer name', 'R', 1, [
          nm1(['PR'], 'R', { 2: ['2'], 8: ['PI', 'XV'] }),
          ...address,
          inLoop(seg('REF', 'S', 5), { 1: ['2U', 'EI', 'FY', 'NF', 'G2', 'LU'] }),
        ]),
        ...claimLoop(),
        hlLoop('2000C', 'Patient', '23', 'S', [
          inLoop(seg('PAT', 'R'), { 1: words('01 19 20 21 39 40 53 G8') }),
          loop('2010CA', 'Patient name', 'R', 1, [
            nm1(['QC']),
            ...address,
            seg('DMG', 'R'),
            inLoop(seg('REF', 'S', 2), { 1: ['1W', 'SY', 'Y4'] }, undefined, SSN_FORM),
            inLoop(seg('PER'), { 1: ['IC'], 3: ['TE'], 5: ['EX'] }),
          ]),
          ...claimLoop(),
        ]),
      ]),
    ]),
  ],
);

function claimLoop() {
  return [
    loop('2300', 'Claim information', 'S', 100, [
      seg('CLM', 'R'),
      dated(seg('DTP', 'S', 20), CLAIM_DATES, ['314', '360', '361']),
      inLoop(seg('PWK', 'S', 10), { 1: REPORT_TYPES, 2: TRANSMISSIONS }),
      seg('CN1'),
      inLoop(seg('AMT'), { 1: ['F5'] }),
      inLoop(seg('REF', 'S', 20), { 1: CLAIM_REFS }),
      seg('K3', 'S', 10),
      inLoop(seg('NTE'), { 1: words('ADD CER DCP DGN TPO') }),
      seg('CR1'),
      seg('CR2'),
      CLAIM_CONDITIONS,
      seg('HI', 'R', 12),
      inLoop(seg('HCP'), { 1: words('00 01 02 03 04 05 07 08 09 10 11 12 13 14') }),
      provider('2310A', 'Referring provider', ['DN', 'P3'], ids(REFERRING_IDS)),
      provider('2310B', 'Rendering provider', ['82'], ids(RENDERING_IDS), inLoop(seg('PRV'), RENDERING_PRV)),
      provider('2310C', 'Service facility location', ['77'], ids(FACILITY_IDS)),
      provider('2310D', 'Supervising provider', ['DQ'], ids(RENDERING_IDS)),
      provider('2310E', 'Ambulance pick-up location', ['PW']),
      provider('2310F', 'Ambulance drop-off location', ['45']),
      loop('2320', 'Other subscriber information', 'S', 10, [
        seg('SBR', 'R'),
        seg('CAS', 'S', 5),
        inLoop(seg('AMT', 'S', 3), { 1: ['A8', 'D', 'EAF'] }),
        seg('OI', 'R'),
        seg('MOA'),
        loop('2330A', 'Other subscriber name', 'R', 1, [
          nm1(['IL']),
          ...address,
          inLoop(seg('REF'), { 1: ['SY'] }, undefined, SSN_FORM),
        ]),
        loop('2330B', 'Other payer name', 'R', 1, [
          nm1(['PR']),
          ...address,
          inLoop(seg('DTP'), { 1: ['573'], 2: ['D8'] }),
          inLoop(seg('REF', 'S', 6), { 1: words('2U EI FY NF G1 9F T4 F8') }),
        ]),
        ...(
          [
            ['2330C', ['DN', 'P3'], REFERRING_IDS],
            ['2330D', ['82'], RENDERING_IDS],
            ['2330E', ['77'], FACILITY_IDS],
            ['2330F', ['DQ'], RENDERING_IDS],
            ['2330G', ['85'], ['G2', 'LU']],
          ] as const
        ).map(([id, codes, refs]) =>
          loop(id, 'Other payer provider', 'S', 1, [
            nm1([...codes]),
            inLoop(seg('REF', 'R', 3), { 1: refs }),
          ]),
        ),
      ]),
      loop('2400', 'Service line', 'R', 50, [
        seg('LX', 'R'),
        seg('SV1', 'R'),
        seg('SV5'),
        // The line's PWK is an attachment (as in 2300) or the DME certificate (CT with AB, AD,
        // AF, AG or NS); one rule takes both.
        inLoop(seg('PWK', 'S', 10), { 1: REPORT_TYPES, 2: [...TRANSMISSIONS, ...words('AB AD AF AG NS')] }),
        seg('CR1'),
        seg('CR3'),
        LINE_CONDITIONS,
        dated(seg('DTP', 'R', 1, [1, ['472']]), ['472'], ['472']),
        // The other line dates; 472 is listed too, so a line dated after another DTP is
        // reported once (its required service date missing), not twice.
        dated(seg('DTP', 'S', 10), LINE_DATES, ['472']),
        inLoop(seg('QTY', 'S', 2), { 1: ['FL', 'PT'] }),
        seg('MEA', 'S', 5),
        seg('CN1'),
        inLoop(seg('REF', 'S', 15), { 1: LINE_REFS }),
        inLoop(seg('AMT', 'S', 2), { 1: ['F4', 'T'] }),
        seg('K3', 'S', 10),
        inLoop(seg('NTE', 'S', 2), { 1: words('ADD DCP TPO') }),
        seg('PS1'),
        inLoop(seg('HCP'), {
          1: words('00 01 02 03 04 05 06 07 08 09 10 11 12 13 14'),
          9: ['ER', 'HC', 'IV', 'WK'],
          11: ['MJ', 'UN'],
        }),
        loop('2410', 'Drug identification', 'S', 1, [
          inLoop(seg('LIN', 'R'), { 2: words('EN EO HI N4 ON UK UP') }),
          seg('CTP', 'R'),
          inLoop(seg('REF'), { 1: ['VY', 'XZ'] }),
        ]),
        provider(
          '2420A',
          'Rendering provider',
          ['82'],
          ids(RENDERING_IDS, 20),
          inLoop(seg('PRV'), RENDERING_PRV),
        ),
        provider('2420B', 'Purchased service provider', ['QB'], ids(REFERRING_IDS, 20)),
        provider('2420C', 'Service facility location', ['77'], ids(['G2', 'LU'])),
        provider('2420D', 'Supervising provider', ['DQ'], ids(RENDERING_IDS, 20)),
        provider(
          '2420E',
          'Ordering provider',
          ['DK'],
          [...ids(REFERRING_IDS, 20), inLoop(seg('PER'), CONTACT_837P)],
        ),
        provider('2420F', 'Referring provider', ['DN', 'P3'], ids(REFERRING_IDS, 20)),
        provider('2420G', 'Ambulance pick-up location', ['PW']),
        provider('2420H', 'Ambulance drop-off location', ['45']),
        loop('2430', 'Line adjudication information', 'S', 15, [
          seg('SVD', 'R'),
          seg('CAS', 'S', 5),
          inLoop(seg('DTP', 'R'), { 1: ['573'], 2: ['D8'] }),
          seg('AMT'),
        ]),
        loop('2440', 'Form identification code', 'S', N, [
          inLoop(seg('LQ', 'R'), { 1: ['AS', 'UT'] }),
          seg('FRM', 'R', 99),
        ]),
      ]),
    ]),
  ];
}

export const SCHEMA_999: TransactionSchema = lazySchema(
  {
    elements: ELEMENTS_5010,
    setId: '999',
    version: '005010X231A1',
    name: 'Implementation acknowledgment',
  },
  () => [
    seg('AK1', 'R'),
    loop('2000', 'Transaction set response header', 'S', N, [
      seg('AK2', 'R'),
      loop('2100', 'Error identification', 'S', N, [
        seg('IK3', 'R'),
        seg('CTX', 'S', 10),
        loop('2110', 'Implementation data element note', 'S', N, [
          seg('IK4', 'R'),
          // An element's context is a situational trigger only; business units belong to 2100.
          { ...seg('CTX', 'S', 10), elements: contextElements(SITUATIONAL_TRIGGER) },
        ]),
      ]),
      seg('IK5', 'R'),
    ]),
    seg('AK9', 'R'),
  ],
);

export const SCHEMAS: readonly TransactionSchema[] = [
  SCHEMA_270,
  SCHEMA_271,
  SCHEMA_835,
  SCHEMA_837P,
  SCHEMA_999,
];

/** Picks the loop schema for an ST (ST03 or GS08 tells 837P from 837I/837D). */
export function schemaFor(setId: string, version: string | undefined): TransactionSchema | undefined {
  if (setId === '837') return version?.includes('X222') ? SCHEMA_837P : undefined;
  return SCHEMAS.find((s) => s.setId === setId);
}
