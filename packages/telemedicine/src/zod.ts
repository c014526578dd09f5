// zod/mini rather than classic zod, bundled and tree-shaken by tsup: classic zod costs ~75 ms
// of import time on its own.
import { en } from 'zod/locales';
import * as z from 'zod/mini';

let english: z.core.$ZodErrorMap | undefined;

/**
 * zod/mini loads no locale, so on its own every message reads "Invalid input" — unless some
 * other module happened to load classic zod, which installs English globally. Falling back
 * to English here keeps ValidationError messages the same either way; an app-wide
 * `z.config()` still takes precedence.
 */
const messages: z.core.$ZodErrorMap = (issue) => {
  const config = z.config();
  english ??= en().localeError;
  return config.customError?.(issue) ?? config.localeError?.(issue) ?? english(issue);
};

export function safeParse<S extends z.ZodMiniType>(schema: S, input: unknown) {
  return schema.safeParse(input, { error: messages }) as z.core.util.SafeParseResult<z.output<S>>;
}
