/** A parsed location such as `PID-3[2].1`, `OBX(3)-5` or `PID-5.1.1` (1-based everywhere). */
export interface Hl7Path {
  segment: string;
  /** Which occurrence of the segment, 1-based. */
  occurrence: number;
  /** Field position; undefined addresses the whole segment. */
  field?: number;
  /** Repetition, 1-based; undefined means the first. */
  repetition?: number;
  component?: number;
  subcomponent?: number;
}

const PATH_RE =
  /^([A-Z][A-Z0-9]{2})(?:\((\d+)\)|\[(\d+)\])?(?:-(\d+)(?:\[(\d+)\]|\((\d+)\))?(?:\.(\d+)(?:\.(\d+))?)?)?$/;
const FIELD_RE = /^(\d+)(?:\[(\d+)\]|\((\d+)\))?(?:\.(\d+)(?:\.(\d+))?)?$/;
const cache = new Map<string, Hl7Path>();

function positive(text: string | undefined, what: string, path: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`${what} in HL7 path "${path}" must be 1 or more`);
  return n;
}

/** Parses `SEG(n)-f[r].c.s`; throws a RangeError for a malformed path (a programming error). */
export function parsePath(path: string): Hl7Path {
  const hit = cache.get(path);
  if (hit) return hit;
  const m = PATH_RE.exec(path);
  if (!m) throw new RangeError(`Not an HL7 path: "${path}" (expected e.g. PID-3[2].1 or OBX(3)-5)`);
  const fieldText = m[4];
  const parsed: Hl7Path = {
    segment: m[1]!,
    occurrence: positive(m[2] ?? m[3], 'Segment occurrence', path) ?? 1,
    ...(fieldText !== undefined ? { field: Number(fieldText) } : {}),
    ...optional('repetition', positive(m[5] ?? m[6], 'Repetition', path)),
    ...optional('component', positive(m[7], 'Component', path)),
    ...optional('subcomponent', positive(m[8], 'Subcomponent', path)),
  };
  if (cache.size > 2000) cache.clear();
  cache.set(path, parsed);
  return parsed;
}

/** Parses the in-segment part of a path: `3[2].1`, `5`, `5.1.1`. */
export function parseFieldPath(path: string): Omit<Hl7Path, 'segment' | 'occurrence'> & { field: number } {
  const m = FIELD_RE.exec(path);
  if (!m) throw new RangeError(`Not an HL7 field path: "${path}" (expected e.g. 3[2].1)`);
  return {
    field: Number(m[1]),
    ...optional('repetition', positive(m[2] ?? m[3], 'Repetition', path)),
    ...optional('component', positive(m[4], 'Component', path)),
    ...optional('subcomponent', positive(m[5], 'Subcomponent', path)),
  };
}

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}
