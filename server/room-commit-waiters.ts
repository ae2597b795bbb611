import type { SessionEvent } from '../src/protocol/index.js';
import { RelayError, RelayErrorCodes } from './relay-error.js';

/** Callers of a room's `end` / `appendSystem` waiting for the event of a seq to be written. */
export class CommitWaiters {
  private readonly commitWaiters = new Map<number, { resolve: (e: SessionEvent) => void; reject: (e: Error) => void }[]>();

  /** Resolves with the event of `seq` once it is committed. */
  wait(seq: number): Promise<SessionEvent> {
    return new Promise((resolve, reject) => {
      const waiters = this.commitWaiters.get(seq) ?? [];
      waiters.push({ resolve, reject });
      this.commitWaiters.set(seq, waiters);
    });
  }

  /** The event is written: its waiters resolve. */
  committed(event: SessionEvent): void {
    const waiters = this.commitWaiters.get(event.seq);
    if (waiters) {
      this.commitWaiters.delete(event.seq);
      for (const waiter of waiters) waiter.resolve(event);
    }
  }

  /** A write failed: every waiter is rejected with `APPEND_FAILED`. */
  failed(error: unknown): void {
    for (const waiters of this.commitWaiters.values()) for (const waiter of waiters) waiter.reject(new RelayError(RelayErrorCodes.APPEND_FAILED, 'the event could not be stored', { cause: error }));
    this.commitWaiters.clear();
  }
}
