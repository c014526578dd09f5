import { DEFAULT_DELIMITERS, decodeEscapes, encodeEscapes, parseMessage } from '@medflow/hl7';
import { describe, expect, it } from 'vitest';

const d = DEFAULT_DELIMITERS;

describe('escapes', () => {
  it('decodes delimiter escapes in one pass', () => {
    expect(decodeEscapes('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f', d)).toBe('a|b^c&d~e\\f');
    // \E\ followed by F\ must not become a field separator: one left-to-right pass.
    expect(decodeEscapes('\\E\\F\\', d)).toBe('\\F\\');
  });

  it('decodes hex and formatting', () => {
    expect(decodeEscapes('caf\\XC3A9\\', d)).toBe('café');
    expect(decodeEscapes('one\\.br\\two\\.sp\\three\\.sp2\\four', d)).toBe('one\ntwo\nthree\n\nfour');
    expect(decodeEscapes('\\H\\bold\\N\\ \\.in+4\\x\\.ti-2\\y\\.ce\\z', d)).toBe('bold xy\nz');
    expect(decodeEscapes('\\H\\bold\\N\\', d, { keepFormatting: true })).toBe('\\H\\bold\\N\\');
    expect(decodeEscapes('a\\.sk3\\b', d)).toBe('a   b');
  });

  it('keeps unknown and unterminated escapes literally', () => {
    expect(decodeEscapes('50\\% off', d)).toBe('50\\% off');
    expect(decodeEscapes('x\\Zlocal\\y', d)).toBe('x\\Zlocal\\y');
    expect(decodeEscapes('bad hex \\XZZ\\ end', d)).toBe('bad hex \\XZZ\\ end');
    expect(decodeEscapes('tail\\F', d)).toBe('tail\\F');
    expect(decodeEscapes('\\P\\', d)).toBe('\\P\\');
    expect(decodeEscapes('\\P\\', { ...d, truncation: '#' })).toBe('#');
  });

  it('uses the message’s own escape character', () => {
    const m = parseMessage('MSH|^~#&|A\rNTE|1||a#F#b#.br#c#XC3A9#\\');
    expect(m.get('NTE-3')).toBe('a|b\nc\u00e9\\');
  });

  it('encodes every delimiter, newline and carriage return', () => {
    const text = 'a|b^c&d~e\\f\ng\rh';
    const enc = encodeEscapes(text, d);
    expect(enc).toBe('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\.br\\g\\X0D\\h');
    expect(decodeEscapes(enc, d)).toBe(text);
    expect(encodeEscapes('50#', { ...d, truncation: '#' })).toBe('50\\P\\');
  });
});
