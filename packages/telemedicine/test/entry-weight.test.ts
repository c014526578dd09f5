import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('package weight', () => {
  it('ships code that imports only @medflow/core, zod/mini and its English messages, so importing it never loads the twilio SDK or classic zod', () => {
    const specifiers = new Set<string>();
    for (const file of sourceFiles(join(root, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const specifier = match[1] ?? '';
        if (!specifier.startsWith('.')) specifiers.add(specifier);
      }
    }
    expect([...specifiers].sort()).toEqual(['@medflow/core', 'zod/locales', 'zod/mini']);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // zod/mini is bundled into dist (tsup noExternal), so users never install or load zod.
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@medflow/core']);
  });
});
