import type { ReactiveController } from 'lit';
import type { ChatMessage } from '../../protocol/index.js';
import type { ChatHost } from '../controllers/client-follower.js';
import type { MessageMatches, SearchChangeEvent } from '../events/search-change.js';
import './session-chat-search.js';
import type { SessionChatSearch } from './session-chat-search.component.js';

const NO_MATCHES: ReadonlyMap<string, MessageMatches> = new Map();
/** One empty list, so that a log without messages is not a new list at every update. */
const NO_MESSAGES: readonly ChatMessage[] = [];

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
 * into view. `leaveEnd` stops the log from following its end meanwhile.
 */
export function createSearch(host: ChatHost, leaveEnd: () => void): SearchFeature {
  let matches = NO_MATCHES;
  let current: { messageId: string; index: number } | null = null;
  const bar = document.createElement('session-chat-search');
  bar.setAttribute('part', 'search');
  bar.setAttribute('exportparts', 'search-input, search-count');

  const button = () => host.renderRoot.querySelector<HTMLElement>('[part~="search-button"]');

  /** Scrolls the current match (in its message) to the middle of the log. */
  const reveal = async (messageId: string): Promise<void> => {
    await host.updateComplete;
    const message = [...host.renderRoot.querySelectorAll('session-chat-message')].find((m) => m.message?.id === messageId);
    if (!message) return;
    await message.updateComplete;
    leaveEnd();
    (message.shadowRoot?.querySelector('mark.current') ?? message).scrollIntoView({ block: 'center' });
  };

  bar.addEventListener('search-change', (event: SearchChangeEvent) => {
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
  bar.addEventListener('close', () => feature.open && feature.toggle());

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
