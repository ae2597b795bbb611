import { LitElement, html, type PropertyValues } from 'lit';
import { ChatSearchCloseEvent } from '../../shared/events/chat-search-close.js';
import { property, query, state } from 'lit/decorators.js';
import type { ChatMessage } from '../../../protocol/index.js';
import { ChatSearchChangeEvent, type MatchRange, type MessageMatches } from '../../shared/events/chat-search-change.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { sessionChatSearchStyles } from './session-chat-search.styles.js';
import { NO_FILTER, isFiltering, passes, type MessageFilter, type MessageKind } from './message-filter.js';
import { authorName, kindName, renderFilters, type FilterAuthor } from './search-filters.js';
import { markText } from './text-marks.js';
import { findMatches, foldForSearch, foldWithMap, type FoldedText } from './text-search.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';
import { displayName } from '../../shared/display-name.js';
import { CLOSE, icon } from '../../shared/icons.js';
import { DOWN, UP } from '../../shared/icons-lazy.js';

/** Folded texts of a message (file name, text), computed once per message object. */
interface FoldedMessage {
  file: FoldedText | null;
  text: FoldedText;
}

/**
 * @summary The search bar of the conversation: a "Search" field that finds text in messages and
 * in shared files' names as you type, ignoring case and accents ("cafe" finds "Café"), with the
 * match count ("2 of 5") and previous / next buttons; below it, filters that narrow the log to
 * the messages of one kind ("All", "Files", "Images", "Links") and of one participant ("From"),
 * and "Clear all". Search and filters combine: the matches are counted and stepped through in the
 * messages the filters keep. Enter goes to the next match, Shift+Enter to the previous, Escape
 * closes. Loaded on first use.
 *
 * @event chat-search-change - The matches, the current match or the filtered messages changed. `detail: { query, matches, count, current, shown }`.
 * @event chat-search-close - The user closed the bar (Escape or the close button).
 *
 * @csspart search-input - The search field.
 * @csspart search-count - "2 of 5", "No matches", "3 of 12 messages" or "No messages match" (a polite live region; it also names the filters to screen readers).
 * @csspart search-filter - Each kind's toggle button ("All", "Files", "Images", "Links"; `aria-pressed`).
 * @csspart search-from - The "From" list of participants.
 * @csspart search-clear - The "Clear all" button.
 */
export class SessionChatSearch extends LitElement {
  static override styles = [themeStyles, sessionChatSearchStyles];

  private readonly localize = new LocalizeController(this);
  private readonly folded = new WeakMap<ChatMessage, FoldedMessage>();

  @query('input') private input!: HTMLInputElement;

  @state() private query = '';
  /** Every match in log order: its message and its index within that message. */
  @state() private hits: { messageId: string; index: number }[] = [];
  @state() private position = -1;
  private found: ReadonlyMap<string, MessageMatches> = new Map();
  /** The messages the filters keep (null: no filter), and how many could be shown. */
  private shown: ReadonlySet<string> | null = null;
  private total = 0;

  /** The conversation's messages, in log order. */
  @property({ attribute: false }) messages: readonly ChatMessage[] = [];
  /** Who the "From" list offers, in the order given. */
  @property({ attribute: false }) authors: readonly FilterAuthor[] = [];
  /** The filters in effect; the bar's buttons and "From" list set them. */
  @property({ attribute: false }) filter: MessageFilter = NO_FILTER;

  /** Forgets the query and the filters: the bar opens empty next time. */
  reset(): void {
    this.query = '';
    this.filter = NO_FILTER;
  }

  /** Moves the focus to the search field. */
  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!changed.has('messages') && !changed.has('query') && !changed.has('filter')) return;
    const before = this.hits[this.position];
    const query = foldForSearch(this.query.trim());
    const filtering = isFiltering(this.filter);
    const shown = filtering ? new Set<string>() : null;
    const matches = new Map<string, MessageMatches>();
    const hits: { messageId: string; index: number }[] = [];
    let total = 0;
    for (const message of this.messages) {
      if (message.deleted) continue;
      total++;
      if (shown) {
        if (!passes(message, this.filter)) continue;
        shown.add(message.id);
      }
      const found = query ? this.matchesOf(message, query) : null;
      if (!found) continue;
      matches.set(message.id, found.matches);
      for (let index = 0; index < found.count; index++) hits.push({ messageId: message.id, index });
    }
    // New messages keep the current match where it was; a new query or filter starts at the first one.
    let position = hits.length ? 0 : -1;
    if (!changed.has('query') && !changed.has('filter') && before) {
      const kept = hits.findIndex((h) => h.messageId === before.messageId && h.index === before.index);
      if (kept >= 0) position = kept;
    }
    this.hits = hits;
    this.position = position;
    this.found = matches;
    this.shown = shown;
    this.total = total;
    this.dispatchEvent(new ChatSearchChangeEvent({ query: this.query, matches, count: hits.length, current: hits[position] ?? null, shown }));
  }

  /** A message's matches of an already folded query, or null when it has none. */
  private matchesOf(message: ChatMessage, query: string): { matches: MessageMatches; count: number } | null {
    const folded = this.foldedOf(message);
    const file: MatchRange[] = message.file && folded.file ? findMatches(displayName(message.file.name), query, folded.file) : [];
    const text = findMatches(message.text, query, folded.text);
    const count = file.length + text.length;
    if (!count) return null;
    return {
      count,
      matches: {
        file,
        text,
        mark: (piece, base, current) => markText(piece, text, current, base, file.length),
        markName: (name, current) => markText(displayName(name), file, current),
      },
    };
  }

  private foldedOf(message: ChatMessage): FoldedMessage {
    let folded = this.folded.get(message);
    if (!folded) {
      // File names are searched as shown (see displayName), so that marks fall on what is seen.
      folded = { file: message.file ? foldWithMap(displayName(message.file.name)) : null, text: foldWithMap(message.text) };
      this.folded.set(message, folded);
    }
    return folded;
  }

  private move(step: number): void {
    const count = this.hits.length;
    if (!count) return;
    this.position = (this.position + step + count) % count;
    this.dispatchEvent(
      new ChatSearchChangeEvent({ query: this.query, matches: this.found, count, current: this.hits[this.position]!, shown: this.shown }),
    );
  }

  private onInput(): void {
    this.query = this.input.value;
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      this.move(event.shiftKey ? -1 : 1);
    }
  }

  private readonly setKind = (kind: MessageKind): void => {
    this.filter = { ...this.filter, kind };
  };

  private readonly setFrom = (from: string | null): void => {
    this.filter = { ...this.filter, from };
  };

  /** "Clear all": the query and the filters go, the field takes the focus (the button is disabled then). */
  private readonly clear = (): void => {
    this.reset();
    this.focus();
  };

  /** Escape closes the bar wherever the focus is in it (the field or one of its buttons). */
  private readonly onEscape = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    this.dispatchEvent(new ChatSearchCloseEvent());
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onEscape);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onEscape);
  }

  /** The count, and for screen readers which filters it is under ("Files, from Ann:"). */
  private renderStatus() {
    const l = this.localize;
    const count = this.hits.length;
    const shown = this.shown;
    let status = '';
    if (this.query.trim()) status = count ? l.term('search.position', { index: this.position + 1, count }) : l.term(shown?.size === 0 ? 'search.noMessages' : 'search.none');
    else if (shown) {
      status = shown.size ? l.plural('search.shown', this.total, { count: l.number(shown.size), total: l.number(this.total) }) : l.term('search.noMessages');
    }
    if (!shown) return status;
    const { kind, from } = this.filter;
    const author = this.authors.find((a) => a.id === from);
    const filters = [kind === 'all' ? '' : kindName(l, kind), author ? l.term('search.fromName', { name: authorName(l, author) }) : ''].filter(Boolean).join(', ');
    return html`<span class="visually-hidden">${l.term('search.filtered', { filters })} </span>${status}`;
  }

  override render() {
    const l = this.localize;
    const count = this.hits.length;
    return html`
      <div class="row">
        <input
          type="search"
          part="search-input"
          aria-label=${l.term('search.open')}
          placeholder=${l.term('search.open')}
          autocomplete="off"
          .value=${this.query}
          @input=${this.onInput}
          @keydown=${this.onKeyDown}
        />
        <span class="count" part="search-count" role="status">${this.renderStatus()}</span>
        <button type="button" aria-label=${l.term('search.previous')} title=${l.term('search.previous')} ?disabled=${!count} @click=${() => this.move(-1)}>
          ${icon(UP)}
        </button>
        <button type="button" aria-label=${l.term('search.next')} title=${l.term('search.next')} ?disabled=${!count} @click=${() => this.move(1)}>
          ${icon(DOWN)}
        </button>
        <button type="button" aria-label=${l.term('search.close')} title=${l.term('search.close')} @click=${() => this.dispatchEvent(new ChatSearchCloseEvent())}>
          ${icon(CLOSE)}
        </button>
      </div>
      ${renderFilters(l, {
        filter: this.filter,
        authors: this.authors,
        clearable: this.query !== '' || this.shown !== null,
        kind: this.setKind,
        from: this.setFrom,
        clear: this.clear,
      })}
    `;
  }
}
