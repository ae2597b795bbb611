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

/** The ephemeral signals, as the rest of the client sees them. */
export interface SessionSignals {
  /** Participant ids of the others typing right now. */
  readonly typing: string[];
  /** The read position asked for by this participant (the relay's may be further). */
  readonly readWanted: number;
  setTyping(active: boolean): void;
  setAway(away: boolean): void;
  markRead(seq: number): void;
  /** Another participant's typing notice. */
  typingNotice(participantId: string, active: boolean): void;
  /** An event was folded: a message ends its author's typing, and it is to be receipted. */
  folded(event: SessionEvent): void;
  /** A welcome came: the relay holds the positions it sent, not what this socket sent. */
  rejoining(): void;
  /** Joined again: the away status goes again and the positions are reported. */
  joined(): void;
  stop(): void;
}

/**
 * The ephemeral signals, never logged and never retried: this participant's typing notices,
 * away status and delivered/read receipts going out, the others' typing notices coming in.
 * They go only while joined and only when the pacer has room for them. (A closure, like the
 * connection, so that its state minifies.)
 */
export function createSessionSignals(link: RelayConnection, pacer: SendPacer<IntentFrame>, view: SessionView, dispatch: Dispatch): SessionSignals {
  /** Participants typing now, with when their notice expires. */
  const typingUntil = new Map<string, number>();
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let typingSentAt = 0;
  let typingActive = false;
  let away = false;
  let receiptTimer: ReturnType<typeof setTimeout> | undefined;
  let sentDelivered = 0;
  let sentRead = 0;
  let wantRead = 0;

  const typing = (): string[] => {
    const now = Date.now();
    return [...typingUntil].filter(([, until]) => until > now).map(([id]) => id);
  };

  /** Sends a signal if the pacer has room (`always`: counted but never held back). False: not sent. */
  const signal = (frame: SignalFrame, always = false): boolean => {
    if (!link.writable) return false;
    if (always) pacer.spend();
    else if (!pacer.trySignal()) return false;
    // A signal is not worth retrying: whether the socket took it does not matter.
    link.send(frame);
    return true;
  };

  /** Reports delivered/read positions, coalesced: one frame per {@link RECEIPT_DELAY_MS}. */
  const scheduleReceipt = (): void => {
    if (receiptTimer || link.state !== 'live') return;
    receiptTimer = setTimeout(() => {
      receiptTimer = undefined;
      const delivered = view.state.lastSeq;
      const read = wantRead;
      if (delivered <= sentDelivered && read <= sentRead) return;
      // While intents wait for the rate limit, receipts wait too (coalesced into one once they have gone).
      if (!signal({ type: 'receipt', delivered, read: Math.max(sentRead, read) })) return scheduleReceipt();
      sentDelivered = delivered;
      sentRead = Math.max(sentRead, read);
    }, RECEIPT_DELAY_MS);
  };

  const expireTyping = (): void => {
    if (typingTimer) clearTimeout(typingTimer);
    typingTimer = undefined;
    const now = Date.now();
    let next = Infinity;
    for (const [id, until] of typingUntil) {
      if (until <= now) typingUntil.delete(id);
      else next = Math.min(next, until);
    }
    if (next !== Infinity) typingTimer = setTimeout(expireTyping, next - now);
    dispatch('typing', { typing: typing() });
  };

  return {
    get typing() {
      return typing();
    },
    get readWanted() {
      return wantRead;
    },
    setTyping(active) {
      const now = Date.now();
      if (active && typingActive && now - typingSentAt < TYPING_REFRESH_MS) return;
      if (!active && !typingActive) return;
      typingActive = active;
      typingSentAt = now;
      signal({ type: 'typing', active });
    },
    setAway(next) {
      if (away === next) return;
      away = next;
      signal({ type: 'status', away: next }, true);
    },
    markRead(seq) {
      if (seq <= wantRead) return;
      wantRead = Math.min(seq, view.state.lastSeq);
      scheduleReceipt();
    },
    typingNotice(participantId, active) {
      if (active) typingUntil.set(participantId, Date.now() + TYPING_EXPIRY_MS);
      else typingUntil.delete(participantId);
      expireTyping();
    },
    folded(event) {
      if (event.type === 'message.sent' || event.type === 'file.shared') typingUntil.delete(event.from);
      scheduleReceipt();
    },
    rejoining() {
      sentDelivered = 0;
      sentRead = 0;
    },
    joined() {
      if (away) signal({ type: 'status', away: true }, true);
      scheduleReceipt();
    },
    stop() {
      if (receiptTimer) clearTimeout(receiptTimer);
      receiptTimer = undefined;
      if (typingTimer) clearTimeout(typingTimer);
      typingTimer = undefined;
    },
  };
}
