import type { SourcePriority } from './dedup';
import type { Sample } from './model';

/** One patient's link to one wearable source. */
export interface WearableConnection {
  /** Stable id of the link (cursor and lock keys derive from it). */
  id: string;
  /** Provider id, e.g. `google-health`. */
  provider: string;
  /** The patient the data belongs to. */
  subject: string;
  /** The provider's id of the user (Google's healthUserId, …). */
  externalUserId?: string;
  /** Per-patient source priority for dedup (highest first). */
  priority?: SourcePriority;
}

export interface FetchPageOptions {
  /** Opaque cursor returned by the previous page, or null to start at `since`. */
  cursor: string | null;
  /** Where a fresh sync starts (ISO timestamp). */
  since: string;
  signal?: AbortSignal;
}

export interface FetchPageResult {
  /** Already normalized to the sample model. */
  samples: Sample[];
  /** Ids (sampleId form) the provider reports deleted. */
  deletedIds?: string[];
  /** Cursor to continue from; null when the provider has nothing more right now. */
  nextCursor: string | null;
}

/**
 * A server-to-server source (Google Health API today; Withings and Oura fit the same shape).
 * Providers page and normalize; syncConnection writes, deduplicates and keeps cursors.
 */
export interface WearableProvider {
  readonly id: string;
  fetchPage(connection: WearableConnection, options: FetchPageOptions): Promise<FetchPageResult>;
}
