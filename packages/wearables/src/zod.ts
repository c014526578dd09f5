import {
  type HttpClient,
  type HttpRequestOptions,
  ValidationError,
  validationErrorFromZod,
} from '@medflow/core';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod/mini (bundled, tree-shaken) keeps zod's ~75 ms module graph out of every entry's import
 * time, but unlike classic zod it registers no locale, so every issue would read "Invalid input".
 * English is installed the way classic zod does it: only when nobody chose a locale before.
 */
function ensureMessages(): void {
  if (!z.config().localeError) z.config(en());
}

/** `schema.safeParse` with zod's English issue messages, as classic zod gives them. */
export function safeParse<T>(schema: z.ZodMiniType<T>, data: unknown) {
  ensureMessages();
  return schema.safeParse(data);
}

/**
 * `client.json` for a zod/mini schema (core's is typed for classic zod): same request, same
 * errors for a body that is not JSON or does not match.
 */
export async function requestJson<T>(
  client: HttpClient,
  schema: z.ZodMiniType<T>,
  options: HttpRequestOptions,
): Promise<T> {
  const response = await client.request(options);
  const text = await response.text();
  let data: unknown;
  try {
    data = text.length === 0 ? undefined : JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${client.provider} returned a body that is not JSON`, [], { cause: error });
  }
  const result = safeParse(schema, data);
  if (!result.success) throw validationErrorFromZod(result.error, `Unexpected ${client.provider} response`);
  return result.data;
}
