import type { OutboxEntry } from './types.js';

/**
 * Where a client keeps the messages it has not had acked yet, per session and participant, so
 * that a reload while offline loses nothing: the next client of the same person in the same
 * session loads them, shows them as pending and sends them with their `clientId` (the relay
 * dedupes, so one that did arrive before the reload is not doubled).
 */
export interface OutboxStore {
  /** The kept messages, oldest first; [] when there are none. */
  load(sessionId: string, participantId: string): OutboxEntry[];
  /** Replaces the kept messages (an empty list removes them). */
  save(sessionId: string, participantId: string, entries: readonly OutboxEntry[]): void;
}

/** The localStorage key of a participant's outbox in a session (beside the draft's `session-chat:draft:…`). */
export function outboxKey(sessionId: string, participantId: string): string {
  return `session-chat:outbox:${sessionId}:${participantId}`;
}

/** Keeps outboxes in `localStorage` (the browser default). Unreadable or full storage keeps nothing and throws nothing. */
export const localStorageOutboxStore: OutboxStore = {
  load(sessionId, participantId) {
    try {
      const raw = localStorage.getItem(outboxKey(sessionId, participantId));
      return raw ? parseEntries(JSON.parse(raw)) : [];
    } catch {
      return [];
    }
  },
  save(sessionId, participantId, entries) {
    try {
      const key = outboxKey(sessionId, participantId);
      if (entries.length === 0) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(entries));
    } catch {
      /* private mode or quota: the outbox stays in memory only */
    }
  },
};

/** Keeps outboxes in this process only (for Node programs and tests that want a reload without a browser). */
export function memoryOutboxStore(): OutboxStore {
  const kept = new Map<string, OutboxEntry[]>();
  return {
    load: (sessionId, participantId) => (kept.get(outboxKey(sessionId, participantId)) ?? []).map((entry) => ({ ...entry })),
    save: (sessionId, participantId, entries) => {
      if (entries.length === 0) kept.delete(outboxKey(sessionId, participantId));
      else kept.set(outboxKey(sessionId, participantId), entries.map((entry) => ({ ...entry })));
    },
  };
}

/**
 * The store a client uses when given none: localStorage in a browser page, else none (memory
 * only; recent Node versions have a `localStorage` too, shared by every program that names the
 * same file, so a Node program opts in by passing a store).
 */
export function defaultOutboxStore(): OutboxStore | null {
  try {
    return typeof window === 'undefined' || typeof localStorage === 'undefined' ? null : localStorageOutboxStore;
  } catch {
    // Reading `localStorage` throws where storage is blocked.
    return null;
  }
}

/** The well-formed entries of what was stored (anything else in the page's storage is ignored). */
function parseEntries(value: unknown): OutboxEntry[] {
  if (!Array.isArray(value)) return [];
  const entries: OutboxEntry[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { clientId, text, replyTo, createdAt } = item as Record<string, unknown>;
    if (typeof clientId !== 'string' || clientId === '' || typeof text !== 'string' || typeof createdAt !== 'number') continue;
    const entry: OutboxEntry = { clientId, text, createdAt };
    if (typeof replyTo === 'string') entry.replyTo = replyTo;
    entries.push(entry);
  }
  return entries;
}
