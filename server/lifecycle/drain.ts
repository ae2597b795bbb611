import type { Logger } from 'pino';
import { CloseCodes } from '../../src/protocol/index.js';
import type { Readiness } from '../readiness.js';

/** What draining needs of an open socket (`Connection`). */
export interface DrainableSocket {
  /** Frames that arrive from now on are ignored (never acked: the client resends them after it resumes). */
  stopReading(): void;
  close(code: number, reason: string): void;
  readonly isClosed: boolean;
  terminate(): void;
}

export interface DrainParts {
  readiness: Readiness;
  /** The open sockets (the set the relay keeps; sockets leave it as they close). */
  sockets: ReadonlySet<DrainableSocket>;
  /** Stops taking work that would outlive the drain: shares being stored reach their rooms, timers stop. */
  stopIntake(): Promise<void>;
  /** Resolves once every write in flight is committed (its ack sent). */
  settleWrites(): Promise<void>;
  /** Bound of the whole drain, in ms: past it, what is still open is dropped. */
  timeoutMs: number;
  logger: Logger;
}

/** How long sockets get to answer the close frame before they are dropped (within the timeout). */
export const CLOSE_GRACE_MS = 1_000;

/** Resolves true when `work` settles before `deadline` (ms since the epoch), false at the deadline. */
export async function settlesBy(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  const done = work.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The first half of a shutdown, for a rolling restart: `/readyz` answers 503 and new sockets
 * and uploads are refused at once; frames already on their way are not read; writes in
 * flight finish and their acks go out; then every socket is closed with 4000 SERVER_SHUTDOWN
 * (clients resume on another relay, or this one restarted). Bounded by `timeoutMs`: at the
 * deadline the sockets still open are dropped. Nothing acked is ever lost on the way: an ack
 * follows the write. Returns the deadline, for the rest of the shutdown.
 */
export async function drainRelay(parts: DrainParts): Promise<number> {
  const deadline = Date.now() + parts.timeoutMs;
  parts.readiness.drain();
  for (const socket of parts.sockets) socket.stopReading();
  if (!(await settlesBy(parts.stopIntake(), deadline))) parts.logger.warn('shares being stored did not finish before the shutdown timeout');
  if (!(await settlesBy(parts.settleWrites(), deadline))) parts.logger.warn('writes in flight did not finish before the shutdown timeout; their intents stay unacked');
  const open = [...parts.sockets];
  for (const socket of open) socket.close(CloseCodes.SERVER_SHUTDOWN, 'relay shutting down');
  const closeBy = Math.min(deadline, Date.now() + CLOSE_GRACE_MS);
  while (open.some((socket) => !socket.isClosed) && Date.now() < closeBy) await pause(10);
  for (const socket of open) if (!socket.isClosed) socket.terminate();
  parts.logger.info({ sockets: open.length }, 'relay drained');
  return deadline;
}
