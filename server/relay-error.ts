/**
 * Codes of the relay's internal errors: failures between its own parts (storage, rooms, the
 * registry) that a caller tells apart by `err.code`, as `ws` does with `WS_ERR_…`. They never go
 * on the wire as they are: a refusal a client sees carries a numbered code of
 * `src/protocol/codes.ts`. Listed with what a client sees in server/README.md ("Internal error codes").
 */
export const RelayErrorCodes = {
  /** The relay is closing: no session is loaded any more. */
  RELAY_CLOSING: 'SC_ERR_RELAY_CLOSING',
  /** The event log was closed: nothing more is appended or opened. */
  LOG_CLOSED: 'SC_ERR_LOG_CLOSED',
  /** An append or a read named a session whose log is not open (never opened, or released). */
  LOG_NOT_OPEN: 'SC_ERR_LOG_NOT_OPEN',
  /** The log has no line for an event the room counts as written (history missing or truncated). */
  HISTORY_MISSING: 'SC_ERR_HISTORY_MISSING',
  /** The room was unloaded or broken (a failed write) before the request reached it. */
  SESSION_NOT_LOADED: 'SC_ERR_SESSION_NOT_LOADED',
  /** The write of the awaited event failed (`cause` holds the store's error); nothing was acked. */
  APPEND_FAILED: 'SC_ERR_APPEND_FAILED',
  /** A stored log has an entry that is not an event, or events out of order: nothing is loaded. */
  LOG_CORRUPT: 'SC_ERR_LOG_CORRUPT',
  /** A shared log (Redis) moved on without this relay (another epoch, or another writer's events): nothing was appended. */
  LOG_CONFLICT: 'SC_ERR_LOG_CONFLICT',
  /** An external store (Redis) could not be reached or refused the command: nothing was written. */
  STORE_UNAVAILABLE: 'SC_ERR_STORE_UNAVAILABLE',
  /**
   * Another relay process holds the session (its lease in Redis): this one does not load it.
   * The error's `ownerUrl` is where that process listens; sockets and requests are passed there.
   */
  SESSION_ELSEWHERE: 'SC_ERR_SESSION_ELSEWHERE',
  /** The relay process holding a session did not answer a forwarded socket or request in time. */
  PEER_UNREACHABLE: 'SC_ERR_PEER_UNREACHABLE',
  /** The blob store kept a different number of bytes than the upload had. */
  UPLOAD_SIZE_MISMATCH: 'SC_ERR_UPLOAD_SIZE_MISMATCH',
} as const;

export type RelayErrorCode = (typeof RelayErrorCodes)[keyof typeof RelayErrorCodes];

/** An internal failure of the relay, with a {@link RelayErrorCodes} code. */
export class RelayError extends Error {
  override readonly name = 'RelayError';
  readonly code: RelayErrorCode;
  /** With `SC_ERR_SESSION_ELSEWHERE`: the base URL of the relay process that holds the session. */
  readonly ownerUrl?: string;

  constructor(code: RelayErrorCode, message: string, options?: { cause?: unknown; ownerUrl?: string }) {
    super(message, options);
    this.code = code;
    if (options?.ownerUrl !== undefined) this.ownerUrl = options.ownerUrl;
  }
}
