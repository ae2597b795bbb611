import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { ChatMessage } from '../../../protocol/index.js';
import type { ChatView } from '../../shared/chat-view.js';
import type { TimelineReader } from '../timeline-controller.js';
import { ChatLogScrollEvent } from '../../shared/events/chat-log-scroll.js';
import type { MessageMatches } from '../../shared/events/chat-search-change.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import type { MessageActionItem, SessionChatMessage } from '../session-chat-message/session-chat-message.component.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { sessionChatLogStyles } from './session-chat-log.styles.js';

/** How close to the bottom (px) still counts as "reading the newest messages". */
const STICKY_PX = 48;
/** How close to the top (px) asks for the page of messages before the oldest loaded. */
const NEAR_TOP_PX = 120;
/** How long the log keeps its place after older messages were put in front (while they lay out). */
const KEEP_PLACE_MS = 500;
/** How long a highlight lasts: an edit announced to the others, a message a quote led to. */
const HIGHLIGHT_MS = { notified: 6000, target: 2500 } as const;
/** The parts of every message, exported again by the log. */
const MESSAGE_PARTS =
  'meta,author,time,edited,text,link,deleted,quote,reactions,reaction,actions-button,menu,menu-item,editor,file-card,file-thumbnail,file-name,file-button,file-player,file-duration,transfer-card,transfer,transfer-button,transfer-progress,presence,delivery,delivery-sent,delivery-delivered,delivery-read,reminder-mark,match,current-match';
/** Every part of the log as `<session-chat>` exports it to the page. */
export const LOG_PARTS = `log,history,history-button,history-status,history-error,message,own-message,pending-message,notified-message,highlighted-message,new-messages-button,system-line,unread-divider,${MESSAGE_PARTS}`;

/** What the log shows, derived by `<session-chat>` at each of its renders (see `chatView`). */
export interface LogView extends Pick<ChatView, 'messages' | 'pending' | 'authors' | 'me' | 'presence' | 'permissions' | 'delivery' | 'othersOffline'> {
  /** The session ended: messages are read-only, and an empty log says nothing. */
  readonly ended: boolean;
  /** Follow every new message even after scrolling up (the `alwaysScrollToEnd` setting). */
  readonly alwaysScrollToEnd: boolean;
  /** The host's own actions, in every message's menu. */
  readonly hostActions: readonly MessageActionItem[];
  /** The quiet lines and the "New messages" divider, walked along one render. */
  lines(): TimelineReader;
  nameOf(id: string): string;
  fileUrl(fileId: string): string;
  /** The relay's PDF of a file when its converter takes it (`FileSharingController.renditionUrl`). */
  renditionUrl(file: { id: string; name: string; type?: string }): string | undefined;
  /** When the viewer's reminder on a message is due (the reminders). */
  readonly reminders: { dueOf(message: ChatMessage): number | null };
  /** A message's search matches and which is current; the messages the search's filters keep (null: all) and turning them off to show one. */
  readonly search: {
    matchesIn(message: ChatMessage): MessageMatches | null;
    currentIn(message: ChatMessage): number;
    shown(): ReadonlySet<string> | null;
    unhide(messageId: string): Promise<boolean>;
  };
  /** Earlier messages (the history): its buttons and status at the top, and the page before when the top comes into view. */
  readonly history: { render(): unknown; nearTop(): void; loadMessage(id: string): Promise<boolean> };
  /** A message a reply quotes that is older than those loaded (the client keeps it), or null. */
  quoted(id: string): ChatMessage | null;
}

/**
 * @summary The message list of `<session-chat>` (`role="log"`): the messages, the quiet lines
 * between them, the typed messages not acked yet, and a "New messages" button while scrolled
 * up. It follows the newest message while the user reads there (within 48 px of the bottom)
 * and highlights a message for a moment (an edit announced to the others, a quote's target).
 * `<session-chat>` re-exports its parts.
 *
 * @event chat-log-scroll - The log scrolled (internal, not composed: `<session-chat>`'s read state listens).
 *
 * @csspart log - The scrolling message list (`role="log"`).
 * @csspart message - Every message (and the parts each message exports).
 * @csspart own-message - One's own messages.
 * @csspart pending-message - Typed messages not yet acked.
 * @csspart notified-message - A message another participant just edited with "Notify others".
 * @csspart highlighted-message - The message a reply's quote led to.
 * @csspart new-messages-button - The "New messages" button shown while scrolled up.
 * @csspart system-line - "Ann joined", "Ann left".
 * @csspart unread-divider - The "New messages" line before the first unread message.
 * @csspart history - The earlier messages' period buttons and status at the top (exports `history-button`, `history-status`, `history-error`).
 */
export class SessionChatLog extends LitElement {
  static override styles = [themeStyles, sessionChatLogStyles];
  static override properties = {
    unseen: { state: true },
    view: { attribute: false },
  };

  private readonly localize = new LocalizeController(this);
  /** Keeps the newest message in view while messages render and grow (they render after the log). */
  private readonly resizeObserver = new ResizeObserver(() => {
    this.holdPlace();
    this.followBottom();
  });

  private get log(): HTMLElement | null | undefined {
    return this.renderRoot?.querySelector('.log');
  }

  /** Others' messages arrived while the user was scrolled up. */
  private unseen = false;
  /** Messages highlighted for a moment, by id. */
  private readonly highlights = new Map<string, { kind: 'notified' | 'target'; timer: ReturnType<typeof setTimeout> }>();
  private lastScrollTop = 0;
  private renderedCount = 0;
  private grew = false;
  /** Seq of the oldest message rendered: older ones put in front must not move what the user reads. */
  private renderedFirst = 0;
  /** The message read when older ones were put in front, its distance from the log's top, and until when it is kept there. */
  private keepPlace: { id: string; offset: number; until: number } | null = null;
  /** After a period was revealed the top of the log does not ask for older messages for a moment. */
  private quietTopUntil = 0;

  /** What to show; nothing until `<session-chat>` sets it. */
  view: LogView | null = null;

  /** The log shows (and follows) its newest message: it was scrolled to (near) the bottom at the last scroll. */
  atEnd = true;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.observe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
  }

  protected override firstUpdated(): void {
    this.observe();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const view = this.view;
    if (!changed.has('view') || !view) return;
    const count = view.messages.length + view.pending.length;
    // Older messages put in front (the history) are not new ones: the place read stays.
    let prepended = 0;
    while (prepended < view.messages.length && view.messages[prepended]!.seq < this.renderedFirst) prepended++;
    const log = this.log;
    if (prepended > 0 && log && !this.atEnd) this.keepPlaceOf(log);
    this.grew = count - prepended > this.renderedCount;
    this.renderedCount = count;
    this.renderedFirst = view.messages[0]?.seq ?? 0;
    if (this.grew && view.alwaysScrollToEnd) this.atEnd = true;
    if (this.grew && !this.atEnd) this.unseen = true;
  }

  protected override updated(): void {
    this.holdPlace();
    if (this.grew) this.followBottom();
    this.grew = false;
  }

  /** Notes the first message in view and where it is, to keep it there (see {@link holdPlace}). */
  private keepPlaceOf(log: HTMLElement): void {
    const top = log.getBoundingClientRect().top;
    for (const element of this.renderRoot.querySelectorAll('session-chat-message')) {
      const box = element.getBoundingClientRect();
      if (box.bottom <= top || !element.message) continue;
      this.keepPlace = { id: element.message.id, offset: box.top - top, until: performance.now() + KEEP_PLACE_MS };
      return;
    }
  }

  /**
   * Keeps the message read in place while older messages put in front render and lay out
   * (messages are drawn by position: the one read may now be another element).
   */
  private holdPlace(): void {
    const log = this.log;
    const keep = this.keepPlace;
    if (!keep || !log) return;
    const element = this.messageElement(keep.id);
    if (performance.now() > keep.until || !element) {
      this.keepPlace = null;
      return;
    }
    log.scrollTop += element.getBoundingClientRect().top - log.getBoundingClientRect().top - keep.offset;
    this.lastScrollTop = log.scrollTop;
  }

  private observe(): void {
    this.resizeObserver.observe(this.renderRoot.querySelector('.content')!);
  }

  private onScroll(): void {
    const log = this.log!;
    const top = log.scrollTop;
    const nearBottom = log.scrollHeight - top - log.clientHeight <= STICKY_PX;
    // Only a scroll upwards leaves the bottom: content growing under us (messages laid out
    // late) or our own jump down must not count as the user scrolling away.
    if (nearBottom) {
      this.atEnd = true;
      this.unseen = false;
    } else if (top < this.lastScrollTop - 1) {
      this.atEnd = false;
    }
    this.lastScrollTop = top;
    if (top <= NEAR_TOP_PX && log.scrollHeight > log.clientHeight && performance.now() > this.quietTopUntil) this.view?.history.nearTop();
    this.dispatchEvent(new ChatLogScrollEvent());
  }

  private onJumpClick(): void {
    this.scrollToLatest();
    this.focus({ preventScroll: true });
  }

  private followBottom(): void {
    const log = this.log;
    if (!log || !this.atEnd) return;
    // The user scrolled up and the layout changed before the scroll event came (messages that
    // come into view render late): that scroll leaves the bottom, it must not be undone.
    if (log.scrollTop < this.lastScrollTop - 1 && log.scrollHeight - log.scrollTop - log.clientHeight > STICKY_PX) {
      this.atEnd = false;
      return;
    }
    log.scrollTop = log.scrollHeight;
    this.lastScrollTop = log.scrollTop;
  }

  /** Renders a pending update at once: `<session-chat>` calls it after its own render, so the log is never a step behind it. */
  renderNow(): void {
    this.performUpdate();
  }

  /** Scrolls to the newest message and follows new ones again. */
  scrollToLatest(): void {
    this.atEnd = true;
    this.unseen = false;
    this.followBottom();
  }

  /** The element of a message in the log, if it is there. */
  messageElement(id: string): SessionChatMessage | undefined {
    return [...this.renderRoot.querySelectorAll('session-chat-message')].find((el) => el.message?.id === id);
  }

  /** Scrolls to a message, moves the focus to it and highlights it for a moment. */
  showMessage(id: string): void {
    const target = this.messageElement(id);
    // Hidden by the search's filters: they go; older than those loaded (a quote's): it is loaded.
    if (!target) {
      const view = this.view;
      void view?.search.unhide(id).then(async (shown) => (shown || (await view.history.loadMessage(id))) && this.showMessage(id));
      return;
    }
    // Leaving the bottom: the log must not follow new content back down meanwhile (nor keep
    // the place of older messages just loaded, nor load more for a moment).
    this.atEnd = false;
    this.keepPlace = null;
    this.quietTopUntil = performance.now() + KEEP_PLACE_MS * 2;
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
    this.highlight(id, 'target');
  }

  /**
   * Scrolls a message to the top of the view and moves the focus to it (the first message of a
   * period the history loaded); the top of the log then waits a moment before asking for more.
   */
  async revealMessage(id: string): Promise<void> {
    const target = this.messageElement(id);
    if (!target) return;
    this.keepPlace = null;
    this.atEnd = false;
    this.quietTopUntil = performance.now() + KEEP_PLACE_MS * 2;
    await target.updateComplete;
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  }

  /** Highlights a message for a moment: `notified` (an edit announced to the others) or `target` (a quote led here). */
  highlight(id: string, kind: 'notified' | 'target'): void {
    clearTimeout(this.highlights.get(id)?.timer);
    const timer = setTimeout(() => {
      this.highlights.delete(id);
      this.requestUpdate();
    }, HIGHLIGHT_MS[kind]);
    this.highlights.set(id, { kind, timer });
    this.requestUpdate();
  }

  /** Moves the focus to the list itself (e.g. when the message or button that had it goes). */
  override focus(options?: FocusOptions): void {
    this.log?.focus(options);
  }

  override render() {
    const l = this.localize;
    const view = this.view;
    const messages = view?.messages ?? [];
    const pending = view?.pending ?? [];
    // Reply quotes look their targets up by id; only build the index when some message replies.
    const byId = messages.some((m) => m.replyTo) || pending.some((m) => m.replyTo) ? new Map(messages.map((m) => [m.id, m])) : null;
    // Join/leave lines and the "New messages" divider go between the messages as they render;
    // while the search's filters narrow the log, only the messages they keep show.
    const lines = view?.lines();
    const shown = view?.search.shown() ?? null;
    return html`<div class="log" part="log" role="log" aria-label=${l.term('messages')} tabindex="0" @scroll=${this.onScroll}>
        <div class="content">
          ${view?.history.render()}
          ${messages.length === 0 && pending.length === 0 && !view?.ended ? html`<p class="empty">${l.term('noMessages')}</p>` : nothing}
          ${view
            ? messages.map((message) =>
                shown ? (shown.has(message.id) ? this.renderMessage(view, byId, message, false) : nothing) : html`${lines!.before(message)}${this.renderMessage(view, byId, message, false)}`,
              )
            : nothing}${shown ? nothing : lines?.rest()}
          <div class="outbox" aria-live="off">${view ? pending.map((message) => this.renderMessage(view, byId, message, true)) : nothing}</div>
        </div>
      </div>
      ${this.unseen ? html`<button class="jump" part="new-messages-button" type="button" @click=${this.onJumpClick}>${l.term('newMessages')}</button>` : nothing}`;
  }

  /** One message; a pending one (typed, not acked yet) is one's own, without actions, presence or delivery mark (reminders and search know only logged ids). */
  private renderMessage(view: LogView, byId: Map<string, ChatMessage> | null, message: ChatMessage, pending: boolean) {
    const me = view.me;
    const own = pending || (me !== null && message.from === me.id);
    const may = view.permissions(message);
    const highlight = this.highlights.get(message.id)?.kind;
    const target = message.replyTo ? (byId?.get(message.replyTo) ?? view.quoted(message.replyTo)) : null;
    const delivery = pending ? null : view.delivery(message);
    // Sent while someone is offline and not yet delivered to everyone: greyed until it is.
    const awaiting = delivery === 'sent' && view.othersOffline;
    let part = own ? 'message own-message' : 'message';
    if (pending) part += ' pending-message';
    else if (awaiting) part += ' undelivered-message';
    else if (highlight) part += highlight === 'notified' ? ' notified-message' : ' highlighted-message';
    return html`<session-chat-message
      part=${part}
      exportparts=${MESSAGE_PARTS}
      .message=${message}
      .author=${pending ? me : (view.authors.get(message.from) ?? null)}
      ?own=${own}
      ?pending=${pending}
      highlight=${highlight || nothing}
      .viewerId=${me?.id ?? ''}
      .canReact=${may.react}
      .canReply=${may.reply}
      .canEdit=${may.edit}
      .canDelete=${may.delete}
      ?readonly=${view.ended}
      .hostActions=${view.hostActions}
      .replyTarget=${target}
      .replyAuthor=${target ? (view.authors.get(target.from) ?? null) : null}
      .nameOf=${view.nameOf}
      .fileUrl=${view.fileUrl}
      .renditionUrl=${view.renditionUrl}
      .presence=${pending ? null : (view.presence.get(message.from) ?? null)}
      .delivery=${delivery}
      ?undelivered=${awaiting}
      .reminderAt=${view.reminders.dueOf(message)}
      .searchMatches=${view.search.matchesIn(message)}
      .currentMatch=${view.search.currentIn(message)}
    ></session-chat-message>`;
  }
}
