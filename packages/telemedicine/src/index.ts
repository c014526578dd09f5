export * from './callback-handler';
export * from './errors';
export {
  appointmentIdFromRoomName,
  assertWithinJoinWindow,
  DEFAULT_JOIN_WINDOW,
  DEFAULT_TOKEN_TTL_SECONDS,
  roomNameForAppointment,
  roomRefForAppointment,
} from './policy';
export {
  createTwilioAccessToken,
  TWILIO_MAX_TOKEN_TTL_SECONDS,
  type TwilioAccessTokenInput,
} from './twilio/access-token';
export { parseTwilioRoomCallback } from './twilio/callback';
export {
  createTwilioVideoProvider,
  TWILIO_MAX_PARTICIPANTS,
  type TwilioRoomDefaults,
  type TwilioVideoProviderOptions,
  twilioCapabilities,
} from './twilio/provider';
export { TWILIO_ROOM_EXISTS, TWILIO_TOO_MANY_REQUESTS, TWILIO_VIDEO_BASE_URL } from './twilio/rooms-api';
export {
  computeTwilioSignature,
  publicUrlOf,
  type TwilioParams,
  verifyTwilioSignature,
} from './twilio/signature';
export {
  CallbackVerificationUnconfiguredError,
  type TwilioCallbackVerification,
  verifyAndParseTwilioCallback,
} from './twilio/verify';
export * from './types';
export * from './waiting-room';
