import type { Json, SessionEvent } from '../src/protocol/index.js';
import type { RoomContext, RoomMember } from './room-member.js';
import type { SessionRoom } from './session-room.js';

/** An event whose write is in flight. Commits happen strictly in `seq` order. */
export interface PendingAppend {
  event: SessionEvent;
  json: Json<SessionEvent>;
  /** The socket whose intent (or hello) made this event. */
  member: RoomMember | undefined;
  /** Runs right after the commit (the welcome that waited for a join). */
  after: (() => void) | undefined;
  written: boolean;
}

/**
 * A room's events being written: each is appended to the log as it is decided, and committed
 * (acked, fanned out) once written, strictly in `seq` order, however the log's writes resolve.
 */
export class CommitQueue {
  private pending: PendingAppend[] = [];
  /** The store's promise of the latest append, and the last seq appended with it. */
  private lastBatch: Promise<void> | null = null;
  /** The batch of {@link lastBatch}: the last seq appended with it. */
  private batchMark: { end: number } | null = null;
  /** Made with the first waiter: most rooms never drain while loaded. */
  private drainedWaiters: Array<() => void> | null = null;

  /**
   * @param commit called for each written event, in `seq` order.
   * @param fail called when a write failed (once per failed batch).
   */
  constructor(
    private readonly room: SessionRoom,
    private readonly ctx: RoomContext,
    private readonly commit: (entry: PendingAppend) => void,
    private readonly fail: (error: unknown) => void,
  ) {}

  /** Events being written. */
  get size(): number {
    return this.pending.length;
  }

  /** Appends the event to the log; it is committed once written and every event before it is. */
  push(entry: PendingAppend): void {
    const { event, json } = entry;
    this.pending.push(entry);
    const written = this.ctx.log.append(this.room.sessionId, [event], [json]);
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
    this.batchMark!.end = event.seq;
  }

  /** Resolves once every write in flight is committed (at once when none is). */
  drained(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => (this.drainedWaiters ??= []).push(resolve));
  }

  /** A write failed: forgets every event in flight and returns them (none will be committed). */
  clear(): PendingAppend[] {
    const pending = this.pending;
    this.pending = [];
    return pending;
  }

  /** Resolves the {@link drained} promises (after a failure nothing more will be committed). */
  releaseDrained(): void {
    const waiters = this.drainedWaiters;
    this.drainedWaiters = null;
    for (const resolve of waiters ?? []) resolve();
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
    if (this.room.broken) return;
    let count = 0;
    while (count < this.pending.length && this.pending[count]!.written) count++;
    if (count === 0) return;
    const done = this.pending.splice(0, count);
    for (const entry of done) this.commit(entry);
    if (this.pending.length === 0) {
      this.releaseDrained();
      this.ctx.onIdle(this.room);
    }
  }
}
