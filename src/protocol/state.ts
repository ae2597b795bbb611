import type { SharedFileInfo } from './events.js';
import type { ParticipantInfo } from './participants.js';
import type { LiveTransferInfo, TransferOutcome, TransferReceiverResult } from './live-transfers.js';

/** A participant as the folded log knows them. */
export interface ChatParticipant extends ParticipantInfo {
  joinedAt: number;
  /** True after a `participant.left` with no later join. */
  left: boolean;
}

/** One earlier text of an edited message. */
export interface MessageVersion {
  text: string;
  at: number;
}

export interface EditInfo {
  /** Time of the latest edit. */
  at: number;
  /** Whether the latest edit asked to notify the others. */
  notify: boolean;
  /** Every earlier text, oldest first (the original is `history[0]`). */
  history: MessageVersion[];
}

export interface DeleteInfo {
  by: string;
  at: number;
}

export interface ReactionSummary {
  emoji: string;
  /** Participant ids, in the order they reacted. */
  by: string[];
}

export interface ChatFile extends SharedFileInfo {
  removed: boolean;
}

/** A file offered for live transfer ("Send directly (not stored)"): what the log knows of it. */
export interface ChatTransfer extends LiveTransferInfo {
  /** How it ended, once its sender said so; `null` while it runs (or when the sender vanished). */
  ended: { at: number; outcome: TransferOutcome; receivers: TransferReceiverResult[]; sha256?: string } | null;
}

/** A message (or a shared file with its caption) as every view renders it. */
export interface ChatMessage {
  id: string;
  seq: number;
  from: string;
  at: number;
  clientId?: string;
  /** Current text; empty once deleted. */
  text: string;
  replyTo: string | null;
  edited: EditInfo | null;
  deleted: DeleteInfo | null;
  reactions: ReactionSummary[];
  file: ChatFile | null;
  /** A live transfer's offer (its bytes were never stored); `null` for other messages. */
  transfer: ChatTransfer | null;
}

/** The fold of a session's log. Treat as immutable: `reduce` returns a new object on change. */
export interface SessionState {
  sessionId: string;
  /** `seq` of the last event folded in; 0 for an empty log. */
  lastSeq: number;
  startedAt: number | null;
  participants: ChatParticipant[];
  messages: ChatMessage[];
  ended: { by: string; at: number } | null;
  transcript: { txt: string; json: string; html: string } | null;
}

export function initialState(sessionId: string): SessionState {
  return {
    sessionId,
    lastSeq: 0,
    startedAt: null,
    participants: [],
    messages: [],
    ended: null,
    transcript: null,
  };
}
