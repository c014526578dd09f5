import net from 'node:net';
import { parseMessage } from '@medflow/hl7';
import {
  createMllpClient,
  createMllpServer,
  frame,
  type MllpDiagnostic,
  type MllpServer,
} from '@medflow/hl7/mllp';
import { afterEach, describe, expect, it } from 'vitest';

const msg = (id: string, extra = '') =>
  `MSH|^~\\&|LAB|ACME|EHR|CLINIC|20261126101500||ORU^R01^ORU_R01|${id}|P|2.5.1\rPID|1||${id}^^^ACME^MR\r${extra}`;

const servers: MllpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close({ timeoutMs: 500 })));
});

async function start(options: Partial<Parameters<typeof createMllpServer>[0]> = {}) {
  const diagnostics: MllpDiagnostic[] = [];
  const server = createMllpServer({
    onMessage: () => undefined,
    onDiagnostic: (d) => diagnostics.push(d),
    ...options,
  });
  servers.push(server);
  const address = await server.listen();
  return { server, address, diagnostics };
}

/** A raw socket for sending hand-made bytes; collects every ACK frame it receives. */
async function rawConnection(port: number) {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise((r) => socket.once('connect', r));
  const acks: string[] = [];
  let buffer = '';
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  socket.on('data', (d) => {
    buffer += d.toString('utf8');
    let end = buffer.indexOf('\x1c\r');
    while (end >= 0) {
      acks.push(buffer.slice(buffer.indexOf('\x0b') + 1, end));
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\x1c\r');
    }
  });
  const waitFor = async (n: number) => {
    for (let i = 0; i < 200 && acks.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    return acks;
  };
  return { socket, acks, waitFor, closed };
}

describe('MLLP server and client', () => {
  it('binds 127.0.0.1 by default and acknowledges with AA', async () => {
    const received: string[] = [];
    const { address } = await start({
      onMessage: (m, ctx) => {
        received.push(`${m.controlId}@${ctx.remoteAddress}`);
      },
    });
    expect(address.host).toBe('127.0.0.1');
    const client = createMllpClient({ port: address.port });
    const ack = await client.send(msg('C1'));
    expect(ack.code).toBe('AA');
    expect(ack.controlId).toBe('C1');
    expect(ack.message.getRaw('MSH-9')).toBe('ACK^R01^ACK');
    expect(received).toEqual(['C1@127.0.0.1']);
    await client.close();
  });

  it('returns the application’s code and errors; an exception becomes AE', async () => {
    const { address, diagnostics } = await start({
      onMessage: (m) => {
        if (m.controlId === 'BAD')
          return { code: 'AE', errors: [{ code: '101', location: { segment: 'PID', field: 3 } }] };
        if (m.controlId === 'BOOM') throw new Error('database down');
        if (m.controlId === 'NO') return 'AR';
        return undefined;
      },
    });
    const client = createMllpClient({ port: address.port });
    const [bad, boom, no, ok] = await Promise.all(
      ['BAD', 'BOOM', 'NO', 'OK'].map((id) => client.send(msg(id))),
    );
    expect(bad!.code).toBe('AE');
    expect(bad!.message.get('ERR-3.1')).toBe('101');
    expect(boom!.code).toBe('AE');
    expect(boom!.message.get('ERR-3.1')).toBe('207');
    expect(boom!.message.toString()).not.toContain('database');
    expect(no!.code).toBe('AR');
    expect(ok!.code).toBe('AA');
    expect(diagnostics.some((d) => d.type === 'handler-error')).toBe(true);
    await client.close();
  });

  it('answers unparseable frames with AR carrying the recovered control id', async () => {
    const { address, diagnostics } = await start();
    const conn = await rawConnection(address.port);
    conn.socket.write(
      frame(new TextEncoder().encode('MSH|^~\\&|LAB|F|EHR|C|1||ORU^R01|CTRL9|P|2.5\rbad segment\r')),
    );
    const [ack] = await conn.waitFor(1);
    const parsed = parseMessage(ack!);
    expect(parsed.get('MSA-1')).toBe('AR');
    expect(parsed.get('MSA-2')).toBe('CTRL9');
    expect(diagnostics.some((d) => d.type === 'parse-error')).toBe(true);
    conn.socket.destroy();
  });

  it('handles a start block split from its end block and several frames in one chunk', async () => {
    const { address, diagnostics } = await start();
    const conn = await rawConnection(address.port);
    const bytes = Buffer.concat([
      Buffer.from('junk'),
      Buffer.from(frame(new TextEncoder().encode(msg('S1')))),
      Buffer.from(frame(new TextEncoder().encode(msg('S2')))),
      Buffer.from(frame(new TextEncoder().encode(msg('S3')))),
    ]);
    for (let i = 0; i < bytes.length; i += 7) {
      conn.socket.write(bytes.subarray(i, i + 7));
      if (i % 35 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    const acks = await conn.waitFor(3);
    expect(acks.map((a) => parseMessage(a).get('MSA-2'))).toEqual(['S1', 'S2', 'S3']);
    expect(diagnostics).toContainEqual(expect.objectContaining({ type: 'discarded-bytes', bytes: 4 }));
    conn.socket.destroy();
  });

  it('rejects an oversize frame and closes the connection without buffering it', async () => {
    const { address, diagnostics } = await start({ maxMessageBytes: 1024 });
    const conn = await rawConnection(address.port);
    conn.socket.write(Buffer.from(`\x0b${msg('BIG')}`));
    conn.socket.write(Buffer.alloc(4096, 0x41));
    await conn.closed;
    expect(conn.acks).toHaveLength(1);
    const ack = parseMessage(conn.acks[0]!);
    expect(ack.get('MSA-1')).toBe('AR');
    expect(ack.get('MSA-2')).toBe('BIG');
    expect(diagnostics.some((d) => d.type === 'oversize-frame')).toBe(true);
  });

  it('closes idle connections and slow senders', async () => {
    const { address, diagnostics } = await start({ idleTimeoutMs: 100, frameTimeoutMs: 150 });
    const idle = await rawConnection(address.port);
    await idle.closed;
    const slow = await rawConnection(address.port);
    slow.socket.write('\x0bMSH|^~\\&|');
    const timer = setInterval(() => slow.socket.write('A'), 50);
    await slow.closed;
    clearInterval(timer);
    const kinds = diagnostics.filter((d) => d.type === 'timeout').map((d) => (d as { kind: string }).kind);
    expect(kinds).toEqual(expect.arrayContaining(['idle', 'slow-sender']));
  });

  it('keeps many messages in flight with backpressure and answers each by MSA-2', async () => {
    const { address } = await start({
      maxPendingMessages: 2,
      onMessage: async (m) => {
        await new Promise((r) => setTimeout(r, Number(m.controlId?.slice(1)) % 3));
      },
    });
    const client = createMllpClient({ port: address.port });
    const ids = Array.from({ length: 200 }, (_, i) => `P${i}`);
    const acks = await Promise.all(ids.map((id) => client.send(msg(id))));
    expect(acks.map((a) => a.controlId)).toEqual(ids);
    expect(acks.every((a) => a.code === 'AA')).toBe(true);
    await client.close();
  });

  it('drains in-flight messages on close()', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { server, address } = await start({ onMessage: () => gate.then(() => 'AA' as const) });
    const client = createMllpClient({ port: address.port });
    const pending = client.send(msg('D1'));
    await new Promise((r) => setTimeout(r, 50));
    const closing = server.close();
    setTimeout(release, 50);
    expect((await pending).code).toBe('AA');
    await closing;
    expect(server.connectionCount).toBe(0);
    await expect(
      createMllpClient({ port: address.port, connectAttempts: 1 }).send(msg('late')),
    ).rejects.toThrow(/Could not connect/);
  });

  it('times out without an ACK and reconnects after the receiver restarts', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    const client = createMllpClient({ port, timeoutMs: 100, reconnectDelayMs: 10 });
    await expect(client.send(msg('T1'))).rejects.toMatchObject({ code: 'timeout' });
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
    await new Promise((r) => setTimeout(r, 50));
    const first = await start({ port });
    expect((await client.send(msg('T2'))).code).toBe('AA');
    await first.server.close();
    await expect(client.send(msg('T3'))).rejects.toMatchObject({ code: 'mllp_connection_failed' });
    await start({ port });
    expect((await client.send(msg('T4'))).code).toBe('AA');
    await client.close();
  });
});

describe('enhanced-mode acknowledgments', () => {
  it('follows MSH-15: NE sends nothing, ER only on errors', async () => {
    const { address } = await start({
      onMessage: (m) => (m.controlId?.startsWith('BAD') ? 'CE' : undefined),
    });
    const conn = await rawConnection(address.port);
    const enhanced = (id: string, accept: string) =>
      `MSH|^~\\&|LAB|F|EHR|C|1||ORU^R01|${id}|P|2.5.1|||${accept}|NE\rPID|1\r`;
    for (const [id, accept] of [
      ['NE1', 'NE'],
      ['ER1', 'ER'],
      ['BAD1', 'ER'],
      ['AL1', 'AL'],
    ]) {
      conn.socket.write(frame(new TextEncoder().encode(enhanced(id!, accept!))));
    }
    const acks = await conn.waitFor(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(conn.acks.map((a) => `${parseMessage(a).get('MSA-1')}:${parseMessage(a).get('MSA-2')}`)).toEqual([
      'CE:BAD1',
      'CA:AL1',
    ]);
    expect(acks).toHaveLength(2);
    conn.socket.destroy();
  });
});
