import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ErrorCodes, type SessionEndNotice } from '../src/protocol/index.js';
import { asSessionChatError, authenticate, decodeSessionId, errorBody, httpStatusOf } from './auth.js';
import { forwardRequest, isForwarded } from './cluster/forward.js';
import { parseRequestUrl, refusalCodeOf, sendJson } from './http-response.js';
import type { RequestHandler } from './options.js';
import type { OriginPolicy } from './origin.js';
import type { RelayMeter } from './relay-meter.js';
import { MAX_BODY_BYTES, checkBodySize, checkRequest, type RouteAccess } from './request-policy.js';

/**
 * One of the relay's own routes (files, transcripts, …). `access` says whether a request is
 * for it (`null`: not mine) and how it is guarded; the request handler applies the relay's one
 * Origin and CSRF policy ({@link checkRequest}) before `handle` ever sees the request, so no
 * route can forget it.
 */
export interface RelayRoute {
  access(req: IncomingMessage, url: URL): RouteAccess | null;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void>;
  /** Headers of a refusal by the policy (default none: a page of a foreign origin cannot read it). */
  refusalHeaders?(req: IncomingMessage): Record<string, string>;
  /** Largest declared body taken (default {@link MAX_BODY_BYTES}); larger ones get 413 REQUEST_TOO_LARGE. */
  maxBodyBytes?: number;
}

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
  /** Counts the numbered refusals answered (the relay's metrics). */
  meter?: RelayMeter;
  /**
   * Scale-out: the URL of the relay process that holds a session, when it is not this one.
   * Requests under `/api/sessions/:id/` are then passed there whole.
   */
  holderOf?(sessionId: string): Promise<string | undefined>;
}

const SESSION_ROUTES = /^\/api\/sessions\/([^/]+)\//;

const ME_ROUTE = /^\/api\/sessions\/([^/]+)\/me$/;

/**
 * CORS for the `/me` route: the browser client calls it from the host's page after a failed
 * upgrade to learn why. Any origin may ask (preflight and refusals carry no data); only an
 * allowed origin gets past the Origin check to the token check.
 */
function meCorsHeaders(req: IncomingMessage): Record<string, string> {
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

const healthRoute: RelayRoute = {
  access: (_req, url) => (url.pathname === '/healthz' ? 'public' : null),
  handle(req, res) {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      sendJson(res, 405, errorBody(ErrorCodes.NOT_FOUND, 'use GET'), { Allow: 'GET, HEAD' });
      return;
    }
    sendJson(res, 200, { ok: true });
  },
};

/**
 * `GET /api/sessions/:sessionId/me` with `Authorization: Bearer TOKEN` -> 200
 * `{ sessionId, participant: { id, name, role } }`, or the same 401/403 `{ code, name, message }`
 * the socket upgrade would get; a customer's refusal for an ended session adds
 * `ended: { by: { id, name, role }, at, reason }`.
 */
function createMeRoute(ctx: HttpRoutesContext): RelayRoute {
  return {
    access: (_req, url) => (ME_ROUTE.test(url.pathname) ? 'session' : null),
    refusalHeaders: meCorsHeaders,
    async handle(req, res, url) {
      const cors = meCorsHeaders(req);
      const method = req.method ?? 'GET';
      if (method === 'OPTIONS') {
        res.writeHead(204, { ...cors, 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      if (method !== 'GET') {
        sendJson(res, 405, errorBody(ErrorCodes.NOT_FOUND, 'use GET'), { ...cors, Allow: 'GET, OPTIONS' });
        return;
      }
      const sessionId = decodeSessionId(ME_ROUTE.exec(url.pathname)![1]!);
      if (sessionId === undefined) {
        sendJson(res, 400, errorBody(ErrorCodes.INVALID_FIELD, 'the session id must be 1-128 characters'), cors);
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
    },
  };
}

/**
 * The relay's HTTP routes: `GET /healthz` -> 200 `{ ok: true }`, `GET /api/sessions/:id/me`,
 * then the feature routes, each behind {@link checkRequest}; then `onRequest` (the host's own
 * routes, which apply their own rules), else 404 `{ code: NOT_FOUND, … }`.
 */
export function createRequestHandler(ctx: HttpRoutesContext): (req: IncomingMessage, res: ServerResponse) => void {
  const routes: readonly RelayRoute[] = [healthRoute, createMeRoute(ctx), ...(ctx.routes ?? [])];

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseRequestUrl(req.url);
    if (!url) {
      sendJson(res, 400, errorBody(ErrorCodes.INVALID_FIELD, 'bad request target'));
      return;
    }
    const inSession = ctx.holderOf ? SESSION_ROUTES.exec(url.pathname) : null;
    const sessionId = inSession ? decodeSessionId(inSession[1]!) : undefined;
    if (sessionId !== undefined) {
      const holder = await ctx.holderOf!(sessionId);
      if (holder !== undefined) {
        if (isForwarded(req)) {
          sendJson(res, 503, errorBody(ErrorCodes.RELAY_UNAVAILABLE, 'the session is moving between relay processes; retry'), { 'Retry-After': '1' });
        } else {
          forwardRequest(req, res, holder, ctx.logger);
        }
        return;
      }
    }
    for (const relayRoute of routes) {
      const access = relayRoute.access(req, url);
      if (access === null) continue;
      const refusal = checkRequest(ctx.originPolicy, req, url, access) ?? checkBodySize(req, relayRoute.maxBodyBytes ?? MAX_BODY_BYTES);
      if (refusal) {
        // The body, if any, is never read: close the connection rather than drain it.
        const close: Record<string, string> = refusal.code === ErrorCodes.REQUEST_TOO_LARGE ? { Connection: 'close' } : {};
        sendJson(res, httpStatusOf(refusal.code), errorBody(refusal.code, refusal.message), { ...(relayRoute.refusalHeaders?.(req) ?? {}), ...close });
        return;
      }
      await relayRoute.handle(req, res, url);
      return;
    }
    if (ctx.onRequest) {
      const handled = await ctx.onRequest(req, res);
      if (handled || res.headersSent || res.writableEnded) return;
    }
    sendJson(res, 404, errorBody(ErrorCodes.NOT_FOUND, 'not found'));
  }

  const counted = (res: ServerResponse): void => {
    const code = refusalCodeOf(res);
    if (code !== undefined) ctx.meter?.refused(code);
  };

  return (req, res) => {
    route(req, res).then(
      () => counted(res),
      (error: unknown) => {
        ctx.logger.warn({ err: error, method: req.method }, 'HTTP request failed');
        if (!res.headersSent) sendJson(res, 500, errorBody(ErrorCodes.INTERNAL_ERROR, 'internal error'));
        else res.destroy();
        counted(res);
      },
    );
  };
}
