/**
 * The view model of a session, derived from its client in one place: who is in it (with
 * presence), every author a message may name, the typed messages the relay has not acked yet
 * (shaped as messages), and each message's permissions, author presence and delivery mark.
 * The root derives it once per render and hands it down; the file previews read the same
 * authors.
 */
import type { SessionClient } from '../../client/index.js';
import {
  deliveryStatus,
  messagePermissions,
  newChatMessage,
  type ChatMessage,
  type DeliveryStatus,
  type MessagePermissions,
  type ParticipantInfo,
} from '../../protocol/index.js';

/** An author's presence, shown as a dot by their name. */
export type PresenceStatus = 'online' | 'away' | 'offline';

/** A participant as the list shows them. */
export interface ParticipantView extends ParticipantInfo {
  online: boolean;
  /** This is the participant using the widget. */
  me: boolean;
  /** Online, but every tab of theirs is hidden. */
  away?: boolean;
}

export interface ChatView {
  /** The folded messages, in log order. */
  readonly messages: readonly ChatMessage[];
  /** The participant using the widget. */
  readonly me: ParticipantInfo | null;
  /** Who is in the session now (joined and not left, or online), with presence. */
  readonly participants: ParticipantView[];
  /** Everyone a message may name, by id: participants (also those who left), then presence, then oneself (the file previews read it too). */
  readonly authors: Map<string, ParticipantInfo>;
  /** Typed messages not acked yet, oldest first, as messages of this participant (`seq` 0). */
  readonly pending: ChatMessage[];
  /** Each author's presence. */
  readonly presence: ReadonlyMap<string, PresenceStatus>;
  /** Someone else in the session is offline: one's own messages not yet delivered to everyone are greyed. */
  readonly othersOffline: boolean;
  /** What the participant may do with a message (as the relay decides). */
  permissions(message: ChatMessage): MessagePermissions;
  /** The delivery mark of one's own message; null for others'. */
  delivery(message: ChatMessage): DeliveryStatus | null;
}

const NO_PERMISSIONS: MessagePermissions = { edit: false, delete: false, reply: false, react: false };

/**
 * The delivery mark of each of one's own messages, by `deliveryStatus`. A status only grows as
 * `seq` goes down (the others' positions are positions in the log), so the two boundaries are
 * found with a few calls and each message is placed against them.
 */
function deliveryMarks(client: SessionClient): (message: ChatMessage) => DeliveryStatus | null {
  const me = client.me?.id;
  if (!me) return () => null;
  const { state, receipts } = client;
  const probe = { ...state.messages[0]!, from: me };
  const statusAt = (seq: number) => deliveryStatus(state, receipts, { ...probe, seq });
  /** The highest seq whose status is one of `wanted` (0 when none). */
  const boundary = (wanted: DeliveryStatus[]): number => {
    let low = 0;
    let high = state.lastSeq;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (wanted.includes(statusAt(mid))) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  const read = boundary(['read']);
  const delivered = boundary(['read', 'delivered']);
  return (message) =>
    message.from !== me || message.deleted ? null : message.seq <= read ? 'read' : message.seq <= delivered ? 'delivered' : 'sent';
}

/** The session as the widget shows it: one pass over participants and presence. */
export function chatView(client: SessionClient): ChatView {
  const { state, me, policy } = client;
  const meId = me?.id;
  // Presence is only known while connected: offline, everyone shows as offline.
  const live = client.connectionState === 'live';
  const authors = new Map<string, ParticipantInfo>();
  const participants = new Map<string, ParticipantView>();
  const presence = new Map<string, PresenceStatus>();
  const view = (p: ParticipantInfo, online: boolean): ParticipantView => ({ id: p.id, name: p.name, role: p.role, online, me: p.id === meId });
  for (const p of state.participants) {
    authors.set(p.id, p);
    if (!p.left) participants.set(p.id, view(p, false));
  }
  for (const p of client.presence) {
    const online = live && p.online;
    if (!authors.has(p.id)) authors.set(p.id, p);
    presence.set(p.id, online ? (p.away ? 'away' : 'online') : 'offline');
    const known = participants.get(p.id) ?? (online ? view(p, online) : undefined);
    if (!known) continue;
    known.online = online;
    known.away = online && p.away === true;
    participants.set(p.id, known);
  }
  if (me && !authors.has(me.id)) authors.set(me.id, me);
  const shown = [...participants.values()];
  return {
    messages: state.messages,
    me,
    participants: shown,
    authors,
    pending: client.outbox.map((entry) =>
      newChatMessage({ id: entry.clientId, seq: 0, from: meId ?? '', at: entry.createdAt, clientId: entry.clientId, replyTo: entry.replyTo }, entry.text),
    ),
    presence,
    othersOffline: shown.some((p) => !p.me && !p.online),
    permissions: (message) => (me ? messagePermissions(state, me, message, policy) : NO_PERMISSIONS),
    delivery: deliveryMarks(client),
  };
}
