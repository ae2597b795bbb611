import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import {
  ErrorCodes,
  SessionChatError,
  mayReadEarlierSessions,
  type EarlierSession,
  type EarlierSessionList,
} from '../../src/protocol/index.js';
import { asSessionChatError, decodeSessionId, errorBody, httpStatusOf, tokenOf } from '../auth.js';
import { corsHeaders } from '../cors.js';
import { sendJson } from '../http-response.js';
import type { RelayRoute } from '../http-routes.js';
import type { OriginPolicy } from '../origin.js';
import { verifyToken, type TokenClaims } from '../tokens.js';
import { pageRecords, type TranscriptRecord, type TranscriptStore } from '../transcripts/transcript-store.js';
import { earlierTranscriptOf } from './earlier-transcript.js';
import type { SessionCustomers } from './session-customers.js';

export interface EarlierRoutesContext {
  secret: string;
  originPolicy: OriginPolicy;
  store: TranscriptStore;
  customers: SessionCustomers;
  logger: Logger;
}

const EARLIER_ROUTE = /^\/api\/sessions\/([^/]+)\/earlier(?:\/([^/]+))?$/;

/** The listing's line of a transcript: when, who helped, how much was said. */
function itemOf(record: TranscriptRecord): EarlierSession {
  return {
    sessionId: record.sessionId,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    technicians: record.participants.filter((p) => p.role !== 'customer').map((p) => p.name),
    messageCount: record.messageCount,
    fileCount: record.fileCount,
  };
}

/**
 * A customer's earlier sessions, for the technicians and admins of a session of that customer
 * (their token of the current session, `Authorization: Bearer`); a customer's token gets 403
 * STAFF_ONLY. The customer reference is the current session's (bound from the first token that
 * carried one), never taken from the request, so a technician sees only the customer of a
 * session they are in:
 * - `GET /api/sessions/:id/earlier?limit=20&cursor=…` -> {@link EarlierSessionList}, ended
 *   sessions of that customer, newest first, the current one left out
 * - `GET /api/sessions/:id/earlier/:earlierId` -> {@link EarlierTranscript} (read-only; 404 for
 *   a session of another customer); each read is logged
 * Guarded as `session` (reads).
 */
export function createEarlierRoutes(ctx: EarlierRoutesContext): RelayRoute {
  return {
    access: (_req, url) => (EARLIER_ROUTE.test(url.pathname) ? 'session' : null),
    handle: (req, res, url) => serve(ctx, req, res, url),
  };
}

/** The caller's claims and the session's customer reference (binding the caller's, when it brings the first). */
async function callerOf(ctx: EarlierRoutesContext, req: IncomingMessage, url: URL, sessionId: string): Promise<{ claims: TokenClaims; customer: string | undefined }> {
  const claims = await verifyToken(ctx.secret, tokenOf(req, url), { sessionId });
  if (!mayReadEarlierSessions(claims)) throw new SessionChatError(ErrorCodes.STAFF_ONLY, 'earlier sessions are for technicians and admins');
  if (claims.customer === undefined) return { claims, customer: await ctx.customers.of(sessionId) };
  return { claims, customer: (await ctx.customers.bind(sessionId, claims.customer)).customer };
}

async function serve(ctx: EarlierRoutesContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const cors = corsHeaders(ctx.originPolicy, req, 'GET, OPTIONS');
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204, { ...cors, 'Cache-Control': 'no-store' }).end();
    return;
  }
  if (method !== 'GET') {
    sendJson(res, 405, errorBody(ErrorCodes.NOT_FOUND, 'use GET'), { ...cors, Allow: 'GET, OPTIONS' });
    return;
  }
  const [, segment, earlierSegment] = EARLIER_ROUTE.exec(url.pathname)!;
  const sessionId = decodeSessionId(segment!);
  const earlierId = earlierSegment === undefined ? undefined : decodeSessionId(earlierSegment);
  if (sessionId === undefined || (earlierSegment !== undefined && earlierId === undefined)) {
    sendJson(res, 400, errorBody(ErrorCodes.INVALID_FIELD, 'the session id must be 1-128 characters'), cors);
    return;
  }
  const headers = { ...cors, 'Cache-Control': 'private, no-store' };
  try {
    const { claims, customer } = await callerOf(ctx, req, url, sessionId);
    if (earlierId === undefined) {
      sendJson(res, 200, await listing(ctx, url, sessionId, customer), headers);
      return;
    }
    const record = customer === undefined || earlierId === sessionId ? undefined : await ctx.store.get(earlierId);
    const body = record?.customer === customer ? await ctx.store.read(earlierId, 'json') : undefined;
    if (!body) throw new SessionChatError(ErrorCodes.NOT_FOUND, 'no earlier session of this customer with that id');
    ctx.logger.info({ sessionId, by: claims.id, byRole: claims.role, earlierSessionId: earlierId }, 'earlier session read');
    sendJson(res, 200, earlierTranscriptOf(JSON.parse(body.toString('utf8')) as unknown), headers);
  } catch (error) {
    const refusal = asSessionChatError(error);
    sendJson(res, httpStatusOf(refusal.code), errorBody(refusal.code, refusal.message), cors);
  }
}

async function listing(ctx: EarlierRoutesContext, url: URL, sessionId: string, customer: string | undefined): Promise<EarlierSessionList> {
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null ? 20 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new SessionChatError(ErrorCodes.INVALID_FIELD, 'limit must be 1-100');
  if (customer === undefined) return { customer: null, items: [], next: null };
  const records = (await ctx.store.listByCustomer(customer)).filter((r) => r.sessionId !== sessionId);
  const page = pageRecords(records, { limit, cursor: url.searchParams.get('cursor') ?? undefined });
  return { customer, items: page.items.map(itemOf), next: page.next };
}
