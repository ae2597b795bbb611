import { encodeReceiptsFrame, type ReceiptEntry, type ReceiptFrame } from '../src/protocol/index.js';
import { frameBytes } from './frame-bytes.js';
import type { RoomMember } from './room-member.js';
import type { RoomPresence } from './room-presence.js';
import type { SessionRoom } from './session-room.js';
import type { ReceiptStore } from './storage/receipt-store.js';

/**
 * Delivered and read positions per participant, moved by `receipt` signals: they only move
 * forward and never past the last written event; one `receipts` frame per tick however many
 * arrived, saved to the store (if any) at the same time. Nothing is logged.
 */
export class RoomReceipts {
  /** participant id -> positions; made with the first (many rooms never get a receipt while loaded). */
  private receipts: Map<string, ReceiptEntry> | null = null;
  private receiptsDirty = false;

  constructor(
    private readonly room: SessionRoom,
    private readonly store: ReceiptStore | undefined,
    /** Whose sockets get the `receipts` frames: the room's welcomed sockets at the time. */
    private readonly presence: Pick<RoomPresence, 'members'>,
    committedSeq: number,
  ) {
    for (const entry of store?.load(room.sessionId) ?? []) {
      if (entry.delivered <= committedSeq) (this.receipts ??= new Map()).set(entry.participantId, { ...entry });
    }
  }

  /** Every participant's positions, as the welcome and `receipts` frames carry them. */
  receiptList(): ReceiptEntry[] {
    return this.receipts ? [...this.receipts.values()] : [];
  }

  /** A `receipt` signal of `member`; positions are capped at `committedSeq`. */
  move(member: RoomMember, frame: ReceiptFrame, committedSeq: number): void {
    const id = member.participant.id;
    const receipts = (this.receipts ??= new Map());
    const old = receipts.get(id) ?? { participantId: id, delivered: 0, read: 0 };
    const read = Math.min(Math.max(old.read, frame.read ?? 0), committedSeq);
    const delivered = Math.max(old.delivered, Math.min(frame.delivered, committedSeq), read);
    if (delivered === old.delivered && read === old.read) return;
    receipts.set(id, { participantId: id, delivered, read });
    this.scheduleReceipts();
  }

  /** One `receipts` frame per tick however many receipts arrived. */
  private scheduleReceipts(): void {
    if (this.receiptsDirty) return;
    this.receiptsDirty = true;
    setImmediate(() => {
      this.receiptsDirty = false;
      if (this.room.unloaded) return;
      const list = this.receiptList();
      this.store?.save(this.room.sessionId, list);
      const frame = frameBytes(encodeReceiptsFrame(list));
      for (const member of this.presence.members) member.send(frame);
    });
  }
}
