import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AckError } from '../ack';
import { Hl7MappingError, Hl7ParseError } from '../errors';
import { toFhir } from '../fhir';
import type { Hl7Message, Hl7Segment } from '../message';
import { createMllpServer, type MllpServer } from '../mllp/server';
import { parseBatch } from '../parse';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Stops `listen` (the bin wires SIGINT/SIGTERM to it). */
  signal?: AbortSignal;
  /** Called once `listen` is bound. */
  onListening?(address: { host: string; port: number }): void;
}

const USAGE = `Usage:
  medflow-hl7 parse <file>                 print the message(s) as JSON
  medflow-hl7 to-fhir <file> [--timezone +01:00]
                                           print a FHIR R4 transaction Bundle per message (NDJSON)
  medflow-hl7 listen [--port 2575] [--host 127.0.0.1] [--out <dir>] [--timezone Z]
                                           receive MLLP, ACK each message, write one Bundle per
                                           message as NDJSON to stdout or as files in <dir>
`;

type Json = string | null | Json[] | { [key: string]: Json };

function segmentJson(seg: Hl7Segment): { [key: string]: Json } {
  const d = seg.ctx.delimiters;
  const fields: Json[] = [];
  for (let f = 1; f <= seg.fieldCount; f++) {
    if ((seg.name === 'MSH' || seg.name === 'FHS' || seg.name === 'BHS') && f <= 2) {
      fields.push(seg.getRaw(f));
      continue;
    }
    const reps: Json[] = [];
    for (let r = 1; r <= seg.repetitionCount(f); r++) {
      const rep = seg.getRawAt(f, r);
      const comps: Json[] = [];
      const compCount = rep.split(d.component).length;
      for (let c = 1; c <= compCount; c++) {
        const subCount = seg.getRawAt(f, r, c).split(d.subcomponent).length;
        if (subCount === 1) {
          const v = seg.getAt(f, c, 1, r);
          comps.push(v === undefined ? '' : v);
        } else {
          const subs: Json[] = [];
          for (let s = 1; s <= subCount; s++) {
            const v = seg.getAt(f, c, s, r);
            subs.push(v === undefined ? '' : v);
          }
          comps.push(subs);
        }
      }
      reps.push(comps.length === 1 ? (comps[0] as Json) : comps);
    }
    fields.push(reps.length === 0 ? '' : reps.length === 1 ? (reps[0] as Json) : reps);
  }
  return { segment: seg.name, fields };
}

function messageJson(m: Hl7Message): Json {
  return {
    controlId: m.controlId ?? null,
    type: m.getRaw('MSH-9'),
    version: m.version ?? null,
    charset: m.charset,
    warnings: m.warnings,
    segments: m.segments.map(segmentJson),
  };
}

function describeError(error: unknown): string {
  if (error instanceof Hl7ParseError || error instanceof Hl7MappingError) return error.message;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string')
    return `${error.code}: ${error.message}`;
  return 'unexpected error';
}

async function readMessages(file: string) {
  const bytes = new Uint8Array(await readFile(file));
  return parseBatch(bytes);
}

/** Runs the CLI; resolves with the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        out: { type: 'string' },
        timezone: { type: 'string' },
      },
    });
    const fhirOptions = values.timezone ? { defaultTimezone: values.timezone } : {};
    switch (command) {
      case 'parse': {
        if (!positionals[0]) break;
        const batch = await readMessages(positionals[0]);
        const out =
          batch.messages.length === 1 && !batch.header
            ? messageJson(batch.messages[0]!)
            : batch.messages.map(messageJson);
        io.stdout(`${JSON.stringify(out, null, 2)}\n`);
        return 0;
      }
      case 'to-fhir': {
        if (!positionals[0]) break;
        const batch = await readMessages(positionals[0]);
        for (const m of batch.messages) io.stdout(`${JSON.stringify(toFhir(m, fhirOptions))}\n`);
        return 0;
      }
      case 'listen':
        return await listen(values, fhirOptions, io);
      default:
        break;
    }
    io.stderr(USAGE);
    return 2;
  } catch (error) {
    io.stderr(`medflow-hl7: ${describeError(error)}\n`);
    return 1;
  }
}

async function listen(
  values: { port?: string; host?: string; out?: string },
  fhirOptions: { defaultTimezone?: string },
  io: CliIo,
): Promise<number> {
  const port = Number(values.port ?? '2575');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a TCP port');
  const out = values.out;
  if (out) await mkdir(out, { recursive: true });
  let count = 0;
  const server: MllpServer = createMllpServer({
    host: values.host ?? '127.0.0.1',
    port,
    onMessage: async (message) => {
      let bundle: unknown;
      try {
        bundle = toFhir(message, fhirOptions);
      } catch (error) {
        io.stderr(`medflow-hl7: message ${message.controlId ?? '?'} not mapped: ${describeError(error)}\n`);
        const errors: AckError[] =
          error instanceof Hl7MappingError
            ? [{ code: '101', location: { segment: error.hl7Path.slice(0, 3) }, message: error.message }]
            : [{ code: '207' }];
        return { code: 'AE', errors };
      }
      const line = `${JSON.stringify(bundle)}\n`;
      count++;
      if (out) {
        const name = `${String(count).padStart(6, '0')}-${(message.controlId ?? 'message').replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
        await writeFile(join(out, name), line);
      } else io.stdout(line);
      return 'AA';
    },
    onDiagnostic: (d) => {
      if (d.type === 'discarded-bytes' || d.type === 'socket-error') return;
      io.stderr(`medflow-hl7: ${d.type}${'kind' in d ? ` (${d.kind})` : ''}\n`);
    },
  });
  const address = await server.listen();
  io.stderr(`medflow-hl7: listening for MLLP on ${address.host}:${address.port}\n`);
  io.onListening?.(address);
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  io.stderr(`medflow-hl7: stopped after ${count} message(s)\n`);
  return 0;
}
