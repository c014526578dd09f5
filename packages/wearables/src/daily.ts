import { type MergedPiece, mergeByPriority, type SourcePriority } from './dedup';
import { CANONICAL_UNITS, type Sample, sampleId } from './model';
import { formatInZone, localDate, localMidnight, nextDate, type Zone, zoneOf } from './zone';

export type DailyKind = 'steps' | 'distance' | 'active_energy' | 'sleep';

export interface DailyTotal {
  /** The patient's local calendar date (the record's own zone or offset). */
  date: string;
  kind: DailyKind;
  value: number;
  unit: string;
  sources: Array<{ source: string; value: number }>;
  /** The zone the day was counted in (of the first piece that landed on it). */
  zone: Zone;
}

export interface DailyTotalsOptions {
  kinds?: readonly DailyKind[];
  priority?: SourcePriority;
}

/**
 * Per-local-day totals after merging sources by priority. Activity splits at the local
 * midnights of its own zone (so a DST day is 23 or 25 hours long), and a night's sleep counts
 * on the date the patient woke up.
 */
export function dailyTotals(samples: readonly Sample[], options: DailyTotalsOptions = {}): DailyTotal[] {
  const kinds = options.kinds ?? (['steps', 'distance', 'active_energy', 'sleep'] as const);
  const out: DailyTotal[] = [];
  for (const kind of kinds) {
    const merged = mergeByPriority(samples, { kind, priority: options.priority });
    const days = new Map<string, { value: number; sources: Map<string, number>; zone: Zone }>();
    const add = (date: string, zone: Zone, source: string, value: number) => {
      let day = days.get(date);
      if (!day) {
        day = { value: 0, sources: new Map(), zone };
        days.set(date, day);
      }
      day.value += value;
      day.sources.set(source, (day.sources.get(source) ?? 0) + value);
    };
    for (const piece of merged.pieces) {
      if (kind === 'sleep') {
        const zone = zoneOf(piece.sample.time, 'end');
        const wake = Date.parse(piece.sample.time.end ?? piece.sample.time.start);
        add(localDate(wake, zone), zone, piece.source, piece.value);
      } else {
        for (const part of splitAtLocalMidnights(piece)) add(part.date, part.zone, piece.source, part.value);
      }
    }
    for (const [date, day] of [...days].sort(([a], [b]) => a.localeCompare(b))) {
      out.push({
        date,
        kind,
        value: tidy(day.value),
        unit: CANONICAL_UNITS[kind],
        sources: [...day.sources]
          .map(([source, value]) => ({ source, value: tidy(value) }))
          .sort((a, b) => b.value - a.value || a.source.localeCompare(b.source)),
        zone: day.zone,
      });
    }
  }
  return out;
}

function splitAtLocalMidnights(piece: MergedPiece): Array<{ date: string; zone: Zone; value: number }> {
  const zone = zoneOf(piece.sample.time);
  const duration = piece.endMs - piece.startMs;
  if (duration <= 0) return [{ date: localDate(piece.startMs, zone), zone, value: piece.value }];
  const parts: Array<{ date: string; zone: Zone; value: number }> = [];
  let from = piece.startMs;
  let date = localDate(from, zone);
  while (from < piece.endMs) {
    const midnight = localMidnight(nextDate(date), zone);
    const to = Math.min(midnight, piece.endMs);
    parts.push({ date, zone, value: (piece.value * (to - from)) / duration });
    from = to;
    date = nextDate(date);
  }
  return parts;
}

// Proration leaves float dust (9999.999999998): totals are reported to 1e-6.
function tidy(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Daily totals as samples (aggregation `day`), ready for toFhirObservations (steps → LOINC 41950-7). */
export function dailyTotalSamples(totals: readonly DailyTotal[], options: { subject: string }): Sample[] {
  return totals.map((t) => {
    const startMs = localMidnight(t.date, t.zone);
    const endMs = localMidnight(nextDate(t.date), t.zone);
    const sourceRecordId = `${options.subject}:${t.kind}:${t.date}`;
    const base = {
      id: sampleId('medflow-daily', sourceRecordId),
      time: {
        start: formatInZone(startMs, t.zone),
        end: formatInZone(endMs, t.zone),
        ...('timeZone' in t.zone ? { timeZone: t.zone.timeZone } : {}),
      },
      provenance: { provider: 'medflow-daily', sourceRecordId },
      derivedFrom: t.sources,
      aggregation: 'day' as const,
    };
    if (t.kind === 'sleep') return { ...base, kind: 'sleep', value: t.value, unit: 'min', stages: [] };
    return { ...base, kind: t.kind, value: t.value, unit: t.unit };
  });
}
