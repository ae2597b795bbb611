import type { IncomingMessage } from 'node:http';
import { ErrorCodes, SessionChatError } from '../src/protocol/index.js';
import { isOriginAllowed, type OriginPolicy } from './origin.js';

/**
 * How a route guards a request, one of three:
 * - `public`: data anyone may read from any page (emoji data, health); nothing is checked.
 * - `session`: reads session or organisation data (downloads, transcripts, `/me`, the socket
 *   upgrade): the `Origin` must be the relay's own or in `allowedOrigins`, or absent.
 * - `change`: changes state (ending, uploads): the same Origin rule, and no form-like request
 *   whose token rides in the URL.
 */
export type RouteAccess = 'public' | 'session' | 'change';

/**
 * Body types a page on another site can send without a CORS preflight (HTML forms,
 * `fetch(…, { mode: 'no-cors' })`). With the token in `Authorization` a browser must preflight,
 * and the relay's CORS answers only allowed origins.
 */
const NO_PREFLIGHT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The one Origin and CSRF check every HTTP route of the relay and its socket upgrade go
 * through; `undefined` when the request may go on, else the typed refusal (403):
 * - ORIGIN_FORBIDDEN: an `Origin` that is neither the relay's own nor allowed; `Origin: null`
 *   (sandboxed frames, `file:` pages, some redirects) is always foreign, even with `"*"`. A
 *   request without `Origin` passes: browsers send one on every cross-origin request that
 *   could read or change data, so only server-side clients come without, and the token (or the
 *   admin key) authenticates them.
 * - FORM_REQUEST_REFUSED: a state-changing request whose token is in the URL (`?token=`) and
 *   whose body is a form, multipart or text/plain (even empty), or has no type: what a page on another site can
 *   send without a preflight, and the only way left to it once Origin is checked is a browser
 *   that sends none. Send the token in `Authorization: Bearer` instead.
 * CORS preflights (`OPTIONS`) are not refused here: they carry no data, and each route grants
 * CORS headers to allowed origins only.
 */
export function checkRequest(policy: OriginPolicy, req: IncomingMessage, url: URL, access: RouteAccess): SessionChatError | undefined {
  if (access === 'public' || req.method === 'OPTIONS') return undefined;
  if (!isOriginAllowed(policy, req.headers.origin, req.headers.host)) {
    return new SessionChatError(ErrorCodes.ORIGIN_FORBIDDEN, 'this origin may not use the relay');
  }
  if (access === 'change' && url.searchParams.has('token')) {
    const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (NO_PREFLIGHT_TYPES.has(type) || (type === '' && hasBody(req))) {
      return new SessionChatError(
        ErrorCodes.FORM_REQUEST_REFUSED,
        'a form or plain-text request may not carry its token in the URL; send it in the Authorization header',
      );
    }
  }
  return undefined;
}

/** Largest body a relay route that reads none accepts (the upload route sets its own limit). */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * A body declared larger than `limit` gets 413 REQUEST_TOO_LARGE before anything reads it (the
 * same JSON refusal as every other; the connection then closes instead of draining the body).
 */
export function checkBodySize(req: IncomingMessage, limit: number): SessionChatError | undefined {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (!(declared > limit)) return undefined;
  return new SessionChatError(ErrorCodes.REQUEST_TOO_LARGE, `the request body is larger than ${limit} bytes`);
}
