import {
  CloseCodes,
  ErrorCodes,
  CompactSessionState,
  decideIntentOn,
  encodeEvent,
  eventFrameParts,
  mayEndSession,
  type ChatParticipant,
  type EventDraft,
  type HistoryRequestFrame,
  type IntentFrame,
  type ReceiptEntry,
  type ResolvedShareIntent,
  type ResolvedTransferOffer,
  type RuledTransfer,
  type SessionEndReason,
  type SignalFrame,
  type SessionEvent,
} from '../src/protocol/index.js';
import { splicedFrameBytes } from './frame-bytes.js';
import { RelayError, RelayErrorCodes } from './relay-error.js';
import { CommitQueue, type PendingAppend } from './room-commit-queue.js';
import { CommitWaiters } from './room-commit-waiters.js';
import { ackFrame, ClientIdIndex } from './room-dedupe.js';
import { RoomHistory, storedEvents } from './room-history.js';
import { LeaveTimers } from './room-leave-timers.js';
import { STORAGE_FAILED_CLOSE, type RoomContext, type RoomMember } from './room-member.js';
import { RoomPresence } from './room-presence.js';
import { RoomReceipts } from './room-receipts.js';
import type { LoadedLog } from './storage/event-log.js';
import { passTransferSignal, resolveTransferOffer } from './transfers/transfer-signals.js';

export { STORAGE_FAILED_CLOSE, type RoomContext, type RoomMember, type RoomObserver } from './room-member.js';

/**
 * One loaded session: its folded state, its sockets, presence, the clientId index and the
 * append queue. All of it is synchronous except the log write; events are decided against
 * `head` (which already holds the events being written) so that rules and `seq` see every
 * accepted intent in arrival order; the written side advances only once the log write completed.
 *
 * This file decides, stamps and commits events (the commit and dedupe core, with
 * `room-commit-queue.ts`, `room-commit-waiters.ts` and `room-dedupe.ts`); the written history and
 * the welcome are in `room-history.ts`; the ephemeral signals in `room-presence.ts` (presence,
 * typing), `room-receipts.ts` and `room-leave-timers.ts`.
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
   * The one fold of the session: the written log plus the events being written, what intents
   * are decided against (compact: no message texts). Each event is folded once, when appended;
   * the written side only needs `committedSeq` and the participants as written (presence's
   * `roster`, moved at commit by the same participant fold).
   */
  private readonly head: CompactSessionState;
  /** Seq of the last written (acked, fanned out) event. */
  private committedSeq: number;
  /** clientId -> seq, for idempotent retries. */
  private readonly clientIds: ClientIdIndex;
  /** Events being written, committed in `seq` order. */
  private readonly pending: CommitQueue;
  /** Upgraded sockets (hold the room loaded). */
  private readonly attached = new Set<RoomMember>();
  /** Welcomed sockets (the fan-out) and presence. */
  private readonly presence: RoomPresence;
  private readonly receipts: RoomReceipts;
  /** The written events kept in memory, older ones read back; the welcome. */
  private readonly history: RoomHistory;
  private readonly leaving: LeaveTimers;
  /** Seq of the `session.ended` event (written or being written); 0 while open. */
  private endedSeq = 0;
  /** Callers of {@link end} / {@link appendSystem} waiting for a seq to be written. */
  private readonly commitWaiters = new CommitWaiters();
  private closing = false;

  constructor(sessionId: string, loaded: LoadedLog, ctx: RoomContext) {
    this.sessionId = sessionId;
    this.epoch = loaded.epoch;
    this.ctx = ctx;
    this.pending = new CommitQueue(this, ctx, (entry) => this.commit(entry), (error) => this.fail(error));
    // The head is private to the room: it is folded in place (O(1) per event, no garbage copies).
    this.head = new CompactSessionState(sessionId);
    for (const event of loaded.events) this.head.apply(event);
    this.committedSeq = this.head.lastSeq;
    this.presence = new RoomPresence(this.head.participants.slice());
    this.receipts = new RoomReceipts(this, ctx.receipts, this.presence, this.committedSeq);
    const lines = loaded.lines && loaded.lines.length === loaded.events.length ? storedEvents(loaded.lines) : undefined;
    this.history = new RoomHistory(this, ctx, this.attached, this.presence, this.receipts, loaded.events, lines);
    this.clientIds = new ClientIdIndex(sessionId, ctx, this.history);
    for (const event of loaded.events) {
      if (event.clientId !== undefined) this.clientIds.rememberClientId(event.from, event.clientId, event.seq);
      if (event.type === 'session.ended' && this.endedSeq === 0) {
        this.endedSeq = event.seq;
        this.history.endedJson = lines ? lines[event.seq - 1] : encodeEvent(event);
      }
    }
    this.leaving = new LeaveTimers(ctx.leaveGraceMs, (participantId) => {
      this.leave(participantId);
      this.ctx.onIdle(this);
    });
  }

  /**
   * An ephemeral signal from a welcomed socket: typing is fanned out to the others, `status`
   * changes presence (away), `receipt` moves the participant's delivered/read positions.
   * Nothing is logged.
   */
  signal(member: RoomMember, frame: SignalFrame): void {
    if (this.broken || this.unloaded || !this.presence.members.includes(member)) return;
    switch (frame.type) {
      case 'typing':
        if (this.head.ended) return;
        this.presence.typing(member, frame.active);
        return;
      case 'status':
        this.presence.status(member, frame.away);
        return;
      case 'receipt':
        this.receipts.move(member, frame, this.committedSeq);
        return;
      case 'transfer-signal':
        passTransferSignal(this.head, this.presence.members, member, frame);
        return;
    }
  }

  /** The live transfer offered by event `id` (its sender, receivers, whether it ended), if any. */
  transferOf(id: string): RuledTransfer | undefined {
    return this.head.ruledTransfer(id);
  }
  /** Every participant's positions, as the welcome and `receipts` frames carry them. */
  receiptList(): ReceiptEntry[] {
    return this.receipts.receiptList();
  }

  /** Nobody attached, nothing being written, no leave pending: the room may be unloaded. */
  isIdle(): boolean {
    return this.attached.size === 0 && this.pending.size === 0 && this.leaving.size === 0;
  }

  /** Counts an upgraded socket (before its hello): the room stays loaded while it is open. */
  attach(member: RoomMember): void {
    this.attached.add(member);
    if (this.attached.size === 1) this.ctx.observer?.occupied?.(this);
  }

  /** A socket closed. */
  detach(member: RoomMember): void {
    this.attached.delete(member);
    if (this.presence.part(member)) this.presence.updatePresence(undefined);
    this.leaving.ungreet(member);
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
   * The session's compact state, the events being written included (a file shared a moment
   * before its write completes can already be downloaded). Read only: the room folds it.
   */
  get state(): Readonly<CompactSessionState> {
    return this.head;
  }

  /** The participants as written (the fold of the written log's joins and leaves). Read only. */
  get participants(): readonly ChatParticipant[] {
    return this.presence.roster;
  }

  /** Number of sockets attached (welcomed or not). */
  get connectedCount(): number {
    return this.attached.size;
  }

  /** Every written event, in order (from memory, or read back from the log for a long session). */
  async readEvents(): Promise<SessionEvent[]> {
    return (await this.history.linesAfter(0)).map((json) => JSON.parse(json) as SessionEvent);
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
    if (seq <= this.committedSeq) return this.history.lineAt(seq, this.endedSeq).then((json) => JSON.parse(json) as SessionEvent);
    return this.commitWaiters.wait(seq);
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
    this.leaving.greet(member);
    const known = this.head.participants.find((p) => p.id === id);
    // After a join, the welcome also announces the new presence (one presence frame, not two).
    const welcome = (): void => {
      if (!this.attached.has(member)) {
        this.presence.updatePresence(undefined);
        return;
      }
      this.history.welcome(member, resume, this.committedSeq, done);
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
  intent(member: RoomMember, intent: IntentFrame | ResolvedShareIntent | ResolvedTransferOffer): SessionEvent | undefined {
    if (this.broken || this.unloaded) {
      member.sendError(ErrorCodes.STORAGE_FAILED, 'session storage failed; reconnect and retry', intent.clientId);
      return;
    }
    const seq = this.clientIds.seqOf(member.participant.id, intent.clientId);
    if (seq !== undefined) {
      this.clientIds.retried(member, intent.clientId, seq, this.committedSeq, this.endedSeq);
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
    if (intent.type === 'transfer-offer' && !('to' in intent)) intent = resolveTransferOffer(intent, this.presence.members, member);
    const result = decideIntentOn(this.head, member.participant, intent, this.ctx.policy);
    if (!result.ok) {
      member.sendError(result.code, result.message, intent.clientId);
      return;
    }
    const event = this.append(result.draft, member, undefined);
    this.clientIds.rememberClientId(member.participant.id, intent.clientId, event.seq);
    return event;
  }

  /** A welcomed socket asks for a page of older events: answered from the log, nothing is folded. */
  historyPage(member: RoomMember, request: HistoryRequestFrame): void {
    if (this.broken || this.unloaded) {
      member.sendError(ErrorCodes.STORAGE_FAILED, 'session storage failed; reconnect and retry', request.clientId);
      return;
    }
    this.history.history(member, request);
  }

  /** Stops leave timers and resolves once every write in flight is committed (acks sent). */
  drain(): Promise<void> {
    this.closing = true;
    this.leaving.stop();
    return this.pending.drained();
  }

  /* ---------------------------------------------------------------- appending */

  private append(draft: EventDraft, member: RoomMember | undefined, after: (() => void) | undefined): SessionEvent {
    const event = { seq: this.head.lastSeq + 1, id: this.ctx.ids.next(), at: Date.now(), ...draft } as SessionEvent;
    this.head.apply(event);
    if (event.type === 'session.ended' && this.endedSeq === 0) this.endedSeq = event.seq;
    const json = encodeEvent(event);
    this.pending.push({ event, json, member, after, written: false });
    return event;
  }

  /** The event is durable: fold it, ack the sender, fan it out once-encoded to everyone else. */
  private commit(entry: PendingAppend): void {
    const { event, json, member } = entry;
    this.committedSeq = event.seq;
    const presence = this.presence;
    if (event.type === 'participant.joined' || event.type === 'participant.left') presence.written(event, this.head.participants);
    this.history.push(json, event);
    if (event.type === 'session.ended' && event.seq === this.endedSeq) this.history.endedJson = json;
    if (member && event.clientId !== undefined) member.send(ackFrame(event.clientId, json));
    const fanout = presence.members;
    let fanOutBytes = 0;
    if (fanout.length > 0) {
      const frame = splicedFrameBytes(eventFrameParts(json));
      let sent = 0;
      for (let i = 0; i < fanout.length; i++) {
        if (fanout[i] !== member) {
          fanout[i]!.send(frame);
          sent++;
        }
      }
      fanOutBytes = frame.length * sent;
    }
    this.ctx.meter?.committed(event, member !== undefined && event.clientId !== undefined, fanOutBytes);
    this.clientIds.committed(event, json);
    if (entry.after) entry.after();
    else if (event.type === 'participant.joined' || event.type === 'participant.left') presence.updatePresence(undefined);
    this.commitWaiters.committed(event);
    if (event.type === 'message.deleted' && this.ctx.files) {
      const fileId = this.head.ruledMessage(event.target)?.fileId;
      if (fileId) this.ctx.files.removed(this, fileId);
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
    this.ctx.logger.error({ err: error, sessionId: this.sessionId }, 'append failed; unloading the session');
    for (const entry of this.pending.clear()) {
      if (entry.member && entry.event.clientId !== undefined) {
        entry.member.sendError(ErrorCodes.STORAGE_FAILED, 'the event could not be stored', entry.event.clientId);
      }
    }
    this.stopTaking(error, STORAGE_FAILED_CLOSE, 'session storage failed; reconnect');
    this.ctx.onBroken(this);
  }

  /**
   * Another relay process holds the session now (this one lost its lease): the room takes
   * nothing more and its sockets close with 4000 so that their clients resume there. Writes
   * in flight are not acked here; the clients resend them and the log's clientIds dedupe.
   */
  evict(): void {
    if (this.broken) return;
    const moved = new RelayError(RelayErrorCodes.SESSION_NOT_LOADED, 'the session moved to another relay process');
    this.stopTaking(moved, CloseCodes.SERVER_SHUTDOWN, 'session moved to another relay process');
  }

  /** The room takes nothing more: waiters fail, timers stop, every socket closes with `code`. */
  private stopTaking(error: unknown, code: number, reason: string): void {
    this.broken = true;
    this.clientIds.dropRetries();
    this.commitWaiters.failed(error);
    this.leaving.stop();
    for (const member of [...this.attached]) member.close(code, reason);
    this.pending.releaseDrained();
  }

  /* ---------------------------------------------------------------- leaving */

  /** A participant's leave grace ran out: `participant.left`, unless they came back. */
  private leave(participantId: string): void {
    if (this.closing || this.broken || this.unloaded || this.leaving.isGreeted(participantId)) return;
    const known = this.head.participants.find((p) => p.id === participantId);
    if (!known || known.left) return;
    this.append({ type: 'participant.left', from: participantId }, undefined, undefined);
  }
}
