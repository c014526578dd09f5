import { checkElements, type ElementErrorCode, type SegmentElements } from './elements';
import { X12Error } from './errors';
import { codeOf, elementKey, elementOf, idCode, shortKey } from './scanner';
import type { X12Delimiters, X12Segment } from './tokenizer';

/** R = required, S = situational (the implementation guides' usage). */
export type Usage = 'R' | 'S';

export interface SegmentRule {
  kind: 'segment';
  id: string;
  usage: Usage;
  max: number;
  /** Element position and accepted values that tell this segment apart from a same-id sibling. */
  qualifier?: readonly [element: number, values: readonly string[]];
  /** Element definitions for this use of the segment (else the schema's for its id). */
  elements?: SegmentElements;
}

export interface LoopRule {
  kind: 'loop';
  id: string;
  name: string;
  usage: Usage;
  max: number;
  /** HL level code when the loop is an HL hierarchy level (20, 21, 22, 23). */
  hlLevel?: string;
  /** items[0] is the trigger segment: only it opens a new instance of the loop. */
  items: readonly (SegmentRule | LoopRule)[];
}

export interface TransactionSchema {
  /** ST01. */
  setId: string;
  /** Implementation guide (GS08 / ST03), e.g. 005010X221A1. */
  version: string;
  name: string;
  /** Everything between ST and SE. */
  items: readonly (SegmentRule | LoopRule)[];
  /** Element definitions by segment id, checked when element validation is on. */
  elements?: Readonly<Record<string, SegmentElements>>;
}

export const UNBOUNDED = Number.POSITIVE_INFINITY;

export function seg(
  id: string,
  usage: Usage = 'S',
  max = 1,
  qualifier?: readonly [number, readonly string[]],
): SegmentRule {
  return qualifier ? { kind: 'segment', id, usage, max, qualifier } : { kind: 'segment', id, usage, max };
}

export function loop(
  id: string,
  name: string,
  usage: Usage,
  max: number,
  items: readonly (SegmentRule | LoopRule)[],
): LoopRule {
  return { kind: 'loop', id, name, usage, max, items };
}

/** An HL level: triggered by HL with HL03 = level. */
export function hlLoop(
  id: string,
  name: string,
  level: string,
  usage: Usage,
  items: readonly (SegmentRule | LoopRule)[],
): LoopRule {
  return {
    kind: 'loop',
    id,
    name,
    usage,
    max: UNBOUNDED,
    hlLevel: level,
    items: [seg('HL', 'R', 1, [3, [level]]), ...items],
  };
}

/** One instance of a loop with the segments and child loops it holds, in file order. */
export interface X12Loop {
  /** Loop id from the implementation guide (`2100`, `2000B`); `ST` for the transaction itself. */
  id: string;
  name: string;
  segments: X12Segment[];
  loops: X12Loop[];
}

/** IK3-04 syntax error codes of the 999, so issues can be acknowledged as they are. */
export type SegmentIssueCode = '1' | '2' | '3' | '4' | '5' | '8';

export interface LoopIssue {
  severity: 'error' | 'warning';
  /** IK3-04 codes from the loop engine; `balance`, `amount` and `code` from the 835 reader. */
  code: SegmentIssueCode | 'balance' | 'amount' | 'code';
  message: string;
  segmentId: string;
  /** 1-based ordinal in the input. */
  segmentNumber: number;
  /** 1-based position within the transaction set (ST is 1), as IK3-02 wants it. */
  position: number;
  loopId: string;
  /** Element position for element-level issues (IK401-1). */
  element?: number;
  /** Component position within a composite (IK401-2). */
  component?: number;
  /** Repetition position (IK401-3). */
  repetition?: number;
  /** IK403 element syntax error code, for issues with code 8 found by element validation. */
  elementCode?: ElementErrorCode;
  /** IK402 data element reference number. */
  reference?: string;
  /** IK404 copy of the bad value; may hold PHI, never log it. */
  badValue?: string;
}

/** A loop rule prepared once for walking: lookups the walker would otherwise repeat per segment. */
interface CompiledLoop {
  items: readonly (SegmentRule | LoopRule)[];
  /**
   * Item positions that a segment id can match (segment rules and loop triggers), ascending:
   * the walker looks only at these instead of scanning every item per segment.
   */
  candidates: Map<string, number[]>;
  /** Positions of the required items, checked as each instance closes. */
  required: number[];
  /** The compiled loop of each loop item (undefined for segment items), built on first use. */
  children: (CompiledLoop | undefined)[];
  // Per item, in plain arrays so the walker's reads stay monomorphic whatever the rule shapes.
  isLoop: boolean[];
  max: number[];
  /** Element position of the qualifier of the item's (trigger) segment, -1 when it has none. */
  qualifierAt: number[];
  qualifierValues: (readonly string[])[];
  /** The qualifier values as shortKey numbers; undefined when one is longer than 3 characters. */
  qualifierKeys: (number[] | undefined)[];
  /** Zeroed counts for an instance of each loop item, copied as the instance opens. */
  zeros: number[][];
  /** `candidates` indexed by segment id code instead of id. */
  byCode: (number[] | undefined)[];
}

interface Frame {
  compiled: CompiledLoop;
  loopId: string;
  node: X12Loop;
  pos: number;
  counts: number[];
  hlId: string | undefined;
}

export interface LoopWalkerOptions {
  /** Make unknown/out-of-place segments and usage violations fatal. */
  strict?: boolean;
  /** Loops not kept in their parent once closed (streaming): they only reach onLoopEnd. */
  detach?: ReadonlySet<string>;
  /** Called as each loop instance closes, with its open ancestors (outermost first; read it, do not keep it). */
  onLoopEnd?(loop: X12Loop, ancestors: readonly X12Loop[]): void;
  /**
   * Check every element of segments that have element definitions (IK4-level issues with code
   * 8). Needs the delimiters, to split composites and repetitions.
   */
  validateElements?: boolean;
  delimiters?: X12Delimiters;
}

function collectIds(items: readonly (SegmentRule | LoopRule)[], into: Set<string>): Set<string> {
  for (const item of items) {
    if (item.kind === 'segment') into.add(item.id);
    else collectIds(item.items, into);
  }
  return into;
}

const knownIds = new WeakMap<TransactionSchema, Set<string>>();
const compiledIndex = new WeakMap<LoopRule | TransactionSchema, CompiledLoop>();

function compile(rule: LoopRule | TransactionSchema): CompiledLoop {
  let compiled = compiledIndex.get(rule);
  if (!compiled) {
    const candidates = new Map<string, number[]>();
    const required: number[] = [];
    rule.items.forEach((item, j) => {
      const id = item.kind === 'segment' ? item.id : (item.items[0] as SegmentRule).id;
      const list = candidates.get(id);
      if (list) list.push(j);
      else candidates.set(id, [j]);
      if (item.usage === 'R') required.push(j);
    });
    const triggers = rule.items.map((item) =>
      item.kind === 'segment' ? item : (item.items[0] as SegmentRule),
    );
    compiled = {
      items: rule.items,
      candidates,
      required,
      children: rule.items.map(() => undefined),
      isLoop: rule.items.map((item) => item.kind === 'loop'),
      max: rule.items.map((item) => item.max),
      qualifierAt: triggers.map((t) => (t.qualifier ? t.qualifier[0] : -1)),
      qualifierValues: triggers.map((t) => (t.qualifier ? t.qualifier[1] : [])),
      qualifierKeys: triggers.map((t) => {
        const values = t.qualifier ? t.qualifier[1] : [];
        const keys = values.map((v) => shortKey(v, 0, v.length));
        return keys.every((k) => k >= 0) ? keys : undefined;
      }),
      zeros: rule.items.map((item) => zeros(item.kind === 'loop' ? item.items.length : 0)),
      byCode: [],
    };
    for (const [id, list] of candidates) compiled.byCode[idCode(id)] = list;
    compiledIndex.set(rule, compiled);
  }
  return compiled;
}

function childOf(compiled: CompiledLoop, j: number): CompiledLoop {
  let child = compiled.children[j];
  if (!child) {
    child = compile(compiled.items[j] as LoopRule);
    compiled.children[j] = child;
  }
  return child;
}

/**
 * An empty array made to hold objects. A `[]` literal starts as an array of small integers
 * and changes kind on its first object; when one such array reaches code optimized for the
 * changed kind, V8 throws that code away. Loop nodes are built by the thousand, so theirs
 * start as the kind they end as: copies of an empty array of that kind (setting `length`
 * on each new array would cost a runtime call).
 */
const NO_OBJECTS: unknown[] = [null];
NO_OBJECTS.length = 0;

function objects<T>(): T[] {
  return NO_OBJECTS.slice() as T[];
}

function zeros(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(0);
  return out;
}

/**
 * Walks the segments of one transaction set through its loop schema. The same engine serves
 * every transaction: a segment belongs to the innermost open loop that expects it at or after
 * the current position, otherwise to an ancestor (closing the loops in between), otherwise it
 * is reported as unexpected (known id) or unrecognized.
 */
export class LoopWalker {
  readonly root: X12Loop;
  readonly issues: LoopIssue[] = [];
  private readonly stack: Frame[];
  /** The open loop nodes, kept beside the stack so onLoopEnd gets ancestors without allocating. */
  private readonly nodes: X12Loop[];
  /**
   * Closed frames by depth, reused by the next loop that opens there. Created holding
   * objects, as it will, so every walker's array is of the kind the optimized walker expects.
   */
  private readonly spare: (Frame | undefined)[] = new Array<Frame | undefined>(8).fill(undefined);
  private readonly detach: ReadonlySet<string> | undefined;
  private position = 1;
  private hlCounter = 0;
  private readonly schema: TransactionSchema;
  private readonly options: LoopWalkerOptions;
  /** Set when element validation is on. */
  private readonly elementDelimiters: X12Delimiters | undefined;
  /**
   * The last segment pushed when it found no place in the schema; undefined after a segment
   * that did (that one is the last of the innermost open loop's segments). Kept this way so the
   * hot path stores no new object per segment.
   */
  private unplaced: X12Segment | undefined;

  constructor(schema: TransactionSchema, options: LoopWalkerOptions = {}) {
    this.schema = schema;
    this.options = options;
    this.detach = options.detach;
    this.elementDelimiters = options.validateElements ? options.delimiters : undefined;
    this.root = { id: 'ST', name: schema.name, segments: objects(), loops: objects() };
    const compiled = compile(schema);
    this.stack = [
      {
        compiled,
        loopId: 'ST',
        node: this.root,
        pos: 0,
        counts: zeros(schema.items.length),
        hlId: undefined,
      },
    ];
    this.nodes = [this.root];
    // Frames for the first levels exist from the start: the same code reuses them in every
    // walker, rather than building them on a path only the first walker of a process takes.
    for (let depth = 1; depth < this.spare.length; depth++) {
      this.spare[depth] = {
        compiled,
        loopId: '',
        node: this.root,
        pos: 0,
        counts: zeros(64),
        hlId: undefined,
      };
    }
  }

  push(segment: X12Segment): void {
    this.position++;
    this.unplaced = undefined;
    const stack = this.stack;
    const code = codeOf(segment);
    // The qualifier element is read at most once per segment, however many rules look at it.
    let qualifierAt = -1;
    let qualifier = '';
    let key = -1;
    for (let d = stack.length - 1; d >= 0; d--) {
      const frame = stack[d]!;
      const compiled = frame.compiled;
      const byCode = compiled.byCode;
      const candidates = code < byCode.length ? byCode[code] : undefined;
      if (candidates === undefined) continue;
      const from = d === 0 ? frame.pos : Math.max(frame.pos, 1);
      for (let c = 0; c < candidates.length; c++) {
        const j = candidates[c]!;
        if (j < from) continue;
        const at = compiled.qualifierAt[j]!;
        if (at >= 0) {
          if (qualifierAt !== at) {
            qualifierAt = at;
            key = elementKey(segment, at);
            qualifier = key === -2 ? elementOf(segment, at) : '';
          }
          const keys = compiled.qualifierKeys[j];
          if (key !== -2 && keys !== undefined) {
            let k = 0;
            while (k < keys.length && keys[k] !== key) k++;
            if (k === keys.length) continue;
          } else {
            if (key !== -2) qualifier = elementOf(segment, at);
            if (!compiled.qualifierValues[j]!.includes(qualifier)) continue;
          }
        }
        if (d !== stack.length - 1) this.closeAbove(d, segment);
        const n = ++frame.counts[j]!;
        frame.pos = j;
        if (!compiled.isLoop[j]) {
          if (n > compiled.max[j]!) this.issue('5', 'Segment exceeds its maximum use', segment, frame.loopId);
          const segments = frame.node.segments;
          segments[segments.length] = segment;
          // Compared with undefined here and below: an object's truthiness is several checks.
          if (this.elementDelimiters !== undefined)
            this.checkElements(segment, compiled.items[j] as SegmentRule, frame.loopId);
          return;
        }
        const item = compiled.items[j] as LoopRule;
        if (n > compiled.max[j]!)
          this.issue('4', `Loop ${item.id} occurs over its maximum`, segment, item.id);
        const node: X12Loop = { id: item.id, name: item.name, segments: [segment], loops: objects() };
        let hlId: string | undefined;
        if (item.hlLevel !== undefined) hlId = this.checkHierarchy(segment, item.id);
        this.open(childOf(compiled, j), item.id, node, compiled.zeros[j]!, hlId);
        if (this.elementDelimiters !== undefined)
          this.checkElements(segment, item.items[0] as SegmentRule, item.id);
        return;
      }
    }
    let ids = knownIds.get(this.schema);
    if (!ids) {
      ids = collectIds(this.schema.items, new Set());
      knownIds.set(this.schema, ids);
    }
    const top = stack[stack.length - 1]!;
    this.unplaced = segment;
    if (ids.has(segment.id)) this.issue('2', 'Unexpected segment: not allowed here', segment, top.loopId);
    else this.issue('1', 'Unrecognized segment id for this transaction set', segment, top.loopId);
  }

  /**
   * Pushes a frame for a loop instance that just opened. Closed frames are kept per depth and
   * reused (the same loops open and close once per claim or line), so opening a loop allocates
   * only its node.
   */
  private open(
    compiled: CompiledLoop,
    loopId: string,
    node: X12Loop,
    zeros: number[],
    hlId: string | undefined,
  ): void {
    const stack = this.stack;
    const spare = this.spare[stack.length];
    let frame: Frame;
    if (spare !== undefined) {
      frame = spare;
      frame.compiled = compiled;
      frame.loopId = loopId;
      frame.node = node;
      frame.pos = 0;
      // Counts beyond this loop's items are left alone: nothing reads them.
      const counts = frame.counts;
      if (counts.length >= zeros.length) for (let i = 0; i < zeros.length; i++) counts[i] = 0;
      else frame.counts = zeros.slice();
      frame.hlId = hlId;
    } else {
      frame = { compiled, loopId, node, pos: 0, counts: zeros.slice(), hlId };
    }
    frame.counts[0] = 1;
    stack.push(frame);
    this.nodes.push(node);
  }

  private checkElements(segment: X12Segment, rule: SegmentRule, loopId: string): void {
    const rules = rule.elements ?? this.schema.elements?.[segment.id];
    if (!rules) return;
    for (const e of checkElements(segment, rules, this.elementDelimiters!)) {
      this.issue('8', e.message, segment, loopId, e.element, undefined, {
        ...(e.component !== undefined ? { component: e.component } : {}),
        ...(e.repetition !== undefined ? { repetition: e.repetition } : {}),
        elementCode: e.code,
        ...(e.reference ? { reference: e.reference } : {}),
        ...(e.badValue !== undefined ? { badValue: e.badValue } : {}),
      });
    }
  }

  /** Closes every loop; call at SE. */
  end(): X12Loop {
    this.closeAbove(-1, this.lastSegment());
    return this.root;
  }

  private checkHierarchy(segment: X12Segment, loopId: string): string {
    const id = elementOf(segment, 1);
    this.hlCounter++;
    if (id !== String(this.hlCounter)) {
      this.issue('8', 'HL01 must number the hierarchy levels 1, 2, 3…', segment, loopId, 1);
    }
    let parent: string | undefined;
    for (let d = this.stack.length - 1; d >= 0 && parent === undefined; d--) parent = this.stack[d]!.hlId;
    if (elementOf(segment, 2) !== (parent ?? '')) {
      this.issue('8', 'HL02 does not point at the enclosing hierarchy level', segment, loopId, 2);
    }
    return id;
  }

  /** The last segment pushed (see `unplaced`). */
  private lastSegment(): X12Segment | undefined {
    if (this.unplaced !== undefined) return this.unplaced;
    const segments = this.nodes[this.nodes.length - 1]!.segments;
    return segments[segments.length - 1];
  }

  /** Closes the loops above `depth`; `at` is the segment their issues point at. */
  private closeAbove(depth: number, at: X12Segment | undefined): void {
    while (this.stack.length - 1 > depth) {
      const frame = this.stack.pop()!;
      this.spare[this.stack.length] = frame;
      this.nodes.pop();
      const items = frame.compiled.items;
      for (const j of frame.compiled.required) {
        const item = items[j]!;
        if (frame.counts[j] === 0) {
          const what = item.kind === 'segment' ? `segment ${item.id}` : `loop ${item.id}`;
          this.issue(
            '3',
            `Required ${what} missing in loop ${frame.loopId}`,
            at,
            frame.loopId,
            undefined,
            item.kind === 'segment' ? item.id : (item.items[0] as SegmentRule).id,
          );
        }
      }
      const parent = this.stack.length > 0 ? this.stack[this.stack.length - 1] : undefined;
      if (parent !== undefined && !this.detach?.has(frame.loopId)) parent.node.loops.push(frame.node);
      if (this.options.onLoopEnd !== undefined) this.options.onLoopEnd(frame.node, this.nodes);
    }
  }

  private issue(
    code: SegmentIssueCode,
    message: string,
    segment: X12Segment | undefined,
    loopId: string,
    element?: number,
    segmentId?: string,
    detail?: Partial<LoopIssue>,
  ): void {
    const issue: LoopIssue = {
      severity: 'error',
      code,
      message,
      segmentId: segmentId ?? segment?.id ?? '',
      segmentNumber: segment?.number ?? 0,
      position: this.position,
      loopId,
      ...(element !== undefined ? { element } : {}),
      ...detail,
    };
    if (this.options.strict) {
      throw new X12Error(
        message,
        {
          segmentNumber: issue.segmentNumber,
          segmentId: issue.segmentId,
          element,
          byteOffset: segment?.offset,
        },
        'x12_structure',
      );
    }
    this.issues.push(issue);
  }
}

/** First segment with this id (and qualifier at element `q` when given) directly in a loop. */
export function findSegment(
  loop: X12Loop,
  id: string,
  qualifier?: readonly [number, readonly string[]],
): X12Segment | undefined {
  for (const s of loop.segments) {
    if (s.id === id && (!qualifier || qualifier[1].includes(elementOf(s, qualifier[0])))) return s;
  }
  return undefined;
}

export function findSegments(loop: X12Loop, id: string): X12Segment[] {
  return loop.segments.filter((s) => s.id === id);
}

export function childLoops(loop: X12Loop, id: string): X12Loop[] {
  return loop.loops.filter((l) => l.id === id);
}

/** The first child loop with this id, found without building the list of all of them. */
export function firstLoop(loop: X12Loop, id: string): X12Loop | undefined {
  for (const child of loop.loops) if (child.id === id) return child;
  return undefined;
}
