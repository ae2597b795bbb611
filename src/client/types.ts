import type {
  ChatMessage,
  ParticipantInfo,
  PresenceEntry,
  ReceiptEntry,
  SessionChatError,
  SessionEvent,
  TransferSignal,
  SessionState,
} from '../protocol/index.js';
import type { OutboxStore } from './outbox-store.js';
import type { SendRate } from './send-pacer.js';
import type { UploadHandle } from './uploads/upload-handle.js';

/** The connection's life: `idle` before `connect()`, `closed` after `close()` or a terminal refusal. */
export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'closed';

/**
 * A handler the client sets on a socket. Written as a method's type so that its parameter is
 * compared both ways: the browser's `WebSocket` and the `ws` package's declare handlers that take
 * their own richer events (`CloseEvent` with `wasClean`, `target`…), which a plain function type
 * would refuse although every event they pass has what the client reads. A socket whose events
 * lack it (say a `code` that is a string) is still refused.
 */
export type SocketHandler<E> = { handle(event: E): void }['handle'];

/**
 * The subset of the WHATWG WebSocket that the client uses: the browser's `WebSocket` and the
 * `ws` package's default export both fit as they are, without a cast.
 */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: SocketHandler<unknown> | null;
  onclose: SocketHandler<{ readonly code: number; readonly reason: string }> | null;
  onerror: SocketHandler<unknown> | null;
  onmessage: SocketHandler<{ readonly data: unknown }> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** `WebSocket` from `ws` (`import WebSocket from 'ws'`), the browser's `WebSocket`, or any class of that shape. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface SessionClientOptions {
  /** The relay's base URL, `http://host:port` (or `https://`); the same as the element's `server`. */
  server: string;
  /** The participant's join token (JWT) minted by the host's backend. */
  token: string;
  /** WebSocket implementation; defaults to `globalThis.WebSocket` (pass `ws` in Node 20). */
  WebSocket?: WebSocketConstructor;
  /** Reconnect backoff bounds with full jitter. Default 500 ms to 20 s. */
  backoff?: { minMs: number; maxMs: number };
  /** A socket silent this long gets an application ping; no answer within the same time closes it. Default 25 s. */
  watchdogMs?: number;
  /** Random source for jitter (tests). Default `Math.random`. */
  random?: () => number;
  /** Files uploaded at the same time; the rest wait in order. Default 3. */
  uploadConcurrency?: number;
  /** Bytes per upload request (each resumable on its own). Default 16 MiB. */
  uploadChunkBytes?: number;
  /** Delays between automatic retries of an upload that lost its connection (it resumes). Default 0, 1, 3, 5, 10 s. */
  uploadRetryDelays?: number[];
  /**
   * The relay's per-connection rate limit, which the client keeps to with one paced queue for
   * all its frames. Default 20 a second in bursts of 60 (the relay's default); a refusal with
   * RATE_LIMITED pauses the queue for the relay's `retryAfterMs` and lowers the rate to match.
   */
  sendRate?: SendRate;
  /**
   * Where messages not yet acked are kept so that they survive a reload (per session and
   * participant). Default: `localStorage` in browsers, none in Node; `null` keeps them in memory only.
   */
  outboxStore?: OutboxStore | null;
}

/** A message typed by this participant and not yet acked by the relay. */
export interface OutboxEntry {
  clientId: string;
  text: string;
  replyTo?: string;
  /** Local time it was typed. */
  createdAt: number;
}

/** A sent or received message as a view shows it: the folded message plus local pending ones. */
export interface PendingMessage extends OutboxEntry {
  pending: true;
}

export type { ChatMessage, ParticipantInfo, PresenceEntry, SessionChatError, SessionEvent, SessionState };

/** Typed events of {@link SessionClient} (an `EventTarget`). */
export interface SessionClientEventMap {
  /** The connection state changed. */
  connectionchange: CustomEvent<{ state: ConnectionState; previous: ConnectionState }>;
  /** A logged event was folded in. `live` is false for history replayed on join or resume. */
  event: CustomEvent<{ event: SessionEvent; live: boolean; own: boolean }>;
  /** Older events were loaded (`loadOlder()`, `history()`) and are in `state` now; they are not replayed as `event`s. */
  history: CustomEvent<{ events: SessionEvent[] }>;
  /** `state`, `outbox` or `presence` changed: re-render. */
  change: CustomEvent<{ state: SessionState }>;
  /** Presence (who is online) changed. */
  presence: CustomEvent<{ presence: PresenceEntry[] }>;
  /** Who is typing changed (participant ids). */
  typing: CustomEvent<{ typing: string[] }>;
  /** Delivered/read positions changed. */
  receipts: CustomEvent<{ receipts: ReceiptEntry[] }>;
  /** An error not tied to a pending promise (a refused resume, a terminal close). */
  error: CustomEvent<{ error: SessionChatError }>;
  /** An upload was added, changed state, or finished (`uploads` lists those not done or cancelled). */
  uploads: CustomEvent<{ uploads: readonly UploadHandle[] }>;
  /** A live transfer's signal from its other end (Accept, Decline, a data channel's description or candidates). */
  'transfer-signal': CustomEvent<{ transfer: string; from: string; signal: TransferSignal }>;
}
