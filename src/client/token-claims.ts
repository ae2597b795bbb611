import { isRole, type ParticipantInfo } from '../protocol/index.js';

/** What the client reads from its own token (unverified: the relay verifies). */
export interface UnverifiedClaims {
  sessionId: string;
  participant: ParticipantInfo;
  /** Expiry, seconds since the Unix epoch. */
  exp: number | undefined;
}

function base64UrlToText(part: string): string {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Decodes a JWT's payload without checking it; `null` when it is not a session-chat token. */
export function readTokenClaims(token: string): UnverifiedClaims | null {
  try {
    const part = token.split('.')[1];
    if (!part) return null;
    const payload = JSON.parse(base64UrlToText(part)) as Record<string, unknown>;
    const { sid, sub, name, role, exp } = payload;
    if (typeof sid !== 'string' || typeof sub !== 'string' || typeof name !== 'string' || !isRole(role)) return null;
    return { sessionId: sid, participant: { id: sub, name, role }, exp: typeof exp === 'number' ? exp : undefined };
  } catch {
    return null;
  }
}
