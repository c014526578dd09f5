import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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
