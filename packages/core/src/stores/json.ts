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
