import { readBodyText, ValidationError, validationErrorFromZod } from '@medflow/core';
import type * as z from 'zod/mini';

/** Reads a JSON or form body and validates it. */
export async function readInput<S extends z.ZodMiniType>(
  request: Request,
  schema: S,
  limit: number,
): Promise<z.output<S>> {
  const type = request.headers.get('content-type') ?? '';
  const text = await readBodyText(request, limit);
  let data: unknown;
  if (type.includes('application/x-www-form-urlencoded')) {
    data = Object.fromEntries(new URLSearchParams(text));
  } else {
    try {
      data = text ? JSON.parse(text) : {};
    } catch {
      throw new ValidationError('Request body is not valid JSON');
    }
  }
  const result = schema.safeParse(data);
  if (!result.success) throw validationErrorFromZod(result.error, 'Invalid request');
  return result.data;
}

export function json(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

export function redirect(location: string, headers: Headers = new Headers()): Response {
  headers.set('location', location);
  headers.set('cache-control', 'no-store');
  return new Response(null, { status: 303, headers });
}

/** The client address as the platform's proxy reports it (first X-Forwarded-For hop). */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for');
  return forwarded?.split(',')[0]?.trim() || request.headers.get('x-real-ip') || 'unknown';
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function serializeCookie(
  name: string,
  value: string,
  options: { path: string; maxAgeSeconds: number; secure: boolean },
): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
