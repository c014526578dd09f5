import {
  type AuditLogger,
  ConflictError,
  type IdempotencyStore,
  isMedflowError,
  type KeyValueStore,
  randomToken,
  toErrorResponse,
} from '@medflow/core';
import { type TwilioCallbackVerification, verifyAndParseTwilioCallback } from './twilio/verify';
import type { ParsedCallback, VideoEvent, VideoProvider } from './types';

export interface ReorderOptions {
  /** Events held back waiting for a missing earlier one before the gap is given up (default 32). */
  maxBuffered?: number;
  /** How long a gap is waited for, checked when the room's next callback arrives (default 30 s). */
  maxHoldMs?: number;
}

interface HandlerCommon {
  /** Deduplicates deliveries (Twilio may send one event more than once). */
  store: IdempotencyStore;
  /** Keeps each room's sequence position and held-back events; shared by every instance. */
  orderingStore: KeyValueStore;
  /** Receives normalized events, in per-room order. Throwing answers 500 and keeps the event pending. */
  onEvent: (event: VideoEvent) => Promise<void> | void;
  reorder?: ReorderOptions;
  audit?: AuditLogger;
  /** Key prefix in both stores (default `telemedicine:callback:`). */
  prefix?: string;
  now?: () => number;
}

export type VideoCallbackHandlerOptions = HandlerCommon &
  (
    | (TwilioCallbackVerification & { provider?: undefined })
    /** Any VideoProvider's own verification (for providers other than Twilio). */
    | { provider: VideoProvider; authToken?: undefined; publicBaseUrl?: undefined }
  );

export type VideoCallbackHandler = ((request: Request) => Promise<Response>) & {
  /**
   * Emits what a room holds back: events now in order and, with `force`, those waiting
   * behind a gap. For a scheduled sweep when a room's last callback was the one lost.
   */
  drainRoom(roomSid: string, options?: { force?: boolean }): Promise<number>;
};

interface Buffered {
  sequence: number;
  receivedAt: number;
  parsed: ParsedCallback;
}

interface RoomState {
  next: number;
  buffer: Buffered[];
  lastEmittedAt?: string;
  /** A lease held by the one instance currently emitting this room's events. */
  drainer?: { token: string; until: number };
}

const STATE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const CLAIM_TTL_MS = 60_000;
const LEASE_MS = 30_000;
const MAX_CAS_ATTEMPTS = 32;

const noContent = () => new Response(null, { status: 204 });

/**
 * The framework-free status-callback endpoint: verifies the signature (against the public
 * base URL, so it works behind proxies and tunnels), fails closed without an auth token,
 * deduplicates deliveries and emits normalized events in per-room sequence order.
 */
export function createVideoCallbackHandler(options: VideoCallbackHandlerOptions): VideoCallbackHandler {
  const prefix = options.prefix ?? 'telemedicine:callback:';
  const now = options.now ?? Date.now;
  const maxBuffered = options.reorder?.maxBuffered ?? 32;
  const maxHoldMs = options.reorder?.maxHoldMs ?? 30_000;
  const provider = options.provider;
  const verify = provider
    ? (request: Request) => provider.verifyAndParseCallback(request)
    : (request: Request) =>
        verifyAndParseTwilioCallback(request, {
          authToken: options.authToken,
          publicBaseUrl: options.publicBaseUrl,
        });
  const roomKey = (roomSid: string) => `${prefix}room:${roomSid}`;
  const claimKey = (id: string) => `${prefix}event:${id}`;

  const audit = (outcome: 'success' | 'failure' | 'denied' | 'duplicate', details: Record<string, unknown>) =>
    options.audit?.log({
      action: 'telemedicine.callback',
      outcome,
      provider: provider?.name ?? 'twilio',
      details,
    });

  /** Read-modify-write of a room's state; `change` returning undefined means "leave as is". */
  async function update<T>(
    roomSid: string,
    change: (state: RoomState, exists: boolean) => { state?: RoomState; result: T },
  ): Promise<T> {
    const key = roomKey(roomSid);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const current = await options.orderingStore.get<RoomState>(key);
      const { state, result } = change(current?.value ?? { next: 0, buffer: [] }, current !== null);
      if (!state) return result;
      const version = await options.orderingStore.compareAndSet(key, current?.version ?? null, state, {
        ttlMs: STATE_TTL_MS,
      });
      if (version !== null) return result;
    }
    throw new ConflictError('Room callbacks are contended, retry', {
      code: 'callback_contention',
      retryable: true,
    });
  }

  async function emit(parsed: ParsedCallback, late: boolean) {
    if (!parsed.event) return;
    await options.onEvent(late ? { ...parsed.event, late: true } : parsed.event);
  }

  /**
   * Emits the room's ready events under a lease so two instances never emit the same room
   * at once. Returns how many were emitted; rethrows the consumer's error after recording
   * progress, leaving the failed event first in line.
   */
  async function drain(roomSid: string, force: boolean, emittedIds?: Set<string>): Promise<number> {
    const token = randomToken(12);
    let emitted = 0;
    for (;;) {
      const next = await update<Buffered | 'idle' | 'busy'>(roomSid, (state) => {
        const t = now();
        if (state.drainer && state.drainer.token !== token && state.drainer.until > t)
          return { result: 'busy' };
        const buffer = [...state.buffer].sort((a, b) => a.sequence - b.sequence);
        let position = state.next;
        const head = buffer[0];
        if (head && head.sequence !== position) {
          const oldest = Math.min(...buffer.map((b) => b.receivedAt));
          // Give up on a gap that is too old or too long, or when asked to.
          if (force || buffer.length >= maxBuffered || t - oldest >= maxHoldMs) position = head.sequence;
        }
        if (!head || head.sequence !== position) {
          const { drainer: _released, ...rest } = state;
          return { state: state.drainer ? { ...rest, next: position } : undefined, result: 'idle' };
        }
        return {
          state: { ...state, next: position, buffer, drainer: { token, until: t + LEASE_MS } },
          result: head,
        };
      });
      if (next === 'idle' || next === 'busy') return emitted;
      try {
        await emit(next.parsed, false);
      } catch (error) {
        await update(roomSid, (state) => {
          const { drainer: _released, ...rest } = state;
          return { state: state.drainer?.token === token ? rest : undefined, result: undefined };
        });
        throw error;
      }
      emitted++;
      emittedIds?.add(next.parsed.id);
      // The delivery that buffered this event may have failed and been released: once
      // emitted, a redelivery of it must count as a duplicate, not as a late event.
      await options.store.complete(claimKey(next.parsed.id), null);
      await update(roomSid, (state) => ({
        state: {
          ...state,
          next: Math.max(state.next, next.sequence + 1),
          buffer: state.buffer.filter((b) => b.sequence !== next.sequence),
          lastEmittedAt: next.parsed.occurredAt,
        },
        result: undefined,
      }));
    }
  }

  async function accept(parsed: ParsedCallback, emittedIds: Set<string>): Promise<void> {
    if (parsed.sequence === undefined) {
      // No provider sequence: arrival order, with the timestamp flagging stragglers.
      const state = await options.orderingStore.get<RoomState>(roomKey(parsed.roomSid));
      const last = state?.value.lastEmittedAt;
      await emit(parsed, last !== undefined && parsed.occurredAt < last);
      emittedIds.add(parsed.id);
      return;
    }
    const sequence = parsed.sequence;
    const placement = await update<'late' | 'buffered'>(parsed.roomSid, (state) => {
      if (sequence < state.next) return { result: 'late' };
      if (state.buffer.some((b) => b.sequence === sequence)) return { result: 'buffered' };
      return {
        state: { ...state, buffer: [...state.buffer, { sequence, receivedAt: now(), parsed }] },
        result: 'buffered',
      };
    });
    if (placement === 'late') {
      await emit(parsed, true);
      emittedIds.add(parsed.id);
      return;
    }
    await drain(parsed.roomSid, false, emittedIds);
  }

  const handler = async (request: Request): Promise<Response> => {
    let parsed: ParsedCallback;
    try {
      parsed = await verify(request);
    } catch (error) {
      await audit('denied', { errorCode: isMedflowError(error) ? error.code : 'internal_error' });
      return toErrorResponse(error);
    }
    const details = {
      roomSid: parsed.roomSid,
      event: parsed.event?.type ?? 'other',
      sequence: parsed.sequence,
    };
    try {
      const claim = await options.store.claim(claimKey(parsed.id), { ttlMs: CLAIM_TTL_MS });
      if (claim.status === 'done') {
        await audit('duplicate', details);
        return noContent();
      }
      if (claim.status === 'in_progress') {
        throw new ConflictError('This event is being processed', {
          code: 'callback_in_progress',
          retryable: true,
        });
      }
      const emittedIds = new Set<string>();
      try {
        await accept(parsed, emittedIds);
      } catch (error) {
        if (!emittedIds.has(parsed.id)) {
          await options.store.release(claimKey(parsed.id), { token: claim.token });
          throw error;
        }
        // This delivery's event went out; an earlier held-back one failed and stays first
        // in line for the room's next callback (or drainRoom).
        await options.store.complete(claimKey(parsed.id), null, { token: claim.token });
        await audit('failure', { ...details, errorCode: 'pending_event_failed' });
        return noContent();
      }
      // Buffered or emitted, the event is now owned by the ordering state.
      await options.store.complete(claimKey(parsed.id), null, { token: claim.token });
      await audit('success', details);
      return noContent();
    } catch (error) {
      await audit('failure', {
        ...details,
        errorCode: isMedflowError(error) ? error.code : 'consumer_error',
      });
      return toErrorResponse(error);
    }
  };

  return Object.assign(handler, {
    drainRoom: (roomSid: string, opts: { force?: boolean } = {}) => drain(roomSid, opts.force ?? false),
  });
}
