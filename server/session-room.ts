import type { Logger } from 'pino';
import {
  CloseCodes,
  ErrorCodes,
  decideIntent,
  encodeAckFrame,
  encodeEvent,
  encodeEventFrame,
  encodePresence,
  encodePresenceFrame,
  encodeReceiptsFrame,
  encodeTypingFrame,
  encodeWelcomeFrame,
  findMessage,
  mayEndSession,
  fold,
  initialState,
  reduce,
  reduceInPlace,
  type ErrorCode,
  type EventDraft,
  type IntentFrame,
  type Json,
  type ParticipantInfo,
  type PresenceEntry,
  type ReceiptEntry,
  type ResolvedShareIntent,
  type SessionEndReason,
  type SignalFrame,
  type SessionEvent,
  type SessionPolicy,
  type SessionLimits,
  type SessionState,
} from '../src/protocol/index.js';
import type { RoomFiles } from './files/file-sharing.js';
import { frameBytes, type OutgoingFrame } from './frame-bytes.js';
import type { IdGenerator } from './ids.js';
import { RelayError, RelayErrorCodes } from './relay-error.js';
import type { EventLog, LoadedLog } from './storage/event-log.js';
import type { ReceiptStore } from './storage/receipt-store.js';

/** Close code for the sockets of a room whose storage failed (WebSocket "internal error"; clients reconnect). */
export const STORAGE_FAILED_CLOSE = 1011;

/** What a room needs of a socket. `send` takes an encoded server frame, as text or as its UTF-8 bytes (sent as a text frame). */
export interface RoomMember {
  readonly participant: ParticipantInfo;
  /** The socket's page is hidden; set by the room from `status` signals. */
  away?: boolean;
  send(frame: OutgoingFrame): void;
  sendError(code: ErrorCode, message: string, clientId?: string): void;
  close(code: number, reason: string): void;
}

/** Watches rooms on behalf of the session lifecycle (idle end, transcripts). Every method is optional. */
export interface RoomObserver {
  /** A room was loaded from the log (also one that ended before a restart). */
  loaded?(room: SessionRoom): void;
  /** The first socket attached to a room with nobody. */
  occupied?(room: SessionRoom): void;
  /** The last socket of a room closed. */
  emptied?(room: SessionRoom): void;
  /** `session.ended` is durable and fanned out. */
  ended?(room: SessionRoom): void;
}

export interface RoomContext {
  log: EventLog;
  ids: IdGenerator;
  policy: SessionPolicy;
  leaveGraceMs: number;
  limits: SessionLimits;
  /**
   * Written events kept in memory as JSON (the most recent ones); older ones are read back from
   * the log when a welcome, a retry or a transcript needs them. Only with a log that can `read`.
   */
  historyEvents: number;
  logger: Logger;
  /** File sharing: stores the upload of a share intent, deletes the bytes of a deleted file. */
  files?: RoomFiles;
  /** Called whenever the room may have become idle (nobody attached, nothing pending). */
  onIdle(room: SessionRoom): void;
  /** Called once when a write failed: the registry must unload the room so it reloads from storage. */
  onBroken(room: SessionRoom): void;
  observer?: RoomObserver;
  /** Where delivered/read positions are kept between loads (none: memory only). */
  receipts?: ReceiptStore;
}

/** An event whose write is in flight. Commits happen strictly in `seq` order. */
interface PendingAppend {
  event: SessionEvent;
  json: Json<SessionEvent>;
  /** The socket whose intent (or hello) made this event. */
  member: RoomMember | undefined;
  /** Runs right after the commit (the welcome that waited for a join). */
  after: (() => void) | undefined;
  written: boolean;
}

/** The ack of an event, around its JSON text. */
function ackFrame(clientId: string, json: Json<SessionEvent>): OutgoingFrame {
  return frameBytes(encodeAckFrame(clientId, json));
}

/**
 * Lines the event log gives back, typed here once as encoded events: the text the relay handed
 * to `append` (made by `encodeEvent`) or, in a log loaded from disk, lines that `FileEventLog`
 * checked with `isSessionEvent` when it opened the log.
 */
function storedEvents(lines: readonly string[]): Json<SessionEvent>[] {
  return lines as Json<SessionEvent>[];
}

/**
 * One loaded session: its folded state, its sockets, presence, the clientId index and the
 * append queue. All of it is synchronous except the log write; events are decided against
 * `head` (which already holds the events being written) so that rules and `seq` see every
 * accepted intent in arrival order; the written side advances only once the log write completed.
 */
export class SessionRoom {
  readonly sessionId: string;
  readonly epoch: string;
  /** True once the registry dropped this room; a later socket loads a fresh one. */
  unloaded = false;
  /** True after a failed write: the room takes nothing more and is being unloaded. */
  broken = false;

  private readonly ctx: RoomContext;
  /**
   * Fold of the written log plus the events being written: what intents are decided against.
   * The relay folds each event once; the written side only needs `committedSeq` and the
   * participants (presence), kept in `roster`.
   */
  private head: SessionState;
  /** Seq of the last written (acked, fanned out) event. */
  private committedSeq: number;
  /** Fold of the written participant events only: who presence lists. */
  private roster: SessionState;
  /**
   * JSON text of the most recent written events: `recent[i]` is seq `recentBase + 1 + i`, up to
   * `committedSeq`. Older events are only in the log (when it can `read`; else nothing is dropped).
   */
  private recent: Json<SessionEvent>[];
  private recentBase = 0;
  /** JSON of the `session.ended` event once written (ending twice answers with it). */
  private endedJson: Json<SessionEvent> | undefined;
  /** participant id -> clientId -> seq, for idempotent retries. */
  private readonly clientSeqs = new Map<string, Map<string, number>>();
  private pending: PendingAppend[] = [];
  /** The store's promise of the latest append, and the last seq appended with it. */
  private lastBatch: Promise<void> | null = null;
  private batchMark = { end: 0 };
  /** Retries of a clientId whose first copy is still being written: seq -> sockets to ack. */
  private readonly retryWaiters = new Map<number, RoomMember[]>();
  /** Upgraded sockets (hold the room loaded). */
  private readonly attached = new Set<RoomMember>();
  /** Sockets that said hello (joining or welcomed), per participant: drives `participant.left`. */
  private readonly greeted = new Set<RoomMember>();
  private readonly greetedPerParticipant = new Map<string, number>();
  /** Welcomed sockets: receive events and presence. */
  private readonly members = new Set<RoomMember>();
  private readonly leaveTimers = new Map<string, NodeJS.Timeout>();
  private lastPresence = encodePresence([]);
  /** Delivered and read positions per participant; they only move forward. */
  private readonly receipts = new Map<string, ReceiptEntry>();
  private receiptsDirty = false;
  /** Seq of the `session.ended` event (written or being written); 0 while open. */
  private endedSeq = 0;
  /** Callers of {@link end} / {@link appendSystem} waiting for a seq to be written. */
  private readonly commitWaiters = new Map<number, { resolve: (e: SessionEvent) => void; reject: (e: Error) => void }[]>();
  private closing = false;
  private drainedWaiters: Array<() => void> = [];

  constructor(sessionId: string, loaded: LoadedLog, ctx: RoomContext) {
    this.sessionId = sessionId;
    this.epoch = loaded.epoch;
    this.ctx = ctx;
    // The head is private to the room: it is folded in place (O(1) per event, no garbage copies).
    let head = initialState(sessionId);
    for (const event of loaded.events) head = reduceInPlace(head, event);
    this.head = head;
    this.committedSeq = this.head.lastSeq;
    this.roster = { ...this.head, participants: this.head.participants.slice(), messages: [] };
    const lines = loaded.lines && loaded.lines.length === loaded.events.length ? storedEvents(loaded.lines) : undefined;
    const keep = ctx.log.read ? ctx.historyEvents : Infinity;
    this.recentBase = Math.max(0, loaded.events.length - keep);
    this.recent = [];
    for (let i = this.recentBase; i < loaded.events.length; i++) this.recent.push(lines ? lines[i]! : encodeEvent(loaded.events[i]!));
    for (const event of loaded.events) {
      if (event.clientId !== undefined) this.rememberClientId(event.from, event.clientId, event.seq);
      if (event.type === 'session.ended' && this.endedSeq === 0) {
        this.endedSeq = event.seq;
        this.endedJson = lines ? lines[event.seq - 1] : encodeEvent(event);
      }
    }
    this.lastPresence = this.presenceJson();
    for (const entry of ctx.receipts?.load(sessionId) ?? []) {
      if (entry.delivered <= this.committedSeq) this.receipts.set(entry.participantId, { ...entry });
    }
  }

  /**
   * An ephemeral signal from a welcomed socket: typing is fanned out to the others, `status`
   * changes presence (away), `receipt` moves the participant's delivered/read positions.
   * Nothing is logged.
   */
  signal(member: RoomMember, frame: SignalFrame): void {
    if (this.broken || this.unloaded || !this.members.has(member)) return;
    switch (frame.type) {
      case 'typing': {
        if (this.head.ended) return;
        const notice = frameBytes(encodeTypingFrame(member.participant.id, frame.active));
        for (const other of this.members) if (other.participant.id !== member.participant.id) other.send(notice);
        return;
      }
      case 'status':
        if (member.away === frame.away) return;
        member.away = frame.away;
        this.updatePresence(undefined);
        return;
      case 'receipt': {
        const id = member.participant.id;
        const old = this.receipts.get(id) ?? { participantId: id, delivered: 0, read: 0 };
        const read = Math.min(Math.max(old.read, frame.read ?? 0), this.committedSeq);
        const delivered = Math.max(old.delivered, Math.min(frame.delivered, this.committedSeq), read);
        if (delivered === old.delivered && read === old.read) return;
        this.receipts.set(id, { participantId: id, delivered, read });
        this.scheduleReceipts();
        return;
      }
    }
  }

  /** Every participant's positions, as the welcome and `receipts` frames carry them. */
  receiptList(): ReceiptEntry[] {
    return [...this.receipts.values()];
  }

  /** One `receipts` frame per tick however many receipts arrived. */
  private scheduleReceipts(): void {
    if (this.receiptsDirty) return;
    this.receiptsDirty = true;
    setImmediate(() => {
      this.receiptsDirty = false;
      if (this.unloaded) return;
      const list = this.receiptList();
      this.ctx.receipts?.save(this.sessionId, list);
      const frame = frameBytes(encodeReceiptsFrame(list));
      for (const member of this.members) member.send(frame);
    });
  }

  /** Nobody attached, nothing being written, no leave pending: the room may be unloaded. */
  isIdle(): boolean {
    return this.attached.size === 0 && this.pending.length === 0 && this.leaveTimers.size === 0;
  }

  /** Counts an upgraded socket (before its hello): the room stays loaded while it is open. */
  attach(member: RoomMember): void {
    this.attached.add(member);
    if (this.attached.size === 1) this.ctx.observer?.occupied?.(this);
  }

  /** A socket closed. */
  detach(member: RoomMember): void {
    this.attached.delete(member);
    if (this.members.delete(member)) this.updatePresence(undefined);
    if (this.greeted.delete(member)) {
      const id = member.participant.id;
      const left = (this.greetedPerParticipant.get(id) ?? 1) - 1;
      if (left > 0) {
        this.greetedPerParticipant.set(id, left);
      } else {
        this.greetedPerParticipant.delete(id);
        this.scheduleLeave(id);
      }
    }
    if (this.attached.size === 0) {
      this.ctx.observer?.emptied?.(this);
      this.ctx.onIdle(this);
    }
  }

  /** The session has ended (the end may still be being written). */
  get ended(): boolean {
    return this.head.ended !== null;
  }

  /**
   * The fold of the written log. While events are being written it is refolded from the events
   * in memory; a session longer than the in-memory window then gets the head (which already
   * holds the events being written: a file shared a moment before its write completes).
   */
  get state(): SessionState {
    if (this.committedSeq === this.head.lastSeq || this.recentBase > 0) return this.head;
    return fold(this.recent.map((json) => JSON.parse(json) as SessionEvent), initialState(this.sessionId));
  }

  /** Number of sockets attached (welcomed or not). */
  get connectedCount(): number {
    return this.attached.size;
  }

  /** Every written event, in order (from memory, or read back from the log for a long session). */
  async readEvents(): Promise<SessionEvent[]> {
    return (await this.linesAfter(0)).map((json) => JSON.parse(json) as SessionEvent);
  }

  /** JSON of every written event after `seq`: the in-memory window, preceded by older lines from the log. */
  private async linesAfter(seq: number): Promise<Json<SessionEvent>[]> {
    if (seq >= this.recentBase) return this.recent.slice(seq - this.recentBase);
    const older: Json<SessionEvent>[] = [];
    let last = seq;
    // The window may move on while the log is read: read again until the two meet.
    while (last < this.recentBase) {
      const lines = storedEvents(await this.ctx.log.read!(this.sessionId, last));
      if (lines.length === 0) throw new RelayError(RelayErrorCodes.HISTORY_MISSING, `the log has no event after ${last}`);
      for (const line of lines) {
        if (last >= this.recentBase) break;
        older.push(line);
        last++;
      }
    }
    return older.concat(this.recent.slice(last - this.recentBase));
  }

  /** JSON of one written event. */
  private async lineAt(seq: number): Promise<Json<SessionEvent>> {
    if (seq > this.recentBase) return this.recent[seq - this.recentBase - 1]!;
    if (seq === this.endedSeq && this.endedJson !== undefined) return this.endedJson;
    const [line] = storedEvents(await this.ctx.log.read!(this.sessionId, seq - 1));
    if (line === undefined) throw new RelayError(RelayErrorCodes.HISTORY_MISSING, `the log has no event ${seq}`);
    return line;
  }

  /**
   * Ends the session on behalf of the host or the relay itself (no socket). Idempotent:
   * resolves with the `session.ended` event, the existing one when it had already ended.
   */
  end(from: string, reason: SessionEndReason): Promise<SessionEvent> {
    if (this.broken || this.unloaded) return Promise.reject(new RelayError(RelayErrorCodes.SESSION_NOT_LOADED, 'the session is not loaded'));
    if (this.endedSeq !== 0) return this.afterCommit(this.endedSeq);
    const event = this.append({ type: 'session.ended', from, reason }, undefined, undefined);
    return this.afterCommit(event.seq);
  }

  /** Appends an event the relay writes on its own (e.g. `transcript.ready`); resolves once durable. */
  appendSystem(draft: EventDraft): Promise<SessionEvent> {
    if (this.broken || this.unloaded) return Promise.reject(new RelayError(RelayErrorCodes.SESSION_NOT_LOADED, 'the session is not loaded'));
    const event = this.append(draft, undefined, undefined);
    return this.afterCommit(event.seq);
  }

  /** Resolves with the event of `seq` once it is written (at once when it already is). */
  private afterCommit(seq: number): Promise<SessionEvent> {
    if (seq <= this.committedSeq) return this.lineAt(seq).then((json) => JSON.parse(json) as SessionEvent);
    return new Promise((resolve, reject) => {
      const waiters = this.commitWaiters.get(seq) ?? [];
      waiters.push({ resolve, reject });
      this.commitWaiters.set(seq, waiters);
    });
  }

  /**
   * A socket said hello. Logs `participant.joined` first when the folded state does not list
   * the participant (or lists them as left), then sends the welcome and calls `done`.
   */
  hello(member: RoomMember, resume: { epoch: string; seq: number } | undefined, done: () => void): void {
    if (this.broken || this.unloaded) {
      member.close(STORAGE_FAILED_CLOSE, 'session storage failed; reconnect');
      return;
    }
    if (this.head.ended && member.participant.role === 'customer') {
      member.close(CloseCodes.SESSION_ENDED, 'the session has ended');
      return;
    }
    const { id } = member.participant;
    this.greeted.add(member);
    this.greetedPerParticipant.set(id, (this.greetedPerParticipant.get(id) ?? 0) + 1);
    const timer = this.leaveTimers.get(id);
    if (timer) {
      clearTimeout(timer);
      this.leaveTimers.delete(id);
    }
    const known = this.head.participants.find((p) => p.id === id);
    // After a join, the welcome also announces the new presence (one presence frame, not two).
    const welcome = (): void => {
      if (!this.attached.has(member)) {
        this.updatePresence(undefined);
        return;
      }
      this.welcome(member, resume, done);
    };
    if (!this.head.ended && (!known || known.left)) {
      const { name, role } = member.participant;
      this.append({ type: 'participant.joined', from: id, participant: { id, name, role } }, undefined, welcome);
    } else {
      welcome();
    }
  }

  /**
   * An intent from a welcomed socket: a retried clientId is acked again, else decided,
   * appended, acked. A share goes to `files` first, which stores its upload and calls back with
   * the resolved intent. Returns the event appended for it, if one was.
   */
  intent(member: RoomMember, intent: IntentFrame | ResolvedShareIntent): SessionEvent | undefined {
    if (this.broken || this.unloaded) {
      member.sendError(ErrorCodes.STORAGE_FAILED, 'session storage failed; reconnect and retry', intent.clientId);
      return;
    }
    const seq = this.clientSeqs.get(member.participant.id)?.get(intent.clientId);
    if (seq !== undefined) {
      if (seq <= this.committedSeq) {
        if (seq > this.recentBase) member.send(ackFrame(intent.clientId, this.recent[seq - this.recentBase - 1]!));
        else {
          void this.lineAt(seq).then(
            (json) => member.send(ackFrame(intent.clientId, json)),
            (error: unknown) => {
              this.ctx.logger.error({ err: error, sessionId: this.sessionId }, 'reading a retried event from the log failed');
              member.sendError(ErrorCodes.STORAGE_FAILED, 'the event could not be read; retry', intent.clientId);
            },
          );
        }
      } else {
        const waiting = this.retryWaiters.get(seq);
        if (waiting) waiting.push(member);
        else this.retryWaiters.set(seq, [member]);
      }
      return;
    }
    if (intent.type === 'end' && this.endedSeq !== 0 && mayEndSession(member.participant)) {
      // Ending twice is harmless: the second end is acked with the first one's event.
      const endedSeq = this.endedSeq;
      void this.afterCommit(endedSeq).then((event) => {
        member.send(ackFrame(intent.clientId, encodeEvent(event)));
      }, () => undefined);
      return;
    }
    if (intent.type === 'share' && !('file' in intent) && this.ctx.files) {
      this.ctx.files.share(this, member, intent);
      return;
    }
    const result = decideIntent(this.head, member.participant, intent, this.ctx.policy);
    if (!result.ok) {
      member.sendError(result.code, result.message, intent.clientId);
      return;
    }
    const event = this.append(result.draft, member, undefined);
    this.rememberClientId(member.participant.id, intent.clientId, event.seq);
    return event;
  }

  /** Keyed by the clientId string the event keeps anyway: no key string made per event. */
  private rememberClientId(participantId: string, clientId: string, seq: number): void {
    let seqs = this.clientSeqs.get(participantId);
    if (!seqs) this.clientSeqs.set(participantId, (seqs = new Map()));
    seqs.set(clientId, seq);
  }

  /** Stops leave timers and resolves once every write in flight is committed (acks sent). */
  drain(): Promise<void> {
    this.closing = true;
    for (const timer of this.leaveTimers.values()) clearTimeout(timer);
    this.leaveTimers.clear();
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainedWaiters.push(resolve));
  }

  /* ---------------------------------------------------------------- appending */

  private append(draft: EventDraft, member: RoomMember | undefined, after: (() => void) | undefined): SessionEvent {
    const event = { seq: this.head.lastSeq + 1, id: this.ctx.ids.next(), at: Date.now(), ...draft } as SessionEvent;
    this.head = reduceInPlace(this.head, event);
    if (event.type === 'session.ended' && this.endedSeq === 0) this.endedSeq = event.seq;
    const json = encodeEvent(event);
    const entry: PendingAppend = { event, json, member, after, written: false };
    this.pending.push(entry);
    const written = this.ctx.log.append(this.sessionId, [event], [json]);
    // Stores group-commit: the appends of one tick share one promise, so one handler (not a
    // promise and two closures per event) marks every event of that batch written.
    if (written !== this.lastBatch) {
      const mark = { end: 0 };
      this.lastBatch = written;
      this.batchMark = mark;
      written.then(
        () => {
          if (this.lastBatch === written) this.lastBatch = null;
          this.batchWritten(mark.end);
        },
        (error: unknown) => this.fail(error),
      );
    }
    this.batchMark.end = event.seq;
    return event;
  }

  /** Every pending event up to `seq` is written. */
  private batchWritten(seq: number): void {
    for (const entry of this.pending) {
      if (entry.event.seq > seq) break;
      entry.written = true;
    }
    this.commitWritten();
  }

  /** Commits, in seq order, every written event at the front of the queue. */
  private commitWritten(): void {
    if (this.broken) return;
    let count = 0;
    while (count < this.pending.length && this.pending[count]!.written) count++;
    if (count === 0) return;
    const done = this.pending.splice(0, count);
    for (const entry of done) this.commit(entry);
    if (this.pending.length === 0) {
      const waiters = this.drainedWaiters;
      this.drainedWaiters = [];
      for (const resolve of waiters) resolve();
      this.ctx.onIdle(this);
    }
  }

  /** The event is durable: fold it, ack the sender, fan it out once-encoded to everyone else. */
  private commit(entry: PendingAppend): void {
    const { event, json, member } = entry;
    this.committedSeq = event.seq;
    if (event.type === 'participant.joined' || event.type === 'participant.left') this.roster = reduce(this.roster, event);
    this.recent.push(json);
    if (event.type === 'session.ended' && event.seq === this.endedSeq) this.endedJson = json;
    // Drop the oldest half once the window doubled: amortized O(1), never below `historyEvents`.
    if (this.ctx.log.read && this.recent.length >= 2 * this.ctx.historyEvents) {
      const drop = this.recent.length - this.ctx.historyEvents;
      this.recent = this.recent.slice(drop);
      this.recentBase += drop;
    }
    if (member && event.clientId !== undefined) member.send(ackFrame(event.clientId, json));
    if (this.members.size > 0) {
      const frame = frameBytes(encodeEventFrame(json));
      for (const other of this.members) if (other !== member) other.send(frame);
    }
    const retries = this.retryWaiters.get(event.seq);
    if (retries) {
      this.retryWaiters.delete(event.seq);
      const ack = ackFrame(event.clientId ?? '', json);
      for (const retry of retries) retry.send(ack);
    }
    if (entry.after) entry.after();
    else if (event.type === 'participant.joined' || event.type === 'participant.left') this.updatePresence(undefined);
    const waiters = this.commitWaiters.get(event.seq);
    if (waiters) {
      this.commitWaiters.delete(event.seq);
      for (const waiter of waiters) waiter.resolve(event);
    }
    if (event.type === 'message.deleted' && this.ctx.files) {
      const file = findMessage(this.head, event.target)?.file;
      if (file) this.ctx.files.removed(this, file.id);
    }
    if (event.type === 'session.ended' && event.seq === this.endedSeq) {
      // Customers saw the end; their sockets close and their tokens open nothing more here.
      for (const other of [...this.attached]) {
        if (other.participant.role === 'customer') other.close(CloseCodes.SESSION_ENDED, 'the session has ended');
      }
      this.ctx.observer?.ended?.(this);
    }
  }

  /**
   * A write failed: what reached the disk is unknown, so nothing in flight is acked, every
   * socket is closed (1011, the client reconnects and retries its outbox) and the room is
   * unloaded so that the next socket reloads the log from storage.
   */
  private fail(error: unknown): void {
    if (this.broken) return;
    this.broken = true;
    this.ctx.logger.error({ err: error, sessionId: this.sessionId }, 'append failed; unloading the session');
    for (const entry of this.pending) {
      if (entry.member && entry.event.clientId !== undefined) {
        entry.member.sendError(ErrorCodes.STORAGE_FAILED, 'the event could not be stored', entry.event.clientId);
      }
    }
    this.pending = [];
    this.retryWaiters.clear();
    for (const waiters of this.commitWaiters.values()) for (const waiter of waiters) waiter.reject(new RelayError(RelayErrorCodes.APPEND_FAILED, 'the event could not be stored', { cause: error }));
    this.commitWaiters.clear();
    for (const timer of this.leaveTimers.values()) clearTimeout(timer);
    this.leaveTimers.clear();
    for (const member of [...this.attached]) member.close(STORAGE_FAILED_CLOSE, 'session storage failed; reconnect');
    const waiters = this.drainedWaiters;
    this.drainedWaiters = [];
    for (const resolve of waiters) resolve();
    this.ctx.onBroken(this);
  }

  /* ---------------------------------------------------------------- joining and leaving */

  /**
   * Sends the welcome with the events after the client's `resume.seq` (all of them on reset),
   * then calls `done`. Events older than the in-memory window are read back from the log first;
   * the socket joins the fan-out only with its welcome, so it misses nothing in between.
   */
  private welcome(member: RoomMember, resume: { epoch: string; seq: number } | undefined, done: () => void): void {
    const reset = !(resume && resume.epoch === this.epoch && resume.seq <= this.committedSeq);
    const from = reset ? 0 : resume!.seq;
    if (from >= this.recentBase) {
      this.sendWelcome(member, reset, this.recent.slice(from - this.recentBase));
      done();
      return;
    }
    this.linesAfter(from).then(
      (lines) => {
        if (this.broken || this.unloaded) {
          member.close(STORAGE_FAILED_CLOSE, 'session storage failed; reconnect');
          return;
        }
        if (!this.attached.has(member)) return;
        this.sendWelcome(member, reset, lines);
        done();
      },
      (error: unknown) => {
        this.ctx.logger.error({ err: error, sessionId: this.sessionId }, 'reading history for a welcome failed');
        member.close(STORAGE_FAILED_CLOSE, 'session storage failed; reconnect');
      },
    );
  }

  private sendWelcome(member: RoomMember, reset: boolean, events: readonly Json<SessionEvent>[]): void {
    this.members.add(member);
    const presence = this.presenceJson();
    const { id, name, role } = member.participant;
    const fields = {
      sessionId: this.sessionId,
      you: { id, name, role },
      epoch: this.epoch,
      reset,
      receipts: this.receiptList(),
      limits: this.ctx.limits,
      policy: this.ctx.policy,
      serverTime: Date.now(),
    };
    member.send(encodeWelcomeFrame(fields, events, presence));
    if (presence !== this.lastPresence) {
      this.lastPresence = presence;
      this.broadcastPresence(presence, member);
    }
  }

  private scheduleLeave(participantId: string): void {
    if (this.closing || this.broken || this.leaveTimers.has(participantId)) return;
    const timer = setTimeout(() => {
      this.leaveTimers.delete(participantId);
      this.leave(participantId);
      this.ctx.onIdle(this);
    }, this.ctx.leaveGraceMs);
    timer.unref();
    this.leaveTimers.set(participantId, timer);
  }

  private leave(participantId: string): void {
    if (this.closing || this.broken || this.unloaded || this.greetedPerParticipant.has(participantId)) return;
    const known = this.head.participants.find((p) => p.id === participantId);
    if (!known || known.left) return;
    this.append({ type: 'participant.left', from: participantId }, undefined, undefined);
  }

  /* ---------------------------------------------------------------- presence */

  private presenceJson(): Json<PresenceEntry[]> {
    const connections = new Map<string, number>();
    const visible = new Set<string>();
    for (const member of this.members) {
      const { id } = member.participant;
      connections.set(id, (connections.get(id) ?? 0) + 1);
      if (!member.away) visible.add(id);
    }
    const entries: PresenceEntry[] = [];
    for (const p of this.roster.participants) {
      const count = connections.get(p.id) ?? 0;
      if (p.left && count === 0) continue;
      entries.push({ id: p.id, name: p.name, role: p.role, online: count > 0, connections: count, away: count > 0 && !visible.has(p.id) });
    }
    return encodePresence(entries);
  }

  /** Sends presence to the room when it changed; never logged. */
  private updatePresence(except: RoomMember | undefined): void {
    const presence = this.presenceJson();
    if (presence === this.lastPresence) return;
    this.lastPresence = presence;
    this.broadcastPresence(presence, except);
  }

  private broadcastPresence(presence: Json<PresenceEntry[]>, except: RoomMember | undefined): void {
    if (this.members.size === 0) return;
    const frame = frameBytes(encodePresenceFrame(presence));
    for (const member of this.members) if (member !== except) member.send(frame);
  }
}
