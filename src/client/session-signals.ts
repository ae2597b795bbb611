import type { IntentFrame, SessionEvent, SignalFrame } from '../protocol/index.js';
import type { RelayConnection } from './relay-connection.js';
import type { SendPacer } from './send-pacer.js';
import type { Dispatch, SessionView } from './session-view.js';

/** A typing notice is repeated this often while typing goes on… */
export const TYPING_REFRESH_MS = 2_500;
/** …and the others drop it this long after the last one. */
export const TYPING_EXPIRY_MS = 6_000;
/** Delivered/read receipts are coalesced over this delay. */
const RECEIPT_DELAY_MS = 150;

/**
 * The ephemeral signals, never logged and never retried: this participant's typing notices,
 * away status and delivered/read receipts going out, the others' typing notices coming in.
 * They go only while joined and only when the pacer has room for them.
 */
export class SessionSignals {
  /** Participants typing now, with when their notice expires. */
  private readonly typingUntil = new Map<string, number>();
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private typingSentAt = 0;
  private typingActive = false;
  private away = false;
  private receiptTimer: ReturnType<typeof setTimeout> | undefined;
  private sentDelivered = 0;
  private sentRead = 0;
  private wantRead = 0;

  constructor(
    private readonly link: RelayConnection,
    private readonly pacer: SendPacer<IntentFrame>,
    private readonly view: SessionView,
    private readonly dispatch: Dispatch,
  ) {}

  /** Participant ids of the others typing right now. */
  get typing(): string[] {
    const now = Date.now();
    return [...this.typingUntil].filter(([, until]) => until > now).map(([id]) => id);
  }

  /** The read position asked for by this participant (the relay's may be further). */
  get readWanted(): number {
    return this.wantRead;
  }

  setTyping(active: boolean): void {
    const now = Date.now();
    if (active && this.typingActive && now - this.typingSentAt < TYPING_REFRESH_MS) return;
    if (!active && !this.typingActive) return;
    this.typingActive = active;
    this.typingSentAt = now;
    this.signal({ type: 'typing', active });
  }

  setAway(away: boolean): void {
    if (this.away === away) return;
    this.away = away;
    this.signal({ type: 'status', away }, true);
  }

  markRead(seq: number): void {
    if (seq <= this.wantRead) return;
    this.wantRead = Math.min(seq, this.view.state.lastSeq);
    this.scheduleReceipt();
  }

  /** Another participant's typing notice. */
  typingNotice(participantId: string, active: boolean): void {
    if (active) this.typingUntil.set(participantId, Date.now() + TYPING_EXPIRY_MS);
    else this.typingUntil.delete(participantId);
    this.expireTyping();
  }

  /** An event was folded: a message ends its author's typing, and it is to be receipted. */
  folded(event: SessionEvent): void {
    if (event.type === 'message.sent' || event.type === 'file.shared') this.typingUntil.delete(event.from);
    this.scheduleReceipt();
  }

  /** A welcome came: the relay holds the positions it sent, not what this socket sent. */
  rejoining(): void {
    this.sentDelivered = 0;
    this.sentRead = 0;
  }

  /** Joined again: the away status goes again and the positions are reported. */
  joined(): void {
    if (this.away) this.signal({ type: 'status', away: true }, true);
    this.scheduleReceipt();
  }

  stop(): void {
    if (this.receiptTimer) clearTimeout(this.receiptTimer);
    this.receiptTimer = undefined;
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
  }

  /** Sends a signal if the pacer has room (`always`: counted but never held back). False: not sent. */
  private signal(frame: SignalFrame, always = false): boolean {
    if (!this.link.writable) return false;
    if (always) this.pacer.spend();
    else if (!this.pacer.trySignal()) return false;
    // A signal is not worth retrying: whether the socket took it does not matter.
    this.link.send(frame);
    return true;
  }

  /** Reports delivered/read positions, coalesced: one frame per {@link RECEIPT_DELAY_MS}. */
  scheduleReceipt(): void {
    if (this.receiptTimer || this.link.state !== 'live') return;
    this.receiptTimer = setTimeout(() => {
      this.receiptTimer = undefined;
      const delivered = this.view.state.lastSeq;
      const read = this.wantRead;
      if (delivered <= this.sentDelivered && read <= this.sentRead) return;
      // While intents wait for the rate limit, receipts wait too (coalesced into one once they have gone).
      if (!this.signal({ type: 'receipt', delivered, read: Math.max(this.sentRead, read) })) return this.scheduleReceipt();
      this.sentDelivered = delivered;
      this.sentRead = Math.max(this.sentRead, read);
    }, RECEIPT_DELAY_MS);
  }

  private expireTyping(): void {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    const now = Date.now();
    let next = Infinity;
    for (const [id, until] of this.typingUntil) {
      if (until <= now) this.typingUntil.delete(id);
      else next = Math.min(next, until);
    }
    if (next !== Infinity) this.typingTimer = setTimeout(() => this.expireTyping(), next - now);
    this.dispatch('typing', { typing: this.typing });
  }
}
