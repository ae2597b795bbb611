import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ErrorCodes, INVITABLE_ROLES, MAX_INVITE_NAME_LENGTH, SessionChatError, mayInvite, type Invitation, type InviteRequest } from '../../src/protocol/index.js';
import { asSessionChatError, errorBody, httpStatusOf, tokenOf } from '../auth.js';
import { beginSessionPost } from '../session-post.js';
import { sendJson } from '../http-response.js';
import type { RelayRoute } from '../http-routes.js';
import type { OriginPolicy } from '../origin.js';
import type { SessionRoom } from '../session-room.js';
import { createToken, verifyToken } from '../tokens.js';
import { InviteLimits } from './invite-limits.js';

export interface InviteRouteContext {
  secret: string;
  originPolicy: OriginPolicy;
  logger: Logger;
  room(sessionId: string): Promise<SessionRoom>;
  /** The session's customer reference: invited participants' tokens carry it. */
  customerOf?(sessionId: string): Promise<string | undefined>;
  /** Lifetime of an invited participant's join token, in seconds. */
  ttlSeconds: number;
  /** Invites one participant may create per minute (with as many at once). */
  perMinute: number;
}

const INVITE_ROUTE = /^\/api\/sessions\/([^/]+)\/invites$/;
/** Largest body: a role and a name. */
const MAX_INVITE_BODY = 4 * 1024;

/**
 * `POST /api/sessions/:sessionId/invites` with a technician's or admin's token of the session
 * (`Authorization: Bearer`) and `{ role: 'technician' | 'customer', name }`: 201 with a new
 * participant's short-lived join token ({@link Invitation}). A customer gets 403 FORBIDDEN,
 * an ended session 403 SESSION_ENDED, an unknown one 404, too many invites 429 RATE_LIMITED
 * (with `Retry-After`). Every invite is logged (who invited, the new participant's id and role;
 * never a token). Guarded as `change`.
 */
export function createInviteRoute(ctx: InviteRouteContext): RelayRoute {
  const limits = new InviteLimits(ctx.perMinute);
  return {
    access: (_req, url) => (INVITE_ROUTE.test(url.pathname) ? 'change' : null),
    maxBodyBytes: MAX_INVITE_BODY,
    handle: (req, res, url) => invite(ctx, limits, req, res, url, INVITE_ROUTE.exec(url.pathname)![1]!),
  };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_INVITE_BODY) throw new SessionChatError(ErrorCodes.REQUEST_TOO_LARGE, `the request body is larger than ${MAX_INVITE_BODY} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new SessionChatError(ErrorCodes.MALFORMED_REQUEST, 'the body must be JSON: { "role": "technician" | "customer", "name": "…" }');
  }
}

/** The role and name asked for, checked. */
function inviteeOf(body: unknown): InviteRequest {
  const data = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof data.role !== 'string' || !INVITABLE_ROLES.includes(data.role as InviteRequest['role'])) {
    throw new SessionChatError(ErrorCodes.INVALID_FIELD, '"role" must be "technician" or "customer"');
  }
  const name = typeof data.name === 'string' ? data.name.replace(/[\u0000-\u001f\u007f]/g, '').trim() : '';
  if (name.length === 0 || name.length > MAX_INVITE_NAME_LENGTH) {
    throw new SessionChatError(ErrorCodes.INVALID_FIELD, `"name" must be 1-${MAX_INVITE_NAME_LENGTH} characters`);
  }
  return { role: data.role as InviteRequest['role'], name };
}

async function invite(
  ctx: InviteRouteContext,
  limits: InviteLimits,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  segment: string,
): Promise<void> {
  const start = beginSessionPost(ctx.originPolicy, req, res, segment);
  if (!start) return;
  const { sessionId, cors } = start;
  try {
    const claims = await verifyToken(ctx.secret, tokenOf(req, url), { sessionId });
    if (!mayInvite(claims)) throw new SessionChatError(ErrorCodes.FORBIDDEN, 'only a technician or an admin can add participants');
    const wait = limits.take(`${sessionId}\u0000${claims.id}`);
    if (wait > 0) {
      const refusal = errorBody(ErrorCodes.RATE_LIMITED, 'too many invites; try again shortly');
      sendJson(res, 429, { ...refusal, retryAfterMs: wait }, { ...cors, 'Retry-After': String(Math.ceil(wait / 1000)) });
      return;
    }
    const invitee = inviteeOf(await readBody(req));
    const state = (await ctx.room(sessionId)).state;
    if (state.lastSeq === 0) throw new SessionChatError(ErrorCodes.NOT_FOUND, 'no such session');
    if (state.ended) throw new SessionChatError(ErrorCodes.SESSION_ENDED, 'the session has ended');
    const participantId = crypto.randomUUID();
    // Invited participants join the same customer's session: their tokens say so too.
    const customer = (await ctx.customerOf?.(sessionId)) ?? claims.customer;
    const token = await createToken({ secret: ctx.secret, sessionId, participantId, ...invitee, ttl: ctx.ttlSeconds, ...(customer !== undefined ? { customer } : {}) });
    ctx.logger.info({ sessionId, by: claims.id, byRole: claims.role, participantId, role: invitee.role }, 'participant invited');
    const body: Invitation = { token, sessionId, participantId, ...invitee, expiresAt: Date.now() + ctx.ttlSeconds * 1000 };
    sendJson(res, 201, body, { ...cors, 'Cache-Control': 'no-store' });
  } catch (error) {
    const refusal = asSessionChatError(error);
    sendJson(res, httpStatusOf(refusal.code), errorBody(refusal.code, refusal.message), cors);
  }
}
