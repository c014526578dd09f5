import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    mllpPort: number;
  }
}

const app = join(import.meta.dirname, '..');
const next = join(app, 'node_modules', 'next', 'dist', 'bin', 'next');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let child: ChildProcess | undefined;
let dataDir: string | undefined;

/** Starts the built app (`next start`) on free ports with an empty embedded database. */
export async function setup(project: TestProject) {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', MEDFLOW_DEMO: '1' };
  if (!existsSync(join(app, '.next', 'BUILD_ID'))) {
    const built = spawnSync(process.execPath, [next, 'build'], { cwd: app, env, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('next build failed');
  }
  const port = await freePort();
  const mllpPort = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'clinic-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [next, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: app,
    env: { ...env, CLINIC_DATA_DIR: dataDir, MLLP_PORT: String(mllpPort), PUBLIC_BASE_URL: baseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/invoices`);
      if (response.ok && output.includes('[mllp] lab feed listening')) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`the app did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  project.provide('baseUrl', baseUrl);
  project.provide('mllpPort', mllpPort);
}

export async function teardown() {
  child?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
