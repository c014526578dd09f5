import { hmac, timingSafeEqual, toBase64, utf8 } from '@medflow/core';

export type TwilioParams = Record<string, string | readonly string[]>;

/**
 * Twilio's webhook signature: the full URL, then every POST parameter as name+value in
 * sorted name order (repeated names: each distinct value, sorted), HMAC-SHA1 under the
 * auth token, base64.
 */
export async function computeTwilioSignature(
  authToken: string,
  url: string,
  params: TwilioParams,
): Promise<string> {
  let data = url;
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (typeof value === 'string') data += key + value;
    else if (value) for (const v of [...new Set(value)].sort()) data += key + v;
  }
  return toBase64(await hmac('SHA-1', authToken, data));
}

/** Parses a form body the way Twilio sent it; repeated names become arrays. */
export function parseFormParams(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/**
 * The URL Twilio signed: the configured public base URL plus the path and query the request
 * arrived with. Behind a proxy or tunnel the app sees `http://internal:3000/…`, while Twilio
 * signed `https://public.example/…`; rebuilding from the public base is what makes it verify.
 */
export function publicUrlOf(receivedUrl: string, publicBaseUrl: string | undefined): string {
  if (!publicBaseUrl) return receivedUrl;
  const received = new URL(receivedUrl);
  return `${publicBaseUrl.replace(/\/+$/, '')}${received.pathname}${received.search}`;
}

// Twilio signs the URL as configured; whether a default port was written there is unknown
// to us, so both spellings are tried, as twilio's own validateRequest does.
function portVariants(url: string): string[] {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(url);
  if (!match) return [url];
  const [, scheme = '', authority = '', rest = ''] = match;
  const portMatch = /^(.*?)(:\d+)?$/.exec(authority);
  const host = portMatch?.[1] ?? authority;
  const port = portMatch?.[2];
  const defaultPort = scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  const withoutPort = `${scheme}${host}${rest}`;
  const withDefault = `${scheme}${host}${port ?? defaultPort}${rest}`;
  return [...new Set([url, withoutPort, withDefault])];
}

export interface VerifyTwilioSignatureInput {
  /** The account's auth token; several during a rotation to the secondary token. */
  authToken: string | readonly string[];
  /** The URL Twilio requested (after publicUrlOf). */
  url: string;
  params: TwilioParams;
  signature: string | null | undefined;
}

export async function verifyTwilioSignature(input: VerifyTwilioSignatureInput): Promise<boolean> {
  const tokens = (typeof input.authToken === 'string' ? [input.authToken] : input.authToken).filter(
    (t) => typeof t === 'string' && t.length > 0,
  );
  if (!input.signature || tokens.length === 0) return false;
  const given = utf8(input.signature.trim());
  let ok = false;
  for (const token of tokens) {
    for (const url of portVariants(input.url)) {
      const expected = utf8(await computeTwilioSignature(token, url, input.params));
      // Every candidate is computed: which one matched must not show in the timing.
      ok = timingSafeEqual(expected, given) || ok;
    }
  }
  return ok;
}
