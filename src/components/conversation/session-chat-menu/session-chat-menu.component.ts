import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { ChatMenuCloseEvent } from '../../shared/events/chat-menu-close.js';
import { property, query } from 'lit/decorators.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { moveMenuFocus, placePopover } from './menu-navigation.js';
import { sessionChatMenuStyles } from './session-chat-menu.styles.js';
// The strings of the menus (their items are labelled by the message) load with them.
import '../../shared/localize/en-more.js';

/** One item of a {@link SessionChatMenu}. */
export interface MenuItem {
  label: string;
  /** Runs when the item is chosen, after the menu asked to close (unless `submenu`). */
  run: () => void;
  /** The item opens another menu in its place: the menu stays open and says so (`aria-haspopup`). */
  submenu?: boolean;
}

/**
 * @summary A menu (`role="menu"`) shown in the top layer next to its anchor: arrow keys, Home
 * and End move, Enter and Space choose, Escape and Tab close. It only shows and reports; its
 * owner removes it on `close`. Loaded on first use, not with the widget.
 *
 * @event chat-menu-close - The menu should close: an item was chosen, or Escape or Tab was pressed (`detail.refocus` is true: give the focus back to the anchor), or the user pressed outside (`detail.refocus` is false).
 *
 * @csspart menu - The menu.
 * @csspart menu-item - One item.
 */
export class SessionChatMenu extends LitElement {
  static override styles = [themeStyles, sessionChatMenuStyles];

  @query('[role="menu"]') private menu!: HTMLElement;

  /** The items, in order. */
  @property({ attribute: false }) items: readonly MenuItem[] = [];

  /** The menu's accessible name; a new label (another menu in the same place) focuses the first item again. */
  @property() label = '';

  /** `horizontal` lays the items out in a wrapping row. */
  @property({ reflect: true }) orientation: 'vertical' | 'horizontal' = 'vertical';

  /** The element the menu opens next to (and that toggles it: pressing it is not "outside"). */
  @property({ attribute: false }) anchor: Element | null = null;

  /** Align the menu with the anchor's start edge instead of its end edge. */
  @property({ type: Boolean, attribute: 'align-start' }) alignStart = false;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.onOutsidePointer, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
  }

  protected override updated(changed: PropertyValues<this>): void {
    const menu = this.menu;
    if (!menu.matches(':popover-open')) menu.showPopover?.();
    if (this.anchor) placePopover(menu, this.anchor, this.alignStart);
    if (changed.has('label')) menu.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }

  private requestClose(refocus: boolean): void {
    this.dispatchEvent(new ChatMenuCloseEvent({ refocus }));
  }

  private readonly onOutsidePointer = (event: PointerEvent): void => {
    const path = event.composedPath();
    if (!path.includes(this) && !(this.anchor && path.includes(this.anchor))) this.requestClose(false);
  };

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      this.requestClose(true);
      return;
    }
    moveMenuFocus(this.menu, event);
  }

  private choose(item: MenuItem): void {
    if (!item.submenu) this.requestClose(true);
    item.run();
  }

  override render() {
    return html`<div part="menu" role="menu" popover="manual" aria-label=${this.label} aria-orientation=${this.orientation} @keydown=${this.onKeyDown}>
      ${this.items.map(
        (item) => html`<button
          type="button"
          role="menuitem"
          part="menu-item"
          tabindex="-1"
          aria-haspopup=${item.submenu ? 'menu' : nothing}
          @click=${() => this.choose(item)}
        >${item.label}</button>`,
      )}
    </div>`;
  }
}
