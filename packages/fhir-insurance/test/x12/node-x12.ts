import { type Claim837, parse837P, parseX12, tokenize } from '@medflow/fhir-insurance/x12';
import { X12Parser } from 'node-x12';
import { expect } from 'vitest';

type NodeSegment = { tag: string; elements: { value: string }[] };

/** Every segment's elements as node-x12's strict parser reads them. */
export function nodeX12Elements(text: string): string[][] {
  const interchange = new X12Parser(true).parse(text) as unknown as {
    header: NodeSegment;
    trailer: NodeSegment;
    functionalGroups: {
      header: NodeSegment;
      trailer: NodeSegment;
      transactions: { header: NodeSegment; trailer: NodeSegment; segments: NodeSegment[] }[];
    }[];
  };
  const out: string[][] = [];
  const add = (s: NodeSegment) => out.push([s.tag, ...s.elements.map((e) => e.value)]);
  add(interchange.header);
  for (const g of interchange.functionalGroups) {
    add(g.header);
    for (const t of g.transactions) {
      add(t.header);
      for (const s of t.segments) add(s);
      add(t.trailer);
    }
    add(g.trailer);
  }
  add(interchange.trailer);
  return out;
}

/**
 * node-x12 reads every element of every segment as we do, except ISA13 and IEA02, which it
 * rebuilds as numbers (leading zeros lost): those two are compared as numbers.
 */
export function expectSameAsNodeX12(text: string): void {
  const theirs = nodeX12Elements(text);
  const ours = tokenize(text).map((t) => t.segment.elements);
  expect(ours.length).toBe(parseX12(text).segmentCount);
  expect(theirs.length).toBe(ours.length);
  expect(theirs.slice(1, -1)).toEqual(ours.slice(1, -1));
  const isa = (e: string[]) => e.filter((_, i) => i !== 13);
  expect(isa(theirs[0]!)).toEqual(isa(ours[0]!));
  expect(Number(theirs[0]![13])).toBe(Number(ours[0]![13]));
}

/**
 * A built 837P read back three ways: node-x12 reads the same elements, element validation
 * finds nothing, and parse837P reports no issue. Returns parse837P's first claim.
 */
export function readBack837P(text: string): Claim837 {
  expectSameAsNodeX12(text);
  const doc = parseX12(text, { validateElements: true });
  expect(doc.interchanges[0]!.groups[0]!.transactions[0]!.issues).toEqual([]);
  const { claims, issues } = parse837P(text, { validateElements: true });
  expect(issues).toEqual([]);
  return claims[0]!;
}
