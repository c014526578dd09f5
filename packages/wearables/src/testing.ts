import { toBase64 } from '@medflow/core';
import type { Sample } from './model';
import type { FetchPageResult, WearableConnection, WearableProvider } from './provider';

export { createMemorySampleSink } from './sink';

/**
 * A provider serving fixed pages of samples, for tests of sync code. The cursor is the page
 * index, so a resumed sync continues exactly where the stored cursor says.
 */
export function createFakeWearableProvider(options: {
  id?: string;
  pages: Sample[][];
  /** Called before each page is served (throw to simulate an outage). */
  beforePage?: (index: number, connection: WearableConnection) => void | Promise<void>;
}): WearableProvider & { served: number[]; sinces: string[] } {
  const served: number[] = [];
  const sinces: string[] = [];
  return {
    id: options.id ?? 'fake',
    served,
    sinces,
    async fetchPage(connection, { cursor, since }): Promise<FetchPageResult> {
      sinces.push(since);
      const index = cursor === null ? 0 : Number(cursor);
      await options.beforePage?.(index, connection);
      served.push(index);
      const samples = options.pages[index] ?? [];
      return { samples, nextCursor: index + 1 < options.pages.length ? String(index + 1) : null };
    },
  };
}

/** Signs a body the way the Google Health API signs notifications (ECDSA P-256, SHA-256, base64). */
export async function signGoogleHealthNotification(body: string, privateKey: CryptoKey): Promise<string> {
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    privateKey,
    new TextEncoder().encode(body),
  );
  return toBase64(new Uint8Array(signature));
}
