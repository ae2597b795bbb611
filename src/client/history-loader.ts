import { reduceInPlace, type HistoryFrame, type SessionEvent } from '../protocol/index.js';
import type { HistoryCore, HistoryRange } from './session-history.js';

/**
 * Loading older pages, fetched on the first `loadOlder()` or `history()` (most clients never
 * scroll back): asks the relay for the page before the events held, puts it in front and folds
 * the whole run again from the relay's base, in place (about 27 ms for 20,000 events; the
 * copying `reduce` would take O(n²)), so edits, deletes and reactions whose message arrives later
 * fold as if the log had been read in order.
 */

/** Puts an answer's events in front of those held; false when they do not join up (then asked again). */
function prepend(core: HistoryCore, frame: HistoryFrame): SessionEvent[] | null {
  const first = core.firstSeq();
  const page = frame.events.filter((event) => event.seq < first);
  if (page.length > 0 && page[page.length - 1]!.seq !== first - 1) return null;
  core.quote(frame.quoted);
  if (page.length === 0) return page;
  core.events = page.concat(core.events);
  // The base's lists are new and nobody else holds them: folded in place (later folds copy).
  let state = core.baseState(page[0]!.seq);
  for (const event of core.events) state = reduceInPlace(state, event);
  core.loaded(state, page);
  return page;
}

/** One page before the events held (at or after `from`). */
export async function olderPage(core: HistoryCore, from?: number): Promise<{ events: SessionEvent[]; more: boolean }> {
  for (;;) {
    const frame = await core.ask(from);
    const page = prepend(core, frame);
    if (page) return { events: page, more: frame.more };
  }
}

/** Everything from `from` on (the held events stay one run up to the newest); resolves with the events of the period. */
export async function loadRange(core: HistoryCore, { from, to = Infinity }: HistoryRange): Promise<SessionEvent[]> {
  if (from !== undefined && to <= from) return [];
  while (core.firstSeq() > 1 && (from === undefined || core.events.length === 0 || core.events[0]!.at >= from)) {
    const { more } = await olderPage(core, from);
    if (!more && from !== undefined) break;
  }
  return core.events.filter((event) => (from === undefined || event.at >= from) && event.at < to);
}
