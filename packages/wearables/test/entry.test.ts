import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../src');

/** Every bare module the file imports, following our own relative imports. */
function bareImports(file: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(file)) return out;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g)) {
    const spec = m[1] as string;
    if (spec.startsWith('.')) {
      const base = join(dirname(file), spec);
      const target = [`${base}.ts`, join(base, 'index.ts')].find((f) => {
        try {
          readFileSync(f);
          return true;
        } catch {
          return false;
        }
      });
      if (target) for (const b of bareImports(target, seen)) out.add(b);
    } else out.add(spec);
  }
  return out;
}

describe('entry points', () => {
  it('keeps the main entry free of heavy dependencies', () => {
    const deps = [...bareImports(join(src, 'index.ts'))].sort();
    // zod/mini is bundled into dist (tree-shaken); classic zod's module graph alone costs ~75 ms.
    expect(deps).toEqual(['@medflow/core', '@medplum/fhirtypes', 'zod/mini']);
  });

  it('keeps BullMQ out of everything but the worker, and saxes/fflate in the Apple import', () => {
    expect(bareImports(join(src, 'google-health/index.ts')).has('bullmq')).toBe(false);
    expect(bareImports(join(src, 'health-connect.ts')).has('saxes')).toBe(false);
    expect([...bareImports(join(src, 'apple-health/index.ts'))].sort()).toEqual([
      '@medflow/core',
      'fflate',
      'saxes',
      'zod/mini',
      'zod/v4/locales/en.js',
    ]);
    expect(bareImports(join(src, 'worker.ts')).has('bullmq')).toBe(true);
  });

  it('never imports classic zod from any entry', () => {
    for (const entry of [
      'index.ts',
      'health-connect.ts',
      'samsung-health.ts',
      'google-health/index.ts',
      'apple-health/index.ts',
      'worker.ts',
      'testing.ts',
    ]) {
      expect(
        [...bareImports(join(src, entry))].filter((d) => d === 'zod' || d.startsWith('zod/v4/classic')),
      ).toEqual([]);
    }
  });
});
