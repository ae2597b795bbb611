import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ErrorCodes, SessionChatError, mayReadTranscripts, type ParticipantInfo } from '../src/protocol/index.js';
import { tokenOf } from './auth.js';
import { verifyToken } from './tokens.js';

/** Who called an organisation route: a technician or admin by token, or the host by API key. */
export type StaffCaller = { kind: 'participant'; participant: ParticipantInfo; sessionId: string } | { kind: 'host' };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authenticates a caller of the organisation's routes (transcripts): the admin API key, or a
 * valid token of any session with the role technician or admin. A customer's token gets
 * FORBIDDEN (403), a missing or bad one a TOKEN_* code (401).
 */
export async function authenticateStaff(
  secret: string,
  adminApiKey: string | undefined,
  req: IncomingMessage,
  url: URL,
): Promise<StaffCaller> {
  const token = tokenOf(req, url);
  if (adminApiKey && token && sameSecret(token, adminApiKey)) return { kind: 'host' };
  const claims = await verifyToken(secret, token);
  if (!mayReadTranscripts(claims)) {
    throw new SessionChatError(ErrorCodes.FORBIDDEN, 'transcripts are for technicians and admins');
  }
  return { kind: 'participant', participant: { id: claims.id, name: claims.name, role: claims.role }, sessionId: claims.sessionId };
}
