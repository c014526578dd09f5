import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMllpClient } from '@medflow/hl7/mllp';
import { afterAll, describe, expect, it } from 'vitest';
import { ORU_R01 } from '../../test/fixtures';
import { runCli } from './run';

const dir = mkdtempSync(join(tmpdir(), 'medflow-hl7-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
}

describe('medflow-hl7 CLI', () => {
  const file = join(dir, 'oru.hl7');
  writeFileSync(file, ORU_R01);

  it('parse prints the message as JSON', async () => {
    const cap = io();
    expect(await runCli(['parse', file], cap)).toBe(0);
    const json = JSON.parse(cap.out.join(''));
    expect(json.controlId).toBe('MSG00001');
    expect(json.segments[1].segment).toBe('PID');
    expect(json.segments[1].fields[2]).toEqual([
      ['555-44-3333', '', '', 'ACME', 'MR'],
      ['98765', '', '', 'SSA', 'SS'],
    ]);
    expect(json.segments[7].fields[4]).toBe('Fasting & hydrated\nsecond line');
  });

  it('to-fhir prints a transaction Bundle', async () => {
    const cap = io();
    expect(await runCli(['to-fhir', file, '--timezone', 'Z'], cap)).toBe(0);
    const bundle = JSON.parse(cap.out.join(''));
    expect(bundle.resourceType).toBe('Bundle');
    expect(
      bundle.entry.filter(
        (e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Observation',
      ),
    ).toHaveLength(5);
  });

  it('reports a bad file with a typed, PHI-free message and usage on bad arguments', async () => {
    const bad = join(dir, 'bad.hl7');
    writeFileSync(bad, 'PID|1||SECRET-NAME');
    const cap = io();
    expect(await runCli(['parse', bad], cap)).toBe(1);
    expect(cap.err.join('')).toMatch(/segment 1.*byte 0/);
    expect(cap.err.join('')).not.toContain('SECRET');
    const usage = io();
    expect(await runCli(['frobnicate'], usage)).toBe(2);
    expect(usage.err.join('')).toContain('Usage');
  });

  it('listen ACKs each message and writes one Bundle per message', async () => {
    const out = join(dir, 'bundles');
    const controller = new AbortController();
    const cap = io();
    let resolveAddress: (a: { port: number }) => void = () => {};
    const listening = new Promise<{ port: number }>((r) => {
      resolveAddress = r;
    });
    const running = runCli(['listen', '--port', '0', '--out', out], {
      ...cap,
      signal: controller.signal,
      onListening: (a) => resolveAddress(a),
    });
    const { port } = await listening;
    const client = createMllpClient({ port });
    expect((await client.send(ORU_R01)).code).toBe('AA');
    const noStatus = ORU_R01.replace('MSG00001', 'MSG00002').replace('|||F\rOBX|1', '|||\rOBX|1');
    const rejected = await client.send(noStatus);
    expect(rejected.code).toBe('AE');
    expect(rejected.message.get('ERR-3.1')).toBe('101');
    await client.close();
    controller.abort();
    expect(await running).toBe(0);
    const files = readdirSync(out);
    expect(files).toEqual(['000001-MSG00001.json']);
    expect(JSON.parse(readFileSync(join(out, files[0]!), 'utf8')).type).toBe('transaction');
  });
});
