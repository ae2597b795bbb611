import type { SessionClient } from '../client/index.js';
import { deliveryStatus, type ChatMessage, type DeliveryStatus } from '../protocol/index.js';
import type { PresenceStatus } from './session-chat-message/message-signals.js';

/** Each participant's presence as the relay last told it; everyone is offline while not connected. */
export function presenceStatuses(client: SessionClient | null): Map<string, PresenceStatus> {
  const live = client?.connectionState === 'live';
  return new Map((client?.presence ?? []).map((p) => [p.id, live && p.online ? (p.away ? 'away' : 'online') : 'offline']));
}

/**
 * The delivery mark of each of one's own messages, by `deliveryStatus`. A status only grows as
 * `seq` goes down (the others' positions are positions in the log), so the two boundaries are
 * found with a few calls and each message is placed against them.
 */
export function deliveryMarks(client: SessionClient | null): (message: ChatMessage) => DeliveryStatus | null {
  const me = client?.me?.id;
  if (!client || !me) return () => null;
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
