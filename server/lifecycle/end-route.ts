import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { ErrorCodes, HOST_ACTOR_ID, SessionChatError, mayEndSession } from '../../src/protocol/index.js';
import { asSessionChatError, errorBody, httpStatusOf, tokenOf } from '../auth.js';
import { beginSessionPost } from '../session-post.js';
import { sendJson } from '../http-response.js';
import type { RelayRoute } from '../http-routes.js';
import type { OriginPolicy } from '../origin.js';
import type { SessionRoom } from '../session-room.js';
import { verifyToken } from '../tokens.js';
import { transcriptUrls } from '../transcripts/transcript-service.js';

export interface EndRouteContext {
  secret: string;
  adminApiKey: string | undefined;
  originPolicy: OriginPolicy;
  room(sessionId: string): Promise<SessionRoom>;
}

const END_ROUTE = /^\/api\/sessions\/([^/]+)\/end$/;

function isApiKey(token: string | undefined, key: string | undefined): boolean {
  if (!token || !key) return false;
  const a = Buffer.from(token);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `POST /api/sessions/:sessionId/end` with `Authorization: Bearer TOKEN` (a technician's or
 * admin's token of that session) or the admin API key. Idempotent: 200 with the end, also
 * when it had already ended. A customer gets 403 FORBIDDEN; an unknown session 404. Guarded as
 * `change` (request-policy.ts): a foreign Origin, or a form post with `?token=`, is refused first.
 */
export function createEndRoute(ctx: EndRouteContext): RelayRoute {
  return {
    access: (_req, url) => (END_ROUTE.test(url.pathname) ? 'change' : null),
    handle: (req, res, url) => end(ctx, req, res, url, END_ROUTE.exec(url.pathname)![1]!),
  };
}

async function end(ctx: EndRouteContext, req: IncomingMessage, res: ServerResponse, url: URL, segment: string): Promise<void> {
  const start = beginSessionPost(ctx.originPolicy, req, res, segment);
  if (!start) return;
  const { sessionId, cors } = start;
  try {
    const token = tokenOf(req, url);
    let actor: string;
    let reason: 'participant' | 'host';
    if (isApiKey(token, ctx.adminApiKey)) {
      actor = HOST_ACTOR_ID;
      reason = 'host';
    } else {
      const claims = await verifyToken(ctx.secret, token, { sessionId });
      if (!mayEndSession(claims)) throw new SessionChatError(ErrorCodes.FORBIDDEN, 'only a technician or an admin can end the session');
      actor = claims.id;
      reason = 'participant';
    }
    const room = await ctx.room(sessionId);
    if (room.state.lastSeq === 0) throw new SessionChatError(ErrorCodes.NOT_FOUND, 'no such session');
    const event = await room.end(actor, reason);
    sendJson(res, 200, { sessionId, ended: { by: event.from, at: event.at }, transcript: transcriptUrls(sessionId) }, cors);
  } catch (error) {
    const refusal = asSessionChatError(error);
    sendJson(res, httpStatusOf(refusal.code), errorBody(refusal.code, refusal.message), cors);
  }
}
