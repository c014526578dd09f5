import {
  type AuditLogger,
  MedflowError,
  readBody,
  toErrorResponse,
  UnauthorizedError,
  ValidationError,
  validationErrorFromZod,
} from '@medflow/core';
import type * as z from 'zod/mini';
import { type Sample, sampleSchema } from './model';
import type { SampleSink } from './sink';
import { safeParse } from './zod';

/** Who is pushing: the caller maps its own device credentials (API key, session) to a patient. */
export interface PushIdentity {
  subject: string;
  /** Opaque id of the device or key, for the audit log. */
  actor?: string;
}

/** Return null (or throw UnauthorizedError/ForbiddenError) to refuse the request. */
export type Authenticate = (request: Request) => Promise<PushIdentity | null> | PushIdentity | null;

export interface PushHandlerOptions {
  authenticate: Authenticate;
  sink: SampleSink;
  /** Largest body accepted (default 5 MiB); companion apps should page bigger backlogs. */
  maxBodyBytes?: number;
  audit?: AuditLogger;
}

export interface PushChanges {
  samples: Sample[];
  deletedIds: string[];
  /** Records that could not be used, by position, with a reason that names no value. */
  rejected: Array<{ index: number; reason: string }>;
  /** Echoed back to the app (HealthKit's query anchor), so it stores it only after our 200. */
  anchor?: string;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

async function readJson(request: Request, limit: number): Promise<unknown> {
  if (!request.body) throw new ValidationError('Request body is empty');
  const bytes = await readBody(request, limit);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ValidationError('Request body is not JSON');
  }
}

/**
 * The shared shape of every companion-app push endpoint: authenticate, read a bounded JSON
 * body, let the provider turn it into samples and deletions, validate each sample, upsert by
 * id (so a retried push is harmless) and answer with counts.
 */
export function createPushHandler<B>(
  provider: string,
  envelope: z.ZodMiniType<B>,
  toChanges: (body: B) => PushChanges,
  options: PushHandlerOptions,
): (request: Request) => Promise<Response> {
  const limit = options.maxBodyBytes ?? 5 * 1024 * 1024;
  const action = `${provider}.push`;
  return async (request) => {
    try {
      if (request.method !== 'POST')
        return json({ error: { code: 'method_not_allowed', message: 'Use POST' } }, 405);
      const identity = await options.authenticate(request);
      if (!identity) throw new UnauthorizedError();
      const raw = await readJson(request, limit);
      const parsed = safeParse(envelope, raw);
      if (!parsed.success) throw validationErrorFromZod(parsed.error, 'Invalid push payload');
      const changes = toChanges(parsed.data);
      const samples: Sample[] = [];
      for (const s of changes.samples) {
        const checked = safeParse(sampleSchema, s);
        if (checked.success) samples.push(checked.data);
        else changes.rejected.push({ index: -1, reason: 'normalized sample failed validation' });
      }
      const context = { subject: identity.subject };
      if (samples.length > 0) await options.sink.write(samples, context);
      if (changes.deletedIds.length > 0) await options.sink.delete(changes.deletedIds, context);
      await options.audit?.log({
        action,
        outcome: 'success',
        provider,
        actor: identity.actor,
        subject: identity.subject,
        details: {
          accepted: samples.length,
          deleted: changes.deletedIds.length,
          rejected: changes.rejected.length,
        },
      });
      return json({
        accepted: samples.length,
        deleted: changes.deletedIds.length,
        rejected: changes.rejected,
        ...(changes.anchor !== undefined ? { anchor: changes.anchor } : {}),
      });
    } catch (error) {
      await options.audit?.log({
        action,
        outcome: error instanceof UnauthorizedError ? 'denied' : 'failure',
        provider,
        errorCode: error instanceof MedflowError ? error.code : 'internal_error',
      });
      return toErrorResponse(error);
    }
  };
}

/** Validates each record on its own so one unknown record type does not sink the batch. */
export function mapRecords<R>(
  records: readonly unknown[],
  schema: z.ZodMiniType<R>,
  map: (record: R, changes: PushChanges) => void,
): PushChanges {
  const changes: PushChanges = { samples: [], deletedIds: [], rejected: [] };
  records.forEach((record, index) => {
    const parsed = safeParse(schema, record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      changes.rejected.push({
        index,
        reason: issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid record',
      });
      return;
    }
    try {
      map(parsed.data, changes);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      changes.rejected.push({ index, reason: error.message });
    }
  });
  return changes;
}
