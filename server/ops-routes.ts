import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { ErrorCodes } from '../src/protocol/index.js';
import { errorBody } from './auth.js';
import { sendJson } from './http-response.js';
import type { RelayRoute } from './http-routes.js';
import type { Readiness } from './readiness.js';

/** Answers 405 to anything but GET and HEAD; true when it did. */
function refuseMethod(req: IncomingMessage, res: ServerResponse): boolean {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return false;
  sendJson(res, 405, errorBody(ErrorCodes.NOT_FOUND, 'use GET'), { Allow: 'GET, HEAD' });
  return true;
}

/**
 * `GET /readyz`: 200 `{ ready: true, reason, checks }` while the relay takes sockets; 503
 * `{ ready: false, reason, checks }` while it starts, once it drains (shutdown), or while a
 * dependency's check fails. Public, as `/healthz`: load balancers send no credentials, and the
 * body names no session.
 */
export function createReadyRoute(readiness: Readiness): RelayRoute {
  return {
    access: (_req, url) => (url.pathname === '/readyz' ? 'public' : null),
    async handle(req, res) {
      if (refuseMethod(req, res)) return;
      const report = await readiness.report();
      sendJson(res, report.ready ? 200 : 503, report);
    },
  };
}

function bearerOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics`: the relay's Prometheus metrics (text format 0.0.4), for a scraper holding
 * `Authorization: Bearer <metricsToken>` (401 TOKEN_MISSING / TOKEN_INVALID otherwise). Without
 * a `metricsToken` the route is off (404): the relay faces the internet, and its counters are
 * for the operator only. Guarded as `session`: a page of a foreign origin is refused first.
 */
export function createMetricsRoute(registry: Registry, metricsToken: string | undefined): RelayRoute {
  return {
    access: (_req, url) => (url.pathname === '/metrics' ? 'session' : null),
    async handle(req, res) {
      if (metricsToken === undefined) {
        sendJson(res, 404, errorBody(ErrorCodes.NOT_FOUND, 'not found'));
        return;
      }
      if (refuseMethod(req, res)) return;
      const token = bearerOf(req);
      if (token === undefined) {
        sendJson(res, 401, errorBody(ErrorCodes.TOKEN_MISSING, 'send Authorization: Bearer <metrics token>'), { 'WWW-Authenticate': 'Bearer' });
        return;
      }
      if (!sameSecret(token, metricsToken)) {
        sendJson(res, 401, errorBody(ErrorCodes.TOKEN_INVALID, 'wrong metrics token'), { 'WWW-Authenticate': 'Bearer' });
        return;
      }
      const text = await registry.metrics();
      res.writeHead(200, {
        'Content-Type': registry.contentType,
        'Content-Length': Buffer.byteLength(text),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : text);
    },
  };
}
