import { errorCodeName, type ErrorCode, type ErrorCodeName } from './codes.js';
import type { SessionEndNotice } from './end-notice.js';

/** The typed error used everywhere: relay refusals, token checks, client failures. */
export class SessionChatError extends Error {
  override readonly name = 'SessionChatError';
  /** Numeric code from {@link ErrorCodes}. */
  readonly code: ErrorCode;
  /** Symbolic name of {@link code}, e.g. `NOT_AUTHOR`. */
  readonly codeName: ErrorCodeName;
  /** The idempotency key of the intent this error answers, when there is one. */
  readonly clientId: string | undefined;
  /** For `RATE_LIMITED`: how long to wait before sending again. */
  readonly retryAfterMs: number | undefined;
  /** For `SESSION_ENDED` when the relay said it: who ended the session, when and why. */
  readonly ended: SessionEndNotice | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details: { clientId?: string | undefined; retryAfterMs?: number | undefined; ended?: SessionEndNotice | undefined } = {},
  ) {
    super(message);
    this.code = code;
    this.codeName = errorCodeName(code) ?? 'INTERNAL_ERROR';
    this.clientId = details.clientId;
    this.retryAfterMs = details.retryAfterMs;
    this.ended = details.ended;
  }
}
