import { html } from 'lit';
import type { LocalizeController } from '../../shared/localize/localize.js';
import type { TranslationKey } from '../../shared/localize/en.js';
import { MESSAGE_KINDS, type MessageFilter, type MessageKind } from './message-filter.js';

/** A participant the "From" list offers. */
export interface FilterAuthor {
  id: string;
  name: string;
  /** The participant using the widget (shown as "Ann (you)"). */
  me: boolean;
}

const KIND_TERMS = {
  all: 'search.kind.all',
  files: 'search.kind.files',
  images: 'search.kind.images',
  links: 'search.kind.links',
} as const satisfies Record<MessageKind, TranslationKey>;

/** What the filters' row shows and where it reports. */
export interface FiltersView {
  filter: MessageFilter;
  authors: readonly FilterAuthor[];
  /** There is a query or a filter to clear. */
  clearable: boolean;
  kind(kind: MessageKind): void;
  from(id: string | null): void;
  clear(): void;
}

/** The name of a kind's button ("All", "Files", "Images", "Links"). */
export function kindName(l: LocalizeController, kind: MessageKind): string {
  return l.term(KIND_TERMS[kind]);
}

/** A participant's name as the "From" list shows it. */
export function authorName(l: LocalizeController, author: FilterAuthor): string {
  return author.me ? l.term('you', { name: author.name }) : author.name;
}

/**
 * Arrow keys move along the kind buttons (Home and End to the ends), in the reading direction:
 * in right-to-left text the right arrow goes back. Tab still reaches each of them.
 */
function moveAlong(event: KeyboardEvent): void {
  const group = event.currentTarget as HTMLElement;
  const buttons = [...group.querySelectorAll('button')];
  const at = buttons.indexOf(event.target as HTMLButtonElement);
  if (at < 0) return;
  const rtl = getComputedStyle(group).direction === 'rtl';
  const steps: Record<string, number> = { ArrowLeft: rtl ? 1 : -1, ArrowRight: rtl ? -1 : 1, ArrowUp: -1, ArrowDown: 1 };
  let next: number;
  if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = buttons.length - 1;
  else if (event.key in steps) next = (at + steps[event.key]! + buttons.length) % buttons.length;
  else return;
  event.preventDefault();
  buttons[next]!.focus();
}

/**
 * The filters' row of the search bar: the kinds as toggle buttons in a group ("All", "Files",
 * "Images", "Links"; pressing the pressed one goes back to "All"), "From" (everyone or one
 * participant) and "Clear all" (the query and the filters).
 */
export function renderFilters(l: LocalizeController, view: FiltersView) {
  const { filter } = view;
  return html`<div class="row filters">
    <div class="kinds" role="group" aria-label=${l.term('search.show')} @keydown=${moveAlong}>
      ${MESSAGE_KINDS.map(
        (kind) =>
          html`<button type="button" part="search-filter" aria-pressed=${filter.kind === kind ? 'true' : 'false'} @click=${() => view.kind(filter.kind === kind ? 'all' : kind)}>
            ${kindName(l, kind)}
          </button>`,
      )}
    </div>
    <span class="from">
      <label for="search-from">${l.term('search.from')}</label>
      <select id="search-from" part="search-from" @change=${(event: Event) => view.from((event.target as HTMLSelectElement).value || null)}>
        <option value="" .selected=${filter.from === null}>${l.term('search.everyone')}</option>
        ${view.authors.map((author) => html`<option value=${author.id} .selected=${filter.from === author.id}>${authorName(l, author)}</option>`)}
      </select>
    </span>
    <button type="button" class="clear" part="search-clear" ?disabled=${!view.clearable} @click=${view.clear}>${l.term('search.clear')}</button>
  </div>`;
}
