import { html, nothing, type ReactiveController } from 'lit';
import type { ChatMessage } from '../../protocol/index.js';
import type { MessageMatches, SearchChangeEvent } from '../events/search-change.js';
import type { LocalizeController } from '../localize/localize.js';
import type { ChatHost } from './client-follower.js';

/** The search bar is a chunk of its own, fetched when first opened (or hovered). */
const loadSearch = () => import('../session-chat-search/session-chat-search.js');

const NO_MATCHES: ReadonlyMap<string, MessageMatches> = new Map();
/** One empty list, so that a log without messages is not a new list at every render. */
const NO_MESSAGES: readonly ChatMessage[] = [];

/**
 * Search in the conversation: the "Search" button, the search bar, and the matches it reports,
 * which the messages mark. The current match is scrolled into view.
 */
export class SearchController implements ReactiveController {
  open = false;
  private matches = NO_MATCHES;
  private current: { messageId: string; index: number } | null = null;
  private readonly host: ChatHost;
  /** The log stops following its end (the user looks at an older message). */
  private readonly leaveEnd: () => void;

  constructor(host: ChatHost, leaveEnd: () => void) {
    this.host = host;
    this.leaveEnd = leaveEnd;
    host.addController(this);
  }

  hostConnected(): void {}

  private readonly toggle = async (): Promise<void> => {
    if (this.open) {
      this.close();
      return;
    }
    await loadSearch();
    this.open = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>('session-chat-search')?.focus();
  };

  private readonly close = (): void => {
    this.open = false;
    this.matches = NO_MATCHES;
    this.current = null;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>('[part~="search-button"]')?.focus());
  };

  private readonly onChange = (event: SearchChangeEvent): void => {
    event.stopPropagation();
    const { matches, current } = event.detail;
    const moved = current?.messageId !== this.current?.messageId || current?.index !== this.current?.index;
    if (!moved && matches.size === 0 && this.matches.size === 0) return;
    this.matches = matches;
    this.current = current;
    this.host.requestUpdate();
    if (moved && current) void this.reveal(current.messageId);
  };

  /** Scrolls the current match (in its message) to the middle of the log. */
  private async reveal(messageId: string): Promise<void> {
    await this.host.updateComplete;
    const message = [...this.host.renderRoot.querySelectorAll('session-chat-message')].find((m) => m.message?.id === messageId);
    if (!message) return;
    await message.updateComplete;
    this.leaveEnd();
    (message.shadowRoot?.querySelector('mark.current') ?? message).scrollIntoView({ block: 'center' });
  }

  /** A message's matches (the same object until the matches change), or null. */
  matchesIn(message: ChatMessage): MessageMatches | null {
    return this.matches.get(message.id) ?? null;
  }

  /** Which of a message's matches is the current one; -1 when none is. */
  currentIn(message: ChatMessage): number {
    return this.current?.messageId === message.id ? this.current.index : -1;
  }

  renderButton(l: LocalizeController) {
    return html`<button
      type="button"
      class="tool"
      part="search-button"
      aria-label=${l.term('search.open')}
      title=${l.term('search.open')}
      aria-expanded=${this.open ? 'true' : 'false'}
      @click=${this.toggle}
      @pointerenter=${loadSearch}
    ><span aria-hidden="true">⌕</span></button>`;
  }

  renderBar(messages: readonly ChatMessage[]) {
    return this.open
      ? html`<session-chat-search
          part="search"
          exportparts="search-input, search-count"
          .messages=${messages.length ? messages : NO_MESSAGES}
          @search-change=${this.onChange}
          @close=${this.close}
        ></session-chat-search>`
      : nothing;
  }
}
