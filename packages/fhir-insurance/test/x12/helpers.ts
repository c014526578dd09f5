import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LoopIssue, parseX12 } from '@medflow/fhir-insurance/x12';
import { expect } from 'vitest';

export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', name), 'latin1');
}

/** Rewrites a `*`/`^`/`:`/`~` file with other delimiters (the ISA keeps its fixed width). */
export function withDelimiters(
  text: string,
  d: { element: string; repetition: string; component: string; segment: string },
): string {
  return text.replace(/[*^:~]/g, (c) =>
    c === '*' ? d.element : c === '^' ? d.repetition : c === ':' ? d.component : d.segment,
  );
}

/** Replaces one run of segments (which must be there) and keeps SE01 right. */
export function edit(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  const count = (s: string) => s.split('~').length - 1;
  const added = count(to) - count(from);
  return text
    .replace(from, to)
    .replace(/~(\s*)SE\*(\d+)\*/, (_, gap: string, n: string) => `~${gap}SE*${Number(n) + added}*`);
}

/** Every loop and element issue of every transaction set in a file. */
export function issuesOf(text: string): LoopIssue[] {
  const doc = parseX12(text);
  return doc.interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions.flatMap((t) => t.issues)));
}
