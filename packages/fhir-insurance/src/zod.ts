// zod/mini, bundled and tree-shaken: classic zod costs ~75 ms of import time on its own, which
// alone would break the 30 ms cold-import budget of the main entry.
import {
  type HttpClient,
  type HttpRequestOptions,
  ValidationError,
  validationErrorFromZod,
} from '@medflow/core';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

const english = en().localeError;

/**
 * Builds schemas on first use, keeping them out of the entry's import time: the first zod schemas
 * a process builds cost milliseconds (zod's code runs for the first time), which the 30 ms
 * cold-import budget cannot spare. Exported schemas wrap their builder in `z.lazy`, which parses,
 * and infers input and output types, exactly as the schema it wraps.
 */
export function onFirstUse<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}

// One shared instance for the commonest field: zod schemas are immutable, so sharing changes
// nothing about how they parse, and ~40 copies would each cost construction time.
export const strings = onFirstUse(() => {
  const nonEmpty = z.string().check(z.minLength(1));
  return { nonEmpty, optionalNonEmpty: z.optional(nonEmpty) };
});

/**
 * Classic zod installs its English messages globally when imported; zod/mini installs none, so
 * without this every issue would read "Invalid input". A locale or error map the application
 * configured itself (`z.config`) still wins, exactly as it did with classic zod.
 */
const parseParams: z.core.ParseContext<z.core.$ZodIssue> = {
  // Same order as zod's own lookup (custom map, then locale), with English as the locale classic set.
  error: (issue) => {
    const global = z.config();
    return global.customError?.(issue) ?? global.localeError?.(issue) ?? english(issue);
  },
};

export function safeParse<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
): z.util.SafeParseResult<z.output<S>> {
  return schema.safeParse(input, parseParams);
}

/**
 * `HttpClient.json` for zod/mini schemas: core's signature names classic zod's schema type, and
 * parsing here keeps the English messages above. Same errors as core's `json`.
 */
export async function requestJson<S extends z.ZodMiniType>(
  http: HttpClient,
  schema: S,
  options: HttpRequestOptions,
): Promise<z.output<S>> {
  const response = await http.request(options);
  const text = await response.text();
  let data: unknown;
  try {
    data = text.length === 0 ? undefined : JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${http.provider} returned a body that is not JSON`, [], { cause: error });
  }
  const result = safeParse(schema, data);
  if (!result.success) throw validationErrorFromZod(result.error, `Unexpected ${http.provider} response`);
  return result.data;
}
