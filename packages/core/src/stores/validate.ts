/**
 * Every adapter stores JSON text. `undefined`, a function or a symbol has none: pg would
 * fail on a NOT NULL column, Redis would store an empty string that reads back as absent,
 * memory would throw on read. One early, typed refusal keeps the adapters alike.
 */
export function toStoredJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('Stored values must be JSON-serializable (not undefined)');
  return json;
}

/**
 * Durations reach three engines that read bad ones three ways (NaN in SQL raises, Redis
 * refuses PX NaN, memory would compare against NaN and never hold the key), so they are
 * checked once here. `allowZero` is for retention, where 0 means "gone at once".
 */
export function assertTtlMs(name: string, ms: number, options: { allowZero?: boolean } = {}): void {
  const ok = Number.isFinite(ms) && (options.allowZero ? ms >= 0 : ms > 0);
  if (!ok)
    throw new RangeError(`${name} must be a ${options.allowZero ? 'non-negative' : 'positive'} number of ms`);
}
