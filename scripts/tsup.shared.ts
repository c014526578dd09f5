import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from 'tsup';

/**
 * One build recipe for every package: the entry points are read from the package's
 * `exports` map (`"./x12"` builds `src/x12.ts` or `src/x12/index.ts` to `dist/x12.*`),
 * so a new subpath is added in exactly one place.
 */
export function packageBuild(dir: string, extra: Partial<Options> = {}): Options {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>;
    bin?: Record<string, string>;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const entry: Record<string, string> = {};
  for (const subpath of Object.keys(manifest.exports)) {
    if (subpath === './package.json') continue;
    const name = subpath === '.' ? 'index' : subpath.slice(2);
    const file = [`src/${name}.ts`, `src/${name}/index.ts`].find((f) => existsSync(join(dir, f)));
    if (!file) throw new Error(`${subpath} in exports has no source file (src/${name}.ts)`);
    entry[name] = file;
  }
  for (const [, target] of Object.entries(manifest.bin ?? {})) {
    const name = target.replace(/^\.\/dist\//, '').replace(/\.js$/, '');
    entry[name] = `src/${name}.ts`;
  }
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'neutral',
    splitting: true,
    treeshake: true,
    external: [
      /^node:/,
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ],
    ...extra,
  };
}
