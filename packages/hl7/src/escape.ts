import type { Delimiters } from './delimiters';

export interface DecodeOptions {
  /**
   * Keep highlighting (`\H\`, `\N\`) and indentation/centering escapes as their literal
   * escape sequences instead of dropping them. Line breaks are always resolved.
   */
  keepFormatting?: boolean;
  /** Decodes `\Xhh…\` bytes; defaults to UTF-8 (ASCII-compatible). */
  hexDecoder?: (bytes: Uint8Array) => string;
}

const utf8Decoder = new TextDecoder('utf-8');

function decodeHex(hex: string, options: DecodeOptions | undefined): string | undefined {
  if (hex.length === 0 || hex.length % 2 !== 0) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    const hi = hexNibble(hex.charCodeAt(i * 2));
    const lo = hexNibble(hex.charCodeAt(i * 2 + 1));
    if (hi < 0 || lo < 0) return undefined;
    bytes[i] = hi * 16 + lo;
  }
  return options?.hexDecoder ? options.hexDecoder(bytes) : utf8Decoder.decode(bytes);
}

function hexNibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Resolves one escape body (the text between the escape characters); undefined keeps it literal. */
function resolveEscape(body: string, d: Delimiters, options: DecodeOptions | undefined): string | undefined {
  if (body.length === 1) {
    switch (body) {
      case 'F':
        return d.field;
      case 'S':
        return d.component;
      case 'T':
        return d.subcomponent;
      case 'R':
        return d.repetition;
      case 'E':
        return d.escape;
      case 'P':
        return d.truncation ?? undefined;
      case 'H':
      case 'N':
        return options?.keepFormatting ? undefined : '';
      default:
        return undefined;
    }
  }
  const first = body.charCodeAt(0);
  if (first === 88 /* X */) return decodeHex(body.slice(1), options);
  if (first === 46 /* . */) {
    const command = body.slice(1, 3);
    const arg = body.slice(3).trim();
    switch (command) {
      case 'br':
        return arg === '' ? '\n' : undefined;
      case 'sp': {
        if (arg === '') return '\n';
        const n = Number(arg);
        return Number.isInteger(n) && n >= 0 && n <= 100 ? '\n'.repeat(Math.max(1, n)) : undefined;
      }
      case 'sk': {
        const n = arg === '' ? 1 : Number(arg);
        return Number.isInteger(n) && n >= 0 && n <= 100 ? ' '.repeat(n) : undefined;
      }
      case 'ce':
        return options?.keepFormatting ? undefined : '\n';
      case 'in':
      case 'ti':
        if (!/^[+-]?\d*$/.test(arg)) return undefined;
        return options?.keepFormatting ? undefined : '';
      case 'fi':
      case 'nf':
        return options?.keepFormatting || arg !== '' ? undefined : '';
      default:
        return undefined;
    }
  }
  return undefined;
}

/**
 * Decodes the escape sequences of one leaf value in a single left-to-right pass, using the
 * message's own delimiters. An unknown or unterminated escape is kept verbatim so no
 * character is ever lost.
 */
export function decodeEscapes(value: string, d: Delimiters, options?: DecodeOptions): string {
  const esc = d.escape;
  let i = value.indexOf(esc);
  if (i < 0) return value;
  let out = '';
  let last = 0;
  while (i >= 0) {
    const close = value.indexOf(esc, i + 1);
    if (close < 0) break;
    const resolved = resolveEscape(value.slice(i + 1, close), d, options);
    if (resolved === undefined) {
      // A locally defined or unsupported escape (\Zxx\, \Cxxyy\ …) stays as written.
      out += value.slice(last, close + 1);
      last = close + 1;
      i = value.indexOf(esc, last);
      continue;
    }
    out += value.slice(last, i) + resolved;
    last = close + 1;
    i = value.indexOf(esc, last);
  }
  return out + value.slice(last);
}

/**
 * Encodes text for use as one leaf value: every delimiter becomes its escape, line breaks
 * become `\.br\` and a carriage return (which would end the segment) becomes `\X0D\`.
 */
export function encodeEscapes(value: string, d: Delimiters): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    let rep: string | undefined;
    if (ch === d.escape) rep = 'E';
    else if (ch === d.field) rep = 'F';
    else if (ch === d.component) rep = 'S';
    else if (ch === d.subcomponent) rep = 'T';
    else if (ch === d.repetition) rep = 'R';
    else if (d.truncation !== undefined && ch === d.truncation) rep = 'P';
    else if (ch === '\n') rep = '.br';
    else if (ch === '\r') rep = 'X0D';
    if (rep !== undefined) {
      out += value.slice(last, i) + d.escape + rep + d.escape;
      last = i + 1;
    }
  }
  return last === 0 ? value : out + value.slice(last);
}
