import {
  DEFAULT_HISTORY_PAGE_EVENTS,
  encodeEvent,
  encodeWelcomeFrame,
  type EncodedHistoryBase,
  type HistoryRequestFrame,
  type Json,
  type SessionEvent,
} from '../src/protocol/index.js';
import { HistoryIndex } from './history-index.js';
import { LineBytes } from './storage/line-bytes.js';
import { answerHistory, pageBase } from './history-pages.js';
import { RelayError, RelayErrorCodes } from './relay-error.js';
import { STORAGE_FAILED_CLOSE, type RoomContext, type RoomMember } from './room-member.js';
import type { RoomPresence } from './room-presence.js';
import type { RoomReceipts } from './room-receipts.js';
import type { SessionRoom } from './session-room.js';

/**
 * Lines the event log gives back, typed here once as encoded events: the text the relay handed
 * to `append` (made by `encodeEvent`) or, in a log loaded from disk, lines that `FileEventLog`
 * checked with `isSessionEvent` when it opened the log.
 */
export function storedEvents(lines: readonly string[]): Json<SessionEvent>[] {
  return lines as Json<SessionEvent>[];
}

/**
 * A room's written history and the welcome that sends it: the JSON of the most recent written
 * events in memory, older ones read back from the log (when it can `read`; else nothing is
 * dropped), and the welcome of a socket with the events after its resume point.
 */
export class RoomHistory {
  /**
   * JSON of the most recent written events, as bytes (see `LineBytes`: text kept this long
   * would be copied by every young-generation collection): line `i` is seq `recentBase + 1 + i`,
   * up to the room's last written event.
   */
  private readonly recent = new LineBytes();
  recentBase = 0;
  /** JSON of the `session.ended` event once written (ending twice answers with it). */
  endedJson: Json<SessionEvent> | undefined;
  /** Times (and, once needed, message seqs) of the written log, to cut it into pages. */
  readonly index: HistoryIndex;
  /** Events of a join's page and of a history answer at most (`historyPageEvents`). */
  readonly pageEvents: number;
  /** Sockets with a history request being read: one at a time each (made with the first request). */
  get paging(): WeakSet<RoomMember> {
    return (this.pagingSet ??= new WeakSet());
  }
  private pagingSet: WeakSet<RoomMember> | undefined;
  /** Message seqs being learned from the log (once per loaded room, for quotes). */
  learning: Promise<void> | null = null;

  constructor(
    readonly room: SessionRoom,
    readonly ctx: RoomContext,
    /** Upgraded sockets of the room: a welcome read from the log is sent only if its socket is still open. */
    private readonly attached: ReadonlySet<RoomMember>,
    private readonly presence: RoomPresence,
    private readonly receipts: RoomReceipts,
    events: readonly SessionEvent[],
    lines: readonly Json<SessionEvent>[] | undefined,
  ) {
    const keep = ctx.log.read ? ctx.historyEvents : Infinity;
    this.recentBase = Math.max(0, events.length - keep);
    for (let i = this.recentBase; i < events.length; i++) this.recent.push(lines ? lines[i]! : encodeEvent(events[i]!));
    this.index = new HistoryIndex(events);
    this.pageEvents = ctx.historyPageEvents ?? DEFAULT_HISTORY_PAGE_EVENTS;
  }

  /** A written event joins the window. */
  push(json: Json<SessionEvent>, event: SessionEvent): void {
    this.recent.push(json);
    this.index.written(event);
    // Drop the oldest half once the window doubled: amortized O(1), never below `historyEvents`.
    if (this.ctx.log.read && this.recent.count >= 2 * this.ctx.historyEvents) {
      const drop = this.recent.count - this.ctx.historyEvents;
      this.recent.dropFirst(drop);
      this.recentBase += drop;
    }
  }

  /** JSON of written events `from`.. (0-based positions in the window, as `slice`). */
  private window(from: number, to?: number): Json<SessionEvent>[] {
    return storedEvents(this.recent.slice(from, to));
  }

  /** JSON of written event `seq`, which must be in the window (`seq > recentBase`). */
  recentLine(seq: number): Json<SessionEvent> {
    return this.recent.at(seq - this.recentBase - 1) as Json<SessionEvent>;
  }

  /** JSON of every written event after `seq`: the in-memory window, preceded by older lines from the log. */
  async linesAfter(seq: number): Promise<Json<SessionEvent>[]> {
    if (seq >= this.recentBase) return this.window(seq - this.recentBase);
    const older: Json<SessionEvent>[] = [];
    let last = seq;
    // The window may move on while the log is read: read again until the two meet.
    while (last < this.recentBase) {
      const lines = storedEvents(await this.ctx.log.read!(this.room.sessionId, last));
      if (lines.length === 0) throw new RelayError(RelayErrorCodes.HISTORY_MISSING, `the log has no event after ${last}`);
      for (const line of lines) {
        if (last >= this.recentBase) break;
        older.push(line);
        last++;
      }
    }
    return older.concat(this.window(last - this.recentBase));
  }

  /** JSON of the written events `first`..`last` (none when `first > last`): from memory, or one bounded read of the log. */
  async linesBetween(first: number, last: number): Promise<Json<SessionEvent>[]> {
    if (first > last) return [];
    if (first > this.recentBase) return this.window(first - this.recentBase - 1, last - this.recentBase);
    const count = last - first + 1;
    const lines = storedEvents(await this.ctx.log.read!(this.room.sessionId, first - 1, count));
    if (lines.length < count) throw new RelayError(RelayErrorCodes.HISTORY_MISSING, `the log has no event ${first + lines.length}`);
    return lines;
  }

  /** Answers a socket's `history` request with a page of the log (see `history-pages.ts`). */
  history(member: RoomMember, request: HistoryRequestFrame): void {
    answerHistory(this, member, request);
  }

  /** JSON of one written event (`endedSeq`: the seq of `session.ended`, whose JSON is kept). */
  async lineAt(seq: number, endedSeq: number): Promise<Json<SessionEvent>> {
    if (seq > this.recentBase) return this.recentLine(seq);
    if (seq === endedSeq && this.endedJson !== undefined) return this.endedJson;
    const [line] = storedEvents(await this.ctx.log.read!(this.room.sessionId, seq - 1));
    if (line === undefined) throw new RelayError(RelayErrorCodes.HISTORY_MISSING, `the log has no event ${seq}`);
    return line;
  }

  /**
   * Sends the welcome with the events after the client's `resume.seq` (all of them on reset),
   * then calls `done`. Events older than the in-memory window are read back from the log first;
   * the socket joins the fan-out only with its welcome, so it misses nothing in between.
   */
  welcome(member: RoomMember, resume: { epoch: string; seq: number } | undefined, committedSeq: number, done: () => void): void {
    const reset = !(resume && resume.epoch === this.room.epoch && resume.seq <= committedSeq);
    // A join (reset) gets the last page of the log; a resume everything after its seq.
    const page = reset ? this.index.range(committedSeq + 1, undefined, this.pageEvents) : null;
    const from = page && page.first > 1 ? page.first - 1 : reset ? 0 : resume!.seq;
    if (from >= this.recentBase && (!page || page.first <= 1)) {
      this.sendWelcome(member, reset, this.window(from - this.recentBase), undefined);
      done();
      return;
    }
    const paged = page && page.first > 1 ? page.first : 0;
    this.linesAfter(from)
      .then(async (lines) => ({ lines, pageBefore: paged ? await pageBase(this, lines, paged) : undefined }))
      .then(
      ({ lines, pageBefore }) => {
        if (this.room.broken || this.room.unloaded) {
          member.close(STORAGE_FAILED_CLOSE, 'session storage failed; reconnect');
          return;
        }
        if (!this.attached.has(member)) return;
        this.sendWelcome(member, reset, lines, pageBefore);
        done();
      },
      (error: unknown) => {
        this.ctx.logger.error({ err: error, sessionId: this.room.sessionId }, 'reading history for a welcome failed');
        member.close(STORAGE_FAILED_CLOSE, 'session storage failed; reconnect');
      },
    );
  }

  private sendWelcome(member: RoomMember, reset: boolean, events: readonly Json<SessionEvent>[], base: EncodedHistoryBase | undefined): void {
    this.presence.join(member);
    const presence = this.presence.presenceJson();
    const { id, name, role } = member.participant;
    const fields = {
      sessionId: this.room.sessionId,
      you: { id, name, role },
      epoch: this.room.epoch,
      reset,
      receipts: this.receipts.receiptList(),
      limits: this.ctx.limits,
      policy: this.ctx.policy,
      serverTime: Date.now(),
    };
    member.send(encodeWelcomeFrame(fields, events, presence, base));
    this.presence.updatePresence(member);
  }
}
