import { readFileSync } from 'node:fs';

/** A realistic payer answer from test/fixtures/fhir, parsed fresh for each caller. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/fhir/${name}`, import.meta.url), 'utf8')) as T;
}
