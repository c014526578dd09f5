import net from 'node:net';
import tls from 'node:tls';
import { type AckCode, type AckError, ackModeOf, buildAck, buildRejectAck } from '../ack';
import type { Hl7Message } from '../message';
import { type ParseOptions, parseMessage } from '../parse';
import { frame, MllpFrameReader, writeFramed } from './framing';

/** What `onMessage` returns: an ACK code, or a code with ERR details; nothing means accept. */
export type MllpHandlerResult =
  | AckCode
  | { code: AckCode; errors?: AckError[]; text?: string }
  | undefined
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing accepts the message.
  | void;

export interface MllpMessageContext {
  /** The frame's bytes exactly as received. */
  raw: Uint8Array;
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  /** Sequential id of the connection within this server. */
  connectionId: number;
}

/** Operational events for logs and metrics. Never contains message content. */
export type MllpDiagnostic =
  | {
      type: 'discarded-bytes';
      connectionId: number;
      bytes: number;
      reason: 'outside-frame' | 'restarted-frame';
    }
  | { type: 'oversize-frame'; connectionId: number; maxMessageBytes: number }
  | { type: 'parse-error'; connectionId: number; error: unknown }
  | { type: 'handler-error'; connectionId: number; error: unknown }
  | { type: 'timeout'; connectionId: number; kind: 'idle' | 'slow-sender' }
  | { type: 'socket-error'; connectionId: number; error: unknown };

export interface MllpServerOptions {
  /** Interface to bind; 127.0.0.1 unless you say otherwise (never all interfaces by surprise). */
  host?: string;
  /** Port; 0 (default) picks a free one, see `address()`. */
  port?: number;
  onMessage(message: Hl7Message, context: MllpMessageContext): MllpHandlerResult | Promise<MllpHandlerResult>;
  /** Largest accepted message; larger frames are answered AR and the connection closed. Default 16 MiB. */
  maxMessageBytes?: number;
  /** Close a connection that sends nothing for this long (0 disables). Default 120 s. */
  idleTimeoutMs?: number;
  /** Close a connection whose frame is still incomplete after this long (slow sender). Default 30 s. */
  frameTimeoutMs?: number;
  /** Stop reading from a connection while this many messages wait for the handler. Default 64. */
  maxPendingMessages?: number;
  /** Serve MLLP over TLS with these options (key, cert, ca, requestCert…). */
  tls?: tls.TlsOptions;
  maxConnections?: number;
  parseOptions?: ParseOptions;
  onDiagnostic?(event: MllpDiagnostic): void;
}

export interface MllpServer {
  /** Starts listening; resolves with the bound address. */
  listen(): Promise<{ host: string; port: number }>;
  address(): { host: string; port: number };
  /** Open connections. */
  readonly connectionCount: number;
  /**
   * Stops accepting, lets every received message finish and be acknowledged, then closes the
   * connections. After `timeoutMs` (default 10 s) remaining connections are destroyed.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

const SUCCESS = new Set<AckCode>(['AA', 'CA']);

function shouldAcknowledge(message: Hl7Message, code: AckCode): boolean {
  if (ackModeOf(message) === 'original') return true;
  // Enhanced mode: MSH-15 says when an accept acknowledgment is wanted.
  const when = (message.segments[0]!.getAt(15) ?? 'AL').toUpperCase();
  if (when === 'NE') return false;
  if (when === 'ER') return !SUCCESS.has(code);
  if (when === 'SU') return SUCCESS.has(code);
  return true;
}

class Connection {
  readonly #queue: Uint8Array[] = [];
  #busy = false;
  #closing = false;
  #frameTimer: NodeJS.Timeout | undefined;
  readonly reader: MllpFrameReader;

  constructor(
    readonly id: number,
    readonly socket: net.Socket,
    readonly server: Server,
  ) {
    const o = server.options;
    this.reader = new MllpFrameReader(o.maxMessageBytes ?? 16 * 1024 * 1024, {
      frame: (payload) => {
        this.#clearFrameTimer();
        this.#queue.push(payload);
        if (this.#queue.length >= (o.maxPendingMessages ?? 64)) socket.pause();
        this.#drain().catch((error) => {
          // Never an unhandled rejection: the listener outlives any one connection's failure.
          server.diagnostic({ type: 'socket-error', connectionId: id, error });
          socket.destroy();
        });
      },
      discarded: (bytes, reason) =>
        server.diagnostic({ type: 'discarded-bytes', connectionId: id, bytes, reason }),
      oversize: (head) => {
        this.#clearFrameTimer();
        server.diagnostic({
          type: 'oversize-frame',
          connectionId: id,
          maxMessageBytes: o.maxMessageBytes ?? 0,
        });
        const ack = buildRejectAck(head, undefined, 'AR', {
          errors: [{ code: '207', message: 'Message exceeds the maximum size this receiver accepts' }],
        });
        socket.pause();
        socket.end(frame(ack.toBytes()));
      },
      frameStart: () => {
        const ms = o.frameTimeoutMs ?? 30_000;
        if (ms <= 0) return;
        this.#clearFrameTimer();
        this.#frameTimer = setTimeout(() => {
          server.diagnostic({ type: 'timeout', connectionId: id, kind: 'slow-sender' });
          socket.destroy();
        }, ms);
        this.#frameTimer.unref?.();
      },
    });
    socket.on('data', (chunk: Buffer) => this.reader.push(chunk));
    const idle = o.idleTimeoutMs ?? 120_000;
    if (idle > 0) {
      socket.setTimeout(idle, () => {
        if (this.#busy || this.#queue.length > 0 || this.reader.inFrame) return;
        server.diagnostic({ type: 'timeout', connectionId: id, kind: 'idle' });
        socket.end();
      });
    }
    socket.on('error', (error) => server.diagnostic({ type: 'socket-error', connectionId: id, error }));
    socket.on('close', () => {
      this.#clearFrameTimer();
      server.connections.delete(this);
      server.checkClosed();
    });
  }

  get idle(): boolean {
    return !this.#busy && this.#queue.length === 0 && !this.reader.inFrame;
  }

  /** Finish what was received, then end the connection. */
  closeWhenDrained(): void {
    this.#closing = true;
    if (this.idle) this.socket.end();
  }

  #corked = false;

  /** ACKs produced in the same tick leave in one write. */
  #cork(): void {
    if (this.#corked) return;
    this.#corked = true;
    this.socket.cork();
    process.nextTick(() => {
      this.#corked = false;
      this.socket.uncork();
    });
  }

  #clearFrameTimer(): void {
    if (this.#frameTimer) clearTimeout(this.#frameTimer);
    this.#frameTimer = undefined;
  }

  async #drain(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    const o = this.server.options;
    try {
      while (this.#queue.length > 0) {
        const raw = this.#queue.shift()!;
        const ack = await this.#handle(raw);
        if (ack && !this.socket.destroyed) {
          this.#cork();
          const ok = writeFramed(this.socket, ack);
          if (!ok) await new Promise<void>((resolve) => this.socket.once('drain', resolve));
        }
        if (
          this.socket.isPaused() &&
          this.#queue.length < (o.maxPendingMessages ?? 64) / 2 &&
          !this.socket.destroyed
        ) {
          this.socket.resume();
        }
      }
    } finally {
      this.#busy = false;
    }
    if (this.#closing && this.idle) this.socket.end();
  }

  async #handle(raw: Uint8Array): Promise<Uint8Array | undefined> {
    const o = this.server.options;
    let message: Hl7Message;
    try {
      message = parseMessage(raw, o.parseOptions);
    } catch (error) {
      this.server.diagnostic({ type: 'parse-error', connectionId: this.id, error });
      return buildRejectAck(raw, error, 'AR').toBytes();
    }
    let code: AckCode;
    let errors: AckError[] | undefined;
    let text: string | undefined;
    try {
      const returned = o.onMessage(message, {
        raw,
        remoteAddress: this.socket.remoteAddress,
        remotePort: this.socket.remotePort,
        connectionId: this.id,
      });
      const result = returned instanceof Promise ? await returned : returned;
      if (result === undefined) code = ackModeOf(message) === 'enhanced' ? 'CA' : 'AA';
      else if (typeof result === 'string') code = result;
      else {
        code = result.code;
        errors = result.errors;
        text = result.text;
      }
    } catch (error) {
      this.server.diagnostic({ type: 'handler-error', connectionId: this.id, error });
      code = 'AE';
      errors = [{ code: '207', message: 'Application internal error' }];
    }
    if (!shouldAcknowledge(message, code)) return undefined;
    try {
      return buildAck(message, code, { ...(errors ? { errors } : {}), ...(text ? { text } : {}) }).toBytes();
    } catch {
      // The ACK could not be written in the message's charset (e.g. echoed text): fall back to UTF-8.
      const ack = buildAck(message, code, { ...(errors ? { errors } : {}) });
      ack.charset = 'utf-8';
      return ack.toBytes();
    }
  }
}

class Server implements MllpServer {
  readonly connections = new Set<Connection>();
  readonly #net: net.Server;
  #nextId = 0;
  #closing: { resolve: () => void; timer: NodeJS.Timeout } | undefined;
  #closed: Promise<void> | undefined;

  constructor(readonly options: MllpServerOptions) {
    const onSocket = (socket: net.Socket) => {
      if (this.#closing) {
        socket.destroy();
        return;
      }
      socket.setNoDelay(true);
      this.connections.add(new Connection(++this.#nextId, socket, this));
    };
    this.#net = options.tls ? tls.createServer(options.tls, onSocket) : net.createServer(onSocket);
    if (options.maxConnections !== undefined) this.#net.maxConnections = options.maxConnections;
    if (options.tls) {
      this.#net.on('tlsClientError', (error: Error) =>
        this.diagnostic({ type: 'socket-error', connectionId: 0, error }),
      );
    }
  }

  diagnostic(event: MllpDiagnostic): void {
    try {
      this.options.onDiagnostic?.(event);
    } catch {
      // A failing logger must not take the listener down.
    }
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  listen(): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.#net.once('error', reject);
      this.#net.listen(
        { host: this.options.host ?? '127.0.0.1', port: this.options.port ?? 0, backlog: 2048 },
        () => {
          this.#net.off('error', reject);
          resolve(this.address());
        },
      );
    });
  }

  address(): { host: string; port: number } {
    const a = this.#net.address();
    if (!a || typeof a === 'string') throw new Error('The MLLP server is not listening');
    return { host: a.address, port: a.port };
  }

  checkClosed(): void {
    if (this.#closing && this.connections.size === 0) {
      clearTimeout(this.#closing.timer);
      this.#closing.resolve();
    }
  }

  close(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.#closed) return this.#closed;
    const listening = this.#net.listening;
    this.#closed = new Promise<void>((resolve) => {
      const done = new Promise<void>((connectionsClosed) => {
        const timer = setTimeout(() => {
          for (const c of this.connections) c.socket.destroy();
        }, options.timeoutMs ?? 10_000);
        timer.unref?.();
        this.#closing = { resolve: connectionsClosed, timer };
      });
      const stopped = listening ? new Promise<void>((r) => this.#net.close(() => r())) : Promise.resolve();
      for (const c of this.connections) c.closeWhenDrained();
      this.checkClosed();
      void Promise.all([done, stopped]).then(() => resolve());
    });
    return this.#closed;
  }
}

/** An MLLP listener that parses each message, hands it to `onMessage` and answers with its ACK. */
export function createMllpServer(options: MllpServerOptions): MllpServer {
  return new Server(options);
}
