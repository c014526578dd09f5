import type { LoopIssue, X12Loop } from './loops';
import { childLoops, findSegment, firstLoop } from './loops';
import { createWalker, envelopePipeline, type ParseOptions, runSync } from './parse';
import { repetitions, type X12Delimiters, type X12Segment } from './tokenizer';

export interface Inquiry270Person {
  lastName: string;
  firstName: string;
  middleName: string | undefined;
  memberId: string | undefined;
  birthDate: string | undefined;
  gender: string | undefined;
  groupNumber: string | undefined;
  /** INS02 relationship for a dependent (01 spouse, 19 child, 34 other adult). */
  relationship: string | undefined;
  /** EQ01 service type codes, every repetition. */
  serviceTypes: string[];
  /** DTP*291 date of service. */
  serviceDate: string | undefined;
  traces: { type: string; number: string; originatorId: string }[];
}

export interface Inquiry270 {
  transactionControlNumber: string;
  reference: string;
  payer: { name: string; id: string | undefined };
  provider: { name: string; npi: string | undefined };
  subscriber: Inquiry270Person;
  dependent: Inquiry270Person | undefined;
  issues: LoopIssue[];
}

const el = (s: X12Segment | undefined, n: number): string => s?.elements[n] ?? '';
const opt = (v: string): string | undefined => (v === '' ? undefined : v);

function person(hl: X12Loop, suffix: 'C' | 'D', d: X12Delimiters): Inquiry270Person {
  const name = firstLoop(hl, `2100${suffix}`) ?? { id: '', name: '', segments: [], loops: [] };
  const nm1 = findSegment(name, 'NM1');
  const dmg = findSegment(name, 'DMG');
  const eq = childLoops(name, `2110${suffix}`);
  const date = findSegment(name, 'DTP', [1, ['291']]) ?? eq.map((l) => findSegment(l, 'DTP')).find(Boolean);
  return {
    lastName: el(nm1, 3),
    firstName: el(nm1, 4),
    middleName: opt(el(nm1, 5)),
    memberId: opt(el(nm1, 9)),
    birthDate: opt(el(dmg, 2)),
    gender: opt(el(dmg, 3)),
    groupNumber: opt(el(findSegment(name, 'REF', [1, ['6P', '1L', 'IG']]), 2)),
    relationship: opt(el(findSegment(name, 'INS'), 2)),
    serviceTypes: eq.flatMap((l) => repetitions(el(l.segments[0], 1), d)),
    serviceDate: opt(el(date, 3)),
    traces: hl.segments
      .filter((s) => s.id === 'TRN')
      .map((s) => ({ type: el(s, 1), number: el(s, 2), originatorId: el(s, 3) })),
  };
}

/** Reads 270 inquiries (what a payer or a clearinghouse test double receives). */
export function parse270(input: string | Uint8Array, options: ParseOptions = {}): Inquiry270[] {
  const out: Inquiry270[] = [];
  let walker: ReturnType<typeof createWalker>;
  runSync(
    input,
    envelopePipeline({
      transactionStart(tx) {
        walker = tx.setId === '270' ? createWalker(tx, options) : undefined;
      },
      segment(segment) {
        walker?.push(segment);
      },
      transactionEnd(tx) {
        if (!walker) return;
        const root = walker.end();
        const d = tx.interchange.delimiters;
        const bht = findSegment(root, 'BHT');
        for (const source of childLoops(root, '2000A')) {
          const payer = findSegment(firstLoop(source, '2100A') ?? source, 'NM1');
          for (const receiver of childLoops(source, '2000B')) {
            const provider = findSegment(firstLoop(receiver, '2100B') ?? receiver, 'NM1');
            for (const sub of childLoops(receiver, '2000C')) {
              const dependents = childLoops(sub, '2000D');
              for (const dep of dependents.length > 0 ? dependents : [undefined]) {
                out.push({
                  transactionControlNumber: tx.controlNumber,
                  reference: el(bht, 3),
                  payer: { name: el(payer, 3), id: opt(el(payer, 9)) },
                  provider: {
                    name: el(provider, 3),
                    npi: el(provider, 8) === 'XX' ? opt(el(provider, 9)) : undefined,
                  },
                  subscriber: person(sub, 'C', d),
                  dependent: dep ? person(dep, 'D', d) : undefined,
                  issues: walker.issues,
                });
              }
            }
          }
        }
      },
    }),
  );
  return out;
}
