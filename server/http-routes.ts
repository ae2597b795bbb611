import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ErrorCodes, type SessionEndNotice } from '../src/protocol/index.js';
import { asSessionChatError, authenticate, decodeSessionId, errorBody, httpStatusOf } from './auth.js';
import { parseRequestUrl, sendJson } from './http-response.js';
import type { RequestHandler } from './options.js';
import { isOriginAllowed, type OriginPolicy } from './origin.js';

/** A group of the relay's own routes (files, transcripts, …): answers and returns true, or returns false. */
export type RelayRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface HttpRoutesContext {
  secret: string;
  originPolicy: OriginPolicy;
  logger: Logger;
  onRequest: RequestHandler | undefined;
  /** The relay's feature routes, tried in order after its core routes and before `onRequest`. */
  routes?: readonly RelayRoute[];
  /**
   * Who ended a session, null while it is open: a customer's `/me` then answers SESSION_ENDED, as
   * the socket would, saying who ended it and when.
   */
  sessionEnded?(sessionId: string): Promise<SessionEndNotice | null>;
}

const ME_ROUTE = /^\/api\/sessions\/([^/]+)\/me$/;

/**
 * CORS for the `/me` route: the browser client calls it from the host's page after a failed
 * upgrade to learn why. Any origin may ask (preflight and refusals carry no data); only an
 * allowed origin gets past the Origin check to the token check.
 */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (origin === undefined) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Headers': 'Authorization',
    'Access-Control-Allow-Methods': 'GET, OPTIONS',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

/**
 * The relay's HTTP routes:
 * - `GET /healthz` -> 200 `{ ok: true }`
 * - `GET /api/sessions/:sessionId/me` with `Authorization: Bearer TOKEN` -> 200
 *   `{ sessionId, participant: { id, name, role } }`, or the same 401/403 `{ code, name, message }`
 *   the socket upgrade would get; a customer's refusal for an ended session adds
 *   `ended: { by: { id, name, role }, at, reason }`
 * - then `onRequest`, else 404 `{ code: NOT_FOUND, … }`.
 */
export function createRequestHandler(ctx: HttpRoutesContext): (req: IncomingMessage, res: ServerResponse) => void {
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseRequestUrl(req.url);
    if (!url) {
      sendJson(res, 400, errorBody(ErrorCodes.INVALID_FIELD, 'bad request target'));
      return;
    }
    const method = req.method ?? 'GET';
    if (url.pathname === '/healthz') {
      if (method !== 'GET' && method !== 'HEAD') {
        sendJson(res, 405, errorBody(ErrorCodes.NOT_FOUND, 'use GET'), { Allow: 'GET, HEAD' });
        return;
      }
      sendJson(res, 200, { ok: true });
      return;
    }
    const me = ME_ROUTE.exec(url.pathname);
    if (me) {
      await meRoute(req, res, url, me[1]!, method);
      return;
    }
    for (const relayRoute of ctx.routes ?? []) {
      if (await relayRoute(req, res, url)) return;
    }
    if (ctx.onRequest) {
      const handled = await ctx.onRequest(req, res);
      if (handled || res.headersSent || res.writableEnded) return;
    }
    sendJson(res, 404, errorBody(ErrorCodes.NOT_FOUND, 'not found'));
  }

  async function meRoute(req: IncomingMessage, res: ServerResponse, url: URL, segment: string, method: string): Promise<void> {
    const cors = corsHeaders(req);
    if (method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (method !== 'GET') {
      sendJson(res, 405, errorBody(ErrorCodes.NOT_FOUND, 'use GET'), { ...cors, Allow: 'GET, OPTIONS' });
      return;
    }
    const sessionId = decodeSessionId(segment);
    if (sessionId === undefined) {
      sendJson(res, 400, errorBody(ErrorCodes.INVALID_FIELD, 'the session id must be 1-128 characters'), cors);
      return;
    }
    if (!isOriginAllowed(ctx.originPolicy, req.headers.origin, req.headers.host)) {
      const code = ErrorCodes.ORIGIN_FORBIDDEN;
      sendJson(res, httpStatusOf(code), errorBody(code, 'this origin may not connect to the relay'), cors);
      return;
    }
    try {
      const claims = await authenticate(ctx.secret, req, url, sessionId);
      const ended = claims.role === 'customer' && ctx.sessionEnded ? await ctx.sessionEnded(sessionId) : null;
      if (ended) {
        const code = ErrorCodes.SESSION_ENDED;
        sendJson(res, httpStatusOf(code), { ...errorBody(code, 'the session has ended'), ended }, cors);
        return;
      }
      sendJson(res, 200, { sessionId, participant: { id: claims.id, name: claims.name, role: claims.role } }, cors);
    } catch (error) {
      const refusal = asSessionChatError(error);
      sendJson(res, httpStatusOf(refusal.code), errorBody(refusal.code, refusal.message), cors);
    }
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      ctx.logger.warn({ err: error, method: req.method }, 'HTTP request failed');
      if (!res.headersSent) sendJson(res, 500, errorBody(ErrorCodes.INTERNAL_ERROR, 'internal error'));
      else res.destroy();
    });
  };
}
