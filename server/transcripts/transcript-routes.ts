import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ErrorCodes } from '../../src/protocol/index.js';
import { asSessionChatError, errorBody, httpStatusOf } from '../auth.js';
import { corsHeaders } from '../cors.js';
import { sendJson } from '../http-response.js';
import type { RelayRoute } from '../http-routes.js';
import type { OriginPolicy } from '../origin.js';
import { authenticateStaff } from '../staff-auth.js';
import { transcriptUrls } from './transcript-service.js';
import type { TranscriptStore } from './transcript-store.js';
import { TRANSCRIPT_CONTENT_TYPES, type TranscriptFormat } from './transcript-writer.js';

export interface TranscriptRoutesContext {
  secret: string;
  adminApiKey: string | undefined;
  originPolicy: OriginPolicy;
  store: TranscriptStore;
  logger: Logger;
}

const PREFIX = '/api/transcripts';
const FORMATS = new Set<TranscriptFormat>(['txt', 'json', 'html']);
const CSP: Record<TranscriptFormat, string> = {
  txt: "sandbox; default-src 'none'",
  json: "sandbox; default-src 'none'",
  html: "sandbox; default-src 'none'; style-src 'unsafe-inline'",
};

function isoParam(url: URL, name: string): string | undefined | null {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return undefined;
  return Number.isNaN(Date.parse(value)) ? null : new Date(Date.parse(value)).toISOString();
}

/**
 * The organisation's transcripts, for technicians and admins (any session's token) or the
 * admin API key; customers get 403 on every URL, and a page of a foreign origin too (the
 * `session` guard of request-policy.ts):
 * - `GET /api/transcripts?limit=20&cursor=…&from=ISO&to=ISO` -> `{ items, next }`, newest first
 * - `GET /api/transcripts/:sessionId.txt|.json|.html` (`?download=1` for an attachment)
 */
export function createTranscriptRoutes(ctx: TranscriptRoutesContext): RelayRoute {
  return {
    access: (_req, url) => (url.pathname === PREFIX || url.pathname.startsWith(`${PREFIX}/`) ? 'session' : null),
    handle: (req, res, url) => serve(ctx, req, res, url),
  };
}

async function serve(ctx: TranscriptRoutesContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const cors = corsHeaders(ctx.originPolicy, req, 'GET, OPTIONS');
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204, { ...cors, 'Cache-Control': 'no-store' }).end();
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    sendJson(res, 405, errorBody(ErrorCodes.NOT_FOUND, 'use GET'), { ...cors, Allow: 'GET, OPTIONS' });
    return;
  }
  try {
    await authenticateStaff(ctx.secret, ctx.adminApiKey, req, url);
  } catch (error) {
    const refusal = asSessionChatError(error);
    sendJson(res, httpStatusOf(refusal.code), errorBody(refusal.code, refusal.message), cors);
    return;
  }
  if (url.pathname === PREFIX) {
    const limitParam = url.searchParams.get('limit');
    const limit = limitParam === null ? 20 : Number(limitParam);
    const from = isoParam(url, 'from');
    const to = isoParam(url, 'to');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100 || from === null || to === null) {
      sendJson(res, 400, errorBody(ErrorCodes.INVALID_FIELD, 'limit must be 1-100; from and to must be dates'), cors);
      return;
    }
    const page = await ctx.store.list({ limit, cursor: url.searchParams.get('cursor') ?? undefined, from, to });
    sendJson(res, 200, { items: page.items.map((r) => ({ ...r, urls: transcriptUrls(r.sessionId) })), next: page.next }, cors);
    return;
  }
  const name = url.pathname.slice(PREFIX.length + 1);
  const dot = name.lastIndexOf('.');
  const format = name.slice(dot + 1) as TranscriptFormat;
  let sessionId: string | undefined;
  try {
    sessionId = dot > 0 && FORMATS.has(format) && !name.includes('/') ? decodeURIComponent(name.slice(0, dot)) : undefined;
  } catch {
    sessionId = undefined;
  }
  const body = sessionId === undefined ? undefined : await ctx.store.read(sessionId, format);
  if (!body) {
    sendJson(res, 404, errorBody(ErrorCodes.NOT_FOUND, 'no such transcript'), cors);
    return;
  }
  const download = url.searchParams.get('download') === '1';
  const fileName = `transcript-${sessionId!.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)}.${format}`;
  res.writeHead(200, {
    ...cors,
    'Content-Type': TRANSCRIPT_CONTENT_TYPES[format],
    'Content-Length': body.length,
    'Content-Disposition': `${download ? 'attachment' : 'inline'}; filename="${fileName}"`,
    'Content-Security-Policy': CSP[format],
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'private, no-store',
  });
  res.end(method === 'HEAD' ? undefined : body);
}
