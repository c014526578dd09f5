// `pnpm demo`: builds the app, starts it with the MLLP lab listener, and plays a sample lab
// feed into it. Needs no accounts or keys; open http://localhost:3000.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { playLabFeed } from './lab-feed.mjs';

const app = join(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 3000);
const mllpPort = Number(process.env.MLLP_PORT ?? 2575);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', MEDFLOW_DEMO: '1', MLLP_PORT: String(mllpPort) };
const next = join(app, 'node_modules', 'next', 'dist', 'bin', 'next');

if (!process.argv.includes('--no-build') || !existsSync(join(app, '.next', 'BUILD_ID'))) {
  console.log('[demo] building the app (next build)…');
  const built = spawnSync(process.execPath, [next, 'build'], { cwd: app, env, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

console.log(`[demo] starting on http://localhost:${port} (MLLP lab listener on 127.0.0.1:${mllpPort})`);
const server = spawn(process.execPath, [next, 'start', '-p', String(port)], {
  cwd: app,
  env,
  stdio: 'inherit',
});
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

try {
  await waitFor(`http://127.0.0.1:${port}/`, 120_000);
  await new Promise((r) => setTimeout(r, 500));
  await playLabFeed({ port: mllpPort, log: (line) => console.log(line) });
  console.log(`[demo] sample lab feed delivered; open http://localhost:${port}/labs`);
} catch (error) {
  console.error(`[demo] ${error.message}`);
}
