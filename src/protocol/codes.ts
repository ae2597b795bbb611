/**
 * Every numbered reason the product gives, in one table.
 *
 * - 1xxx: the frame or request itself is wrong (malformed, too large, invalid field, rate limited).
 * - 2xxx: the frame is well formed but not allowed against the session's folded state.
 * - 3xxx: the relay failed (storage, internal).
 * - 40xx: authentication before the socket is upgraded (also the HTTP body of a 401/403).
 * - 5xxx: raised by the client itself (connection lost, timeout, closed by the caller).
 *
 * WebSocket close codes live apart in {@link CloseCodes}: 4000–4499 mean "reconnect",
 * 4500–4999 mean "do not reconnect".
 */
export const ErrorCodes = {
  MALFORMED_FRAME: 1000,
  UNKNOWN_FRAME_TYPE: 1001,
  INVALID_FIELD: 1002,
  FRAME_TOO_LARGE: 1003,
  TEXT_TOO_LONG: 1004,
  RATE_LIMITED: 1005,
  HELLO_REQUIRED: 1006,
  UNSUPPORTED_VERSION: 1007,
  ALREADY_JOINED: 1008,
  /**
   * An HTTP request larger than the relay takes: headers (a 100 KB token, HTTP 431), a body over
   * the route's limit or past an upload's declared length (HTTP 413). Frames have FRAME_TOO_LARGE.
   */
  REQUEST_TOO_LARGE: 1009,
  /** An HTTP request the relay's parser could not read (HTTP 400). */
  MALFORMED_REQUEST: 1010,
  /** A `history` request's `before` lies past the log's end (more than one after its last event). */
  HISTORY_OUT_OF_RANGE: 1011,

  FORBIDDEN: 2000,
  NOT_AUTHOR: 2001,
  UNKNOWN_TARGET: 2002,
  TARGET_DELETED: 2003,
  SESSION_ENDED: 2004,
  /** The file is larger than the relay's `maxFileBytes` (client at once, relay on create: HTTP 413). */
  FILE_TOO_LARGE: 2005,
  /** The file's type is denied, or not allowed, by the relay's type lists (HTTP 415). */
  FILE_TYPE_REFUSED: 2006,
  /** No upload with that id in this session (never made, expired, cancelled or already shared). */
  UPLOAD_NOT_FOUND: 2007,
  /** The upload has not received all its bytes yet. */
  UPLOAD_INCOMPLETE: 2008,
  /** Another share intent for the same upload is being handled. */
  UPLOAD_BUSY: 2009,
  /** The relay's converter could not make a PDF rendition of the file (HTTP 422), or has none for its type. */
  RENDITION_FAILED: 2010,
  /** The relay does not carry live transfers (`liveTransferRelay: false`): only a direct path can (HTTP 403). */
  LIVE_TRANSFER_OFF: 2011,
  /** That end of a live transfer's relay pipe is connected already, or held by another participant (HTTP 409). */
  TRANSFER_BUSY: 2012,
  /** A live transfer was offered with nobody else online to receive it, or a signal named someone offline. */
  TRANSFER_NO_RECEIVER: 2013,
  /** That live transfer has ended (completed, cancelled or failed): no more signals, no second end. */
  TRANSFER_ENDED: 2014,

  INTERNAL_ERROR: 3000,
  STORAGE_FAILED: 3001,
  /**
   * The relay process that holds the session (scale-out on Redis) could not be reached from the
   * one the request arrived at (HTTP 503): retry; a process that died is replaced within the lease.
   */
  RELAY_UNAVAILABLE: 3002,

  TOKEN_MISSING: 4001,
  TOKEN_INVALID: 4002,
  TOKEN_EXPIRED: 4003,
  TOKEN_NO_EXPIRY: 4004,
  TOKEN_WRONG_SESSION: 4005,
  ORIGIN_FORBIDDEN: 4006,
  NOT_FOUND: 4007,
  /**
   * A state-changing HTTP request with its token in the URL and a body a page on another site
   * could send without a preflight (form, multipart, text/plain, untyped): put the token in
   * `Authorization` (HTTP 403).
   */
  FORM_REQUEST_REFUSED: 4008,
  /**
   * A route for technicians and admins only, asked with a customer's token (HTTP 403): a
   * customer's earlier sessions are never shown to customers.
   */
  STAFF_ONLY: 4009,

  CONNECTION_LOST: 5000,
  TIMEOUT: 5001,
  CLIENT_CLOSED: 5002,
  /** An upload failed for good (network, relay refusal); `retry()` may resume it. */
  UPLOAD_FAILED: 5003,
  /** The upload was cancelled by the caller. */
  UPLOAD_CANCELLED: 5004,
  /** A live transfer was cancelled (by this side, or the other: see the message). */
  TRANSFER_CANCELLED: 5005,
  /** A live transfer failed for good: the connection could not be made or resumed, or the check of the bytes failed. */
  TRANSFER_FAILED: 5006,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;
export type ErrorCode = (typeof ErrorCodes)[ErrorCodeName];

const namesByCode = new Map<number, ErrorCodeName>(
  (Object.keys(ErrorCodes) as ErrorCodeName[]).map((name) => [ErrorCodes[name], name]),
);

/** The symbolic name of a numeric error code, or `undefined` for an unknown code. */
export function errorCodeName(code: number): ErrorCodeName | undefined {
  return namesByCode.get(code);
}

/** Codes after which the client must not retry the same request unchanged. */
export function isAuthError(code: number): boolean {
  return code >= 4000 && code < 5000;
}

/** WebSocket close codes sent by the relay. */
export const CloseCodes = {
  /** The relay is shutting down; reconnect (another process may take over). */
  SERVER_SHUTDOWN: 4000,
  /** The socket missed its pongs. */
  HEARTBEAT_TIMEOUT: 4001,
  /** The socket read too slowly and its send buffer passed the cap. */
  SLOW_CONSUMER: 4002,
  /** Too many protocol violations on one socket. */
  PROTOCOL_VIOLATION: 4003,
  /** A live transfer's relay pipe: the other end left (reconnect and resume from the last `ack`). */
  TRANSFER_PEER_LEFT: 4004,
  /** A live transfer's relay pipe: the other end did not connect in time. */
  TRANSFER_PEER_TIMEOUT: 4005,
  /** The token expired while connected: get a new token. */
  TOKEN_EXPIRED: 4500,
  /** The session ended: nothing more can be sent. */
  SESSION_ENDED: 4501,
  /** The token is no longer allowed in this session. */
  FORBIDDEN: 4502,
  /** The client speaks a protocol version the relay does not. */
  UNSUPPORTED_VERSION: 4503,
} as const;

export type CloseCode = (typeof CloseCodes)[keyof typeof CloseCodes];

/** True when a close code says that reconnecting cannot help. */
export function isTerminalClose(code: number): boolean {
  return code >= 4500 && code < 5000;
}
