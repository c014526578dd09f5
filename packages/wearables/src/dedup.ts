import { type Sample, type SampleKind, type SleepSample, sourceKey, timeRange } from './model';

/**
 * Source priority, highest first. An entry matches a sample when it equals (case-insensitively)
 * or is contained in the sample's source name, device name/model or provider.
 * Sources no entry matches rank after every listed one, by the default order below.
 */
export type SourcePriority = readonly string[];

/**
 * Default when a patient has configured nothing: worn sensors (watch, ring, band) measure
 * while worn, a phone measures while carried, and manual entries are the least trustworthy.
 */
function defaultRank(sample: Sample): number {
  const p = sample.provenance;
  if (p.recordingMethod === 'manual') return 4;
  const type = p.device?.type;
  const name = `${p.sourceName ?? ''} ${p.device?.name ?? ''} ${p.device?.model ?? ''}`.toLowerCase();
  if (type === 'watch' || type === 'ring' || type === 'band' || /watch|ring|band|fitbit|oura/.test(name))
    return 0;
  if (type === 'phone' || /iphone|phone|pixel|galaxy s/.test(name)) return 1;
  if (type) return 2;
  return 3;
}

export interface RankedSource {
  rank: number;
  key: string;
}

/** Lower ranks win; equal ranks fall back to the source name so results never depend on input order. */
export function rankOf(sample: Sample, priority: SourcePriority = []): RankedSource {
  const key = sourceKey(sample);
  const haystack = [
    sample.provenance.sourceName,
    sample.provenance.device?.name,
    sample.provenance.device?.model,
    sample.provenance.provider,
  ]
    .filter((s): s is string => typeof s === 'string')
    .map((s) => s.toLowerCase());
  for (let i = 0; i < priority.length; i++) {
    const wanted = (priority[i] as string).toLowerCase();
    if (haystack.some((h) => h === wanted || h.includes(wanted))) return { rank: i, key };
  }
  return { rank: priority.length + defaultRank(sample), key };
}

function better(a: RankedSource, b: RankedSource): boolean {
  return a.rank < b.rank || (a.rank === b.rank && a.key < b.key);
}

/** A slice of one sample's value that survived the merge. */
export interface MergedPiece {
  sample: Sample;
  source: string;
  startMs: number;
  endMs: number;
  value: number;
}

export interface MergeResult {
  kind: SampleKind;
  pieces: MergedPiece[];
  total: number;
  /** Each contributing source with the amount it contributed, largest first. */
  sources: Array<{ source: string; value: number }>;
}

interface Span {
  sample: Sample;
  ranked: RankedSource;
  startMs: number;
  endMs: number;
  /** Value per millisecond (the value is assumed spread evenly over the span). */
  rate: number;
  /** Zero-length spans carry their value whole. */
  point: number;
}

const ASLEEP = new Set(['light', 'deep', 'rem', 'asleep']);

function spansOf(sample: Sample, priority: SourcePriority): Span[] {
  const ranked = rankOf(sample, priority);
  if (sample.kind === 'sleep') return sleepSpans(sample, ranked);
  if (!('value' in sample)) return [];
  const { startMs, endMs } = timeRange(sample.time);
  if (endMs <= startMs) return [{ sample, ranked, startMs, endMs: startMs, rate: 0, point: sample.value }];
  return [{ sample, ranked, startMs, endMs, rate: sample.value / (endMs - startMs), point: 0 }];
}

// Asleep stages count their own length; awake stages count zero but still mask lower-priority
// sources (the watch saying "awake" beats the phone guessing "asleep"). A session without
// stages spreads its minutes over itself.
function sleepSpans(sample: SleepSample, ranked: RankedSource): Span[] {
  if (sample.stages.length > 0) {
    return sample.stages.map((s) => ({
      sample,
      ranked,
      startMs: Date.parse(s.start),
      endMs: Date.parse(s.end),
      rate: ASLEEP.has(s.stage) ? 1 / 60_000 : 0,
      point: 0,
    }));
  }
  const { startMs, endMs } = timeRange(sample.time);
  if (endMs <= startMs) return [];
  return [{ sample, ranked, startMs, endMs, rate: sample.value / (endMs - startMs), point: 0 }];
}

/**
 * Merges one kind's interval samples from several sources by priority, per time interval:
 * where intervals overlap only the highest-priority source counts, elsewhere every source
 * counts. This avoids both failure modes: summing everything double counts the walk the phone
 * and the watch both saw, and keeping one source for the whole day drops the hours the watch
 * was off. Samples of one source never mask each other (they are that source's own split).
 */
export function mergeByPriority(
  samples: readonly Sample[],
  options: { kind: SampleKind; priority?: SourcePriority },
): MergeResult {
  const spans: Span[] = [];
  const seen = new Set<string>();
  for (const sample of samples) {
    if (sample.kind !== options.kind || seen.has(sample.id)) continue;
    seen.add(sample.id);
    spans.push(...spansOf(sample, options.priority ?? []));
  }
  const pieces: MergedPiece[] = [];
  const points = spans.filter((s) => s.endMs === s.startMs);
  const intervals = spans.filter((s) => s.endMs > s.startMs);

  const bounds = [...new Set(intervals.flatMap((s) => [s.startMs, s.endMs]))].sort((a, b) => a - b);
  const byStart = [...intervals].sort((a, b) => a.startMs - b.startMs);
  const active = new Set<Span>();
  let next = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i] as number;
    const to = bounds[i + 1] as number;
    while (next < byStart.length && (byStart[next] as Span).startMs <= from)
      active.add(byStart[next++] as Span);
    for (const span of active) if (span.endMs <= from) active.delete(span);
    let winner: RankedSource | undefined;
    for (const span of active) if (!winner || better(span.ranked, winner)) winner = span.ranked;
    if (!winner) continue;
    for (const span of active) {
      if (span.ranked.key !== winner.key || span.ranked.rank !== winner.rank || span.rate === 0) continue;
      const value = span.rate * (to - from);
      const last = pieces[pieces.length - 1];
      // Adjacent slices of one sample are one piece again.
      if (last && last.sample === span.sample && last.endMs === from) {
        last.endMs = to;
        last.value += value;
      } else {
        pieces.push({ sample: span.sample, source: span.ranked.key, startMs: from, endMs: to, value });
      }
    }
  }
  // A zero-length sample counts unless a higher-priority interval covers its instant.
  for (const point of points) {
    const masked = intervals.some(
      (s) => s.startMs <= point.startMs && s.endMs > point.startMs && better(s.ranked, point.ranked),
    );
    if (!masked)
      pieces.push({
        sample: point.sample,
        source: point.ranked.key,
        startMs: point.startMs,
        endMs: point.endMs,
        value: point.point,
      });
  }
  pieces.sort((a, b) => a.startMs - b.startMs);
  return { kind: options.kind, pieces, total: sum(pieces), sources: contributions(pieces) };
}

function sum(pieces: readonly MergedPiece[]): number {
  let total = 0;
  for (const p of pieces) total += p.value;
  return total;
}

export function contributions(pieces: readonly MergedPiece[]): Array<{ source: string; value: number }> {
  const bySource = new Map<string, number>();
  for (const p of pieces) bySource.set(p.source, (bySource.get(p.source) ?? 0) + p.value);
  return [...bySource]
    .map(([source, value]) => ({ source, value }))
    .sort((a, b) => b.value - a.value || a.source.localeCompare(b.source));
}

/**
 * Drops repeats before they are written: the same id twice (a re-sent batch), and the same
 * reading of an instant kind (heart rate, weight, …) at the same instant from a lower-priority
 * source (the phone mirroring the watch). Interval kinds are kept whole: they are merged by
 * mergeByPriority when totals are computed, so no source's data is lost at write time.
 */
export function dedupSamples(samples: readonly Sample[], priority: SourcePriority = []): Sample[] {
  const byId = new Map<string, Sample>();
  for (const s of samples) byId.set(s.id, s);
  const instants = new Map<string, Sample>();
  const out: Sample[] = [];
  for (const s of byId.values()) {
    if (s.time.end !== undefined && s.time.end !== s.time.start) {
      out.push(s);
      continue;
    }
    const method = s.kind === 'hrv' ? s.method : '';
    const key = `${s.kind}|${method}|${Date.parse(s.time.start)}`;
    const held = instants.get(key);
    if (!held || better(rankOf(s, priority), rankOf(held, priority))) instants.set(key, s);
  }
  out.push(...instants.values());
  return out;
}
