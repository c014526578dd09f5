import net from 'node:net';
import tls from 'node:tls';
import { TimeoutError, ValidationError } from '@medflow/core';
import { MllpConnectionError } from '../errors';
import { encodeText, type Hl7Message } from '../message';
import { parseMessage } from '../parse';
import { MllpFrameReader, writeFramed } from './framing';

export interface MllpClientOptions {
  host?: string;
  port: number;
  /** Connect over TLS with these options (ca, servername, cert/key for mutual TLS…). */
  tls?: tls.ConnectionOptions;
  /** How long `send` waits for its ACK. Default 30 s. */
  timeoutMs?: number;
  /** How long a connection attempt may take. Default 10 s. */
  connectTimeoutMs?: number;
  /** Connection attempts per send before giving up, with exponential backoff. Default 3. */
  connectAttempts?: number;
  /** First reconnect delay; doubles per attempt. Default 100 ms. */
  reconnectDelayMs?: number;
  /** Largest ACK accepted. Default 1 MiB. */
  maxAckBytes?: number;
}

export interface MllpAck {
  /** The parsed acknowledgment. */
  message: Hl7Message;
  /** MSA-1 (AA, AE, AR, CA, CE, CR). */
  code: string;
  /** MSA-2: the control id of the message it answers. */
  controlId: string;
}

export interface MllpClient {
  /** Sends a message and resolves with the ACK whose MSA-2 matches its MSH-10. */
  send(message: Hl7Message | string | Uint8Array): Promise<MllpAck>;
  /** Messages sent and not yet acknowledged. */
  readonly inFlight: number;
  /** Waits for in-flight messages, then closes the connection. */
  close(): Promise<void>;
}

interface Pending {
  resolve(ack: MllpAck): void;
  reject(error: unknown): void;
  deadline: number;
}

class Client implements MllpClient {
  readonly #pending = new Map<string, Pending>();
  #socket: net.Socket | undefined;
  #connecting: Promise<net.Socket> | undefined;
  #closed = false;
  #drained: Promise<void> | undefined;
  #corked = false;

  constructor(readonly options: MllpClientOptions) {}

  get inFlight(): number {
    return this.#pending.size;
  }

  async send(message: Hl7Message | string | Uint8Array): Promise<MllpAck> {
    if (this.#closed) throw new MllpConnectionError('The MLLP client is closed');
    const parsed =
      typeof message === 'string' || message instanceof Uint8Array ? parseMessage(message) : message;
    const controlId = parsed.controlId;
    if (!controlId)
      throw new ValidationError('The message has no MSH-10 control id to match its ACK', [
        { path: ['MSH', 10], message: 'required' },
      ]);
    if (this.#pending.has(controlId)) {
      throw new ValidationError('A message with this MSH-10 is already awaiting its ACK', [
        { path: ['MSH', 10], message: 'duplicate' },
      ]);
    }
    const bytes =
      message instanceof Uint8Array
        ? message
        : typeof message === 'string'
          ? encodeText(message, parsed.charset)
          : message.toBytes();
    const socket = await this.#connect();
    if (this.#drained) await this.#drained;
    return new Promise<MllpAck>((resolve, reject) => {
      this.#pending.set(controlId, {
        resolve,
        reject,
        deadline: Date.now() + (this.options.timeoutMs ?? 30_000),
      });
      this.#armSweep();
      if (!this.#corked) {
        // Messages sent in the same tick leave in one write.
        this.#corked = true;
        socket.cork();
        process.nextTick(() => {
          this.#corked = false;
          socket.uncork();
        });
      }
      if (!writeFramed(socket, bytes)) {
        this.#drained ??= new Promise<void>((r) =>
          socket.once('drain', () => {
            this.#drained = undefined;
            r();
          }),
        );
      }
    });
  }

  #sweep: NodeJS.Timeout | undefined;

  /**
   * One timer for all in-flight messages instead of one each: it fires at a fraction of the
   * timeout and rejects whatever is overdue, so a timeout lands within that fraction.
   */
  #armSweep(): void {
    if (this.#sweep) return;
    const timeout = this.options.timeoutMs ?? 30_000;
    const every = Math.max(5, Math.min(1000, Math.floor(timeout / 10)));
    this.#sweep = setInterval(() => {
      const now = Date.now();
      for (const [id, p] of this.#pending) {
        if (p.deadline <= now) {
          this.#pending.delete(id);
          p.reject(new TimeoutError('No ACK arrived in time'));
        }
      }
      if (this.#pending.size === 0) {
        clearInterval(this.#sweep);
        this.#sweep = undefined;
      }
    }, every);
    this.#sweep.unref?.();
  }

  async #connect(): Promise<net.Socket> {
    if (this.#socket && !this.#socket.destroyed) return this.#socket;
    if (this.#connecting) return this.#connecting;
    this.#connecting = (async () => {
      const attempts = Math.max(1, this.options.connectAttempts ?? 3);
      let delay = this.options.reconnectDelayMs ?? 100;
      let lastError: unknown;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          const socket = await this.#open();
          this.#socket = socket;
          return socket;
        } catch (error) {
          lastError = error;
          if (attempt < attempts) {
            await new Promise((r) => setTimeout(r, delay));
            delay *= 2;
          }
        }
      }
      throw new MllpConnectionError('Could not connect to the MLLP receiver', { cause: lastError });
    })();
    try {
      return await this.#connecting;
    } finally {
      this.#connecting = undefined;
    }
  }

  #open(): Promise<net.Socket> {
    const { host = '127.0.0.1', port } = this.options;
    return new Promise((resolve, reject) => {
      const socket = this.options.tls
        ? tls.connect({ host, port, ...this.options.tls })
        : net.connect({ host, port });
      const ready = this.options.tls ? 'secureConnect' : 'connect';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TimeoutError('Connecting to the MLLP receiver timed out'));
      }, this.options.connectTimeoutMs ?? 10_000);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once(ready, () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        socket.removeAllListeners('error');
        this.#attach(socket);
        resolve(socket);
      });
    });
  }

  #attach(socket: net.Socket): void {
    const reader = new MllpFrameReader(this.options.maxAckBytes ?? 1024 * 1024, {
      frame: (payload) => {
        let ack: Hl7Message;
        try {
          ack = parseMessage(payload);
        } catch {
          return; // Unreadable replies cannot be matched; the sender's timeout reports them.
        }
        const msa = ack.segment('MSA');
        const id = msa?.getAt(2);
        if (!id) return;
        const pending = this.#pending.get(id);
        if (!pending) return;
        this.#pending.delete(id);
        pending.resolve({ message: ack, code: msa?.getAt(1) ?? '', controlId: id });
      },
      discarded: () => {},
      oversize: () => socket.destroy(),
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.#socket === socket) this.#socket = undefined;
      // Messages without an ACK may or may not have been processed: the caller decides on a resend.
      for (const [id, p] of this.#pending) {
        p.reject(new MllpConnectionError('The connection closed before the ACK arrived'));
        this.#pending.delete(id);
      }
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const waiting = [...this.#pending.values()].map(
      (p) =>
        new Promise<void>((r) => {
          const { resolve, reject } = p;
          p.resolve = (ack) => {
            resolve(ack);
            r();
          };
          p.reject = (error) => {
            reject(error);
            r();
          };
        }),
    );
    await Promise.all(waiting);
    const socket = this.#socket;
    if (socket && !socket.destroyed) {
      await new Promise<void>((r) => {
        socket.once('close', () => r());
        socket.end();
      });
    }
  }
}

/** An MLLP sender: one connection, several messages in flight, ACKs matched by MSA-2. */
export function createMllpClient(options: MllpClientOptions): MllpClient {
  return new Client(options);
}
