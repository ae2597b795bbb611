import type { ReactiveController } from 'lit';
import type { ChatMessage, ChatParticipant } from '../../../protocol/index.js';
import type { ChatHost } from '../../shared/client-follower.js';
import type { MessageMatches, ChatSearchChangeEvent } from '../../shared/events/chat-search-change.js';
import './session-chat-search.js';
import type { SessionChatSearch } from './session-chat-search.component.js';
import type { FilterAuthor } from './search-filters.js';
import { NO_FILTER } from './message-filter.js';

const NO_MATCHES: ReadonlyMap<string, MessageMatches> = new Map();
/** One empty list, so that a log without messages is not a new list at every update. */
const NO_MESSAGES: readonly ChatMessage[] = [];
const NO_AUTHORS: readonly FilterAuthor[] = [];

/** What the search needs of the log: leaving its end, and a message's element to scroll to. */
export interface SearchLog {
  /** The log follows its newest message; the search sets it false while it shows a match. */
  atEnd: boolean;
  /** Back to the newest message (when the filters change and no match is current). */
  scrollToLatest(): void;
  messageElement(id: string): (HTMLElement & { readonly updateComplete: Promise<boolean> }) | undefined;
}

/** What `<session-chat>` asks of its search once loaded (see `SearchController`). */
export interface SearchFeature {
  readonly open: boolean;
  readonly bar: SessionChatSearch;
  toggle(): void;
  matchesIn(message: ChatMessage): MessageMatches | null;
  currentIn(message: ChatMessage): number;
  /** Ids of the messages the filters keep; null while no filter is on. */
  shown(): ReadonlySet<string> | null;
  /** Turns the filters off when they hide this message (of the log): true once the log shows it again. */
  unhide(messageId: string): Promise<boolean>;
}

/**
 * Search in the conversation, loaded on first use: the search bar (kept up to date with the
 * messages and the participants), the matches it reports, which the messages mark, the current
 * match scrolled into view (the log stops following its end meanwhile), and the messages its
 * filters keep, which are all the log shows while a filter is on.
 */
export function createSearch(host: ChatHost, log: () => SearchLog | null | undefined): SearchFeature {
  let matches = NO_MATCHES;
  let current: { messageId: string; index: number } | null = null;
  let shown: ReadonlySet<string> | null = null;
  let filter = NO_FILTER;
  const bar = document.createElement('session-chat-search');
  bar.setAttribute('part', 'search');
  bar.setAttribute('exportparts', 'search-input, search-count, search-filter, search-from, search-clear');

  const button = () => host.renderRoot.querySelector<HTMLElement>('[part~="search-button"]');

  /** Scrolls the current match (in its message) to the middle of the log. */
  const reveal = async (messageId: string): Promise<void> => {
    await host.updateComplete;
    const shown = log();
    const message = shown?.messageElement(messageId);
    if (!shown || !message) return;
    await message.updateComplete;
    shown.atEnd = false;
    (message.shadowRoot?.querySelector('mark.current') ?? message).scrollIntoView({ block: 'center' });
  };

  bar.addEventListener('chat-search-change', (event: ChatSearchChangeEvent) => {
    event.stopPropagation();
    const next = event.detail.current;
    const moved = next?.messageId !== current?.messageId || next?.index !== current?.index;
    // The user changed the filters (not a message that came in under them).
    const refiltered = bar.filter !== filter;
    filter = bar.filter;
    if (!moved && !refiltered && event.detail.matches.size === 0 && matches.size === 0 && !event.detail.shown && !shown) return;
    matches = event.detail.matches;
    current = next;
    shown = event.detail.shown;
    host.requestUpdate();
    if (moved && next) void reveal(next.messageId);
    else if (refiltered && !next) void host.updateComplete.then(() => log()?.scrollToLatest());
  });

  const feature = {
    open: false,
    bar,
    toggle(): void {
      feature.open = !feature.open;
      matches = NO_MATCHES;
      current = null;
      shown = null;
      if (!feature.open) bar.reset();
      host.requestUpdate();
      void host.updateComplete.then(() => (feature.open ? bar.focus() : button()?.focus()));
    },
    matchesIn: (message: ChatMessage) => matches.get(message.id) ?? null,
    currentIn: (message: ChatMessage) => (current?.messageId === message.id ? current.index : -1),
    shown: () => shown,
    async unhide(messageId: string): Promise<boolean> {
      if (!shown || shown.has(messageId) || !bar.messages.some((m) => m.id === messageId)) return false;
      bar.filter = NO_FILTER;
      await bar.updateComplete;
      await host.updateComplete;
      return true;
    },
  };
  bar.addEventListener('chat-search-close', () => feature.open && feature.toggle());

  // The bar searches the messages as they are now, at every update of the element, and offers
  // everyone who took part (also those who left) in "From".
  let participants: readonly ChatParticipant[] | null = null;
  const follower: ReactiveController = {
    hostUpdate() {
      const state = host.client?.state;
      bar.messages = state?.messages ?? NO_MESSAGES;
      if (state?.participants === participants) return;
      participants = state?.participants ?? null;
      const me = host.client?.me?.id;
      bar.authors = participants?.map(({ id, name }) => ({ id, name, me: id === me })) ?? NO_AUTHORS;
    },
  };
  host.addController(follower);
  follower.hostUpdate!();
  return feature;
}
