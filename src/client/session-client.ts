import {
  CloseCodes,
  DEFAULT_POLICY,
  DEFAULT_SESSION_LIMITS,
  ErrorCodes,
  encodeClientFrame,
  parseEndNotice,
  PING_FRAME,
  PROTOCOL_VERSION,
  SessionChatError,
  initialState,
  isTerminalClose,
  parseServerFrame,
  reduce,
  type ErrorCode,
  type HelloFrame,
  type IntentFrame,
  type ParticipantInfo,
  type PresenceEntry,
  type ReceiptEntry,
  type ServerFrame,
  type SessionPolicy,
  type SignalFrame,
  readPosition,
  type SessionEvent,
  type SessionLimits,
  type SessionState,
  type WelcomeFrame,
} from '../protocol/index.js';
import { Backoff } from './backoff.js';
import { newClientId } from './client-id.js';
import { defaultOutboxStore } from './outbox-store.js';
import { PendingIntents } from './pending-intents.js';
import { httpUrl, socketUrl } from './relay-url.js';
import { SendPacer } from './send-pacer.js';
import { readTokenClaims } from './token-claims.js';
import { FileUploads, type ShareFilesOptions } from './uploads/file-uploads.js';
import type { UploadHandle } from './uploads/upload-handle.js';
import type {
  ConnectionState,
  OutboxEntry,
  SessionClientEventMap,
  SessionClientOptions,
  WebSocketConstructor,
  WebSocketLike,
} from './types.js';
import type { AddListenerOptions, ListenerArgument, RemoveListenerOptions } from './event-target-types.js';

const OPEN = 1;
/** A typing notice is repeated this often while typing goes on… */
export const TYPING_REFRESH_MS = 2_500;
/** …and the others drop it this long after the last one. */
export const TYPING_EXPIRY_MS = 6_000;
/** Delivered/read receipts are coalesced over this delay. */
const RECEIPT_DELAY_MS = 150;

type Listener<K extends keyof SessionClientEventMap> = (event: SessionClientEventMap[K]) => void;

export interface SessionClient {
  addEventListener<K extends keyof SessionClientEventMap>(
    type: K,
    listener: Listener<K>,
    options?: AddListenerOptions,
  ): void;
  addEventListener(type: string, listener: ListenerArgument, options?: AddListenerOptions): void;
  removeEventListener<K extends keyof SessionClientEventMap>(
    type: K,
    listener: Listener<K>,
    options?: RemoveListenerOptions,
  ): void;
  removeEventListener(type: string, listener: ListenerArgument, options?: RemoveListenerOptions): void;
}

/**
 * The headless client of one participant in one session: joins over a WebSocket, folds the
 * log into {@link state}, sends intents that settle on ack, keeps what was typed offline in
 * an outbox, reconnects with full-jitter backoff and resumes from the last `seq`.
 * Runs in browsers and in Node (pass the `ws` package as `WebSocket`).
 */
export class SessionClient extends EventTarget {
  /** The folded session log. A new object after every change. */
  state: SessionState;
  /** Who is online, as last told by the relay. */
  presence: PresenceEntry[] = [];
  /** This participant, from the token (confirmed by the relay on join). */
  me: ParticipantInfo | null;
  /** Every participant's delivered and read positions (ephemeral, kept by the relay). */
  receipts: ReceiptEntry[] = [];
  /** The relay's rules (who may delete what), as told on join. */
  policy: SessionPolicy = { ...DEFAULT_POLICY };
  /** What the relay accepts (text, frame and file sizes, file types), as told on join; defaults before. */
  limits: SessionLimits = { ...DEFAULT_SESSION_LIMITS };
  readonly sessionId: string;

  private readonly server: string;
  private readonly token: string;
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly backoff: Backoff;
  private readonly watchdogMs: number;
  private readonly files: FileUploads;
  private socket: WebSocketLike | null = null;
  private connection: ConnectionState = 'idle';
  private epoch: string | null = null;
  private joinedOnce = false;
  /** Intents not acked yet (the outbox, kept across reloads with an `outboxStore`)… */
  private readonly pending: PendingIntents;
  /** …and every frame sent, paced to the relay's rate limit. */
  private readonly pacer: SendPacer<IntentFrame>;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdogTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdogPinged = false;
  private joinWaiters: { resolve: () => void; reject: (error: SessionChatError) => void }[] = [];
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
  private readonly onOnline = (): void => {
    if (this.connection === 'reconnecting') this.retryNow();
  };

  constructor(options: SessionClientOptions) {
    super();
    if (typeof options.server !== 'string' || options.server === '') throw new TypeError('SessionClient needs a "server" URL');
    if (typeof options.token !== 'string' || options.token === '') throw new TypeError('SessionClient needs a "token"');
    this.server = options.server;
    this.token = options.token;
    const claims = readTokenClaims(options.token);
    this.me = claims?.participant ?? null;
    this.sessionId = claims?.sessionId ?? '';
    this.state = initialState(this.sessionId);
    const Impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Impl) throw new TypeError('No WebSocket implementation: pass one as the "WebSocket" option (e.g. the ws package)');
    this.WebSocketImpl = Impl;
    this.backoff = new Backoff(options.backoff?.minMs ?? 500, options.backoff?.maxMs ?? 20_000, options.random);
    this.watchdogMs = options.watchdogMs ?? 25_000;
    const store = options.outboxStore === undefined ? defaultOutboxStore() : options.outboxStore;
    this.pending = new PendingIntents(store && this.me && this.sessionId ? { store, sessionId: this.sessionId, participantId: this.me.id } : null);
    this.pacer = new SendPacer({ rate: options.sendRate, send: (frame) => this.transmit(frame) });
    this.files = new FileUploads({
      endpoint: () => httpUrl(this.server, `/api/sessions/${encodeURIComponent(this.sessionId)}/uploads`),
      token: this.token,
      chunkSize: options.uploadChunkBytes ?? 16 * 1024 * 1024,
      concurrency: options.uploadConcurrency ?? 3,
      retryDelays: options.uploadRetryDelays ?? [0, 1_000, 3_000, 5_000, 10_000],
      limits: () => this.limits,
      precheck: () => {
        if (this.connection === 'closed') return new SessionChatError(ErrorCodes.CLIENT_CLOSED, 'the client is closed');
        if (this.state.ended) return new SessionChatError(ErrorCodes.SESSION_ENDED, 'the session has ended');
        return undefined;
      },
      sendShare: (frame) => this.enqueue(frame),
      changed: () => this.dispatch('uploads', { uploads: this.files.handles }),
    });
  }

  /** The connection's state; `connectionchange` fires when it changes. */
  get connectionState(): ConnectionState {
    return this.connection;
  }

  /** Messages typed by this participant that the relay has not acked yet, in order. */
  get outbox(): readonly OutboxEntry[] {
    return this.pending.outbox;
  }

  /**
   * Joins the session. Resolves once joined with the history loaded; rejects with a
   * {@link SessionChatError} when the relay refuses the token (TOKEN_* codes) or the
   * session. While the relay is unreachable it keeps retrying and stays pending.
   */
  connect(): Promise<void> {
    if (!this.sessionId) {
      return Promise.reject(new SessionChatError(ErrorCodes.TOKEN_INVALID, 'the token does not name a session'));
    }
    if (this.connection === 'live') return Promise.resolve();
    const joined = new Promise<void>((resolve, reject) => this.joinWaiters.push({ resolve, reject }));
    if (this.connection === 'idle' || this.connection === 'closed') {
      if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
      this.setConnection('connecting');
      this.open();
    }
    return joined;
  }

  /** Sends a message. Resolves with the logged event (with its `seq`) once the relay acked it. */
  send(text: string, options: { replyTo?: string } = {}): Promise<SessionEvent> {
    const frame: IntentFrame = { type: 'message', clientId: newClientId(), text };
    if (options.replyTo !== undefined) frame.replyTo = options.replyTo;
    return this.enqueue(frame);
  }

  /** Edits one's own message; `notify` asks the others' widgets to announce the change. */
  edit(messageId: string, text: string, options: { notify?: boolean } = {}): Promise<SessionEvent> {
    return this.enqueue({ type: 'edit', clientId: newClientId(), target: messageId, text, notify: options.notify ?? false });
  }

  /** Deletes a message for everyone. */
  delete(messageId: string): Promise<SessionEvent> {
    return this.enqueue({ type: 'delete', clientId: newClientId(), target: messageId });
  }

  /** Toggles this participant's reaction with `emoji` on a message. */
  react(messageId: string, emoji: string): Promise<SessionEvent> {
    return this.enqueue({ type: 'react', clientId: newClientId(), target: messageId, emoji });
  }

  /**
   * Ends the session for everyone (technicians and admins; a customer gets FORBIDDEN).
   * Resolves with the `session.ended` event, also when the session had already ended.
   */
  endSession(): Promise<SessionEvent> {
    return this.enqueue({ type: 'end', clientId: newClientId() });
  }

  /**
   * Shares files: each is uploaded to the relay (resumable, a few at a time), then shared as a
   * `file.shared` event. Returns one handle per file, at once: progress and state events,
   * `cancel()`, `retry()`, and `done` (the event). A file over `limits.maxFileBytes` or of a
   * refused type fails at once with FILE_TOO_LARGE / FILE_TYPE_REFUSED. The files are shared in
   * the order given and `caption` goes with the first. Pass Files or Blobs (in Node, e.g.
   * `new File([await fs.openAsBlob(path)], name)`: disk-backed, uploaded in chunks).
   */
  shareFiles(files: Iterable<Blob> | ArrayLike<Blob>, options: ShareFilesOptions = {}): UploadHandle[] {
    return this.files.start(files, options);
  }

  /** Uploads not yet done or cancelled (failed ones stay until retried or cancelled). */
  get uploads(): readonly UploadHandle[] {
    return this.files.handles;
  }

  /**
   * The download URL of a shared file (the token rides in the query, for `<a download>` and
   * `<img>`). `inline: true` asks to show a raster image (png, jpeg, gif, webp) in the page;
   * anything else is always sent as an attachment.
   */
  fileUrl(fileId: string, options: { inline?: boolean } = {}): string {
    const url = new URL(httpUrl(this.server, `/api/sessions/${encodeURIComponent(this.sessionId)}/files/${encodeURIComponent(fileId)}`));
    url.searchParams.set('token', this.token);
    if (options.inline) url.searchParams.set('disposition', 'inline');
    return url.toString();
  }

  /** Participant ids of the others typing right now (notices expire by themselves). */
  get typing(): string[] {
    const now = Date.now();
    return [...this.typingUntil].filter(([, until]) => until > now).map(([id]) => id);
  }

  /**
   * Says whether this participant is typing. Call it on every keystroke: it sends at most one
   * notice per {@link TYPING_REFRESH_MS}, and `false` once when typing stops.
   */
  setTyping(active: boolean): void {
    const now = Date.now();
    if (active && this.typingActive && now - this.typingSentAt < TYPING_REFRESH_MS) return;
    if (!active && !this.typingActive) return;
    this.typingActive = active;
    this.typingSentAt = now;
    this.signal({ type: 'typing', active });
  }

  /** Tells the others whether this participant's page is hidden (away). */
  setAway(away: boolean): void {
    if (this.away === away) return;
    this.away = away;
    this.signal({ type: 'status', away }, true);
  }

  /** Marks everything up to `seq` (default: the newest event) as read by this participant. */
  markRead(seq: number = this.state.lastSeq): void {
    if (seq <= this.wantRead) return;
    this.wantRead = Math.min(seq, this.state.lastSeq);
    this.scheduleReceipt();
  }

  /** This participant's read position, as the relay keeps it (survives reconnects and reloads). */
  get readSeq(): number {
    return Math.max(this.wantRead, readPosition(this.receipts, this.me?.id ?? ''));
  }

  /** Leaves: closes the socket, stops reconnecting, rejects what is still unsent with CLIENT_CLOSED (the outboxStore keeps its messages). */
  close(): void {
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
    this.stopTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      this.detach(socket);
      try {
        socket.close(1000, 'client closed');
      } catch {
        /* already closing */
      }
    }
    this.failAll(new SessionChatError(ErrorCodes.CLIENT_CLOSED, 'the client was closed'));
    this.setConnection('closed');
    this.files.cancelAll();
  }

  /* ------------------------------------------------------------------ signals */

  /** Sends a signal if the pacer has room (`always`: counted but never held back). False: not sent. */
  private signal(frame: SignalFrame, always = false): boolean {
    const socket = this.socket;
    if (this.connection !== 'live' || !socket || socket.readyState !== OPEN) return false;
    if (always) this.pacer.spend();
    else if (!this.pacer.trySignal()) return false;
    try {
      socket.send(encodeClientFrame(frame));
    } catch {
      /* a signal is not worth retrying */
    }
    return true;
  }

  /** Reports delivered/read positions, coalesced: one frame per {@link RECEIPT_DELAY_MS}. */
  private scheduleReceipt(): void {
    if (this.receiptTimer || this.connection !== 'live') return;
    this.receiptTimer = setTimeout(() => {
      this.receiptTimer = undefined;
      const delivered = this.state.lastSeq;
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

  /* ------------------------------------------------------------------ intents */

  private enqueue(frame: IntentFrame): Promise<SessionEvent> {
    if (this.connection === 'closed') {
      return Promise.reject(new SessionChatError(ErrorCodes.CLIENT_CLOSED, 'the client is closed'));
    }
    if (this.state.ended && frame.type !== 'end') {
      return Promise.reject(new SessionChatError(ErrorCodes.SESSION_ENDED, 'the session has ended', { clientId: frame.clientId }));
    }
    if ((frame.type === 'message' || frame.type === 'edit') && frame.text.trim() === '') {
      return Promise.reject(new SessionChatError(ErrorCodes.INVALID_FIELD, '"text" must not be empty', { clientId: frame.clientId }));
    }
    return new Promise<SessionEvent>((resolve, reject) => {
      this.pending.add(frame, resolve, reject);
      this.emitChange();
      this.pacer.push(frame);
    });
  }

  /** False when the socket cannot take it (its close reconnects and every pending intent goes again). */
  private transmit(frame: IntentFrame): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return false;
    try {
      socket.send(encodeClientFrame(frame));
      return true;
    } catch {
      return false;
    }
  }

  private settle(clientId: string, outcome: { event: SessionEvent } | { error: SessionChatError }): void {
    this.pacer.forget(clientId);
    this.pending.settle(clientId, outcome);
  }

  private failAll(error: SessionChatError): void {
    this.pacer.stop();
    // An ended session takes nothing more: what waited is dropped from the kept outbox too.
    this.pending.failAll(error, error.code === ErrorCodes.SESSION_ENDED);
    const waiters = this.joinWaiters;
    this.joinWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  /* ------------------------------------------------------------------ socket */

  private open(): void {
    let socket: WebSocketLike;
    try {
      socket = new this.WebSocketImpl(socketUrl(this.server, this.sessionId, this.token));
    } catch (error) {
      this.terminal(new SessionChatError(ErrorCodes.CONNECTION_LOST, `cannot open a socket: ${String(error)}`));
      return;
    }
    this.socket = socket;
    let welcomed = false;
    socket.onopen = () => {
      const hello: HelloFrame = { type: 'hello', v: PROTOCOL_VERSION };
      if (this.epoch !== null) hello.resume = { epoch: this.epoch, seq: this.state.lastSeq };
      this.pacer.opened();
      socket.send(encodeClientFrame(hello));
      this.armWatchdog();
    };
    socket.onmessage = (message) => {
      if (this.socket !== socket) return;
      this.armWatchdog();
      const data = message.data;
      if (typeof data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = parseServerFrame(data);
      } catch {
        return;
      }
      if (frame.type === 'welcome') welcomed = true;
      this.handleFrame(frame);
    };
    socket.onerror = () => {
      /* the close event follows and decides */
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.detach(socket);
      this.clearWatchdog();
      this.pacer.stop();
      void this.afterClose(event.code, event.reason, welcomed);
    };
  }

  private detach(socket: WebSocketLike): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
  }

  private async afterClose(code: number, reason: string, welcomed: boolean): Promise<void> {
    if (this.connection === 'closed') return;
    if (isTerminalClose(code)) {
      this.terminal(closeError(code, reason));
      return;
    }
    if (!welcomed) {
      // Browsers hide why an upgrade failed: ask the relay over HTTP whether the token is refused.
      const refusal = await this.diagnose();
      if (this.isClosed()) return;
      if (refusal) {
        this.terminal(refusal);
        return;
      }
    }
    this.setConnection('reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.connection === 'reconnecting') this.open();
    }, this.backoff.next());
  }

  /** A typed refusal when the relay rejects the token for this session; null when it is just unreachable. */
  private async diagnose(): Promise<SessionChatError | null> {
    if (typeof fetch !== 'function') return null;
    try {
      const response = await fetch(httpUrl(this.server, `/api/sessions/${encodeURIComponent(this.sessionId)}/me`), {
        headers: { authorization: `Bearer ${this.token}` },
      });
      if (response.status !== 401 && response.status !== 403) return null;
      const body = (await response.json()) as { code?: number; message?: string; ended?: unknown };
      const code = typeof body.code === 'number' ? (body.code as ErrorCode) : ErrorCodes.TOKEN_INVALID;
      const ended = code === ErrorCodes.SESSION_ENDED ? parseEndNotice(body.ended) : undefined;
      return new SessionChatError(code, body.message ?? 'the relay refused the token', { ended });
    } catch {
      return null;
    }
  }

  /** Re-reads the state after an await (TypeScript narrows the field across it). */
  private isClosed(): boolean {
    return this.connection === 'closed';
  }

  private retryNow(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.open();
  }

  private terminal(error: SessionChatError): void {
    this.stopTimers();
    this.failAll(error);
    this.setConnection('closed');
    this.dispatch('error', { error });
  }

  private stopTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    if (this.receiptTimer) clearTimeout(this.receiptTimer);
    this.receiptTimer = undefined;
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    this.clearWatchdog();
    this.pacer.stop();
  }

  /* ------------------------------------------------------------------ watchdog */

  /** Browsers cannot see WebSocket pings: after silence, ping the relay; after more silence, drop the socket. */
  private armWatchdog(): void {
    this.clearWatchdog();
    this.watchdogPinged = false;
    this.watchdogTimer = setTimeout(() => this.watchdogFired(), this.watchdogMs);
  }

  private watchdogFired(): void {
    const socket = this.socket;
    if (!socket) return;
    if (this.watchdogPinged) {
      try {
        socket.close(CloseCodes.HEARTBEAT_TIMEOUT, 'no answer from relay');
      } catch {
        /* ignore */
      }
      // Some implementations emit close late: reconnect now.
      this.socket = null;
      this.detach(socket);
      void this.afterClose(CloseCodes.HEARTBEAT_TIMEOUT, 'watchdog', true);
      return;
    }
    this.watchdogPinged = true;
    this.pacer.spend();
    try {
      socket.send(PING_FRAME);
    } catch {
      /* close follows */
    }
    this.watchdogTimer = setTimeout(() => this.watchdogFired(), this.watchdogMs);
  }

  private clearWatchdog(): void {
    if (this.watchdogTimer) clearTimeout(this.watchdogTimer);
    this.watchdogTimer = undefined;
  }

  /* ------------------------------------------------------------------ frames */

  private handleFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        this.welcome(frame);
        return;
      case 'event':
        this.fold(frame.event, true);
        return;
      case 'ack':
        this.fold(frame.event, true);
        this.settle(frame.clientId, { event: frame.event });
        this.emitChange();
        return;
      case 'error': {
        const error = new SessionChatError(frame.code as ErrorCode, frame.message, {
          clientId: frame.clientId,
          retryAfterMs: frame.retryAfterMs,
        });
        if (frame.clientId !== undefined) {
          if (frame.code === ErrorCodes.RATE_LIMITED) this.pacer.refused(frame.clientId, frame.retryAfterMs ?? 1000);
          else {
            this.settle(frame.clientId, { error });
            this.emitChange();
          }
          return;
        }
        this.dispatch('error', { error });
        return;
      }
      case 'presence':
        this.presence = frame.presence;
        this.dispatch('presence', { presence: frame.presence });
        this.emitChange();
        return;
      case 'typing':
        if (frame.participantId === this.me?.id) return;
        if (frame.active) this.typingUntil.set(frame.participantId, Date.now() + TYPING_EXPIRY_MS);
        else this.typingUntil.delete(frame.participantId);
        this.expireTyping();
        return;
      case 'receipts':
        this.receipts = frame.receipts;
        this.dispatch('receipts', { receipts: frame.receipts });
        this.emitChange();
        return;
      case 'pong':
        return;
    }
  }

  private welcome(frame: WelcomeFrame): void {
    const resumed = this.joinedOnce && !frame.reset;
    if (frame.reset) this.state = initialState(frame.sessionId);
    this.epoch = frame.epoch;
    this.me = frame.you;
    this.presence = frame.presence;
    if (frame.policy) this.policy = { ...frame.policy };
    if (frame.limits) this.limits = { ...frame.limits };
    if (frame.receipts) this.receipts = frame.receipts;
    this.sentDelivered = 0;
    this.sentRead = 0;
    for (const event of frame.events) this.fold(event, resumed, false);
    this.joinedOnce = true;
    this.backoff.reset();
    this.setConnection('live');
    // Intents still unacked go again, in order, paced; the relay's clientId dedupe makes this safe.
    this.pacer.start(this.pending.frames);
    if (this.away) this.signal({ type: 'status', away: true }, true);
    this.scheduleReceipt();
    this.emitChange();
    const waiters = this.joinWaiters;
    this.joinWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  private fold(event: SessionEvent, live: boolean, emit = true): void {
    if (event.seq <= this.state.lastSeq) return;
    if (event.seq !== this.state.lastSeq + 1 && this.state.lastSeq > 0 && this.connection === 'live') {
      // A gap must never be papered over: drop the socket and resume from what we hold.
      this.socket?.close(CloseCodes.PROTOCOL_VIOLATION, 'gap in event sequence');
      return;
    }
    this.state = reduce(this.state, event);
    const own = this.me !== null && event.from === this.me.id;
    if (own && event.clientId !== undefined) {
      // Another tab's or an earlier connection's intent may be acked through the log.
      this.settle(event.clientId, { event });
    }
    this.dispatch('event', { event, live, own });
    if (event.type === 'message.sent' || event.type === 'file.shared') this.typingUntil.delete(event.from);
    this.scheduleReceipt();
    if (emit) this.emitChange();
  }

  /* ------------------------------------------------------------------ events */

  private setConnection(next: ConnectionState): void {
    const previous = this.connection;
    if (previous === next) return;
    this.connection = next;
    this.dispatch('connectionchange', { state: next, previous });
  }

  private emitChange(): void {
    this.dispatch('change', { state: this.state });
  }

  private dispatch<K extends keyof SessionClientEventMap>(type: K, detail: SessionClientEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

function closeError(code: number, reason: string): SessionChatError {
  switch (code) {
    case CloseCodes.TOKEN_EXPIRED:
      return new SessionChatError(ErrorCodes.TOKEN_EXPIRED, reason || 'the token expired');
    case CloseCodes.SESSION_ENDED:
      return new SessionChatError(ErrorCodes.SESSION_ENDED, reason || 'the session has ended');
    case CloseCodes.UNSUPPORTED_VERSION:
      return new SessionChatError(ErrorCodes.UNSUPPORTED_VERSION, reason || 'unsupported protocol version');
    default:
      return new SessionChatError(ErrorCodes.FORBIDDEN, reason || 'the relay closed the connection');
  }
}
