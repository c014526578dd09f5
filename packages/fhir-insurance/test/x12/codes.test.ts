import { CARC, lookupCode, parse835, RARC } from '@medflow/fhir-insurance/x12';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers';

describe('CARC and RARC lists', () => {
  it('ship as versioned data with a short description per code', () => {
    for (const list of [CARC, RARC]) {
      expect(list.version).toMatch(/\d+ /);
      const entries = Object.entries(list.codes);
      expect(entries.length).toBe(Number(/(\d+) /.exec(list.version)![1]));
      for (const [code, description] of entries) {
        expect(code).toMatch(/^[A-Z]{0,2}\d{1,3}$/);
        expect(description.length).toBeGreaterThan(3);
        expect(description.length).toBeLessThan(110);
      }
    }
    expect(Object.keys(CARC.codes).length).toBeGreaterThan(250);
    expect(CARC.codes['45']).toMatch(/fee schedule/);
    expect(RARC.codes.MA01).toMatch(/appeal/);
  });

  it('looks codes up with their dates, and tells a stopped code from an active one', () => {
    expect(lookupCode(CARC, '1')).toMatchObject({
      known: true,
      start: '1995-01-01',
      stop: undefined,
      active: true,
    });
    expect(lookupCode(CARC, 'constructor')).toMatchObject({ known: false, description: undefined });
    const withStop = { version: 't', codes: { '99': 'x' }, dates: { '99': { stop: '2008-01-01' } } };
    expect(lookupCode(withStop, '99', '2007-12-31').active).toBe(true);
    expect(lookupCode(withStop, '99', '2008-01-01').active).toBe(false);
  });

  it('describes every reason and remark in the 835 fixture', () => {
    const [remit] = parse835(fixture('835-basic.x12'));
    const adjustments = remit!.claims.flatMap((c) => [
      ...c.adjustments,
      ...c.serviceLines.flatMap((l) => l.adjustments),
    ]);
    expect(adjustments.every((a) => a.description !== undefined)).toBe(true);
    expect(remit!.issues.filter((i) => i.code === 'code')).toEqual([]);
  });
});
