import { describe, expect, it } from 'vitest';
import { parseTwilioRoomCallback } from './callback';

const room = `RM${'a'.repeat(32)}`;

describe('parseTwilioRoomCallback', () => {
  it('maps the events it knows and ignores others, including names every object inherits', () => {
    expect(parseTwilioRoomCallback({ RoomSid: room, StatusCallbackEvent: 'room-ended' }).event?.type).toBe(
      'room.ended',
    );
    for (const name of ['constructor', 'toString', '__proto__', 'track-added']) {
      const parsed = parseTwilioRoomCallback({
        RoomSid: room,
        StatusCallbackEvent: name,
        SequenceNumber: '3',
      });
      expect(parsed.event).toBeNull();
      expect(parsed.id).toBe(`twilio:${room}:3`);
    }
  });
});
