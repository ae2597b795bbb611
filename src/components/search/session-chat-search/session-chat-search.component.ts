import { LitElement, css, html, type PropertyValues } from 'lit';
import { ChatSearchCloseEvent } from '../../shared/events/chat-search-close.js';
import { property, query, state } from 'lit/decorators.js';
import type { ChatMessage } from '../../../protocol/index.js';
import { ChatSearchChangeEvent, type MatchRange, type MessageMatches } from '../../shared/events/chat-search-change.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import { themeStyles } from '../../shared/theme.styles.js';
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
 * match count ("2 of 5") and previous / next buttons. Enter goes to the next match, Shift+Enter
 * to the previous, Escape closes. Loaded on first use.
 *
 * @event chat-search-change - The matches or the current match changed. `detail: { query, matches, count, current }`.
 * @event chat-search-close - The user closed the bar (Escape or the close button).
 *
 * @csspart search-input - The search field.
 * @csspart search-count - "2 of 5" or "No matches" (a polite live region).
 */
export class SessionChatSearch extends LitElement {
  static override styles = [
    themeStyles,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: 0.25rem;
        padding: 0.375rem var(--_space);
        border-bottom: 1px solid var(--_border);
      }
      input {
        flex: 1 1 auto;
        min-width: 0;
        min-height: 2rem;
        padding: 0.25rem 0.5rem;
        border: 1px solid var(--_border);
        border-radius: 0.375rem;
        background: var(--_input-bg);
        color: var(--_color);
        font: inherit;
      }
      .count {
        flex: none;
        color: var(--_muted);
        font-size: 0.8125em;
        white-space: nowrap;
      }
      button {
        flex: none;
        min-width: 2rem;
        min-height: 2rem;
        border: 0;
        border-radius: 0.375rem;
        background: transparent;
        color: inherit;
        font: inherit;
        cursor: pointer;
      }
      button:hover:not(:disabled) {
        background: var(--_border);
      }
      button:disabled {
        cursor: default;
        opacity: 0.5;
      }
    `,
  ];

  private readonly localize = new LocalizeController(this);
  private readonly folded = new WeakMap<ChatMessage, FoldedMessage>();

  @query('input') private input!: HTMLInputElement;

  @state() private query = '';
  /** Every match in log order: its message and its index within that message. */
  @state() private hits: { messageId: string; index: number }[] = [];
  @state() private position = -1;
  private found: ReadonlyMap<string, MessageMatches> = new Map();

  /** The conversation's messages, in log order. */
  @property({ attribute: false }) messages: readonly ChatMessage[] = [];

  /** Forgets the query: the bar opens empty next time. */
  reset(): void {
    this.query = '';
  }

  /** Moves the focus to the search field. */
  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!changed.has('messages') && !changed.has('query')) return;
    const before = this.hits[this.position];
    const query = foldForSearch(this.query.trim());
    const matches = new Map<string, MessageMatches>();
    const hits: { messageId: string; index: number }[] = [];
    if (query) {
      for (const message of this.messages) {
        if (message.deleted) continue;
        const folded = this.foldedOf(message);
        const file: MatchRange[] = message.file && folded.file ? findMatches(displayName(message.file.name), query, folded.file) : [];
        const text = findMatches(message.text, query, folded.text);
        const count = file.length + text.length;
        if (!count) continue;
        matches.set(message.id, {
          file,
          text,
          mark: (piece, base, current) => markText(piece, text, current, base, file.length),
          markName: (name, current) => markText(displayName(name), file, current),
        });
        for (let index = 0; index < count; index++) hits.push({ messageId: message.id, index });
      }
    }
    // New messages keep the current match where it was; a new query starts at the first one.
    let position = hits.length ? 0 : -1;
    if (!changed.has('query') && before) {
      const kept = hits.findIndex((h) => h.messageId === before.messageId && h.index === before.index);
      if (kept >= 0) position = kept;
    }
    this.hits = hits;
    this.position = position;
    this.found = matches;
    this.dispatchEvent(new ChatSearchChangeEvent({ query: this.query, matches, count: hits.length, current: hits[position] ?? null }));
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
    this.dispatchEvent(new ChatSearchChangeEvent({ query: this.query, matches: this.found, count, current: this.hits[this.position]! }));
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

  override render() {
    const l = this.localize;
    const count = this.hits.length;
    const status = !this.query.trim() ? '' : count ? l.term('search.position', { index: this.position + 1, count }) : l.term('search.none');
    return html`
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
      <span class="count" part="search-count" role="status">${status}</span>
      <button type="button" aria-label=${l.term('search.previous')} title=${l.term('search.previous')} ?disabled=${!count} @click=${() => this.move(-1)}>
        ${icon(UP)}
      </button>
      <button type="button" aria-label=${l.term('search.next')} title=${l.term('search.next')} ?disabled=${!count} @click=${() => this.move(1)}>
        ${icon(DOWN)}
      </button>
      <button type="button" aria-label=${l.term('search.close')} title=${l.term('search.close')} @click=${() => this.dispatchEvent(new ChatSearchCloseEvent())}>
        ${icon(CLOSE)}
      </button>
    `;
  }
}
