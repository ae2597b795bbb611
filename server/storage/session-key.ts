import { createHash } from 'node:crypto';

/** A file or folder name for a session that no session id can turn into a path trick. */
export function sessionKey(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex');
}
