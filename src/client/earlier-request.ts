import {
  ErrorCodes,
  SessionChatError,
  parseEarlierSessionList,
  parseEarlierTranscript,
  type EarlierSessionList,
  type EarlierTranscript,
  type ErrorCode,
} from '../protocol/index.js';
import { httpUrl } from './relay-url.js';

/** GETs a route of the session with this participant's token; the JSON body, or a typed refusal. */
async function getJson(server: string, path: string, token: string, query = ''): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(httpUrl(server, path) + query, { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new SessionChatError(ErrorCodes.RELAY_UNAVAILABLE, `the relay could not be reached: ${String(error)}`);
  }
  const body = (await response.json().catch(() => ({}))) as { code?: unknown; message?: unknown };
  if (response.ok) return body;
  const code = (typeof body.code === 'number' ? body.code : ErrorCodes.INTERNAL_ERROR) as ErrorCode;
  throw new SessionChatError(code, typeof body.message === 'string' ? body.message : `the request failed with HTTP ${response.status}`);
}

const malformed = () => new SessionChatError(ErrorCodes.INTERNAL_ERROR, 'the relay answered with something else than expected');

/** `GET /api/sessions/:id/earlier`: the customer's earlier sessions, newest first. */
export async function requestEarlierSessions(
  server: string,
  sessionId: string,
  token: string,
  page: { limit?: number; cursor?: string },
): Promise<EarlierSessionList> {
  const query = new URLSearchParams();
  if (page.limit !== undefined) query.set('limit', String(page.limit));
  if (page.cursor !== undefined) query.set('cursor', page.cursor);
  const search = query.toString() ? `?${query.toString()}` : '';
  const list = parseEarlierSessionList(await getJson(server, `/api/sessions/${encodeURIComponent(sessionId)}/earlier`, token, search));
  if (!list) throw malformed();
  return list;
}

/** `GET /api/sessions/:id/earlier/:earlierId`: one earlier session's transcript, read-only. */
export async function requestEarlierTranscript(server: string, sessionId: string, token: string, earlierId: string): Promise<EarlierTranscript> {
  const path = `/api/sessions/${encodeURIComponent(sessionId)}/earlier/${encodeURIComponent(earlierId)}`;
  const transcript = parseEarlierTranscript(await getJson(server, path, token));
  if (!transcript) throw malformed();
  return transcript;
}
