/** A matched range `[start, end)` of a string, in UTF-16 units of the original text. */
export type MatchRange = readonly [start: number, end: number];

/** The matches of one message: in its file's name, then in its text (caption). */
export interface MessageMatches {
  file: readonly MatchRange[];
  text: readonly MatchRange[];
  /**
   * Renders a piece of the message's text that starts at `base`, its matches in `<mark>` (the
   * one numbered `current`, counting the file's first, as the current match). Text parts only.
   */
  mark(piece: string, base: number, current: number): unknown;
  /** Renders the file's name with its matches in `<mark>` (`current` as for `mark`). */
  markName(name: string, current: number): unknown;
}

export interface ChatSearchChangeEventDetail {
  /** What was typed (empty when the search closed). */
  query: string;
  /** Matches by message id; messages without a match are absent. */
  matches: ReadonlyMap<string, MessageMatches>;
  /** How many matches in all. */
  count: number;
  /** The current match: its message and its index among that message's matches (file first). */
  current: { messageId: string; index: number } | null;
  /** Ids of the messages the filters (kind, author) keep; null while no filter is on (the log shows every message). */
  shown: ReadonlySet<string> | null;
}

/** The search bar found matches, moved to another one or changed its filters; `<session-chat>` marks, hides and scrolls. */
export class ChatSearchChangeEvent extends CustomEvent<ChatSearchChangeEventDetail> {
  constructor(detail: ChatSearchChangeEventDetail) {
    super('chat-search-change', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-search-change': ChatSearchChangeEvent;
  }
}
