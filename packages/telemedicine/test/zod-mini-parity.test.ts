import { ValidationError, validationErrorFromZod } from '@medflow/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as mini from 'zod/mini';
import { parseEnsureRoomInput } from '../src/policy';
import { twilioRoomSchema } from '../src/twilio/rooms-api';
import type { EnsureRoomInput } from '../src/types';
import { safeParse } from '../src/zod';

// The classic-zod schemas the package used before it moved to zod/mini: the oracle that the
// move changed neither which inputs pass nor the issues (paths, codes, messages) callers see.
const classicEnsureRoom = z.object({
  appointmentId: z.string(),
  maxParticipants: z.number().int().min(2),
  startsAt: z.union([z.date(), z.string()]),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  recording: z.object({ consent: z.boolean() }).strict().optional(),
});

const classicTwilioRoom = z.object({
  sid: z.string().regex(/^RM[0-9a-fA-F]{32}$/),
  status: z.enum(['in-progress', 'completed', 'failed']),
  account_sid: z.string(),
  unique_name: z.string(),
  type: z.string(),
  max_participants: z.number().int().nullable().optional(),
  max_participant_duration: z.number().int().nullable().optional(),
  record_participants_on_connect: z.boolean().nullable().optional(),
  empty_room_timeout: z.number().int().nullable().optional(),
  unused_room_timeout: z.number().int().nullable().optional(),
  date_created: z.string().nullable().optional(),
  end_time: z.string().nullable().optional(),
  duration: z.number().int().nullable().optional(),
  url: z.string().optional(),
});

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 2000 }),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 12 }),
  fc.constant(new Date('2026-12-01T10:00:00Z')),
  fc.constant('RM0123456789abcdef0123456789ABCDEF'),
  fc.constantFrom('in-progress', 'completed', 'failed', 'appt-1', '2026-12-01T10:00:00Z'),
  fc.record({ consent: fc.oneof(fc.boolean(), fc.string()) }),
  fc.constant({ consent: true, extra: 1 }),
);

/** A valid object with a few keys overridden, removed or added, so both outcomes occur often. */
const variantsOf = (valid: Record<string, unknown>) =>
  fc
    .tuple(
      fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(valid)), fc.string({ maxLength: 4 })), anyValue, {
        maxKeys: 3,
      }),
      fc.subarray(Object.keys(valid), { maxLength: 2 }),
    )
    .map(([overrides, removed]) => {
      const input: Record<string, unknown> = { ...valid, ...overrides };
      for (const key of removed) delete input[key];
      return input;
    });

function zodFailure(run: () => unknown): ValidationError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError && error.message.startsWith('Invalid room request')) return error;
    return undefined;
  }
}

describe('zod/mini schemas behave as the classic ones did', () => {
  it('parseEnsureRoomInput rejects exactly the inputs the classic schema rejected, with the same issues', () => {
    const valid = {
      appointmentId: 'a-1',
      maxParticipants: 2,
      startsAt: '2026-12-01T10:00:00Z',
      durationMinutes: 30,
      recording: { consent: true },
    };
    let accepted = 0;
    fc.assert(
      fc.property(variantsOf(valid), fc.integer({ min: 2, max: 50 }), (input, max) => {
        const reference = classicEnsureRoom
          .extend({ maxParticipants: z.number().int().min(2).max(max) })
          .safeParse(input);
        const actual = zodFailure(() => parseEnsureRoomInput(input as unknown as EnsureRoomInput, max));
        if (reference.success) {
          accepted++;
          expect(actual).toBeUndefined();
        } else {
          const expected = validationErrorFromZod(reference.error, 'Invalid room request');
          expect(actual?.message).toBe(expected.message);
          expect(actual?.issues).toEqual(expected.issues);
        }
      }),
      { numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(20);
    expect(accepted).toBeLessThan(380);
  });

  it('the Twilio room schema accepts, strips and rejects as before', () => {
    const valid = {
      sid: 'RM0123456789abcdef0123456789ABCDEF',
      status: 'in-progress',
      account_sid: 'AC1',
      unique_name: 'appt-a-1',
      type: 'group',
      max_participants: 10,
      max_participant_duration: null,
      record_participants_on_connect: false,
      empty_room_timeout: 5,
      unused_room_timeout: 5,
      date_created: '2026-12-01T10:00:00Z',
      end_time: null,
      duration: null,
      url: 'https://video.twilio.com/v1/Rooms/RM0123456789abcdef0123456789ABCDEF',
    };
    let accepted = 0;
    fc.assert(
      fc.property(variantsOf(valid), (input) => {
        const reference = classicTwilioRoom.safeParse(input);
        if (reference.success) accepted++;
        const actual = safeParse(twilioRoomSchema, input);
        expect(actual.success).toBe(reference.success);
        if (reference.success && actual.success) expect(actual.data).toEqual(reference.data);
        if (!reference.success && !actual.success)
          expect(validationErrorFromZod(actual.error).issues).toEqual(
            validationErrorFromZod(reference.error).issues,
          );
      }),
      { numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(20);
    expect(accepted).toBeLessThan(380);
  });

  it('keeps English messages when no zod locale is loaded globally, and yields to an app-wide error map', () => {
    // Classic zod (imported by this test) installs English globally; a process that loads
    // only this package's bundled zod/mini has no locale at all.
    const saved = { ...mini.config() };
    try {
      mini.config({ localeError: undefined, customError: undefined });
      const error = zodFailure(() =>
        parseEnsureRoomInput(
          {
            appointmentId: 'a1',
            maxParticipants: 2,
            startsAt: '2026-12-01T10:00:00Z',
            durationMinutes: 'long',
          } as unknown as EnsureRoomInput,
          50,
        ),
      );
      expect(error?.issues).toEqual([
        {
          path: ['durationMinutes'],
          message: 'Invalid input: expected number, received string',
          code: 'invalid_type',
        },
      ]);
      mini.config({ customError: () => 'Ungültige Eingabe' });
      expect(safeParse(twilioRoomSchema, {}).error?.issues[0]?.message).toBe('Ungültige Eingabe');
    } finally {
      mini.config({ localeError: saved.localeError, customError: saved.customError });
    }
  });
});
