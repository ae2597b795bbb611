import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCodes } from '../src/protocol/index.js';
import { decodeSessionId, errorBody } from './auth.js';
import { corsHeaders } from './cors.js';
import { sendJson } from './http-response.js';
import type { OriginPolicy } from './origin.js';

/**
 * The common start of a `POST /api/sessions/:sessionId/…` route (ending, inviting): answers a
 * CORS preflight (204), refuses another method (405) and a malformed session id (400). Returns
 * the session id and the CORS headers for the answer, or `null` when it has answered already.
 */
export function beginSessionPost(
  policy: OriginPolicy,
  req: IncomingMessage,
  res: ServerResponse,
  segment: string,
): { sessionId: string; cors: Record<string, string> } | null {
  const cors = corsHeaders(policy, req, 'POST, OPTIONS');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...cors, 'Cache-Control': 'no-store' }).end();
    return null;
  }
  if (req.method !== 'POST') {
    sendJson(res, 405, errorBody(ErrorCodes.NOT_FOUND, 'use POST'), { ...cors, Allow: 'POST, OPTIONS' });
    return null;
  }
  const sessionId = decodeSessionId(segment);
  if (sessionId === undefined) {
    sendJson(res, 400, errorBody(ErrorCodes.INVALID_FIELD, 'the session id must be 1-128 characters'), cors);
    return null;
  }
  return { sessionId, cors };
}
