import { html, nothing, type ReactiveController } from 'lit';
import type { ChatMessage } from '../../protocol/index.js';
import type { MessageMatches } from '../shared/events/chat-search-change.js';
import type { LocalizeController } from '../shared/localize/localize.js';
import type { SearchFeature, SearchLog } from './session-chat-search/search-feature.js';
import type { ChatHost } from '../shared/client-follower.js';
import { SEARCH, icon } from '../shared/icons.js';

/** The search bar and its logic are a chunk of its own, fetched when first opened (or hovered). */
const loadSearch = () => import('./session-chat-search/search-feature.js');

/**
 * The "Search" button of the header; the bar, its matches, its filters and the scrolling to them
 * come with the chunk. Until then (and while closed) no message has a match and none is hidden.
 */
export class SearchController implements ReactiveController {
  private feature: SearchFeature | null = null;
  private readonly host: ChatHost;
  /** The log: the current match scrolls into view there (and it stops following its end). */
  private readonly log: () => SearchLog | null | undefined;

  constructor(host: ChatHost, log: () => SearchLog | null | undefined) {
    this.host = host;
    this.log = log;
    host.addController(this);
  }

  hostConnected(): void {}

  private readonly toggle = async (): Promise<void> => {
    const { createSearch } = await loadSearch();
    this.feature ??= createSearch(this.host, this.log);
    this.feature.toggle();
  };

  /** A message's matches (the same object until the matches change), or null. */
  matchesIn(message: ChatMessage): MessageMatches | null {
    return this.feature?.matchesIn(message) ?? null;
  }

  /** Which of a message's matches is the current one; -1 when none is. */
  currentIn(message: ChatMessage): number {
    return this.feature?.currentIn(message) ?? -1;
  }

  /** Ids of the messages the search's filters keep; null (every message) while none is on. */
  shown(): ReadonlySet<string> | null {
    return this.feature?.shown() ?? null;
  }

  /** Turns the filters off when they hide a message that is to be shown (a quote's target, a reminder's message). */
  unhide(messageId: string): Promise<boolean> {
    return this.feature?.unhide(messageId) ?? Promise.resolve(false);
  }

  renderButton(l: LocalizeController) {
    const name = l.term('search.open');
    return html`<button type="button" class="icon" part="search-button" aria-label=${name} title=${name}
      aria-expanded=${this.feature?.open ? 'true' : 'false'} @click=${this.toggle} @pointerenter=${loadSearch}>${icon(SEARCH)}</button>`;
  }

  /** The bar, below the header, while open. */
  renderBar() {
    return this.feature?.open ? this.feature.bar : nothing;
  }
}
