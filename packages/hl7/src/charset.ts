import { Hl7ParseError, type Hl7Location as Hl7ParseLocation } from './errors';
import type { Hl7Charset } from './message';

/** Maps an MSH-18 value (HL7 table 0211) to a supported character set; undefined if unsupported. */
export function charsetFromMsh18(value: string | undefined): Hl7Charset | undefined {
  const v = (value ?? '').trim().toUpperCase();
  switch (v) {
    case '':
    case 'ASCII':
    case 'ISO IR6':
    case 'UNICODE UTF-8':
    case 'UTF-8':
    case 'UTF8':
    case 'UNICODE':
      return 'utf-8';
    case '8859/1':
    case 'ISO-8859-1':
    case 'ISO8859-1':
    case 'ISO IR100':
    case 'ISO_IR 100':
    case 'LATIN1':
      return 'iso-8859-1';
    default:
      return undefined;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeLatin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 8192)) as unknown as number[]);
  }
  return out;
}

/** Offset of the first byte that breaks UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Reads MSH-18 straight from the bytes of the first MSH segment (ASCII-safe in both charsets). */
export function sniffCharset(bytes: Uint8Array): string | undefined {
  let start = -1;
  for (let i = 0; i + 3 < bytes.length && i < 1 << 20; i++) {
    if (
      bytes[i] === 0x4d &&
      bytes[i + 1] === 0x53 &&
      bytes[i + 2] === 0x48 &&
      (i === 0 || bytes[i - 1] === 0x0d || bytes[i - 1] === 0x0a || (i === 3 && bytes[0] === 0xef))
    ) {
      start = i;
      break;
    }
  }
  if (start < 0 || start + 8 > bytes.length) return undefined;
  const fs = bytes[start + 3]!;
  const rep = bytes[start + 5]!;
  // Byte start+4 is inside MSH-2.
  let field = 2;
  let i = start + 4;
  let valueStart = -1;
  for (; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0d || b === 0x0a) break;
    if (b === fs) {
      field++;
      if (field === 18) valueStart = i + 1;
      else if (field === 19) break;
    }
  }
  if (valueStart < 0) return undefined;
  let end = valueStart;
  while (end < i && bytes[end] !== rep && bytes[end] !== fs) end++;
  return decodeLatin1(bytes, valueStart, end);
}

export interface DecodedInput {
  text: string;
  charset: Hl7Charset;
  /** Bytes before the text (a UTF-8 byte order mark). */
  prefixBytes: number;
}

/** Decodes raw message bytes in the character set MSH-18 declares (or `override`). */
export function decodeBytes(bytes: Uint8Array, override?: Hl7Charset): DecodedInput {
  let charset = override;
  if (!charset) {
    const declared = sniffCharset(bytes);
    charset = charsetFromMsh18(declared);
    if (!charset) {
      throw new Hl7ParseError('unsupported character set in MSH-18', {
        segmentIndex: 1,
        segmentName: 'MSH',
        fieldPosition: 18,
        byteOffset: 0,
      });
    }
  }
  if (charset === 'iso-8859-1') return { text: decodeLatin1(bytes), charset, prefixBytes: 0 };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return { text: strictUtf8.decode(bom ? bytes.subarray(3) : bytes), charset, prefixBytes: bom };
  } catch (cause) {
    throw new Hl7ParseError(
      'bytes are not valid UTF-8',
      locateByte(bytes, Math.max(0, firstInvalidUtf8(bytes))),
      { hl7ErrorCode: '102', cause },
    );
  }
}

/** Segment index and field position of a byte, counted with the field separator at byte 3. */
function locateByte(bytes: Uint8Array, byteOffset: number): Hl7ParseLocation {
  const fs = bytes[3];
  let segmentIndex = 1;
  let fieldPosition = 0;
  for (let i = 0; i < byteOffset; i++) {
    const b = bytes[i];
    if (b === 0x0d || (b === 0x0a && bytes[i - 1] !== 0x0d)) {
      segmentIndex++;
      fieldPosition = 0;
    } else if (b === fs) fieldPosition++;
  }
  return { segmentIndex, fieldPosition, byteOffset };
}
