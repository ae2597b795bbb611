import type { SessionEvent } from '../src/protocol/index.js';
import { RelayError, RelayErrorCodes } from './relay-error.js';

/** Callers of a room's `end` / `appendSystem` waiting for the event of a seq to be written. */
export class CommitWaiters {
  /** Made with the first waiter: most rooms never have one (idle rooms are most of a relay's memory). */
  private commitWaiters: Map<number, { resolve: (e: SessionEvent) => void; reject: (e: Error) => void }[]> | null = null;

  /** Resolves with the event of `seq` once it is committed. */
  wait(seq: number): Promise<SessionEvent> {
    return new Promise((resolve, reject) => {
      const all = (this.commitWaiters ??= new Map());
      const waiters = all.get(seq) ?? [];
      waiters.push({ resolve, reject });
      all.set(seq, waiters);
    });
  }

  /** The event is written: its waiters resolve. */
  committed(event: SessionEvent): void {
    const waiters = this.commitWaiters?.get(event.seq);
    if (waiters) {
      this.commitWaiters!.delete(event.seq);
      for (const waiter of waiters) waiter.resolve(event);
    }
  }

  /** A write failed: every waiter is rejected with `APPEND_FAILED`. */
  failed(error: unknown): void {
    if (!this.commitWaiters) return;
    for (const waiters of this.commitWaiters.values()) for (const waiter of waiters) waiter.reject(new RelayError(RelayErrorCodes.APPEND_FAILED, 'the event could not be stored', { cause: error }));
    this.commitWaiters.clear();
  }
}
