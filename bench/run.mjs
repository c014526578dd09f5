// `pnpm bench`: runs every benchmark under bench/*/index.mjs, one after another, so each
// one has the machine to itself. A benchmark prints its own figures beside its npm peers'.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const only = process.argv.slice(2);
// The import-time benchmark goes first: it is the one every package shares.
const names = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'index.mjs')))
  .map((d) => d.name)
  .sort((a, b) => (a === 'import-time' ? -1 : b === 'import-time' ? 1 : a.localeCompare(b)))
  .filter((n) => only.length === 0 || only.includes(n));

let failed = 0;
for (const name of names) {
  console.log(`\n=== bench/${name} ===`);
  const result = spawnSync(process.execPath, ['--expose-gc', join(here, name, 'index.mjs')], {
    stdio: 'inherit',
    cwd: here,
  });
  if (result.status !== 0) {
    failed++;
    console.log(`bench/${name} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed ? 1 : 0);
