import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMllpClient, createMllpServer } from '@medflow/hl7/mllp';
import { Hl7Message as MedplumHl7Message } from '@medplum/core';
import { Hl7Client, type Hl7Connection, Hl7Server } from '@medplum/hl7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const msg = (id: string) =>
  `MSH|^~\\&|LAB|ACME|EHR|CLINIC|20261126101500||ORU^R01^ORU_R01|${id}|P|2.5.1\rPID|1||${id}^^^ACME^MR\rOBX|1|NM|2093-3^Cholesterol^LN||196|mg/dL|<200|N|||F`;

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe('interoperability with @medplum/hl7 over real sockets', () => {
  it('their client sends to our server', async () => {
    const seen: string[] = [];
    const server = createMllpServer({
      onMessage: (m) => {
        seen.push(`${m.controlId}:${m.get('OBX-5')}`);
      },
    });
    const { port } = await server.listen();
    const client = new Hl7Client({ host: '127.0.0.1', port });
    try {
      for (const id of ['I1', 'I2']) {
        const ack = await client.sendAndWait(MedplumHl7Message.parse(msg(id)));
        expect(ack.getSegment('MSA')?.getField(1)?.toString()).toBe('AA');
        expect(ack.getSegment('MSA')?.getField(2)?.toString()).toBe(id);
      }
    } finally {
      await client.close();
      await server.close();
    }
    expect(seen).toEqual(['I1:196', 'I2:196']);
  });

  it('our client sends to their server', async () => {
    const port = await freePort();
    const received: string[] = [];
    const server = new Hl7Server((connection: Hl7Connection) => {
      connection.addEventListener('message', ({ message }) => {
        received.push(message.getSegment('MSH')?.getField(10)?.toString() ?? '');
        connection.send(message.buildAck());
      });
    });
    server.start(port);
    await new Promise((r) => setTimeout(r, 50));
    const client = createMllpClient({ port, timeoutMs: 5_000 });
    try {
      // @medplum/hl7's server reads one frame per TCP chunk, so pipelined frames would be
      // dropped on its side: send one at a time as its own client does.
      const acks = [];
      for (const id of ['O1', 'O2', 'O3']) acks.push(await client.send(msg(id)));
      expect(acks.map((a) => [a.code, a.controlId])).toEqual([
        ['AA', 'O1'],
        ['AA', 'O2'],
        ['AA', 'O3'],
      ]);
    } finally {
      await client.close();
      await server.stop({ forceDrainTimeoutMs: 500 });
    }
    expect(received).toEqual(['O1', 'O2', 'O3']);
  });
});

describe('MLLP over TLS', () => {
  let dir: string;
  let key: string;
  let cert: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'medflow-hl7-tls-'));
    // A throwaway self-signed certificate for 127.0.0.1, made fresh for this test run.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exchanges messages and ACKs over TLS and refuses an untrusted server', async () => {
    const server = createMllpServer({ tls: { key, cert }, onMessage: () => 'AA' });
    const { port } = await server.listen();
    const client = createMllpClient({ port, tls: { ca: cert } });
    const untrusted = createMllpClient({ port, tls: {}, connectAttempts: 1 });
    try {
      expect((await client.send(msg('TLS1'))).code).toBe('AA');
      await expect(untrusted.send(msg('TLS2'))).rejects.toMatchObject({ code: 'mllp_connection_failed' });
    } finally {
      await client.close();
      await server.close({ timeoutMs: 500 });
    }
  });
});
