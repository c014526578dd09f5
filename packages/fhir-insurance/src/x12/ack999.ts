import type { LoopIssue } from './loops';
import { childLoops, findSegment } from './loops';
import { createWalker, envelopePipeline, type ParseOptions, parseX12, runSync } from './parse';
import type { X12Segment } from './tokenizer';

/** IK5-01 / AK9-01 acknowledgment codes. */
export type AckCode = 'A' | 'E' | 'M' | 'P' | 'R' | 'W' | 'X';

export interface Ack999ElementError {
  /** IK401 position in segment (with component / repeat positions when given). */
  position: string;
  /** IK402 data element reference number. */
  reference: string | undefined;
  /** IK403 syntax error code. */
  code: string;
  /** IK404 copy of the bad element (may hold PHI: never log it). */
  badValue: string | undefined;
  context: string[][];
}

export interface Ack999SegmentError {
  segmentId: string;
  /** IK302 position in the transaction set (ST = 1). */
  position: number;
  loopId: string | undefined;
  /** IK304 syntax error code. */
  code: string;
  /** CTX01 of each CTX segment, split into components (`[['CLM01', 'PCN0001']]`). */
  context: string[][];
  elements: Ack999ElementError[];
}

export interface Ack999Transaction {
  setId: string;
  controlNumber: string;
  implementation: string | undefined;
  status: AckCode | string;
  /** IK502–IK506. */
  errorCodes: string[];
  segmentErrors: Ack999SegmentError[];
}

export interface Ack999 {
  transactionControlNumber: string;
  group: { functionalId: string; controlNumber: string; version: string | undefined };
  transactions: Ack999Transaction[];
  /** AK901 functional group acknowledge code. */
  status: AckCode | string;
  included: number;
  received: number;
  accepted: number;
  /** AK905–AK909. */
  errorCodes: string[];
  issues: LoopIssue[];
}

const el = (s: X12Segment | undefined, n: number): string => s?.elements[n] ?? '';
const range = (s: X12Segment | undefined, from: number, to: number): string[] => {
  const out: string[] = [];
  for (let i = from; i <= to; i++) if (el(s, i)) out.push(el(s, i));
  return out;
};
const ctx = (segments: X12Segment[], component: string) =>
  segments.filter((s) => s.id === 'CTX').map((s) => el(s, 1).split(component));

/** Parses every 999 in a file. */
export function parse999(input: string | Uint8Array, options: ParseOptions = {}): Ack999[] {
  const out: Ack999[] = [];
  let walker: ReturnType<typeof createWalker>;
  runSync(
    input,
    envelopePipeline({
      transactionStart(tx) {
        walker = tx.setId === '999' ? createWalker(tx, options) : undefined;
      },
      segment(segment) {
        walker?.push(segment);
      },
      transactionEnd(tx) {
        if (!walker) return;
        const root = walker.end();
        const ak1 = findSegment(root, 'AK1');
        const ak9 = findSegment(root, 'AK9');
        out.push({
          transactionControlNumber: tx.controlNumber,
          group: { functionalId: el(ak1, 1), controlNumber: el(ak1, 2), version: el(ak1, 3) || undefined },
          transactions: childLoops(root, '2000').map((loop) => {
            const ak2 = loop.segments[0]!;
            const ik5 = findSegment(loop, 'IK5');
            return {
              setId: el(ak2, 1),
              controlNumber: el(ak2, 2),
              implementation: el(ak2, 3) || undefined,
              status: el(ik5, 1),
              errorCodes: range(ik5, 2, 6),
              segmentErrors: childLoops(loop, '2100').map((err) => {
                const ik3 = err.segments[0]!;
                return {
                  segmentId: el(ik3, 1),
                  position: Number(el(ik3, 2)),
                  loopId: el(ik3, 3) || undefined,
                  code: el(ik3, 4),
                  context: ctx(err.segments, tx.interchange.delimiters.component),
                  elements: childLoops(err, '2110').map((e) => {
                    const ik4 = e.segments[0]!;
                    return {
                      position: el(ik4, 1),
                      reference: el(ik4, 2) || undefined,
                      code: el(ik4, 3),
                      badValue: el(ik4, 4) || undefined,
                      context: ctx(e.segments, tx.interchange.delimiters.component),
                    };
                  }),
                };
              }),
            };
          }),
          status: el(ak9, 1),
          included: Number(el(ak9, 2)),
          received: Number(el(ak9, 3)),
          accepted: Number(el(ak9, 4)),
          errorCodes: range(ak9, 5, 9),
          issues: walker.issues,
        });
      },
    }),
  );
  return out;
}

export interface InterchangeAck {
  /** TA101: the ISA13 acknowledged. */
  interchangeControlNumber: string;
  date: string;
  time: string;
  /** TA104: A accepted, E accepted with errors, R rejected. */
  status: string;
  /** TA105 note code (000 no error, 001 control numbers do not match, …). */
  noteCode: string;
}

/** Every TA1 interchange acknowledgment in a file. */
export function parseTA1(input: string | Uint8Array): InterchangeAck[] {
  return parseX12(input).interchanges.flatMap((i) =>
    i.ta1.map((s) => ({
      interchangeControlNumber: el(s, 1),
      date: el(s, 2),
      time: el(s, 3),
      status: el(s, 4),
      noteCode: el(s, 5),
    })),
  );
}
