import { ErrorCodes, SessionChatError, type ErrorCode, type Invitation, type InviteRequest } from '../protocol/index.js';
import { httpUrl } from './relay-url.js';

/**
 * Asks the relay for a join token of a new participant (`POST /api/sessions/:id/invites`, with
 * this participant's token in `Authorization`). Resolves with the {@link Invitation}; rejects
 * with a `SessionChatError`: FORBIDDEN for a customer, SESSION_ENDED, RATE_LIMITED (with
 * `retryAfterMs`), INVALID_FIELD for a bad role or name, NOT_FOUND when the relay has the route
 * off, RELAY_UNAVAILABLE when it cannot be reached.
 */
export async function requestInvite(server: string, sessionId: string, token: string, invitee: InviteRequest): Promise<Invitation> {
  let response: Response;
  try {
    response = await fetch(httpUrl(server, `/api/sessions/${encodeURIComponent(sessionId)}/invites`), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: invitee.role, name: invitee.name }),
    });
  } catch (error) {
    throw new SessionChatError(ErrorCodes.RELAY_UNAVAILABLE, `the relay could not be reached: ${String(error)}`);
  }
  const body = (await response.json().catch(() => ({}))) as Partial<Invitation> & { code?: number; message?: string; retryAfterMs?: number };
  if (response.status === 201 && typeof body.token === 'string') return body as Invitation;
  const code = (typeof body.code === 'number' ? body.code : ErrorCodes.INTERNAL_ERROR) as ErrorCode;
  throw new SessionChatError(code, body.message ?? `the invite failed with HTTP ${response.status}`, {
    retryAfterMs: typeof body.retryAfterMs === 'number' ? body.retryAfterMs : undefined,
  });
}
