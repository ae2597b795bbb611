import type { ReactiveController } from 'lit';
import type { ChatMessage } from '../../../protocol/index.js';
import type { ChatHost } from '../../shared/client-follower.js';
import type { MessageMatches, ChatSearchChangeEvent } from '../../shared/events/chat-search-change.js';
import './session-chat-search.js';
import type { SessionChatSearch } from './session-chat-search.component.js';

const NO_MATCHES: ReadonlyMap<string, MessageMatches> = new Map();
/** One empty list, so that a log without messages is not a new list at every update. */
const NO_MESSAGES: readonly ChatMessage[] = [];

/** What the search needs of the log: leaving its end, and a message's element to scroll to. */
export interface SearchLog {
  /** The log follows its newest message; the search sets it false while it shows a match. */
  atEnd: boolean;
  messageElement(id: string): (HTMLElement & { readonly updateComplete: Promise<boolean> }) | undefined;
}

/** What `<session-chat>` asks of its search once loaded (see `SearchController`). */
export interface SearchFeature {
  readonly open: boolean;
  readonly bar: SessionChatSearch;
  toggle(): void;
  matchesIn(message: ChatMessage): MessageMatches | null;
  currentIn(message: ChatMessage): number;
}

/**
 * Search in the conversation, loaded on first use: the search bar (kept up to date with the
 * messages), the matches it reports, which the messages mark, and the current match scrolled
 * into view; the log stops following its end meanwhile.
 */
export function createSearch(host: ChatHost, log: () => SearchLog | null | undefined): SearchFeature {
  let matches = NO_MATCHES;
  let current: { messageId: string; index: number } | null = null;
  const bar = document.createElement('session-chat-search');
  bar.setAttribute('part', 'search');
  bar.setAttribute('exportparts', 'search-input, search-count');

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
    if (!moved && event.detail.matches.size === 0 && matches.size === 0) return;
    matches = event.detail.matches;
    current = next;
    host.requestUpdate();
    if (moved && next) void reveal(next.messageId);
  });

  const feature = {
    open: false,
    bar,
    toggle(): void {
      feature.open = !feature.open;
      matches = NO_MATCHES;
      current = null;
      if (!feature.open) bar.reset();
      host.requestUpdate();
      void host.updateComplete.then(() => (feature.open ? bar.focus() : button()?.focus()));
    },
    matchesIn: (message: ChatMessage) => matches.get(message.id) ?? null,
    currentIn: (message: ChatMessage) => (current?.messageId === message.id ? current.index : -1),
  };
  bar.addEventListener('chat-search-close', () => feature.open && feature.toggle());

  // The bar searches the messages as they are now, at every update of the element.
  const follower: ReactiveController = {
    hostUpdate() {
      bar.messages = host.client?.state.messages ?? NO_MESSAGES;
    },
  };
  host.addController(follower);
  follower.hostUpdate!();
  return feature;
}
