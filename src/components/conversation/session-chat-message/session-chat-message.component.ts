import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { ChatMenuCloseEvent } from '../../shared/events/chat-menu-close.js';
import type { ChatMessage, ParticipantInfo } from '../../../protocol/index.js';
import { ChatIntentEvent, type ChatIntentEventDetail } from '../../shared/events/chat-intent.js';
import { linkify } from '../../shared/linkify.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import { messageExcerpt } from '../../shared/message-excerpt.js';
import { fileCard } from '../../files/session-chat-file-card/file-card-template.js';
import { transferCard } from '../../live-transfers/session-chat-transfer-card/transfer-card-template.js';
import type { MessageMenuView } from './message-menu.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { sessionChatMessageStyles } from './session-chat-message.styles.js';
import type { DeliveryStatus } from '../../../protocol/index.js';
import type { MessageMatches } from '../../shared/events/chat-search-change.js';
import { messageSignalsStyles, renderDelivery, renderPresence, renderReminderMark, type PresenceStatus } from './message-signals.js';
import { isReactionEmoji } from '../../../protocol/emoji.js';
import { MORE, icon } from '../../shared/icons.js';

/** The quick reactions offered before the full picker, in this order. */
export const QUICK_REACTIONS: readonly string[] = ['👍', '❤️', '😂', '😮', '🙏', '✅'];

/** An action a host adds to every message's menu (see `SessionChat.messageActions`). */
export interface MessageActionItem {
  id: string;
  label: string;
}

/** How long a touch must rest on a message to open its menu, and how far it may drift. */
const LONG_PRESS_MS = 500;
const LONG_PRESS_SLOP_PX = 10;

/** The menu (with its items) and the editor are their own chunks, fetched on first use (or first hover/focus of "More actions"). */
let renderMessageMenu: typeof import('./message-menu.js').renderMessageMenu | undefined;
const loadMenu = () => import('./message-menu.js').then((module) => (renderMessageMenu = module.renderMessageMenu));
const loadEditor = () => import('../session-chat-editor/session-chat-editor.js');

/**
 * @summary One message of the log: author, role, time and the text (as text, with http(s) and
 * mailto links made clickable), a quote of the message it replies to, its reactions, an
 * "edited" mark, a tombstone once deleted, and its actions: a "More actions" button (also
 * opened by a long press) with a menu to react, reply, copy, edit, delete and run the host's
 * own actions, and editing in place.
 *
 * The element only reports what the user chose (`chat-intent`); `<session-chat>` decides.
 *
 * @event chat-intent - The user chose an action. `detail` names it (`react`, `pick-emoji`, `reply`, `copy`, `edit`, `delete`, `show-original`, `host-action`) with the message and its arguments.
 *
 * @csspart meta - The line with author, role, time and the actions button.
 * @csspart author - The author's name.
 * @csspart time - The time the relay logged the message.
 * @csspart edited - The "edited" mark (its time on hover and focus).
 * @csspart text - The message text (`white-space: pre-wrap`), or the tombstone.
 * @csspart link - A link found in the text.
 * @csspart deleted - The "Message deleted" tombstone.
 * @csspart quote - The quote of the message replied to (a button that shows the original).
 * @csspart reactions - The row of reaction counts.
 * @csspart reaction - One reaction count (a toggle button).
 * @csspart actions-button - The "More actions" button.
 * @csspart menu - The actions menu and the reactions row (`role="menu"`, in the top layer; from `<session-chat-menu>`).
 * @csspart menu-item - An item of the menu.
 * @csspart editor - The textarea that edits the message in place (from `<session-chat-editor>`).
 *
 * @cssproperty --session-chat-message-background - Background of others' messages.
 * @cssproperty --session-chat-own-message-background - Background of one's own messages.
 * @cssproperty --session-chat-link-color - Color of links in messages.
 * @cssproperty --session-chat-highlight-color - Background a highlighted message fades from.
 */
export class SessionChatMessage extends LitElement implements MessageMenuView {
  static override styles = [themeStyles, sessionChatMessageStyles, messageSignalsStyles];
  // Reactive properties as a table, not decorators: the four parts of the first load saved
  // about 0.7 KB min+gzip this way (the decorators' calls and their code); lazy parts keep them.
  static override properties = {
    menu: { state: true },
    editing: { state: true },
    message: { attribute: false },
    author: { attribute: false },
    own: { type: Boolean, reflect: true },
    pending: { type: Boolean, reflect: true },
    readonly: { type: Boolean, reflect: true },
    highlight: { reflect: true },
    viewerId: { attribute: false },
    canReact: { attribute: false },
    canReply: { attribute: false },
    canEdit: { attribute: false },
    canDelete: { attribute: false },
    hostActions: { attribute: false },
    replyTarget: { attribute: false },
    replyAuthor: { attribute: false },
    nameOf: { attribute: false },
    fileUrl: { attribute: false },
    renditionUrl: { attribute: false },
    presence: { attribute: false },
    delivery: { attribute: false },
    reminderAt: { attribute: false },
    searchMatches: { attribute: false },
    currentMatch: { attribute: false },
  };

  /** @internal The strings (also the menu's, `message-menu.ts`). */
  readonly localize = new LocalizeController(this);

  /** @internal The "More actions" button, where the menu is anchored. */
  get trigger(): HTMLButtonElement | null {
    return this.renderRoot?.querySelector('.more') as HTMLButtonElement | null;
  }

  /** @internal Which menu is open: the actions, or the row of quick reactions. */
  menu: 'actions' | 'react' | null = null;
  private editing = false;
  private pressTimer: ReturnType<typeof setTimeout> | undefined;
  private pressStart: { x: number; y: number } | null = null;
  private touched = false;

  /** The message to show (a folded message, or a pending one shaped like it). */
  message: ChatMessage | null = null;

  /** Who wrote it; null renders "Unknown participant". */
  author: ParticipantInfo | null = null;

  /** The message is this participant's own. */
  own = false;

  /** Typed but not yet acked by the relay: shown greyed with a "Sending…" mark, without actions. */
  pending = false;

  /** Nothing can be done with it any more (the session ended): no "More actions" button, no menu. */
  readonly = false;

  /** A highlight that fades: `notified` (an edit announced to the others) or `target` (a quote led here). */
  highlight: 'notified' | 'target' | null = null;

  /** The participant id of the person using the widget (marks their own reactions as pressed). */
  viewerId = '';

  /** What the viewer may do, as `messagePermissions` says; the relay applies the same rules. */
  canReact = false;
  canReply = false;
  canEdit = false;
  canDelete = false;

  /** The host's own actions, appended to the menu. */
  hostActions: readonly MessageActionItem[] = [];

  /** The message this one replies to (null when it is not in the log), and its author. */
  replyTarget: ChatMessage | null = null;
  replyAuthor: ParticipantInfo | null = null;

  /** Display name of a participant id (for reactions and "deleted by"). */
  nameOf: ((id: string) => string) | null = null;

  /** The download URL of a shared file (`client.fileUrl`), for the file card's Download link. */
  fileUrl: ((fileId: string) => string) | null = null;
  /** The relay's PDF of a shared file where that is its preview, for the card's Preview button. */
  renditionUrl: ((file: { id: string; name: string; type?: string }) => string | undefined) | null = null;

  /** The author's presence, shown as a dot by the name; null shows none. */
  presence: PresenceStatus | null = null;

  /** One's own message's delivery mark (`sent`, `delivered`, `read`); null shows none. */
  delivery: DeliveryStatus | null = null;

  /** When the viewer's reminder on this message is due (a ⏰ mark); null when none is set. */
  reminderAt: number | null = null;

  /** Search matches to mark (file name first, then text), and which of them is current (-1: none). */
  searchMatches: MessageMatches | null = null;
  currentMatch = -1;

  constructor() {
    super();
    this.addEventListener('pointerdown', this.onPointerDown);
    this.addEventListener('pointermove', this.onPointerMove);
    for (const type of ['pointerup', 'pointercancel', 'pointerleave']) this.addEventListener(type, this.cancelPress);
    this.addEventListener('contextmenu', this.onContextMenu);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancelPress();
    this.closeMenu(false);
  }

  protected override willUpdate(changed: PropertyValues): void {
    // A message deleted (or an edit right lost) while its menu or editor is open closes them.
    if (!this.hasActions()) this.closeMenu(false);
    if (this.editing && !(this.canEdit && this.hasActions())) this.editing = false;
    if (changed.has('editing')) this.toggleAttribute('editing', this.editing);
  }

  /* ------------------------------------------------------------------ menu */

  private hasActions(): boolean {
    return !!this.message && !this.message.deleted && !this.pending && !this.readonly;
  }

  private async openMenu(kind: 'actions' | 'react'): Promise<void> {
    await loadMenu();
    if (this.hasActions() && !this.editing) this.menu = kind;
  }

  private closeMenu(focusTrigger: boolean): void {
    if (!this.menu) return;
    // Lit removes the menu (and its popover) from the DOM.
    this.menu = null;
    if (focusTrigger) this.trigger?.focus();
  }

  /** @internal Also used by the menu (`message-menu.ts`). */
  onMenuClose(event: ChatMenuCloseEvent): void {
    this.closeMenu(event.detail.refocus);
  }

  private onMoreClick(): void {
    if (this.menu) this.closeMenu(true);
    else void this.openMenu('actions');
  }

  private onMoreKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    void this.openMenu('actions');
  }

  /** @internal Reports what the user chose (also from the menu). */
  emit(detail: ChatIntentEventDetail): void {
    this.dispatchEvent(new ChatIntentEvent(detail));
  }

  /* ------------------------------------------------------------------ long press */

  private readonly onPointerDown = (event: PointerEvent): void => {
    this.touched = event.pointerType !== 'mouse';
    if (!this.touched || !this.hasActions() || this.editing) return;
    this.cancelPress();
    this.pressStart = { x: event.clientX, y: event.clientY };
    this.pressTimer = setTimeout(() => {
      this.pressTimer = undefined;
      void this.openMenu('actions');
    }, LONG_PRESS_MS);
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    const start = this.pressStart;
    if (start && Math.hypot(event.clientX - start.x, event.clientY - start.y) > LONG_PRESS_SLOP_PX) this.cancelPress();
  };

  private readonly cancelPress = (): void => {
    if (this.pressTimer) clearTimeout(this.pressTimer);
    this.pressTimer = undefined;
    this.pressStart = null;
  };

  /** A long press on touch screens also fires `contextmenu`: our menu replaces the system's. */
  private readonly onContextMenu = (event: Event): void => {
    if (!this.touched || !this.hasActions() || this.editing) return;
    event.preventDefault();
    this.cancelPress();
    void this.openMenu('actions');
  };

  /* ------------------------------------------------------------------ editing */

  /** @internal Also used by the menu (`message-menu.ts`). */
  async startEditing(): Promise<void> {
    await loadEditor();
    this.editing = true;
  }

  /** The editor saved (its `chat-intent` goes on up to `<session-chat>`) or was cancelled. */
  private async stopEditing(): Promise<void> {
    this.editing = false;
    await this.updateComplete;
    this.trigger?.focus();
  }

  /**
   * Moves the focus to the message's text (or tombstone), e.g. after a quote led here. The host
   * itself takes no `tabindex`: a negative one would hide its buttons from the Tab order.
   */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLElement>('.text')?.focus(options);
  }

  /* ------------------------------------------------------------------ render */

  private nameFor(id: string): string {
    return this.nameOf?.(id) ?? this.localize.term('unknownParticipant');
  }

  private renderQuote(message: ChatMessage) {
    if (!message.replyTo) return nothing;
    const l = this.localize;
    const target = this.replyTarget;
    return html`<button type="button" class="quote" part="quote" title=${l.term('showOriginal')} @click=${() => this.emit({ intent: 'show-original', message })}>
      ${!target || target.deleted
        ? html`<span class="excerpt gone">${l.term('deletedMessage')}</span>`
        : html`<span class="quote-author">${this.replyAuthor?.name ?? this.nameFor(target.from)}</span>
            <span class="excerpt">${messageExcerpt(target)}</span>`}
    </button>`;
  }

  private renderText(message: ChatMessage): TemplateResult | string {
    const l = this.localize;
    // A removed file keeps its card (name, "File removed", by whom, when) instead of the tombstone.
    if (message.deleted && !message.file) {
      const by = l.term('deletedBy', { name: this.nameFor(message.deleted.by), time: l.time(message.deleted.at) });
      return html`<span class="deleted" part="deleted">${l.term('deleted')} <span class="deleted-by">${by}</span></span>`;
    }
    // A shared file's text is its caption; the card above it shows the file.
    const text = message.text;
    // Every part is bound as text or as an attribute value: no markup from the message is parsed.
    // Search matches are marked inside the parts; `at` is where each part starts in the
    // message's own text (which ends what is shown).
    let at = message.text.length - text.length;
    return html`${linkify(text).map((part) => {
      const shown = this.searchMatches ? this.searchMatches.mark(part.text, at, this.currentMatch) : part.text;
      at += part.text.length;
      return part.type === 'link' ? html`<a part="link" href=${part.href} target="_blank" rel="noopener noreferrer nofollow">${shown}</a>` : shown;
    })}`;
  }

  private renderReactions(message: ChatMessage) {
    // A key that is not one emoji is never shown (the relay refuses them; this is defence in depth).
    const reactions = message.reactions.filter(({ emoji }) => isReactionEmoji(emoji));
    if (reactions.length === 0) return nothing;
    const l = this.localize;
    return html`<div class="reactions" part="reactions" role="group" aria-label=${l.term('reactions')}>
      ${reactions.map(({ emoji, by }) => {
        const names = by.map((id) => this.nameFor(id)).join(', ');
        return html`<button
          type="button"
          class="reaction"
          part="reaction"
          aria-pressed=${by.includes(this.viewerId) ? 'true' : 'false'}
          aria-label=${l.plural('reactions', by.length, { emoji, names })}
          title=${names}
          ?disabled=${!this.canReact}
          @click=${() => this.emit({ intent: 'react', message, emoji })}
        >${emoji} ${by.length}</button>`;
      })}
    </div>`;
  }

  override render() {
    const message = this.message;
    if (!message) return nothing;
    const l = this.localize;
    const author = this.author;
    const edited = message.edited && !message.deleted ? l.term('editedAt', { time: l.dateTime(message.edited.at) }) : '';
    const actions = this.hasActions() && !this.editing;
    return html`
      ${this.renderQuote(message)}
      <div class="meta" part="meta">
        ${renderPresence(l, this.presence)}<span class="author" part="author">${author ? author.name : l.term('unknownParticipant')}</span>
        ${author ? html`<span class="role">${l.term(`role.${author.role}` as const)}</span>` : nothing}
        <time part="time" datetime=${new Date(message.at).toISOString()} title=${`${l.dateTime(message.at)} (${l.relativeTime(message.at)})`}
          >${l.time(message.at)}</time
        >
        ${edited
          ? html`<span class="edited" part="edited" tabindex="0" title=${edited} aria-describedby="edited-at">${l.term('edited')}</span
              ><span id="edited-at" hidden>${edited}</span>`
          : nothing}
        ${this.pending ? html`<span class="sending">${l.term('sending')}</span>` : nothing}
        ${renderDelivery(l, this.delivery)} ${renderReminderMark(l, this.reminderAt)}
        ${actions
          ? html`<button
              type="button"
              class="more"
              part="actions-button"
              aria-label=${l.term('moreActions')}
              title=${l.term('moreActions')}
              aria-haspopup="menu"
              aria-expanded=${this.menu ? 'true' : 'false'}
              @click=${this.onMoreClick}
              @keydown=${this.onMoreKeyDown}
              @focus=${loadMenu}
              @pointerenter=${loadMenu}
            >${icon(MORE)}</button>`
          : nothing}
      </div>
      ${this.editing
        ? html`<session-chat-editor
            exportparts="editor"
            .message=${message}
            @chat-intent=${this.stopEditing}
            @chat-edit-cancel=${this.stopEditing}
          ></session-chat-editor>`
        : html`${message.file ? fileCard(message, this) : nothing}${message.transfer ? transferCard(message, (id) => this.nameFor(id)) : nothing}<div class="text" part="text" tabindex="-1" dir="auto">${this.renderText(message)}</div>`}
      ${this.renderReactions(message)} ${this.menu && renderMessageMenu ? renderMessageMenu(this, message) : nothing}
    `;
  }
}
