import { HOST_ACTOR_ID, RELAY_ACTOR_ID, type SessionEndReason } from './events.js';
import { isRole, type Role } from './participants.js';
import type { SessionState } from './state.js';

/**
 * Who ended a session, when and why, as the relay tells a participant it no longer lets in (a
 * customer opening the link of an ended session gets it with the `SESSION_ENDED` refusal of
 * `/api/sessions/:id/me`). It names the one who ended the session, never anything said in it.
 */
export interface SessionEndNotice {
  /** `id` is a participant's, or `host` / `relay`; `name` and `role` are null for those two. */
  by: { id: string; name: string | null; role: Role | null };
  /** Relay time of the end, ms since the epoch. */
  at: number;
  reason: SessionEndReason;
}

/** The reason an end had, from who wrote it (the relay stamps `from`). */
export function endReasonOf(by: string): SessionEndReason {
  if (by === RELAY_ACTOR_ID) return 'idle';
  if (by === HOST_ACTOR_ID) return 'host';
  return 'participant';
}

/** The notice for a folded state; null while the session is open. */
export function endNoticeOf(state: Pick<SessionState, 'ended' | 'participants'>): SessionEndNotice | null {
  const ended = state.ended;
  if (!ended) return null;
  const reason = endReasonOf(ended.by);
  const who = reason === 'participant' ? state.participants.find((p) => p.id === ended.by) : undefined;
  return { by: { id: ended.by, name: who?.name ?? null, role: who?.role ?? null }, at: ended.at, reason };
}

/** Reads a notice from untrusted JSON (a relay's answer); undefined when it is not one. */
export function parseEndNotice(value: unknown): SessionEndNotice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { by, at, reason } = value as Record<string, unknown>;
  if (typeof by !== 'object' || by === null || typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  if (reason !== 'participant' && reason !== 'host' && reason !== 'idle') return undefined;
  const { id, name, role } = by as Record<string, unknown>;
  if (typeof id !== 'string' || id.length > 256) return undefined;
  if (name !== null && (typeof name !== 'string' || name.length > 256)) return undefined;
  if (role !== null && !isRole(role)) return undefined;
  return { by: { id, name, role }, at, reason };
}
