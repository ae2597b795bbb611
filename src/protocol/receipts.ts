import type { ReceiptEntry } from './participants.js';
import type { ChatMessage, SessionState } from './state.js';

/** Where one's own message stands, after `pending` (not yet acked by the relay). */
export type DeliveryStatus = 'sent' | 'delivered' | 'read';

/**
 * `delivered` once every other current participant's client holds the message, `read` once
 * every one of them saw it; `sent` otherwise (also while the others are offline). Pure.
 */
export function deliveryStatus(state: SessionState, receipts: readonly ReceiptEntry[], message: ChatMessage): DeliveryStatus {
  const others = state.participants.filter((p) => p.id !== message.from && !p.left);
  if (others.length === 0) return 'sent';
  const byId = new Map(receipts.map((r) => [r.participantId, r]));
  let delivered = true;
  let read = true;
  for (const other of others) {
    const r = byId.get(other.id);
    if (!r || r.delivered < message.seq) delivered = false;
    if (!r || r.read < message.seq) read = false;
  }
  return read ? 'read' : delivered ? 'delivered' : 'sent';
}

/** The read position of a participant (0 when it never read anything). */
export function readPosition(receipts: readonly ReceiptEntry[], participantId: string): number {
  return receipts.find((r) => r.participantId === participantId)?.read ?? 0;
}

/** Others' messages after `afterSeq` that are still there (not deleted). */
export function unreadMessages(state: SessionState, me: string, afterSeq: number): ChatMessage[] {
  return state.messages.filter((m) => m.seq > afterSeq && m.from !== me && !m.deleted);
}
