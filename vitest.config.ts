import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.ts';

// Tests import `@medflow/*` exactly as users do; these aliases point each published
// entry point at its source so the suite needs no build first.
function sourceAliases() {
  const root = resolve(import.meta.dirname, 'packages');
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const dir of readdirSync(root)) {
    const manifest = join(root, dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      name: string;
      exports?: Record<string, unknown>;
    };
    for (const subpath of Object.keys(exports ?? {})) {
      if (subpath === './package.json') continue;
      const sub = subpath === '.' ? 'index' : subpath.slice(2);
      const candidates = [join(root, dir, 'src', `${sub}.ts`), join(root, dir, 'src', sub, 'index.ts')];
      const file = candidates.find((c) => existsSync(c));
      if (!file) continue;
      const specifier = subpath === '.' ? name : `${name}/${sub}`;
      aliases.push({ find: new RegExp(`^${specifier.replace(/[/.]/g, '\\$&')}$`), replacement: file });
    }
  }
  return aliases;
}

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    projects,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
