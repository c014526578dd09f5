import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkElements,
  ELEMENTS_5010,
  type ElementError,
  type LoopIssue,
  parseX12,
  type SegmentRule,
  type TransactionSchema,
  type X12Segment,
} from '@medflow/fhir-insurance/x12';
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

/** The default delimiters, as the one-segment checks below write segments. */
export const DELIMITERS = { element: '*', repetition: '^', component: ':', segment: '~' };

/** One segment written as text with `*` between elements. */
export function segmentOf(text: string): X12Segment {
  const elements = text.split('*');
  return { id: elements[0]!, elements, number: 1, offset: 0 };
}

/** checkElements on one segment written as text, with the 5010 table (and syntax notes) of its id. */
export function checkSegment(text: string) {
  const segment = segmentOf(text);
  const table = ELEMENTS_5010[segment.id];
  expect(table).toBeDefined();
  return checkElements(segment, table!, DELIMITERS).map((e: ElementError) => ({
    code: e.code,
    element: e.element,
    ...(e.component ? { component: e.component } : {}),
    reference: e.reference,
  }));
}

/**
 * The same check with every element situational (the standard's own view of an optional
 * element), so each syntax note is what names the missing or excluded element.
 */
export function checkAsStandard(text: string): [string, number][] {
  const segment = segmentOf(text);
  const table = ELEMENTS_5010[segment.id]!.map((rule) => rule && { ...rule, usage: 'S' as const });
  return checkElements(segment, table, DELIMITERS).map((e) => [e.code, e.element]);
}

/** What a test compares of an element issue; its reference number too when asked. */
export function issueDetail(i: LoopIssue, withReference = false) {
  return {
    segmentId: i.segmentId,
    loopId: i.loopId,
    element: i.element,
    ...(i.component ? { component: i.component } : {}),
    elementCode: i.elementCode,
    ...(withReference ? { reference: i.reference } : {}),
    badValue: i.badValue,
  };
}

/** The single issue of a file, or a failure naming what was found. */
export function singleIssue(text: string, withReference = false) {
  const found = issuesOf(text).map((i) => issueDetail(i, withReference));
  expect(found).toHaveLength(1);
  return found[0];
}

/** The segment rules of a schema that carry their own element definitions (per loop). */
export function perLoopRules(...schemas: TransactionSchema[]): SegmentRule[] {
  const rules: SegmentRule[] = [];
  const collect = (items: TransactionSchema['items']) => {
    for (const item of items) {
      if (item.kind === 'segment') {
        if (item.elements) rules.push(item);
      } else collect(item.items);
    }
  };
  for (const schema of schemas) collect(schema.items);
  return rules;
}
