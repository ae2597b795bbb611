import type { SessionEvent } from './events.js';
import type { MediaInfo } from './media.js';
import type { FileLimits } from './files.js';
import type { ParticipantInfo, PresenceEntry, ReceiptEntry } from './participants.js';
import type { SessionPolicy } from './rules.js';
import type { HistoryBase, HistoryFrame, HistoryRequestFrame } from './history.js';
import type { TransferEndIntentFrame, TransferOfferIntentFrame, TransferSignalFrame, TransferSignalNoticeFrame } from './live-transfers.js';

/* ------------------------------------------------------------------ client → relay */

/** First frame on a socket: the protocol version and, when resuming, the last event held. */
export interface HelloFrame {
  type: 'hello';
  v: number;
  resume?: { epoch: string; seq: number };
}

export interface MessageIntentFrame {
  type: 'message';
  clientId: string;
  text: string;
  replyTo?: string;
}

export interface EditIntentFrame {
  type: 'edit';
  clientId: string;
  target: string;
  text: string;
  notify: boolean;
}

export interface DeleteIntentFrame {
  type: 'delete';
  clientId: string;
  target: string;
}

export interface ReactIntentFrame {
  type: 'react';
  clientId: string;
  target: string;
  emoji: string;
}

/** Ends the session for everyone (technicians and admins). Ending an ended session is harmless. */
export interface EndIntentFrame {
  type: 'end';
  clientId: string;
}

/**
 * Shares a file whose bytes this participant uploaded to the relay (tus, `POST
 * /api/sessions/:id/uploads`): the relay stores them under a new file id and logs `file.shared`.
 */
export interface ShareIntentFrame {
  type: 'share';
  clientId: string;
  /** The tus upload's id (the last segment of its URL). */
  uploadId: string;
  /** Text typed with the file(s); the same rules as a message's text. */
  caption?: string;
  /** `data:image/webp|jpeg|png;base64,…`, at most `MAX_THUMBNAIL_LENGTH` characters (an image's, or a video's poster frame). */
  thumbnail?: string;
  /** Audio and video: duration, and for a voice message its waveform (`parseMediaInfo`). */
  media?: MediaInfo;
}

/** "I am typing" (or stopped). Ephemeral: fanned out to the others, never logged, never acked. */
export interface TypingFrame {
  type: 'typing';
  active: boolean;
}

/** The page of this socket became hidden (away) or visible again. Ephemeral. */
export interface StatusFrame {
  type: 'status';
  away: boolean;
}

/** How far this participant got: `delivered` (held) and `read` (seen). Positions only move forward. */
export interface ReceiptFrame {
  type: 'receipt';
  delivered: number;
  read?: number;
}

/** Application-level ping: browsers cannot see WebSocket pings, so the client's watchdog uses this. */
export interface PingFrame {
  type: 'ping';
}

/** An intent asks the relay to append an event; it carries the sender's idempotency key. */
export type IntentFrame =
  | MessageIntentFrame
  | EditIntentFrame
  | DeleteIntentFrame
  | ReactIntentFrame
  | EndIntentFrame
  | ShareIntentFrame
  | TransferOfferIntentFrame
  | TransferEndIntentFrame;

/** Signals that are not logged. */
export type SignalFrame = TypingFrame | StatusFrame | ReceiptFrame | TransferSignalFrame;

export type ClientFrame = HelloFrame | IntentFrame | SignalFrame | PingFrame | HistoryRequestFrame;

/* ------------------------------------------------------------------ relay → client */

/** Answer to `hello`: who you are, the session's presence, and the events you lack. */
export interface WelcomeFrame {
  type: 'welcome';
  v: number;
  sessionId: string;
  you: ParticipantInfo;
  /** Identity of the log; a resume across epochs gets `reset: true`. */
  epoch: string;
  /**
   * `true`: drop any state held; `events` is the last page of the log (all of it when short),
   * with `base` when the page does not start at seq 1. `false`: `events` follows `resume.seq`.
   */
  reset: boolean;
  events: SessionEvent[];
  /** On a reset whose page starts after seq 1: what the earlier events fold into (see `HistoryBase`). */
  base?: HistoryBase;
  presence: PresenceEntry[];
  /** Every participant's delivered and read positions. */
  receipts?: ReceiptEntry[];
  limits: SessionLimits;
  /** The relay's rules for this session, so that views offer only what the relay allows. */
  policy?: SessionPolicy;
  serverTime: number;
}

/** What the relay accepts, told on join: text and frame sizes and the file limits. */
export interface SessionLimits extends FileLimits {
  maxTextLength: number;
  maxFrameBytes: number;
}

/** A newly logged event, fanned out to every socket of the session but the sender's. */
export interface EventFrame {
  type: 'event';
  event: SessionEvent;
}

/** The sender's intent is durably logged; `event` is what was logged (the same for a retried `clientId`). */
export interface AckFrame {
  type: 'ack';
  clientId: string;
  event: SessionEvent;
}

/** A refusal or failure; nothing was appended. */
export interface ErrorFrame {
  type: 'error';
  code: number;
  name: string;
  message: string;
  clientId?: string;
  retryAfterMs?: number;
}

export interface PresenceFrame {
  type: 'presence';
  presence: PresenceEntry[];
}

/** Another participant started or stopped typing. */
export interface TypingNoticeFrame {
  type: 'typing';
  participantId: string;
  active: boolean;
}

/** Delivered and read positions changed. */
export interface ReceiptsFrame {
  type: 'receipts';
  receipts: ReceiptEntry[];
}

export interface PongFrame {
  type: 'pong';
}

export type ServerFrame =
  | WelcomeFrame
  | EventFrame
  | AckFrame
  | ErrorFrame
  | PresenceFrame
  | TypingNoticeFrame
  | ReceiptsFrame
  | PongFrame
  | HistoryFrame
  | TransferSignalNoticeFrame;
