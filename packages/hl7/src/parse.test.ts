import { createMessage, Hl7ParseError, parseBatch, parseMessage } from '@medflow/hl7';
import { describe, expect, it } from 'vitest';
import { ORU_R01 } from '../test/fixtures';

function catchError(fn: () => unknown): Hl7ParseError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Hl7ParseError);
    return error as Hl7ParseError;
  }
  throw new Error('expected a parse error');
}

describe('parseMessage', () => {
  it('reads fields, repetitions, components and subcomponents by path', () => {
    const m = parseMessage(ORU_R01);
    expect(m.segments.map((s) => s.name)).toEqual([
      'MSH',
      'PID',
      'PV1',
      'ORC',
      'OBR',
      'OBX',
      'OBX',
      'OBX',
      'OBX',
      'OBX',
      'NTE',
      'SPM',
    ]);
    expect(m.get('MSH-1')).toBe('|');
    expect(m.get('MSH-2')).toBe('^~\\&');
    expect(m.get('MSH-9.2')).toBe('R01');
    expect(m.getRaw('MSH-9')).toBe('ORU^R01^ORU_R01');
    expect(m.type).toEqual({ code: 'ORU', trigger: 'R01', structure: 'ORU_R01' });
    expect(m.controlId).toBe('MSG00001');
    expect(m.version).toBe('2.5.1');
    expect(m.get('PID-3[2].1')).toBe('98765');
    expect(m.get('PID-3[2].4')).toBe('SSA');
    expect(m.get('PID-3.1')).toBe('555-44-3333');
    expect(m.get('PID-5.1.1')).toBe('DOE');
    expect(m.get('PID-5.2')).toBe('JANE');
    expect(m.get('OBX(3)-5')).toBe('Fasting & hydrated\nsecond line');
    expect(m.get('OBX(2)-8')).toBe('H');
    expect(m.get('OBX(9)-5')).toBeUndefined();
    expect(m.get('PID-99')).toBeUndefined();
    expect(m.segment('OBX', 2)?.get('3.2')).toBe('Triglyceride');
    expect(m.segment('PID')?.getRepetitions(3)).toEqual(['555-44-3333', '98765']);
    expect(m.segment('PID')?.getComponents(5)).toEqual([
      'DOE',
      'JANE',
      'Q',
      undefined,
      undefined,
      undefined,
      'L',
    ]);
  });

  it('keeps the explicit null "" distinct from empty', () => {
    const m = parseMessage('MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5\rPID|1||""||""^JOHN\r');
    expect(m.get('PID-3')).toBeNull();
    expect(m.get('PID-2')).toBeUndefined();
    expect(m.get('PID-5.1')).toBeNull();
    expect(m.get('PID-5.2')).toBe('JOHN');
  });

  it('round-trips byte for byte, including trailing empties and terminators', () => {
    const inputs = [
      ORU_R01,
      `${ORU_R01}\r`,
      'MSH|^~\\&|A||||||ADT^A01|1|P|2.5|||\rPID|||||~~^^&&|\r\r',
      'MSH|^~\\&|A|B\r\nPID|1\r\n',
      'MSH#$%@!#A#B\rPID#1#a$b%c@d!e',
    ];
    for (const input of inputs) expect(parseMessage(input).toString()).toBe(input);
  });

  it('uses the delimiters the message declares, including the truncation character', () => {
    const m = parseMessage('MSH*:!$&#*LAB*X\rOBX*1*ST*C:Code*1*a$S$b:c!d$E$x$P$');
    expect(m.delimiters).toEqual({
      field: '*',
      component: ':',
      repetition: '!',
      escape: '$',
      subcomponent: '&',
      truncation: '#',
    });
    expect(m.get('OBX-3.2')).toBe('Code');
    expect(m.get('OBX-5')).toBe('a:b');
    expect(m.get('OBX-5.2')).toBe('c');
    expect(m.get('OBX-5[2]')).toBe('d$x#');
    expect(m.toString()).toBe('MSH*:!$&#*LAB*X\rOBX*1*ST*C:Code*1*a$S$b:c!d$E$x$P$');
  });

  it('accepts \\n and \\r\\n terminators only when there is no bare \\r, with a warning', () => {
    const crlf = parseMessage('MSH|^~\\&|A\r\nPID|1\r\nNTE|1||x\r\n');
    expect(crlf.segments.map((s) => s.name)).toEqual(['MSH', 'PID', 'NTE']);
    expect(crlf.warnings[0]).toMatch(/instead of \\r/);
    const lf = parseMessage('MSH|^~\\&|A\nPID|1\n');
    expect(lf.segments).toHaveLength(2);
    const withText = parseMessage('MSH|^~\\&|A\rNTE|1||line one\nline two\r');
    expect(withText.get('NTE-3')).toBe('line one\nline two');
    expect(withText.warnings).toEqual([]);
  });

  it('rejects a message that does not start with MSH, or a short MSH-2', () => {
    const notMsh = catchError(() => parseMessage('PID|1||x'));
    expect(notMsh.segmentIndex).toBe(1);
    expect(notMsh.byteOffset).toBe(0);
    const short = catchError(() => parseMessage('MSH|^~\\|A'));
    expect(short.fieldPosition).toBe(2);
    expect(short.byteOffset).toBe(4);
    const dup = catchError(() => parseMessage('MSH|^^\\&|A'));
    expect(dup.fieldPosition).toBe(2);
  });

  it('names segment index, field position and byte offset of a bad segment', () => {
    const err = catchError(() => parseMessage('MSH|^~\\&|Zoë\rPID|1\rpid|2\r'));
    expect(err.segmentIndex).toBe(3);
    expect(err.fieldPosition).toBe(0);
    expect(err.byteOffset).toBe(20);
    expect(err.code).toBe('hl7_parse_error');
    expect(err.message).not.toContain('Zo');
  });

  it('decodes bytes by MSH-18: UTF-8 and ISO-8859-1', () => {
    const utf = new TextEncoder().encode('MSH|^~\\&|A|||||||1|P|2.5||||||UNICODE UTF-8\rPID|1||||Müller^Zoë');
    const m1 = parseMessage(utf);
    expect(m1.get('PID-5')).toBe('Müller');
    expect(m1.charset).toBe('utf-8');
    expect(m1.toBytes()).toEqual(utf);
    const text = 'MSH|^~\\&|A|||||||1|P|2.5||||||8859/1\rPID|1||||Müller^Zoë\\XE9\\';
    const latin = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const m2 = parseMessage(latin);
    expect(m2.charset).toBe('iso-8859-1');
    expect(m2.get('PID-5.2')).toBe('Zoëé');
    expect(m2.toBytes()).toEqual(latin);
    const bad = Uint8Array.from([...new TextEncoder().encode('MSH|^~\\&|A\rPID|1|'), 0xff, 0x41]);
    const err = catchError(() => parseMessage(bad));
    expect(err.byteOffset).toBe(17);
    expect(err.segmentIndex).toBe(2);
    expect(
      catchError(() => parseMessage(new TextEncoder().encode('MSH|^~\\&|A|||||||1|P|2.5||||||KLINGON')))
        .fieldPosition,
    ).toBe(18);
  });

  it('sets values with encoding and keeps the rest untouched', () => {
    const m = parseMessage(ORU_R01);
    m.set('OBX(1)-5', '7|8^9');
    expect(m.getRaw('OBX(1)-5')).toBe('7\\F\\8\\S\\9');
    expect(m.get('OBX(1)-5')).toBe('7|8^9');
    m.set('PID-3[2].4', 'NEW');
    expect(m.getRaw('PID-3')).toBe('555-44-3333^^^ACME^MR~98765^^^NEW^SS');
    m.set('PID-5.1.2', 'X');
    expect(m.getRaw('PID-5')).toBe('DOE&X^JANE^Q^^^^L');
    m.set('PID-30', null);
    expect(m.get('PID-30')).toBeNull();
    expect(m.toString().split('\r')[5]).toBe(ORU_R01.split('\r')[5]!.replace('||196|', '||7\\F\\8\\S\\9|'));
  });

  it('builds messages from scratch', () => {
    const m = createMessage();
    m.segments[0]!.set(9, 'ADT').set('9.2', 'A01').set(10, 'X1');
    m.addSegment('PID', ['1', '', 'ID^^^A']);
    expect(m.toString()).toBe('MSH|^~\\&|||||||ADT^A01|X1\rPID|1||ID^^^A\r');
    expect(parseMessage(m.toString()).get('PID-3.4')).toBe('A');
  });
});

describe('parseBatch', () => {
  const msg = (id: string) => `MSH|^~\\&|LAB||||||ORU^R01|${id}|P|2.5.1\rPID|1||${id}`;
  it('splits FHS/BHS/BTS/FTS and checks counts', () => {
    const text = [
      'FHS|^~\\&|LAB',
      'BHS|^~\\&|LAB',
      msg('A'),
      msg('B'),
      'BTS|2',
      'BHS|^~\\&|LAB',
      msg('C'),
      'BTS|1',
      'FTS|2',
      '',
    ].join('\r');
    const batch = parseBatch(text);
    expect(batch.batches.map((b) => b.messages.map((m) => m.controlId))).toEqual([['A', 'B'], ['C']]);
    expect(batch.messages).toHaveLength(3);
    expect(batch.header?.name).toBe('FHS');
    expect(batch.trailer?.get(1)).toBe('2');
    expect(batch.toString()).toBe(text);
    expect(batch.warnings).toEqual([]);
  });

  it('rejects wrong counts with the trailer location', () => {
    const text = ['BHS|^~\\&|LAB', msg('A'), 'BTS|2'].join('\r');
    const err = catchError(() => parseBatch(text));
    expect(err.segmentName).toBe('BTS');
    expect(err.segmentIndex).toBe(4);
    expect(err.fieldPosition).toBe(1);
    const file = ['FHS|^~\\&', 'BHS|^~\\&', msg('A'), 'BTS|1', 'FTS|3'].join('\r');
    expect(catchError(() => parseBatch(file)).segmentName).toBe('FTS');
  });

  it('warns about missing trailers and accepts plain message runs', () => {
    const run = parseBatch(`${msg('A')}\r${msg('B')}\r`);
    expect(run.messages.map((m) => m.controlId)).toEqual(['A', 'B']);
    const open = parseBatch(['FHS|^~\\&', 'BHS|^~\\&', msg('A')].join('\r'));
    expect(open.warnings.length).toBeGreaterThan(0);
  });
});

describe('options and bytes', () => {
  it('keeps formatting escapes on request', () => {
    const text = 'MSH|^~\\&|A\rOBX|1|FT|X||\\H\\bold\\N\\\\.br\\next';
    expect(parseMessage(text).get('OBX-5')).toBe('bold\nnext');
    expect(parseMessage(text, { keepFormatting: true }).get('OBX-5')).toBe('\\H\\bold\\N\\\nnext');
  });

  it('splits a batch given as ISO-8859-1 bytes and keeps each message’s text', () => {
    const text = [
      'BHS|^~\\&|LAB',
      'MSH|^~\\&|LAB||||||ORU^R01|A|P|2.5||||||8859/1',
      'PID|1||||Gödel',
      'BTS|1',
      '',
    ].join('\r');
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const batch = parseBatch(bytes);
    expect(batch.messages[0]!.get('PID-5')).toBe('Gödel');
    expect(batch.toString()).toBe(text);
  });

  it('overrides a mislabelled charset', () => {
    const bytes = Uint8Array.from('MSH|^~\\&|A|||||||1|P|2.5\rPID|1||||G\xf6del', (c) => c.charCodeAt(0));
    expect(() => parseMessage(bytes)).toThrow(Hl7ParseError);
    expect(parseMessage(bytes, { charset: 'iso-8859-1' }).get('PID-5')).toBe('Gödel');
  });
});
