import { ForbiddenError, MedflowError, type MedflowErrorOptions } from '@medflow/core';

/** A join token was asked for before the window opened or after it closed. */
export class OutsideJoinWindowError extends MedflowError {
  readonly opensAt: string;
  readonly closesAt: string;
  readonly reason: 'too_early' | 'too_late';
  constructor(
    reason: 'too_early' | 'too_late',
    window: { opensAt: string; closesAt: string },
    options: MedflowErrorOptions = {},
  ) {
    super(
      reason === 'too_early'
        ? 'The video visit is not open for joining yet'
        : 'The video visit is closed for joining',
      { code: 'outside_join_window', status: 403, ...options },
    );
    this.reason = reason;
    this.opensAt = window.opensAt;
    this.closesAt = window.closesAt;
  }
}

/** The authorization port said no. */
export class JoinNotAllowedError extends ForbiddenError {
  constructor(message = 'Not allowed to join this visit', options: MedflowErrorOptions = {}) {
    super(message, { code: 'join_not_allowed', ...options });
  }
}

/** A patient asked for a token while still in (or not yet in) the waiting room. */
export class NotAdmittedError extends MedflowError {
  constructor(message = 'Waiting for the clinician to admit you', options: MedflowErrorOptions = {}) {
    super(message, { code: 'not_admitted', status: 409, ...options });
  }
}

/** A waiting-room transition that the current state does not allow (admitting a stranger, say). */
export class LobbyStateError extends MedflowError {
  constructor(message: string, options: MedflowErrorOptions = {}) {
    super(message, { code: 'lobby_state_conflict', status: 409, ...options });
  }
}
