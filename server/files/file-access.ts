import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCodes, type CompactSessionState } from '../../src/protocol/index.js';
import { asSessionChatError, authenticate, decodeSessionId } from '../auth.js';
import type { TokenClaims } from '../tokens.js';
import type { BlobRecord, BlobStore } from '../storage/blob-store.js';
import { refuse } from './file-http.js';

/** What a file route needs to decide who may read a shared file. */
export interface FileAccessContext {
  secret: string;
  blobs: BlobStore;
  /** The session as the relay holds it: the fold of its written log. */
  session(sessionId: string): Promise<{ state: Pick<CompactSessionState, 'fileMessage'>; ended: boolean }>;
}

/** A file a request may read: its session, its id, the reader's claims and the stored record. */
export interface FileAccess {
  sessionId: string;
  fileId: string;
  claims: TokenClaims;
  record: BlobRecord;
}

const FILE_ID = /^[0-9a-f]{32}$/;

/**
 * The rules every file route shares: a token of the session (`Authorization: Bearer` or
 * `?token=`), a file still shared in it (not deleted), and no customer after the session ended.
 * Answers the refusal itself (401/403/404 with the relay's JSON body) and returns `undefined`.
 */
export async function fileAccess(
  ctx: FileAccessContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  segments: { session: string; file: string },
  cors: Record<string, string>,
): Promise<FileAccess | undefined> {
  const sessionId = decodeSessionId(segments.session);
  if (sessionId === undefined) {
    refuse(res, ErrorCodes.INVALID_FIELD, 'the session id must be 1-128 characters', cors);
    return undefined;
  }
  let claims: TokenClaims;
  try {
    claims = await authenticate(ctx.secret, req, url, sessionId);
  } catch (error) {
    const refusal = asSessionChatError(error);
    refuse(res, refusal.code, refusal.message, cors);
    return undefined;
  }
  const notFound = (): undefined => {
    refuse(res, ErrorCodes.NOT_FOUND, 'no such file in this session', cors);
    return undefined;
  };
  if (!FILE_ID.test(segments.file)) return notFound();
  const fileId = segments.file;
  const session = await ctx.session(sessionId);
  const message = session.state.fileMessage(fileId);
  if (!message || message.deleted) return notFound();
  if (session.ended && claims.role === 'customer') {
    refuse(res, ErrorCodes.SESSION_ENDED, 'the session has ended; its files are for technicians and admins', cors);
    return undefined;
  }
  const record = await ctx.blobs.stat(fileId);
  if (!record || record.meta.sessionId !== sessionId) return notFound();
  return { sessionId, fileId, claims, record };
}
