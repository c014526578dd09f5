import type { TimeFrame } from './model';

/**
 * Local-day arithmetic on Intl only (no tz database dependency). A "zone" is either an IANA
 * name or a fixed UTC offset in minutes, taken from the record itself, never from the server.
 */
export type Zone = { timeZone: string } | { offsetMinutes: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at `epochMs`, in minutes (east positive). */
export function zoneOffsetMinutes(timeZone: string, epochMs: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** The UTC offset written in an RFC 3339 timestamp, in minutes. */
export function offsetOfTimestamp(timestamp: string): number {
  if (timestamp.endsWith('Z') || timestamp.endsWith('z')) return 0;
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(timestamp);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** The zone a time frame's local day is computed in: its IANA zone, else the offset it was written with. */
export function zoneOf(time: TimeFrame, which: 'start' | 'end' = 'start'): Zone {
  if (time.timeZone) return { timeZone: time.timeZone };
  return { offsetMinutes: offsetOfTimestamp(which === 'end' ? (time.end ?? time.start) : time.start) };
}

function offsetAt(zone: Zone, epochMs: number): number {
  return 'timeZone' in zone ? zoneOffsetMinutes(zone.timeZone, epochMs) : zone.offsetMinutes;
}

/** The local calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDate(epochMs: number, zone: Zone): string {
  const local = new Date(epochMs + offsetAt(zone, epochMs) * 60_000);
  return local.toISOString().slice(0, 10);
}

/** The instant local midnight starts `date` (YYYY-MM-DD) in `zone`; DST days are 23 or 25 hours long. */
export function localMidnight(date: string, zone: Zone): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  if ('offsetMinutes' in zone) return wall - zone.offsetMinutes * 60_000;
  // Two passes settle the offset in force at that wall time (zones change offset at most once a night).
  let guess = wall - offsetAt(zone, wall) * 60_000;
  guess = wall - offsetAt(zone, guess) * 60_000;
  return guess;
}

/** The date after `date`. */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Formats an instant as RFC 3339 with the offset `zone` has at that instant. */
export function formatInZone(epochMs: number, zone: Zone): string {
  const offset = offsetAt(zone, epochMs);
  const local = new Date(epochMs + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
