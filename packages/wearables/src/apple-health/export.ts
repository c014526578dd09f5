import { ValidationError } from '@medflow/core';
import { Unzip, UnzipInflate } from 'fflate';
import { SaxesParser } from 'saxes';
import { StableHasher, type StableHashPrefix, stableHash } from '../hash';
import {
  type DeviceInfo,
  type QuantityKind,
  SAMPLE_KINDS,
  type Sample,
  type SampleProvenance,
  type SleepStage,
  sampleId,
} from '../model';
import type { SampleSink } from '../sink';
import { normalizeQuantity, toCanonicalUnit, UnitConversionError } from '../units';
import { type ParseReply, startParseThread } from './parse-thread';
import { SeenIds } from './seen-ids';
import {
  APPLE_PROVIDER,
  appleDate,
  appleDateKey,
  HK_BLOOD_PRESSURE,
  HK_DIASTOLIC,
  HK_QUANTITY_TYPES,
  HK_SLEEP,
  HK_SLEEP_VALUES,
  HK_SYSTOLIC,
  hashAppleDate,
  parseHkDevice,
  workoutActivityName,
} from './types';

/** Where an import can pick up again: everything emitted by the first `elements` top-level elements is written. */
export interface AppleImportCheckpoint {
  elements: number;
  /**
   * Samples of element `elements + 1` already written: one element can emit two samples (a
   * record that closes the previous sleep session), and a batch can end between them.
   */
  nextElementSamples?: number;
  xmlBytes: number;
  samplesWritten: number;
}

export interface AppleImportProgress {
  /** Bytes read from the input (compressed bytes for a zip). */
  bytesRead: number;
  /** Bytes of export.xml parsed. */
  xmlBytes: number;
  /** Top-level elements (Record, Correlation, Workout, ActivitySummary, …) seen. */
  records: number;
  samplesWritten: number;
}

export interface AppleActivitySummary {
  date: string;
  activeEnergyKcal?: number;
  exerciseMinutes?: number;
  standHours?: number;
  moveMinutes?: number;
}

export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface ImportAppleHealthOptions {
  sink: SampleSink;
  /** The patient the export belongs to. */
  subject: string;
  /** Samples per sink write (default 1000). */
  batchSize?: number;
  onProgress?: (progress: AppleImportProgress) => void;
  /** Called after every written batch; persist it to resume a killed import. */
  onCheckpoint?: (checkpoint: AppleImportCheckpoint) => void | Promise<void>;
  resumeFrom?: AppleImportCheckpoint;
  onActivitySummary?: (summary: AppleActivitySummary) => void;
  signal?: AbortSignal;
  /**
   * Parse the XML on a worker thread, overlapping with normalization (default: where
   * `node:worker_threads` exists and the process may use two cores or more). It costs about
   * 1.6× the CPU of parsing here and pays only when a second core is idle: pass `false` where
   * every core is already busy (e.g. one import per core), to parse on the calling thread.
   */
  parallel?: boolean;
}

export interface AppleImportResult extends AppleImportProgress {
  /** Records we do not model (other HealthKit types) or could not use (bad dates, units). */
  skipped: number;
  activitySummaries: number;
  checkpoint: AppleImportCheckpoint;
}

export class AppleHealthImportError extends ValidationError {
  constructor(message: string, details: { xmlBytes?: number } = {}) {
    super(message, [{ path: ['export.xml'], message }], { code: 'apple_export_invalid', details });
  }
}

type Attrs = Record<string, string>;

interface SleepSession {
  source: string;
  sourceName: string | undefined;
  device: DeviceInfo | undefined;
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  stages: Array<{ stage: SleepStage; start: string; end: string }>;
}

// Stage records of one night from one source more than this far apart start a new session.
const SLEEP_GAP_MS = 2 * 60 * 60 * 1000;
// A session is closed once it spans this long, so odd data cannot grow one without bound.
const SLEEP_MAX_SPAN_MS = 20 * 60 * 60 * 1000;
const APPLE_PREFIX = sampleId(APPLE_PROVIDER, '');

/** How one (HealthKit type, unit) pair becomes a sample value: resolved once per pair. */
interface Converter {
  kind: QuantityKind | 'hrv';
  /** Index of the kind in SAMPLE_KINDS, where a source keeps its hash prefix for it. */
  slot: number;
  unit: string;
  /** 0: value as is; 1: value·factor + offset; 2: HealthKit fraction (0.97 → 97 %). */
  mode: 0 | 1 | 2;
  factor: number;
  offset: number;
  /** The unit as written in the export, for fraction kinds. */
  sourceUnit: string;
}

/** Builds the converter for one HealthKit type and unit, or null when unusable. */
function makeConverter(type: string, unit: string): Converter | null {
  const mapping = HK_QUANTITY_TYPES[type];
  if (!mapping) return null;
  const base = { factor: 1, offset: 0, sourceUnit: unit };
  if (mapping.kind === 'hrv_sdnn') {
    if (unit !== 'ms') return null;
    return { kind: 'hrv', slot: SAMPLE_KINDS.indexOf('hrv'), unit: 'ms', mode: 0, ...base };
  }
  const kind = mapping.kind;
  const slot = SAMPLE_KINDS.indexOf(kind);
  let canonical: string;
  try {
    // Probe once: a unit of the wrong dimension throws here, not per record.
    canonical = normalizeQuantity(kind, 1, unit, mapping.fraction ? { fraction: 'auto' } : {}).unit;
  } catch (error) {
    if (error instanceof UnitConversionError) return null;
    throw error;
  }
  if (mapping.fraction) return { kind, slot, unit: canonical, mode: 2, ...base };
  // Linear units: take factor and offset once.
  const unitless = kind === 'steps' && (unit === '' || unit === '1');
  const offset = unitless ? 0 : toCanonicalUnit(0, unit).value;
  const factor = unitless ? 1 : toCanonicalUnit(1, unit).value - offset;
  if (factor === 1 && offset === 0) return { kind, slot, unit: canonical, mode: 0, ...base };
  return { kind, slot, unit: canonical, mode: 1, factor, offset, sourceUnit: unit };
}

const FRACTION = { fraction: 'auto' } as const;

/** What the import remembers per source name: its hash prefixes per kind and its last device. */
interface SourceState {
  name: string | undefined;
  /** The name as its own string: a parser's substring would keep its whole input chunk alive. */
  detached: string | undefined;
  prefixes: Array<StableHashPrefix | undefined>;
  deviceRaw: string | undefined;
  device: DeviceInfo | undefined;
}
const ASLEEP = new Set<SleepStage>(['light', 'deep', 'rem', 'asleep']);

/**
 * Streams an Apple Health export (`export.zip`, or its `export.xml`) into a SampleSink. The
 * zip is inflated in memory chunk by chunk (fflate) and the XML read by a streaming parser
 * (saxes): no DOM, nothing extracted to disk, memory bounded by the batch size whatever the
 * file size. saxes never resolves external entities, and an entity the document declares
 * itself is an error, so an XXE or entity-expansion payload cannot read files or blow up.
 */
export async function importAppleHealthExport(
  input: ByteSource,
  options: ImportAppleHealthOptions,
): Promise<AppleImportResult> {
  const batchSize = options.batchSize ?? 1000;
  const context = { subject: options.subject };
  const resumeAfter = options.resumeFrom?.elements ?? 0;
  let resumeSkip = options.resumeFrom?.nextElementSamples ?? 0;

  let bytesRead = 0;
  let xmlBytes = 0;
  let completed = 0; // top-level elements closed
  let depth = 0;
  let skipped = 0;
  let activitySummaries = 0;
  let samplesWritten = options.resumeFrom?.samplesWritten ?? 0;
  let sawXml = false;

  const hasher = new StableHasher();
  const pending: Sample[] = [];
  const pendingIndex: number[] = []; // element index each pending sample was emitted at
  const sleep = new Map<string, SleepSession>();
  let correlation: { attrs: Attrs; systolic?: number; diastolic?: number } | undefined;
  let workout: { attrs: Attrs; energyKcal?: number; distanceKm?: number; steps?: number } | undefined;

  // In-batch duplicates (Apple exports repeat records) collapse to one upsert, found by the id
  // as two numbers (the halves of its hash).
  const seen = new SeenIds(batchSize);
  let inBatch = 0;
  const emit = (sample: Sample, high: number, low: number) => {
    const index = completed + 1;
    if (index <= resumeAfter) return; // written before the checkpoint
    if (resumeSkip > 0 && index === resumeAfter + 1) {
      resumeSkip--;
      return;
    }
    if (!seen.add(high, low)) return;
    pending.push(sample);
    pendingIndex.push(index);
    if (++inBatch === batchSize) {
      inBatch = 0;
      seen.clear();
    }
  };

  // Sleep sessions, blood pressure and workouts are hashed by stableHash: they are few, and
  // keeping them off StableHasher keeps its per-record code monomorphic.
  const emitRare = (recordId: string, sample: Sample) =>
    emit(sample, Number.parseInt(recordId.slice(0, 7), 36) | 0, Number.parseInt(recordId.slice(7), 36) | 0);

  // Literal objects, no spreads: this runs for every record of a multi-gigabyte file.
  // Names and devices come from the per-source state, not the attributes: a sample holding a
  // parser substring would keep that substring's whole input chunk alive until it is written.
  const provenance = (a: Attrs, recordId: string): SampleProvenance => {
    const source = sourceFor(a.sourceName);
    return {
      provider: APPLE_PROVIDER,
      sourceName: source.detached,
      device: deviceOf(source, a.device),
      sourceRecordId: recordId,
    };
  };

  // One converter per (type, unit) pair; a real export has a few dozen.
  const converters = new Map<string, Map<string, Converter | null>>();
  let lastType: string | undefined;
  let lastByUnit: Map<string, Converter | null> | undefined;
  let lastUnit: string | undefined;
  let lastConverter: Converter | null = null;
  const converterFor = (type: string, unit: string): Converter | null => {
    if (type === lastType && unit === lastUnit) return lastConverter;
    let byUnit = type === lastType ? lastByUnit : converters.get(type);
    if (!byUnit) {
      byUnit = new Map();
      converters.set(type, byUnit);
    }
    lastType = type;
    lastByUnit = byUnit;
    let c = byUnit.get(unit);
    if (c === undefined) {
      c = makeConverter(type, unit);
      byUnit.set(unit, c);
    }
    lastUnit = unit;
    lastConverter = c;
    return c;
  };

  // A few sources (watch, phone, apps) write millions of records: what depends on the source
  // alone (the hash of kind + source name, the parsed device) is worked out once per source.
  const sources = new Map<string | undefined, SourceState>();
  let lastSource: SourceState | undefined;
  const sourceFor = (name: string | undefined): SourceState => {
    if (lastSource !== undefined && lastSource.name === name) return lastSource;
    let state = sources.get(name);
    if (!state) {
      const detached = name === undefined ? undefined : ` ${name}`.slice(1);
      state = { name, detached, prefixes: [], deviceRaw: undefined, device: undefined };
      sources.set(name, state);
    }
    lastSource = state;
    return state;
  };
  const deviceOf = (state: SourceState, raw: string | undefined): DeviceInfo | undefined => {
    if (raw !== state.deviceRaw) {
      state.device = parseHkDevice(raw);
      state.deviceRaw = raw;
    }
    return state.device;
  };

  const timeOf = (a: Attrs) => {
    const start = appleDate(a.startDate);
    const end = appleDate(a.endDate);
    if (!start) return undefined;
    return end && end !== start ? { start, end } : { start };
  };

  // The last interval's end, and the ISO forms of the last day and offset: an export is sorted
  // by type and time, so a record mostly starts where the previous one ended, on the same day.
  let lastEndKey = Number.NaN;
  let lastEndOffset = 0;
  let lastEnd = '';
  let dayKey = -1;
  let dayIso = '';
  let offsetKey = -1;
  let offsetIso = '';
  const isoDate = (raw: string, time: number, offset: number): string => {
    const day = Math.floor(time / 1e6);
    if (day !== dayKey) {
      dayKey = day;
      dayIso = `${raw.slice(0, 10)}T`;
    }
    if (offset !== offsetKey) {
      offsetKey = offset;
      offsetIso = `${raw.slice(20, 23)}:${raw.slice(23, 25)}`;
    }
    return dayIso + raw.slice(11, 19) + offsetIso;
  };

  // The fields a top-level Record is read for, as arguments: the parse thread sends them
  // without an attributes object.
  function onRecord(
    recordType: string | undefined,
    sourceName: string | undefined,
    device: string | undefined,
    unit: string | undefined,
    startDate: string | undefined,
    endDate: string | undefined,
    rawValue: string | undefined,
  ) {
    const type = recordType ?? '';
    if (type === HK_SLEEP) return onSleep(sourceName, device, startDate, endDate, rawValue);
    // Systolic and diastolic also appear as top-level Records: the Correlation carries them once.
    if (type === HK_SYSTOLIC || type === HK_DIASTOLIC) return;
    const convert = converterFor(type, unit ?? '');
    const raw = Number(rawValue);
    if (!convert || rawValue === undefined || !Number.isFinite(raw)) {
      skipped++;
      return;
    }
    const source = sourceFor(sourceName);
    // The short kind stands in for the long HealthKit type name (one type per kind), fewer bytes to hash.
    let prefix = source.prefixes[convert.slot];
    if (prefix === undefined) {
      prefix = hasher.start().add(convert.kind).add(sourceName).snapshot();
      source.prefixes[convert.slot] = prefix;
    }
    // The id hashes both dates, and reads them as numbers on the way (NaN: not an Apple date).
    hashAppleDate(hasher.start(prefix), startDate);
    const startKey = appleDateKey.time;
    const startOffset = appleDateKey.offset;
    hashAppleDate(hasher, endDate);
    const endKey = appleDateKey.time;
    const endOffset = appleDateKey.offset;
    const recordId = hasher.add(rawValue).add(unit).digest();
    const valid = !Number.isNaN(startKey);
    let start: string | undefined;
    if (startKey === lastEndKey && startOffset === lastEndOffset) start = lastEnd;
    else start = valid ? isoDate(startDate as string, startKey, startOffset) : appleDate(startDate);
    if (start === undefined) {
      skipped++;
      return;
    }
    // An instant has equal start and end.
    let end: string | undefined;
    if (valid ? endKey !== startKey || endOffset !== startOffset : endDate !== startDate) {
      if (!Number.isNaN(endKey)) {
        end = isoDate(endDate as string, endKey, endOffset);
        lastEndKey = endKey;
        lastEndOffset = endOffset;
        lastEnd = end;
      } else end = appleDate(endDate);
    }
    let value = raw;
    if (convert.mode === 1) value = Math.round((raw * convert.factor + convert.offset) * 1e9) / 1e9;
    else if (convert.mode === 2)
      value = normalizeQuantity(convert.kind as QuantityKind, raw, convert.sourceUnit, FRACTION).value;
    const id = APPLE_PREFIX + recordId;
    const provenance: SampleProvenance = {
      provider: APPLE_PROVIDER,
      sourceName: source.detached,
      device: deviceOf(source, device),
      sourceRecordId: recordId,
    };
    const time = end !== undefined ? { start, end } : { start };
    // One literal per shape, every property at once: this runs for every record of the file.
    const sample: Sample =
      convert.kind === 'hrv'
        ? { id, kind: 'hrv', method: 'sdnn', value, unit: 'ms', time, provenance }
        : { id, kind: convert.kind, value, unit: convert.unit, time, provenance };
    emit(sample, hasher.high, hasher.low);
  }

  function onSleep(
    sourceName: string | undefined,
    device: string | undefined,
    startDate: string | undefined,
    endDate: string | undefined,
    value: string | undefined,
  ) {
    const stage = HK_SLEEP_VALUES[value ?? ''];
    const start = appleDate(startDate);
    const end = appleDate(endDate);
    if (!stage || !start || !end) {
      skipped++;
      return;
    }
    const startMs = Date.parse(start);
    const endMs = Date.parse(end);
    const state = sourceFor(sourceName);
    const source = state.detached ?? '';
    const open = sleep.get(source);
    if (
      open &&
      startMs <= open.endMs + SLEEP_GAP_MS &&
      endMs >= open.startMs - SLEEP_GAP_MS &&
      Math.max(endMs, open.endMs) - Math.min(startMs, open.startMs) <= SLEEP_MAX_SPAN_MS
    ) {
      open.stages.push({ stage, start, end });
      if (startMs < open.startMs) {
        open.startMs = startMs;
        open.start = start;
      }
      if (endMs > open.endMs) {
        open.endMs = endMs;
        open.end = end;
      }
      return;
    }
    if (open) flushSleep(open);
    sleep.set(source, {
      source,
      sourceName: state.detached,
      device: deviceOf(state, device),
      start,
      end,
      startMs,
      endMs,
      stages: [{ stage, start, end }],
    });
  }

  function flushSleep(session: SleepSession) {
    sleep.delete(session.source);
    let asleepMs = 0;
    for (const s of session.stages)
      if (ASLEEP.has(s.stage)) asleepMs += Date.parse(s.end) - Date.parse(s.start);
    const recordId = stableHash(HK_SLEEP, session.source, session.start);
    emitRare(recordId, {
      id: APPLE_PREFIX + recordId,
      kind: 'sleep',
      value: Math.round(asleepMs / 600) / 100,
      unit: 'min',
      stages: session.stages,
      time: { start: session.start, end: session.end },
      provenance: {
        provider: APPLE_PROVIDER,
        sourceName: session.sourceName,
        device: session.device,
        sourceRecordId: recordId,
      },
    });
  }

  function onCorrelationEnd() {
    const c = correlation;
    correlation = undefined;
    if (!c || c.attrs.type !== HK_BLOOD_PRESSURE) return;
    const time = timeOf(c.attrs);
    if (!time || c.systolic === undefined || c.diastolic === undefined) {
      skipped++;
      return;
    }
    const recordId = stableHash(
      HK_BLOOD_PRESSURE,
      c.attrs.sourceName,
      c.attrs.startDate,
      c.attrs.endDate,
      String(c.systolic),
      String(c.diastolic),
    );
    emitRare(recordId, {
      id: APPLE_PREFIX + recordId,
      kind: 'blood_pressure',
      systolic: c.systolic,
      diastolic: c.diastolic,
      unit: 'mm[Hg]',
      time,
      provenance: provenance(c.attrs, recordId),
    });
  }

  function onWorkoutEnd() {
    const w = workout;
    workout = undefined;
    if (!w) return;
    const a = w.attrs;
    const time = timeOf(a);
    if (!time) {
      skipped++;
      return;
    }
    let minutes = Number(a.duration);
    if (a.durationUnit === 's') minutes /= 60;
    else if (a.durationUnit === 'h' || a.durationUnit === 'hr') minutes *= 60;
    if (!Number.isFinite(minutes) && time.end)
      minutes = (Date.parse(time.end) - Date.parse(time.start)) / 60_000;
    // Older exports carry totals as attributes; newer ones as WorkoutStatistics children.
    const energy = w.energyKcal ?? convertOr(a.totalEnergyBurned, a.totalEnergyBurnedUnit, 'active_energy');
    const distance = w.distanceKm ?? convertOr(a.totalDistance, a.totalDistanceUnit, 'distance');
    const recordId = stableHash('workout', a.workoutActivityType, a.sourceName, a.startDate, a.endDate);
    emitRare(recordId, {
      id: APPLE_PREFIX + recordId,
      kind: 'workout',
      activity: workoutActivityName(a.workoutActivityType ?? 'Other'),
      value: Number.isFinite(minutes) ? Math.round(minutes * 1000) / 1000 : 0,
      unit: 'min',
      ...(energy !== undefined ? { energyKcal: energy } : {}),
      ...(distance !== undefined ? { distanceKm: distance } : {}),
      ...(w.steps !== undefined ? { steps: w.steps } : {}),
      time,
      provenance: provenance(a, recordId),
    });
  }

  function onActivitySummary(a: Attrs) {
    activitySummaries++;
    if (!options.onActivitySummary || !a.dateComponents) return;
    const num = (v: string | undefined) =>
      v === undefined || !Number.isFinite(Number(v)) ? undefined : Number(v);
    const energy = convertOr(a.activeEnergyBurned, a.activeEnergyBurnedUnit, 'active_energy');
    options.onActivitySummary({
      date: a.dateComponents,
      ...(energy !== undefined ? { activeEnergyKcal: energy } : {}),
      ...(num(a.appleExerciseTime) !== undefined ? { exerciseMinutes: num(a.appleExerciseTime) } : {}),
      ...(num(a.appleStandHours) !== undefined ? { standHours: num(a.appleStandHours) } : {}),
      ...(num(a.appleMoveTime) !== undefined ? { moveMinutes: num(a.appleMoveTime) } : {}),
    });
  }

  // A top-level element other than Record opened.
  function openTop(name: string, a: Attrs) {
    if (name === 'Correlation') correlation = { attrs: a };
    else if (name === 'Workout') workout = { attrs: a };
    else if (name === 'ActivitySummary') onActivitySummary(a);
  }
  // An element inside a top-level one opened.
  function openChild(name: string, a: Attrs) {
    if (correlation && name === 'Record') {
      const v = Number(a.value);
      if (a.type === HK_SYSTOLIC) correlation.systolic = v;
      else if (a.type === HK_DIASTOLIC) correlation.diastolic = v;
    } else if (workout && name === 'WorkoutStatistics') {
      if (a.type === 'HKQuantityTypeIdentifierActiveEnergyBurned')
        workout.energyKcal = convertOr(a.sum, a.unit, 'active_energy');
      else if (
        a.type === 'HKQuantityTypeIdentifierDistanceWalkingRunning' ||
        a.type?.startsWith('HKQuantityTypeIdentifierDistance')
      )
        workout.distanceKm = convertOr(a.sum, a.unit, 'distance');
      else if (a.type === 'HKQuantityTypeIdentifierStepCount') workout.steps = Number(a.sum);
    }
  }
  function closeTop(name: string | undefined) {
    if (name === 'Correlation') onCorrelationEnd();
    else if (name === 'Workout') onWorkoutEnd();
    completed++;
  }

  // Parsing runs on a worker thread where there is one (unless `parallel: false`), so it
  // overlaps with normalizing, deduplicating and writing; otherwise here.
  const thread = options.parallel === false ? undefined : await startParseThread();
  // Slices sent to the parse thread whose answers are not yet handled; bounded, so memory is too.
  let outstanding = 0;

  const parser = thread ? undefined : new SaxesParser({ position: false });
  parser?.on('error', () => {
    throw new AppleHealthImportError('export.xml is not well-formed XML', { xmlBytes });
  });
  parser?.on('opentag', (tag) => {
    depth++;
    const a = tag.attributes as Attrs;
    if (depth === 2) {
      if (tag.name === 'Record')
        onRecord(a.type, a.sourceName, a.device, a.unit, a.startDate, a.endDate, a.value);
      else openTop(tag.name, a);
    } else if (depth === 3) openChild(tag.name, a);
  });
  parser?.on('closetag', (tag) => {
    if (depth === 2) closeTop(tag.name);
    depth--;
  });

  // The previous Record's type and device, which the parse thread does not send again.
  let lastSentType: string | undefined;
  let lastSentDevice: string | undefined;
  // One answer of the parse thread: the events of one slice (see parse-thread.ts).
  const handleEvents = (text: string) => {
    if (text.length === 0) return;
    const f = text.split('\0');
    const n = f.length;
    let i = 0;
    let type = lastSentType;
    let device = lastSentDevice;
    while (i < n) {
      const code = f[i] as string;
      const c = code.charCodeAt(0);
      if (c === 82) {
        // R: a top-level Record, with the mask of its absent fields.
        const m = code.charCodeAt(1) - 64;
        if ((m & 128) === 0) type = m & 1 ? undefined : f[i + 1];
        if ((m & 256) === 0) device = m & 4 ? undefined : f[i + 3];
        onRecord(
          type,
          m & 2 ? undefined : f[i + 2],
          device,
          m & 8 ? undefined : f[i + 4],
          m & 16 ? undefined : f[i + 5],
          m & 32 ? undefined : f[i + 6],
          m & 64 ? undefined : f[i + 7],
        );
        closeTop('Record');
        i += 8;
      } else if (c === 69) {
        closeTop(f[i + 1]);
        i += 2;
      } else {
        const name = f[i + 1] as string;
        const count = Number(f[i + 2]);
        const a: Attrs = Object.create(null);
        for (let k = 0; k < count; k++) a[f[i + 3 + 2 * k] as string] = f[i + 4 + 2 * k] as string;
        i += 3 + 2 * count;
        if (c === 79) openTop(name, a);
        else openChild(name, a);
      }
    }
    lastSentType = type;
    lastSentDevice = device;
  };

  const decoder = new TextDecoder('utf-8');
  const feedXml = (bytes: Uint8Array) => {
    // An inflated zip piece can be far larger than the input slice it came from (deflate
    // expands up to about 1000×): it goes on in SLICE-sized pieces, so no single message to
    // the parse thread, and no single parser write, is bigger than a slice.
    if (bytes.length > SLICE) {
      for (let offset = 0; offset < bytes.length; offset += SLICE)
        feedXml(bytes.subarray(offset, offset + SLICE));
      return;
    }
    sawXml = true;
    const text = decoder.decode(bytes, { stream: true });
    if (thread) {
      thread.send(text, bytes.length);
      outstanding++;
    } else {
      xmlBytes += bytes.length;
      parser?.write(text);
    }
  };
  // Input chunks are parsed in slices with a flush between them, so samples are written (and
  // garbage) while young instead of piling up for a whole megabyte chunk.
  const SLICE = 64 * 1024;

  // `head`: how many pending samples are already written.
  // The element index of the last written sample, and how many written samples it emitted.
  let lastWrittenIndex = 0;
  let lastWrittenCount = 0;
  const checkpoint = (head = 0): AppleImportCheckpoint => {
    if (pending.length > head) {
      const next = pendingIndex[head] as number;
      const partial = lastWrittenIndex === next ? lastWrittenCount : 0;
      return next - 1 < resumeAfter
        ? { elements: resumeAfter, xmlBytes, samplesWritten }
        : { elements: next - 1, nextElementSamples: partial, xmlBytes, samplesWritten };
    }
    // Everything emitted is written. A Record emits when it opens, so the open element may
    // already be complete as far as samples go.
    return { elements: Math.max(resumeAfter, completed, lastWrittenIndex), xmlBytes, samplesWritten };
  };

  const progress = () => options.onProgress?.({ bytesRead, xmlBytes, records: completed, samplesWritten });

  async function flush(all: boolean) {
    let head = 0;
    while (pending.length - head >= batchSize || (all && pending.length > head)) {
      const end = Math.min(head + batchSize, pending.length);
      const batch = pending.slice(head, end);
      for (let i = head; i < end; i++) {
        const index = pendingIndex[i] as number;
        if (index === lastWrittenIndex) lastWrittenCount++;
        else {
          lastWrittenIndex = index;
          lastWrittenCount = 1;
        }
      }
      head = end;
      await options.sink.write(batch, context);
      samplesWritten += batch.length;
      await options.onCheckpoint?.(checkpoint(head));
      progress();
    }
    if (head > 0) {
      pending.splice(0, head);
      pendingIndex.splice(0, head);
    }
  }

  // Handles the parse thread's answers: all of them (`all`), or those already in plus as many
  // as keep the slices in flight under the bound.
  const MAX_IN_FLIGHT = 16;
  async function drain(all: boolean) {
    if (!thread) return;
    while (outstanding > 0 && (all || outstanding > MAX_IN_FLIGHT || thread.ready() > 0)) {
      let reply: ParseReply;
      try {
        reply = await thread.next();
      } catch (error) {
        throw asImportError(error, xmlBytes, unzip !== undefined);
      }
      outstanding--;
      if (reply.error) throw new AppleHealthImportError('export.xml is not well-formed XML', { xmlBytes });
      xmlBytes += reply.bytes ?? 0;
      if (reply.text) {
        try {
          handleEvents(reply.text);
        } catch (error) {
          throw asImportError(error, xmlBytes, unzip !== undefined);
        }
      }
      if (pending.length >= batchSize) await flush(false);
    }
  }

  let unzip: Unzip | undefined;
  try {
    let zipError: unknown;
    let first = true;
    for await (const chunk of iterate(input)) {
      options.signal?.throwIfAborted();
      bytesRead += chunk.length;
      if (first) {
        first = false;
        if (chunk[0] === 0x50 && chunk[1] === 0x4b && chunk[2] === 0x03 && chunk[3] === 0x04) {
          unzip = new Unzip((file) => {
            if (!/(^|\/)export\.xml$/.test(file.name)) {
              file.ondata = () => {};
              return;
            }
            if (file.compression !== 0 && file.compression !== 8) {
              zipError = new AppleHealthImportError('export.zip uses an unsupported compression method');
              file.ondata = () => {};
              return;
            }
            file.ondata = (err, data) => {
              if (err) zipError = err;
              else if (!zipError) {
                try {
                  feedXml(data);
                } catch (error) {
                  zipError = error;
                }
              }
            };
            file.start();
          });
          unzip.register(UnzipInflate);
        }
      }
      for (let offset = 0; offset < chunk.length; offset += SLICE) {
        const slice = chunk.length <= SLICE ? chunk : chunk.subarray(offset, offset + SLICE);
        if (unzip) {
          try {
            unzip.push(slice, false);
          } catch (error) {
            // fflate throws on corrupt headers and data outside our ondata handler.
            zipError ??= error;
          }
          if (zipError) throw asImportError(zipError, xmlBytes, true);
        } else {
          try {
            feedXml(slice);
          } catch (error) {
            throw asImportError(error, xmlBytes, false);
          }
        }
        if (thread) await drain(false);
        else if (pending.length >= batchSize) await flush(false);
      }
    }
    if (unzip) {
      try {
        unzip.push(new Uint8Array(0), true);
      } catch (error) {
        zipError ??= error;
      }
      if (zipError) throw asImportError(zipError, xmlBytes, true);
    }
    if (!sawXml) throw new AppleHealthImportError('No export.xml found in the input');
    if (thread) {
      const tail = decoder.decode();
      if (tail) {
        thread.send(tail, 0);
        outstanding++;
      }
      thread.end();
      outstanding++;
      await drain(true);
    } else {
      try {
        const tail = decoder.decode();
        if (tail) parser?.write(tail);
        parser?.close();
      } catch (error) {
        throw asImportError(error, xmlBytes, unzip !== undefined);
      }
    }
    for (const session of [...sleep.values()]) flushSleep(session);
    await flush(true);
    // Sleep sessions still open at the end were emitted past the last element: the finished
    // import's checkpoint names the elements it read.
    const done: AppleImportCheckpoint = {
      elements: Math.max(resumeAfter, completed),
      xmlBytes,
      samplesWritten,
    };
    await options.onCheckpoint?.(done);
    progress();
    return {
      bytesRead,
      xmlBytes,
      records: completed,
      samplesWritten,
      skipped,
      activitySummaries,
      checkpoint: done,
    };
  } finally {
    await thread?.close();
  }
}

function convertOr(value: string | undefined, unit: string | undefined, kind: 'active_energy' | 'distance') {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n)) return undefined;
  try {
    return normalizeQuantity(kind, n, unit ?? (kind === 'distance' ? 'km' : 'kcal')).value;
  } catch {
    return undefined;
  }
}

function asImportError(error: unknown, xmlBytes: number, zipped: boolean): Error {
  if (error instanceof AppleHealthImportError) return error;
  const e = new AppleHealthImportError(
    zipped ? 'export.zip could not be read' : 'export.xml could not be read',
    {
      xmlBytes,
    },
  );
  Object.defineProperty(e, 'cause', { value: error });
  return e;
}

async function* iterate(input: ByteSource): AsyncGenerator<Uint8Array> {
  if ('getReader' in input && typeof input.getReader === 'function') {
    const reader = input.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    yield* input as AsyncIterable<Uint8Array>;
  }
}
