import type { SessionEvent } from '../../src/protocol/index.js';

/** A session's log as read when the session is loaded. */
export interface LoadedLog {
  /** Identity of this incarnation of the log; changes when history could not be kept. */
  epoch: string;
  /** Every event, in `seq` order, gapless from 1. */
  events: SessionEvent[];
  /**
   * Optional: the JSON text of each event exactly as stored (`lines[i]` is `events[i]`), so
   * the relay can send history without serializing it again.
   */
  lines?: string[];
}

/**
 * The storage seam of the relay: one append-only log per session. The relay is the only
 * writer and appends events already stamped with their `seq`.
 *
 * - `open` loads a session's log (creating it when new); the relay calls it once per load.
 * - `append` resolves once the events are written (and synced, where the store promises
 *   that); the relay acks only then. Appends of one session resolve in call order.
 * - `release` forgets a session the relay unloaded (closes its file); pending appends finish first.
 * - `close` finishes pending appends and releases everything.
 */
export interface EventLog {
  open(sessionId: string): Promise<LoadedLog>;
  /**
   * @param encoded optional JSON text of each event (`JSON.stringify(events[i])`), made once
   *   by the relay and reused for the wire; a store may write it instead of serializing again.
   */
  append(sessionId: string, events: readonly SessionEvent[], encoded?: readonly string[]): Promise<void>;
  /**
   * Optional: the JSON text of every written event of an open session with `seq > afterSeq`,
   * in order (at least up to the last append that had resolved when `read` was called). A
   * store that has it lets the relay keep only a window of recent events in memory and read
   * older ones back for resumes, history pages and transcripts; without it the relay keeps the
   * whole log. `limit`: at most this many lines (the first ones after `afterSeq`).
   */
  read?(sessionId: string, afterSeq: number, limit?: number): Promise<string[]>;
  release(sessionId: string): Promise<void>;
  close(): Promise<void>;
}
