import type { ParticipantInfo } from './participants.js';
import type { MediaInfo } from './media.js';
import type { TransferEndedEvent, TransferOfferedEvent } from './live-transfers.js';

/**
 * Fields every logged event carries. `seq`, `id`, `from` and `at` are stamped by the relay;
 * `from` comes from the token, never from the client.
 */
export interface EventBase {
  /** Position in the session's log: per session, gapless, from 1. */
  seq: number;
  /** Relay-made unique id of the event (messages are addressed by this id). */
  id: string;
  /** Participant id of the author. */
  from: string;
  /** Relay time, milliseconds since the Unix epoch. */
  at: number;
  /** The sender's idempotency key, when the event answers a client intent. */
  clientId?: string;
}

export interface ParticipantJoinedEvent extends EventBase {
  type: 'participant.joined';
  participant: ParticipantInfo;
}

export interface ParticipantLeftEvent extends EventBase {
  type: 'participant.left';
}

export interface MessageSentEvent extends EventBase {
  type: 'message.sent';
  text: string;
  replyTo?: string;
}

/** Metadata of a shared file (the bytes live in the relay's blob store). */
export interface SharedFileInfo {
  id: string;
  name: string;
  size: number;
  type: string;
  /** Small data: URL (WebP or JPEG) made by the sender's browser for images. */
  thumbnail?: string;
  /** Audio and video: what the sender's browser measured (duration; a voice message's waveform). */
  media?: MediaInfo;
}

export interface FileSharedEvent extends EventBase {
  type: 'file.shared';
  file: SharedFileInfo;
  caption?: string;
}

export interface MessageEditedEvent extends EventBase {
  type: 'message.edited';
  target: string;
  text: string;
  notify: boolean;
}

export interface MessageDeletedEvent extends EventBase {
  type: 'message.deleted';
  target: string;
}

export interface ReactionAddedEvent extends EventBase {
  type: 'reaction.added';
  target: string;
  emoji: string;
}

export interface ReactionRemovedEvent extends EventBase {
  type: 'reaction.removed';
  target: string;
  emoji: string;
}

/** Who ended a session: a participant from the widget, the host through the HTTP API, or the relay when idle. */
export type SessionEndReason = 'participant' | 'host' | 'idle';

/** `from` of events the relay itself writes (idle end) and of ends by the host's API key. */
export const RELAY_ACTOR_ID = 'relay';
export const HOST_ACTOR_ID = 'host';

export interface SessionEndedEvent extends EventBase {
  type: 'session.ended';
  reason?: SessionEndReason;
}

export interface TranscriptReadyEvent extends EventBase {
  type: 'transcript.ready';
  urls: { txt: string; json: string; html: string };
}

/** Every type of event the relay writes to a session's log. */
export type SessionEvent =
  | ParticipantJoinedEvent
  | ParticipantLeftEvent
  | MessageSentEvent
  | FileSharedEvent
  | MessageEditedEvent
  | MessageDeletedEvent
  | ReactionAddedEvent
  | ReactionRemovedEvent
  | SessionEndedEvent
  | TranscriptReadyEvent
  | TransferOfferedEvent
  | TransferEndedEvent;

export type SessionEventType = SessionEvent['type'];

export const SESSION_EVENT_TYPES: readonly SessionEventType[] = [
  'participant.joined',
  'participant.left',
  'message.sent',
  'file.shared',
  'message.edited',
  'message.deleted',
  'reaction.added',
  'reaction.removed',
  'session.ended',
  'transcript.ready',
  'transfer.offered',
  'transfer.ended',
];

/** An event before the relay stamped it: what a rule check or the log append takes. */
export type EventDraft = SessionEvent extends infer E
  ? E extends SessionEvent
    ? Omit<E, 'seq' | 'id' | 'at'>
    : never
  : never;
