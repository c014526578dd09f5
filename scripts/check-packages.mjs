// Checks every publishable package the way a consumer meets it: packs it with pnpm
// (workspace: ranges rewritten), lints the tarball with publint and
// @arethetypeswrong/cli, then unpacks the tarball as a consumer would install it and
// import()s and require()s every entry point through its exports map. Exits non-zero on
// any error.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packs = join(root, '.cache', 'packs');
rmSync(packs, { recursive: true, force: true });
rmSync(join(root, '.cache', 'smoke'), { recursive: true, force: true });
mkdirSync(packs, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
// Under `pnpm run`, npm_execpath is pnpm's own script; otherwise use pnpm from PATH.
const execpath = process.env.npm_execpath ?? '';
const pnpm = /pnpm[^/]*\.c?js$/.test(execpath) ? [process.execPath, execpath] : ['pnpm'];
const failures = [];

const run = (label, cmd, args, cwd) => {
  try {
    const out = execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out;
  } catch (error) {
    failures.push(label);
    process.stdout.write(`✗ ${label}\n${error.stdout ?? ''}${error.stderr ?? ''}\n`);
    return undefined;
  }
};

const only = process.argv.slice(2);
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  if (only.length && !only.includes(dir)) continue;
  const pkgDir = join(root, 'packages', dir);
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  const name = manifest.name;
  const packed = run(
    `${name}: pack`,
    pnpm[0],
    [...pnpm.slice(1), 'pack', '--pack-destination', packs],
    pkgDir,
  );
  if (packed === undefined) continue;
  const tarball = join(packs, `${name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`);
  const publint = run(
    `${name}: publint`,
    bin('publint'),
    ['run', pkgDir, '--strict', '--pack', 'pnpm'],
    root,
  );
  if (publint !== undefined) process.stdout.write(`✓ ${name}: publint\n`);
  const attw = run(
    `${name}: attw`,
    bin('attw'),
    [tarball, '--profile', 'node16', '--format', 'table-flipped'],
    root,
  );
  if (attw !== undefined) process.stdout.write(`✓ ${name}: attw (node16 profile)\n`);
  // Smoke test on the packed tarball, not the work tree: unpack it as a consumer's
  // node_modules/<name> (so a file missing from `files` fails here), with the package's
  // own installed dependencies linked beside it.
  const consumer = join(root, '.cache', 'smoke', dir);
  const installed = join(consumer, 'node_modules', ...name.split('/'));
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    const source = join(pkgDir, 'node_modules', ...dep.split('/'));
    const target = join(consumer, 'node_modules', ...dep.split('/'));
    if (!existsSync(source) || existsSync(target)) continue;
    mkdirSync(join(target, '..'), { recursive: true });
    symlinkSync(source, target, 'dir');
  }
  for (const subpath of Object.keys(manifest.exports)) {
    if (subpath === './package.json') continue;
    const specifier = subpath === '.' ? name : `${name}/${subpath.slice(2)}`;
    const esm = run(
      `${specifier}: import()`,
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(specifier)}); if (!Object.keys(m).length) throw new Error('no exports');`,
      ],
      consumer,
    );
    const cjs = run(
      `${specifier}: require()`,
      process.execPath,
      [
        '-e',
        `const m = require(${JSON.stringify(specifier)}); if (!Object.keys(m).length) throw new Error('no exports');`,
      ],
      consumer,
    );
    if (esm !== undefined && cjs !== undefined) {
      process.stdout.write(`✓ ${specifier}: import() and require() of the packed package\n`);
    }
  }
}

if (failures.length) {
  process.stdout.write(`\n${failures.length} package check(s) failed:\n  ${failures.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write('\nAll package checks passed.\n');
