import { ackModeOf, buildAck, buildRejectAck, Hl7ParseError, parseMessage } from '@medflow/hl7';
import { describe, expect, it } from 'vitest';
import { ORU_R01 } from '../test/fixtures';

describe('buildAck', () => {
  it('swaps sender and receiver, echoes MSH-11/12/18 and references the original control id', () => {
    const original = parseMessage(ORU_R01);
    const ack = buildAck(original, 'AA', { timestamp: new Date(Date.UTC(2026, 10, 26, 10, 0, 0)) });
    const text = ack.toString();
    const reparsed = parseMessage(text);
    expect(reparsed.get('MSH-3')).toBe('EHR');
    expect(reparsed.get('MSH-4')).toBe('CLINIC');
    expect(reparsed.get('MSH-5')).toBe('LAB');
    expect(reparsed.get('MSH-6')).toBe('ACME_LAB');
    expect(reparsed.get('MSH-7')).toBe('20261126100000+0000');
    expect(reparsed.getRaw('MSH-9')).toBe('ACK^R01^ACK');
    expect(reparsed.controlId).toMatch(/^[0-9a-f]{20}$/);
    expect(reparsed.controlId).not.toBe('MSG00001');
    expect(reparsed.get('MSH-11')).toBe('P');
    expect(reparsed.version).toBe('2.5.1');
    expect(reparsed.get('MSH-18')).toBe('UNICODE UTF-8');
    expect(reparsed.get('MSA-1')).toBe('AA');
    expect(reparsed.get('MSA-2')).toBe('MSG00001');
    expect(reparsed.segments.map((s) => s.name)).toEqual(['MSH', 'MSA']);
    expect(buildAck(original, 'AA').controlId).not.toBe(reparsed.controlId);
  });

  it('writes ERR segments with table 0357 codes and locations', () => {
    const ack = buildAck(parseMessage(ORU_R01), 'AE', {
      text: 'Rejected',
      errors: [
        { code: '101', location: { segment: 'PID', sequence: 1, field: 3 }, message: 'Patient id missing' },
        { code: '207', severity: 'W' },
      ],
    });
    const errs = ack.getSegments('ERR');
    expect(errs).toHaveLength(2);
    expect(errs[0]!.getRaw(2)).toBe('PID^1^3');
    expect(errs[0]!.getRaw(3)).toBe('101^Required field missing^HL70357');
    expect(errs[0]!.get(4)).toBe('E');
    expect(errs[0]!.get(8)).toBe('Patient id missing');
    expect(errs[1]!.get('3.1')).toBe('207');
    expect(errs[1]!.get(4)).toBe('W');
    expect(ack.get('MSA-3')).toBe('Rejected');
  });

  it('uses ERR-1 ELD for versions before 2.5', () => {
    const m = parseMessage('MSH|^~\\&|LAB|F|EHR|C|20260101||ORU^R01|X9|P|2.3.1');
    const ack = buildAck(m, 'AE', {
      errors: [{ code: '102', location: { segment: 'OBX', sequence: 2, field: 5 } }],
    });
    expect(ack.segment('ERR')?.getRaw(1)).toBe('OBX^2^5^102&Data type error&HL70357');
  });

  it('supports enhanced mode codes and detects the mode', () => {
    const enhanced = parseMessage(ORU_R01);
    expect(ackModeOf(enhanced)).toBe('enhanced');
    expect(ackModeOf(parseMessage('MSH|^~\\&|A|B|C|D|1||ORU^R01|1|P|2.5'))).toBe('original');
    for (const code of ['CA', 'CE', 'CR'] as const) expect(buildAck(enhanced, code).get('MSA-1')).toBe(code);
  });

  it('keeps the sender’s delimiters', () => {
    const m = parseMessage('MSH*:!$&*LAB*F*EHR*C*1**ORU:R01*ID1*P*2.5');
    const ack = buildAck(m, 'AA');
    expect(ack.toString()).toMatch(/^MSH\*:!\$&\*EHR\*C\*LAB\*F\*\d{14}\+0000\*\*ACK:R01:ACK\*/);
  });
});

describe('buildRejectAck', () => {
  it('answers unparseable input with AR, the recovered control id and the error location', () => {
    const input = 'MSH|^~\\&|LAB|F|EHR|C|20260101||ORU^R01|CTRL-77|P|2.5.1\rPID|1\r obx|bad\r';
    let error: unknown;
    try {
      parseMessage(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Hl7ParseError);
    const ack = parseMessage(buildRejectAck(input, error).toString());
    expect(ack.get('MSA-1')).toBe('AR');
    expect(ack.get('MSA-2')).toBe('CTRL-77');
    expect(ack.get('MSH-5')).toBe('LAB');
    expect(ack.getRaw('MSH-9')).toBe('ACK^R01^ACK');
    expect(ack.get('ERR-3.1')).toBe('100');
    expect(ack.getRaw('ERR-2')).toBe('^3');
  });

  it('still answers input with no MSH at all', () => {
    const ack = buildRejectAck(new Uint8Array([1, 2, 3]), new Error('boom'));
    expect(ack.get('MSA-1')).toBe('AR');
    expect(ack.get('MSA-2')).toBeUndefined();
    expect(ack.get('ERR-3.1')).toBe('207');
    expect(ack.toString()).not.toContain('boom');
  });
});
