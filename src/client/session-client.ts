import {
  DEFAULT_POLICY,
  DEFAULT_SESSION_LIMITS,
  ErrorCodes,
  SessionChatError,
  initialState,
  type IntentFrame,
  type ChatMessage,
  type EarlierSessionList,
  type EarlierTranscript,
  type Invitation,
  type InviteRequest,
  type ParticipantInfo,
  type PresenceEntry,
  type ReceiptEntry,
  type SessionPolicy,
  readPosition,
  type SessionEvent,
  type SessionLimits,
  type SessionState,
  type TransferOutcome,
  type TransferReceiverResult,
  type TransferSignal,
} from '../protocol/index.js';
import { newClientId } from './client-id.js';
import { defaultOutboxStore } from './outbox-store.js';
import { createRelayConnection, type RelayConnection } from './relay-connection.js';
import { httpUrl } from './relay-url.js';
import type { SendPacer } from './send-pacer.js';
import { createSessionIntents, type SessionIntents } from './session-intents.js';
import { createSessionSignals, type SessionSignals, TYPING_REFRESH_MS } from './session-signals.js';
import { createSessionHistory, type HistoryRange, type SessionHistory } from './session-history.js';
import { createSessionSync, type SessionSync } from './session-sync.js';
import { readTokenClaims } from './token-claims.js';
import { TypedEventTarget } from './typed-event-target.js';
import { FileUploads, type ShareFilesOptions } from './uploads/file-uploads.js';
import type { UploadHandle } from './uploads/upload-handle.js';
import type { ConnectionState, OutboxEntry, SessionClientEventMap, SessionClientOptions } from './types.js';

export { TYPING_EXPIRY_MS, TYPING_REFRESH_MS } from './session-signals.js';

/**
 * The headless client of one participant in one session: joins over a WebSocket, folds the
 * log into {@link state}, sends intents that settle on ack, keeps what was typed offline in
 * an outbox, reconnects with full-jitter backoff and resumes from the last `seq`.
 * Runs in browsers and in Node (pass the `ws` package as `WebSocket`).
 *
 * The parts, each in its own module: the socket's life ({@link RelayConnection}), the relay's
 * frames folded into this view ({@link SessionSync}), the intents and their promises
 * ({@link SessionIntents}), the ephemeral signals ({@link SessionSignals}), the uploads
 * ({@link FileUploads}).
 */
export class SessionClient extends TypedEventTarget<SessionClientEventMap> {
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
  private readonly link: RelayConnection;
  private readonly intents: SessionIntents;
  /** Every frame sent, paced to the relay's rate limit. */
  private readonly pacer: SendPacer<IntentFrame>;
  private readonly signals: SessionSignals;
  private readonly sync: SessionSync;
  private readonly older: SessionHistory;
  private readonly files: FileUploads;

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
    const dispatch = this.dispatch.bind(this);
    this.link = createRelayConnection(options, this.sessionId, {
      hello: () => this.sync.hello(),
      pacer: () => this.pacer,
      frame: (frame) => this.sync.handle(frame),
      terminal: (error) => this.terminal(error),
      changed: (state, previous) => dispatch('connectionchange', { state, previous }),
    });
    const store = options.outboxStore === undefined ? defaultOutboxStore() : options.outboxStore;
    const kept = store && this.me && this.sessionId ? { store, sessionId: this.sessionId, participantId: this.me.id } : null;
    this.intents = createSessionIntents(kept, options.sendRate, this.link, this, dispatch);
    this.pacer = this.intents.pacer;
    this.signals = createSessionSignals(this.link, this.pacer, this, dispatch);
    this.older = createSessionHistory(this, this.link, this.pacer, dispatch);
    this.sync = createSessionSync(this, this.link, this.intents, this.signals, this.older, dispatch);
    this.files = new FileUploads({
      endpoint: () => httpUrl(this.server, `/api/sessions/${encodeURIComponent(this.sessionId)}/uploads`),
      token: this.token,
      chunkSize: options.uploadChunkBytes ?? 16 * 1024 * 1024,
      concurrency: options.uploadConcurrency ?? 3,
      retryDelays: options.uploadRetryDelays ?? [0, 1_000, 3_000, 5_000, 10_000],
      limits: () => this.limits,
      precheck: () => {
        if (this.link.state === 'closed') return new SessionChatError(ErrorCodes.CLIENT_CLOSED, 'the client is closed');
        if (this.state.ended) return new SessionChatError(ErrorCodes.SESSION_ENDED, 'the session has ended');
        return undefined;
      },
      sendShare: (frame) => this.intents.enqueue(frame),
      changed: () => dispatch('uploads', { uploads: this.files.handles }),
    });
  }

  /** The connection's state; `connectionchange` fires when it changes. */
  get connectionState(): ConnectionState {
    return this.link.state;
  }

  /** Messages typed by this participant that the relay has not acked yet, in order. */
  get outbox(): readonly OutboxEntry[] {
    return this.intents.outbox;
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
    const connection = this.link.state;
    if (connection === 'live') return Promise.resolve();
    const joined = this.sync.joined();
    if (connection === 'idle' || connection === 'closed') this.link.start();
    return joined;
  }

  /** Sends a message. Resolves with the logged event (with its `seq`) once the relay acked it. */
  send(text: string, options: { replyTo?: string } = {}): Promise<SessionEvent> {
    const frame: IntentFrame = { type: 'message', clientId: newClientId(), text };
    if (options.replyTo !== undefined) frame.replyTo = options.replyTo;
    return this.intents.enqueue(frame);
  }

  /** Edits one's own message; `notify` asks the others' widgets to announce the change. */
  edit(messageId: string, text: string, options: { notify?: boolean } = {}): Promise<SessionEvent> {
    return this.intents.enqueue({ type: 'edit', clientId: newClientId(), target: messageId, text, notify: options.notify ?? false });
  }

  /** Deletes a message for everyone. */
  delete(messageId: string): Promise<SessionEvent> {
    return this.intents.enqueue({ type: 'delete', clientId: newClientId(), target: messageId });
  }

  /** Toggles this participant's reaction with `emoji` on a message. */
  react(messageId: string, emoji: string): Promise<SessionEvent> {
    return this.intents.enqueue({ type: 'react', clientId: newClientId(), target: messageId, emoji });
  }

  /**
   * Ends the session for everyone (technicians and admins; a customer gets FORBIDDEN).
   * Resolves with the `session.ended` event, also when the session had already ended.
   */
  endSession(): Promise<SessionEvent> {
    return this.intents.enqueue({ type: 'end', clientId: newClientId() });
  }

  /**
   * Offers a file for live transfer ("Send directly (not stored)") to everyone else online now.
   * Resolves with the `transfer.offered` event: its `id` is the transfer's, `transfer.to` its
   * receivers (named by the relay). Rejects with TRANSFER_NO_RECEIVER when nobody else is online.
   * The bytes then go over data channels or relay pipes (see `live-transfers/`), never stored.
   */
  offerTransfer(file: { name: string; size: number; type?: string }): Promise<SessionEvent> {
    return this.intents.enqueue({ type: 'transfer-offer', clientId: newClientId(), name: file.name, size: file.size, mime: file.type || 'application/octet-stream' });
  }

  /** Logs how one's own live transfer ended (once): per receiver, and the file's SHA-256 when it was sent whole. */
  endTransfer(transferId: string, result: { outcome: TransferOutcome; receivers: TransferReceiverResult[]; sha256?: string }): Promise<SessionEvent> {
    return this.intents.enqueue({ type: 'transfer-end', clientId: newClientId(), target: transferId, ...result });
  }

  /**
   * Sends a signal to the other end of a live transfer (never logged, never retried): false when
   * the socket is not open. Refusals come back as `error` events.
   */
  sendTransferSignal(transferId: string, to: string, signal: TransferSignal): boolean {
    if (!this.link.writable) return false;
    this.pacer.spend();
    return this.link.send({ type: 'transfer-signal', transfer: transferId, to, signal });
  }

  /**
   * Adds a participant (technicians and admins): the relay mints a short-lived join token for a
   * new technician or customer of this session, for a link the host hands over. Rejects with a
   * `SessionChatError` (FORBIDDEN for a customer, SESSION_ENDED, RATE_LIMITED…). Hosts whose
   * backend mints tokens itself answer the widget's `invite-request` event instead.
   */
  invite(invitee: InviteRequest): Promise<Invitation> {
    // Its code loads on first use: most clients never invite.
    return import('./invite-request.js').then(({ requestInvite }) => requestInvite(this.server, this.sessionId, this.token, invitee));
  }

  /**
   * The earlier sessions of this session's customer (technicians and admins): ended sessions
   * with the same `customer` reference, newest first (date, technicians, message count), 20 a
   * page (`limit` up to 100; `cursor` is the previous page's `next`). `customer` is null when
   * the session has no reference. Rejects with a `SessionChatError`: STAFF_ONLY for a customer.
   */
  earlierSessions(page: { limit?: number; cursor?: string } = {}): Promise<EarlierSessionList> {
    return import('./earlier-request.js').then(({ requestEarlierSessions }) => requestEarlierSessions(this.server, this.sessionId, this.token, page));
  }

  /**
   * One earlier session's transcript, read-only (messages with author, time, text and file
   * names), for technicians and admins; NOT_FOUND for a session of another customer.
   */
  earlierTranscript(sessionId: string): Promise<EarlierTranscript> {
    return import('./earlier-request.js').then(({ requestEarlierTranscript }) => requestEarlierTranscript(this.server, this.sessionId, this.token, sessionId));
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

  /**
   * A WebSocket URL on the relay for `path` with this participant's token in `?token=` and
   * `params` (the live transfers' pipes: `transferPipePath()`).
   */
  socketUrl(path: string, params: Record<string, string> = {}): string {
    const url = new URL(httpUrl(this.server, path));
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    url.searchParams.set('token', this.token);
    return url.toString();
  }

  /**
   * The URL of a PDF the relay's converter makes of a shared office document (token in the
   * query), or `undefined` when the relay told in its welcome that it converts no files named so
   * (no converter, or another type). The first request waits for the conversion.
   */
  renditionUrl(file: { id: string; name: string }): string | undefined {
    const dot = file.name.lastIndexOf('.');
    const ext = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : '';
    if (!ext || !this.limits.renditions?.includes(ext)) return undefined;
    const url = new URL(this.fileUrl(file.id));
    url.pathname += '/rendition';
    return url.toString();
  }

  /**
   * True while the log holds events older than those loaded: a join loads the last page
   * (the relay's `historyPageEvents`, 200 by default); {@link loadOlder} and {@link history} load more.
   */
  get hasOlder(): boolean {
    return this.older.hasOlder;
  }

  /** True while a page of older events is being fetched. */
  get loadingOlder(): boolean {
    return this.older.loading;
  }

  /**
   * Loads the page of events just before those loaded (what scrolling up asks for). Resolves
   * with the events loaded, oldest first (none when there are no older ones), once they are in
   * `state`; rejects with a `SessionChatError` (STORAGE_FAILED, CLIENT_CLOSED…). Calls made while
   * one is in flight share it.
   */
  loadOlder(): Promise<SessionEvent[]> {
    return this.older.loadOlder();
  }

  /**
   * Loads the events of a period, `from` (inclusive) to `to` (exclusive), in milliseconds since
   * the Unix epoch; without `from`, the whole log. Every event from `from` up to the newest is
   * then in `state` (the events held stay one run, without gaps); resolves with those of the
   * period, oldest first. Messages older than what is loaded that a reply quotes come along
   * (see {@link quotedMessage}).
   */
  history(range: HistoryRange = {}): Promise<SessionEvent[]> {
    return this.older.load(range);
  }

  /**
   * A message a reply quotes that is older than the events loaded (with its edits and deletion
   * as far as they are loaded), or `undefined`. Loaded messages are in `state.messages`.
   */
  quotedMessage(id: string): ChatMessage | undefined {
    return this.older.quoted(id);
  }

  /** Participant ids of the others typing right now (notices expire by themselves). */
  get typing(): string[] {
    return this.signals.typing;
  }

  /**
   * Says whether this participant is typing. Call it on every keystroke: it sends at most one
   * notice per {@link TYPING_REFRESH_MS}, and `false` once when typing stops.
   */
  setTyping(active: boolean): void {
    this.signals.setTyping(active);
  }

  /** Tells the others whether this participant's page is hidden (away). */
  setAway(away: boolean): void {
    this.signals.setAway(away);
  }

  /** Marks everything up to `seq` (default: the newest event) as read by this participant. */
  markRead(seq: number = this.state.lastSeq): void {
    this.signals.markRead(seq);
  }

  /** This participant's read position, as the relay keeps it (survives reconnects and reloads). */
  get readSeq(): number {
    return Math.max(this.signals.readWanted, readPosition(this.receipts, this.me?.id ?? ''));
  }

  /** Leaves: closes the socket, stops reconnecting, rejects what is still unsent with CLIENT_CLOSED (the outboxStore keeps its messages). */
  close(): void {
    this.link.close();
    this.stopTimers();
    this.failAll(new SessionChatError(ErrorCodes.CLIENT_CLOSED, 'the client was closed'));
    this.link.setState('closed');
    this.files.cancelAll();
  }

  private failAll(error: SessionChatError): void {
    this.intents.failAll(error);
    this.older.failAll(error);
    this.sync.failJoin(error);
  }

  private terminal(error: SessionChatError): void {
    this.stopTimers();
    this.failAll(error);
    this.link.setState('closed');
    this.dispatch('error', { error });
  }

  private stopTimers(): void {
    this.link.stopTimers();
    this.signals.stop();
    this.pacer.stop();
  }
}
