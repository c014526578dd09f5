import { ConflictError, type KeyValueStore } from '@medflow/core';
import { dedupSamples } from './dedup';
import type { WearableConnection, WearableProvider } from './provider';
import type { SampleSink } from './sink';

export interface SyncStepOptions {
  provider: WearableProvider;
  sink: SampleSink;
  /** Start of the window when there is no cursor yet (ISO timestamp). */
  since: string;
  /** Cursor to continue from (null: begin at `since`). */
  cursor?: string | null;
  signal?: AbortSignal;
}

export interface SyncStepResult {
  written: number;
  deleted: number;
  /** Feed back as `cursor`; null when caught up. */
  nextCursor: string | null;
}

/**
 * One step of a sync: fetch a page, dedup, write, return the next cursor. It keeps no state,
 * so whoever persists the cursor after the write decides the delivery guarantee: persisting
 * after the write makes a killed step re-run, and upserts by id make the re-run harmless.
 */
export async function syncConnection(
  connection: WearableConnection,
  options: SyncStepOptions,
): Promise<SyncStepResult> {
  const page = await options.provider.fetchPage(connection, {
    cursor: options.cursor ?? null,
    since: options.since,
    signal: options.signal,
  });
  const samples = dedupSamples(page.samples, connection.priority);
  const context = { subject: connection.subject, connectionId: connection.id };
  if (samples.length > 0) await options.sink.write(samples, context);
  const deleted = page.deletedIds ?? [];
  if (deleted.length > 0) await options.sink.delete(deleted, context);
  return { written: samples.length, deleted: deleted.length, nextCursor: page.nextCursor };
}

export interface SyncState {
  since: string;
  cursor: string | null;
  /** Set when the last run reached the end; the next run starts a new window from `caughtUpAt`. */
  caughtUpAt?: string;
}

export interface RunSyncOptions extends Omit<SyncStepOptions, 'cursor' | 'since'> {
  cursors: KeyValueStore;
  /** Where a first sync starts. */
  since: string;
  /** Stop after this many pages (a backfill chunk); the cursor keeps the place. Default 100. */
  maxPages?: number;
  /**
   * How far before the last caught-up time a new window starts (default 72 h): devices upload
   * late (a watch syncing the next morning), and re-reading is harmless because writes upsert.
   */
  lookbackMs?: number;
  /** Called after every persisted page (tests kill the process here). */
  onPage?: (result: SyncStepResult, page: number) => void | Promise<void>;
  now?: () => number;
}

export const cursorKey = (connection: WearableConnection) => `wearables:cursor:${connection.id}`;

/**
 * Runs steps until caught up or `maxPages`, persisting the cursor with compare-and-set after
 * each written page. A lost compare-and-set means another worker advanced the same connection:
 * this run stops with ConflictError rather than interleave.
 */
export async function runSync(
  connection: WearableConnection,
  options: RunSyncOptions,
): Promise<{ pages: number; written: number; deleted: number; caughtUp: boolean }> {
  const key = cursorKey(connection);
  const now = options.now ?? Date.now;
  const stored = await options.cursors.get<SyncState>(key);
  let version = stored?.version ?? null;
  let state: SyncState = stored?.value ?? { since: options.since, cursor: null };
  if (state.caughtUpAt && state.cursor === null) {
    const lookback = options.lookbackMs ?? 72 * 60 * 60 * 1000;
    // Never earlier than the previous window: that span was read completely already.
    const from = Math.max(Date.parse(state.since), Date.parse(state.caughtUpAt) - lookback);
    state = { since: new Date(from).toISOString(), cursor: null };
  }
  const startedAt = new Date(now()).toISOString();
  const maxPages = options.maxPages ?? 100;
  let pages = 0;
  let written = 0;
  let deleted = 0;
  while (pages < maxPages) {
    const result = await syncConnection(connection, { ...options, since: state.since, cursor: state.cursor });
    pages++;
    written += result.written;
    deleted += result.deleted;
    const next: SyncState =
      result.nextCursor === null
        ? { since: state.since, cursor: null, caughtUpAt: startedAt }
        : { since: state.since, cursor: result.nextCursor };
    const newVersion = await options.cursors.compareAndSet(key, version, next);
    if (newVersion === null) throw new ConflictError('Another sync of this connection is running');
    version = newVersion;
    state = next;
    await options.onPage?.(result, pages);
    if (result.nextCursor === null) return { pages, written, deleted, caughtUp: true };
  }
  return { pages, written, deleted, caughtUp: false };
}
