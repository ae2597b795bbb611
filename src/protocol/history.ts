import type { SessionEvent } from './events.js';
import type { ChatParticipant, SessionState } from './state.js';

/**
 * History in pages. A join (a welcome on reset) carries only the last page of the log and, when
 * that page does not start at seq 1, a {@link HistoryBase}: what the fold of the earlier events
 * holds that the page needs. The client asks for older pages with a {@link HistoryRequestFrame}
 * and gets a {@link HistoryFrame}; a resume still carries every event after its `seq`.
 */

/**
 * Events a page holds at most: the relay option `historyPageEvents` (what a join sends) and the
 * bound of every history answer. 200 events are a few screens of conversation (what a reader
 * sees on joining and a little more) and about 40-60 KB of JSON: one page costs one round trip,
 * and a 20,000-event session joins with 1% of its log.
 */
export const DEFAULT_HISTORY_PAGE_EVENTS = 200;

/** What the events before a page fold into, that the page's own fold needs. */
export interface HistoryBase {
  /** Every participant as the log has them now (names of authors whose join is older than the page). */
  participants: ChatParticipant[];
  /** Time of the log's first event. */
  startedAt: number | null;
  ended: SessionState['ended'];
  transcript: SessionState['transcript'];
  /**
   * The messages (`message.sent` / `file.shared`) that replies of the page quote and that are
   * older than the page, as logged, so that a quote shows although its message is not loaded.
   */
  quoted: SessionEvent[];
}

/**
 * Asks for the page of events just before `before` (the first seq the client holds; its last seq
 * + 1 when it holds none). With `from` (ms since the Unix epoch), only events at or after that
 * time: the relay finds the first of them by time, the client repeats until `more` is false.
 * `clientId` names the request: the answer and any refusal carry it.
 */
export interface HistoryRequestFrame {
  type: 'history';
  clientId: string;
  before: number;
  from?: number;
}

/** The answer to a {@link HistoryRequestFrame}: the newest events before `before` (at most a page), in order. */
export interface HistoryFrame {
  type: 'history';
  clientId: string;
  events: SessionEvent[];
  /** More events (at or after `from`, when it was given) lie before the first one sent. */
  more: boolean;
  /** Messages older than these events that their replies quote (see {@link HistoryBase.quoted}). */
  quoted: SessionEvent[];
}

/** Ids of the messages that `events` reply to and that are not among them: the quotes to send along. */
export function quotedTargets(events: readonly SessionEvent[]): string[] {
  const held = new Set<string>();
  const wanted = new Set<string>();
  for (const event of events) {
    if (event.type === 'message.sent' || event.type === 'file.shared' || event.type === 'transfer.offered') held.add(event.id);
    if (event.type === 'message.sent' && event.replyTo !== undefined && !held.has(event.replyTo)) wanted.add(event.replyTo);
  }
  return [...wanted];
}
