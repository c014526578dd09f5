import * as z from 'zod/mini';
import { formatInZone } from './zone';

/** An instant as ISO text or epoch milliseconds (Kotlin's Instant serializes either way). */
export const instantSchema = z.union([z.iso.datetime({ offset: true }), z.int().check(z.nonnegative())]);

/** A zone offset as "+02:00" / "Z" or as total seconds (java.time.ZoneOffset). */
export const zoneOffsetSchema = z.union([
  z.string().check(z.regex(/^(Z|[+-]\d{2}:?\d{2})$/)),
  z.int().check(z.gte(-18 * 3600), z.lte(18 * 3600)),
]);

export function offsetMinutes(offset: z.infer<typeof zoneOffsetSchema> | undefined | null): number {
  if (offset === undefined || offset === null || offset === 'Z') return 0;
  if (typeof offset === 'number') return Math.round(offset / 60);
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** Renders an instant in the record's own offset, so the local day stays the patient's. */
export function localTimestamp(
  instant: z.infer<typeof instantSchema>,
  offset: z.infer<typeof zoneOffsetSchema> | undefined | null,
): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return formatInZone(ms, { offsetMinutes: offsetMinutes(offset) });
}
