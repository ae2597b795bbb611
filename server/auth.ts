import type { IncomingMessage } from 'node:http';
import { ErrorCodes, SessionChatError, errorCodeName } from '../src/protocol/index.js';
import { verifyToken, type TokenClaims } from './tokens.js';

/** Longest session id the relay accepts, in characters (after URL decoding). */
export const MAX_SESSION_ID_LENGTH = 128;

/** The token of a request: the `token` query parameter, else `Authorization: Bearer`. */
export function tokenOf(req: IncomingMessage, url: URL): string | undefined {
  const query = url.searchParams.get('token');
  if (query) return query;
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

/** Decodes one path segment into a session id, or `undefined` when it is not a valid one. */
export function decodeSessionId(segment: string): string | undefined {
  if (segment.length === 0 || segment.includes('/')) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  return id.length >= 1 && id.length <= MAX_SESSION_ID_LENGTH ? id : undefined;
}

/** Verifies the request's token for `sessionId`; throws a {@link SessionChatError} with a TOKEN_* code. */
export function authenticate(secret: string, req: IncomingMessage, url: URL, sessionId: string): Promise<TokenClaims> {
  return verifyToken(secret, tokenOf(req, url), { sessionId });
}

/** HTTP status of a refusal before upgrade (and of the `/me` route). */
export function httpStatusOf(code: number): number {
  switch (code) {
    case ErrorCodes.TOKEN_MISSING:
    case ErrorCodes.TOKEN_INVALID:
    case ErrorCodes.TOKEN_EXPIRED:
    case ErrorCodes.TOKEN_NO_EXPIRY:
      return 401;
    case ErrorCodes.TOKEN_WRONG_SESSION:
    case ErrorCodes.ORIGIN_FORBIDDEN:
    case ErrorCodes.FORM_REQUEST_REFUSED:
    case ErrorCodes.STAFF_ONLY:
    case ErrorCodes.FORBIDDEN:
    case ErrorCodes.SESSION_ENDED:
    case ErrorCodes.LIVE_TRANSFER_OFF:
      return 403;
    case ErrorCodes.NOT_FOUND:
    case ErrorCodes.UNKNOWN_TARGET:
      return 404;
    case ErrorCodes.TRANSFER_BUSY:
      return 409;
    case ErrorCodes.TRANSFER_ENDED:
      return 410;
    case ErrorCodes.REQUEST_TOO_LARGE:
      return 413;
    case ErrorCodes.RATE_LIMITED:
      return 429;
    case ErrorCodes.STORAGE_FAILED:
    case ErrorCodes.INTERNAL_ERROR:
      return 500;
    case ErrorCodes.RELAY_UNAVAILABLE:
      return 503;
    default:
      return 400;
  }
}

/** The JSON body of an HTTP refusal: `{ code, name, message }`. */
export interface HttpErrorBody {
  code: number;
  name: string;
  message: string;
}

export function errorBody(code: number, message: string): HttpErrorBody {
  return { code, name: errorCodeName(code) ?? 'INTERNAL_ERROR', message };
}

/** Turns anything thrown by the checks into a typed error (unknown failures become INTERNAL_ERROR). */
export function asSessionChatError(error: unknown): SessionChatError {
  if (error instanceof SessionChatError) return error;
  return new SessionChatError(ErrorCodes.INTERNAL_ERROR, 'internal error');
}
