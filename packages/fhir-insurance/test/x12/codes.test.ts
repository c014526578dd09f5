import { CARC, type CodeList, lookupCode, parse835, RARC } from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import {
  CARC_STOPPED_UNDATED,
  CODE_LISTS_AS_OF,
  type CodeRow,
  carcRows,
  RARC_STOPPED_UNDATED,
  rarcRows,
} from '../../src/x12/reason-codes';
import { fixture } from './helpers';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (d: string) =>
  ISO_DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

const lists: [
  name: string,
  list: CodeList,
  rows: readonly CodeRow[],
  undated: readonly string[],
  shape: RegExp,
][] = [
  ['CARC', CARC, carcRows(), CARC_STOPPED_UNDATED, /^(?:[1-9]\d{0,2}|[A-Z][1-9]\d?|A0)$/],
  [
    'RARC',
    RARC,
    rarcRows(),
    RARC_STOPPED_UNDATED,
    /^(?:M[1-9]\d{0,2}|MA(?:0[1-9]|[1-9]\d{1,2})|N[1-9]\d{0,2})$/,
  ],
];

describe.each(lists)('%s list integrity', (_name, list, rows, undated, shape) => {
  it('has each code once, well formed, with a short description of our own', () => {
    const codes = rows.map(([code]) => code);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
    expect(codes.filter((c) => !shape.test(c))).toEqual([]);
    for (const [code, description] of rows) {
      expect(description.length, code).toBeGreaterThan(3);
      expect(description.length, code).toBeLessThanOrEqual(100);
      // The published lists' stock phrasing; our summaries say it in plain words instead.
      expect(description, code).not.toMatch(/Missing\/incomplete\/invalid|Usage:|At least one Remark Code/i);
    }
    expect(Object.keys(list.codes)).toHaveLength(rows.length);
  });

  it('has valid ISO dates, start before stop, none after the list it comes from', () => {
    for (const [code, , start, stop] of rows) {
      if (start !== undefined) expect(isRealDate(start), `${code} start ${start}`).toBe(true);
      if (stop !== undefined) {
        expect(isRealDate(stop), `${code} stop ${stop}`).toBe(true);
        expect(start, `${code} has a stop but no start`).toBeDefined();
        expect(start! <= stop, `${code} ${start} > ${stop}`).toBe(true);
      }
      if (start !== undefined) expect(start <= CODE_LISTS_AS_OF, `${code} starts after the list`).toBe(true);
    }
  });

  it('says in its version how many codes it holds and how many are deactivated', () => {
    const total = Number(/(\d+) codes/.exec(list.version)?.[1]);
    const deactivated = Number(/\((\d+) deactivated\)/.exec(list.version)?.[1]);
    expect(total).toBe(rows.length);
    const inactive = rows.filter(([code]) => !lookupCode(list, code, CODE_LISTS_AS_OF).active);
    expect(inactive).toHaveLength(deactivated);
    expect(list.version).toMatch(/our own summaries/);
  });

  it('marks the codes deactivated without a known stop date as stopped by the list date', () => {
    expect(undated.length).toBeGreaterThan(0);
    for (const code of undated) {
      const row = rows.find(([c]) => c === code);
      expect(row?.[3], code).toBeUndefined();
      expect(lookupCode(list, code).deactivatedBy).toBe(CODE_LISTS_AS_OF);
    }
  });
});

describe('CARC and RARC lookups against the published lists', () => {
  it('knows the whole current CARC range, letter codes included', () => {
    for (let n = 1; n <= 308; n++) expect(CARC.codes[String(n)], String(n)).toBeDefined();
    for (const code of ['A0', 'A8', 'B23', 'D23', 'P32', 'W9', 'Y3'])
      expect(CARC.codes[code], code).toBeDefined();
    expect(CARC.codes['45']).toMatch(/fee schedule/);
    expect(CARC.codes['22']).toMatch(/coordination of benefits/);
  });

  it('knows the RARC ranges and only the codes that exist', () => {
    for (let n = 1; n <= 144; n++) expect(RARC.codes[`M${n}`], `M${n}`).toBeDefined();
    for (let n = 1; n <= 134; n++)
      expect(RARC.codes[`MA${String(n).padStart(2, '0')}`], `MA${n}`).toBeDefined();
    // N813 and N814 were never published.
    const missingN = Array.from({ length: 940 }, (_, i) => `N${i + 1}`).filter(
      (c) => RARC.codes[c] === undefined,
    );
    expect(missingN).toEqual(['N813', 'N814']);
    expect(RARC.codes.MA01).toMatch(/appeal/);
    expect(RARC.codes.N793).toBeDefined();
  });

  it.each([
    // list, code, start, stop
    ['CARC', '1', '1995-01-01', undefined],
    ['CARC', '17', '1995-01-01', '2009-07-01'],
    ['CARC', '38', '1995-01-01', '2013-01-01'],
    ['CARC', '133', '2014-07-01', undefined],
    ['CARC', 'B5', '1995-01-01', '2016-05-01'],
    ['CARC', 'D22', '2008-01-27', '2009-01-01'],
    ['CARC', 'W1', '2000-02-29', '2014-07-01'],
    ['CARC', 'P12', '2013-11-01', undefined],
    ['CARC', '308', undefined, undefined],
    ['RARC', 'M1', '1997-01-01', undefined],
    ['RARC', 'M140', '1997-01-01', '2004-01-30'],
    ['RARC', 'MA03', '1997-01-01', '2006-10-01'],
    ['RARC', 'MA126', '2001-10-12', undefined],
    ['RARC', 'N29', '2000-01-01', '2016-03-01'],
    ['RARC', 'N100', '2001-09-14', '2016-11-01'],
    ['RARC', 'N127', '2007-10-31', undefined],
    ['RARC', 'N770', '2016-03-01', undefined],
    ['RARC', 'N940', undefined, undefined],
  ] as const)('%s %s has the published start and stop', (name, code, start, stop) => {
    expect(lookupCode(name === 'CARC' ? CARC : RARC, code)).toMatchObject({ known: true, start, stop });
  });

  it('tells a deactivated code from an active one by the date asked about', () => {
    expect(lookupCode(CARC, '17', '2009-06-30').active).toBe(true);
    expect(lookupCode(CARC, '17', '2009-07-01').active).toBe(false);
    expect(lookupCode(CARC, 'W3', '2014-06-30').active).toBe(true);
    expect(lookupCode(CARC, 'W3').active).toBe(false);
    expect(lookupCode(RARC, 'MA03', '2006-09-30').active).toBe(true);
    expect(lookupCode(RARC, 'MA03', '2006-10-01').active).toBe(false);
    expect(lookupCode(CARC, '45').active).toBe(true);
    // Stop date unknown: known deactivated from the list that first shows it so.
    expect(lookupCode(CARC, '15', '2016-01-01')).toMatchObject({ active: true, stop: undefined });
    expect(lookupCode(CARC, '15', CODE_LISTS_AS_OF)).toMatchObject({
      active: false,
      deactivatedBy: CODE_LISTS_AS_OF,
    });
    expect(lookupCode(RARC, 'N793', '2026-12-01').active).toBe(false);
    // Stopped in 2009 by the 2016 list but current again in the 2026 one: the later list wins.
    expect(lookupCode(RARC, 'N411')).toMatchObject({ stop: undefined, active: true });
    expect(lookupCode(CARC, 'constructor')).toMatchObject({
      known: false,
      description: undefined,
      active: true,
    });
  });
});

describe('835 remark and reason codes', () => {
  const basic = fixture('835-basic.x12');

  it('describes every reason and remark in the 835 fixture', () => {
    const [remit] = parse835(basic);
    const adjustments = remit!.claims.flatMap((c) => [
      ...c.adjustments,
      ...c.serviceLines.flatMap((l) => l.adjustments),
    ]);
    expect(adjustments.every((a) => a.description !== undefined)).toBe(true);
    expect(remit!.issues.filter((i) => i.code === 'code')).toEqual([]);
  });

  it('reads deactivated codes with their description; the lookup reports them inactive', () => {
    const [remit] = parse835(
      basic.replace('CAS*CO*29*250', 'CAS*CO*A2*250').replace('LQ*HE*N130', 'LQ*HE*N29'),
    );
    const line = remit!.claims.flatMap((c) => c.serviceLines).find((l) => l.remarks.includes('N29'))!;
    expect(line).toBeDefined();
    const a2 = remit!.claims[1]!.serviceLines[0]!.adjustments[0]!;
    expect(a2).toMatchObject({ reason: 'A2', description: CARC.codes.A2, amountCents: 25000 });
    const serviceDate = '2026-11-02';
    expect(lookupCode(CARC, a2.reason, serviceDate)).toMatchObject({ stop: '2008-01-01', active: false });
    expect(lookupCode(RARC, 'N29', serviceDate)).toMatchObject({ stop: '2016-03-01', active: false });
    expect(remit!.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('warns about codes deactivated before the date of the remittance, not about earlier ones', () => {
    const deactivated = basic.replace('CAS*CO*29*250', 'CAS*CO*A2*250').replace('LQ*HE*N130', 'LQ*HE*N29');
    const warnings = (text: string) =>
      parse835(text)[0]!
        .issues.filter((i) => i.code === 'code')
        .map((i) => [i.severity, i.segmentId, i.message]);
    // N29 (claim 1's line) stopped on 2016-03-01 and A2 (claim 2's line) on 2008-01-01; the
    // fixture is dated 2026-11.
    expect(warnings(deactivated)).toEqual([
      ['warning', 'LQ', 'Remark code was deactivated before the date of this remittance'],
      ['warning', 'CAS', 'Claim adjustment reason code was deactivated before the date of this remittance'],
    ]);
    // The same codes in a remittance produced on 2007-06-01 (DTM*405) were still in use.
    const dated2007 = deactivated.replace(/DTM\*405\*\d{8}/, 'DTM*405*20070601');
    expect(dated2007).not.toBe(deactivated);
    expect(warnings(dated2007)).toEqual([]);
    // N29 was still in use in 2015, A2 no longer.
    expect(warnings(deactivated.replace(/DTM\*405\*\d{8}/, 'DTM*405*20150601')).map((w) => w[1])).toEqual([
      'CAS',
    ]);
  });

  it('still parses a remittance with unknown codes, warning once per segment', () => {
    const [remit] = parse835(
      basic.replace('CAS*CO*29*250', 'CAS*CO*309*250').replace('MOA***MA01', 'MOA***MA135'),
    );
    expect(remit!.claims).toHaveLength(4);
    expect(remit!.claims[1]!.serviceLines[0]!.adjustments[0]).toMatchObject({
      reason: '309',
      description: undefined,
    });
    expect(remit!.claims[0]!.remarks).toEqual(['MA135']);
    expect(remit!.issues.filter((i) => i.code === 'code').map((i) => [i.severity, i.segmentId])).toEqual([
      ['warning', 'MOA'],
      ['warning', 'CAS'],
    ]);
  });
});
