import { html, nothing, type ReactiveController } from 'lit';
import { unreadMessages } from '../../protocol/index.js';
import { UnreadChangeEvent } from '../events/unread-change.js';
import type { LocalizeController } from '../localize/localize.js';
import type { ChatHost } from './client-follower.js';

export interface UnreadOptions {
  /** The log shows (and follows) its newest message. */
  atEnd(): boolean;
  /** The host set `minimized`. */
  minimized(): boolean;
  /** Scrolls to the first unread message and moves the focus to it. */
  showFirstUnread(messageId: string): void;
}

/**
 * Read state of this participant: marks the log read while the newest message can be seen (the
 * page visible and focused, the element not minimized, the log at its end), counts the others'
 * messages that arrive meanwhile (`unread-change`, the badge) and remembers where they began
 * (the "New messages" divider). Also tells the others when this page is hidden (away).
 */
export class UnreadController implements ReactiveController {
  /** Others' unread messages. */
  count = 0;
  /** `seq` of the first message of the latest unread run: the divider goes before it. */
  dividerSeq: number | null = null;
  private firstUnreadId: string | null = null;
  private readonly host: ChatHost;
  private readonly options: UnreadOptions;
  /** The client whose history was checked for a divider once it was live. */
  private seen: object | null = null;
  private wasAtEnd = true;

  private readonly recheck = (): void => {
    this.host.client?.setAway(document.hidden);
    this.host.requestUpdate();
  };

  /** Scrolls only re-render when they reach or leave the end (after the log's own handler ran). */
  private readonly onScroll = (): void => {
    queueMicrotask(() => {
      if (this.options.atEnd() !== this.wasAtEnd) this.host.requestUpdate();
    });
  };

  constructor(host: ChatHost, options: UnreadOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.recheck);
    window.addEventListener('focus', this.recheck);
    window.addEventListener('blur', this.recheck);
    this.host.renderRoot.addEventListener('scroll', this.onScroll, true);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.recheck);
    window.removeEventListener('focus', this.recheck);
    window.removeEventListener('blur', this.recheck);
    this.host.renderRoot.removeEventListener('scroll', this.onScroll, true);
  }

  hostUpdate(): void {
    const client = this.host.client;
    const me = client?.me?.id;
    this.wasAtEnd = this.options.atEnd();
    let count = 0;
    if (client && me && client.connectionState === 'live') {
      const unread = unreadMessages(client.state, me, client.readSeq);
      const first = unread[0];
      if (this.seen !== client) {
        // Joined (or switched sessions): the divider shows where the participant left off.
        this.seen = client;
        client.setAway(document.hidden);
        this.setDivider(first ?? null);
      }
      if (this.canSee()) {
        if (client.state.lastSeq > client.readSeq) client.markRead();
      } else {
        count = unread.length;
        // A new run of unread messages after everything was read: the divider moves to it.
        if (this.count === 0 && first) this.setDivider(first);
      }
    }
    if (count !== this.count) {
      this.count = count;
      this.host.dispatchEvent(new UnreadChangeEvent({ count }));
    }
  }

  /** The newest message can be seen now. */
  private canSee(): boolean {
    return !document.hidden && document.hasFocus() && !this.options.minimized() && this.options.atEnd();
  }

  private setDivider(first: { seq: number; id: string } | null): void {
    this.dividerSeq = first?.seq ?? null;
    this.firstUnreadId = first?.id ?? null;
  }

  /** The participant wrote: they have caught up, the divider goes. */
  clearDivider(): void {
    this.setDivider(null);
  }

  renderBadge(l: LocalizeController) {
    const count = this.count;
    if (!count) return nothing;
    const name = l.term(count === 1 ? 'unread.one' : 'unread.other', { count });
    return html`<span class="unread-badge" part="unread-badge" title=${name}
      ><span aria-hidden="true">${count > 99 ? '99+' : count}</span><span class="visually-hidden">${name}</span></span
    >`;
  }

  renderJumpButton(l: LocalizeController) {
    const id = this.firstUnreadId;
    if (!this.count || !id) return nothing;
    return html`<button class="first-unread" part="first-unread-button" type="button" @click=${() => this.options.showFirstUnread(id)}>
      ${l.term('unread.jump')}
    </button>`;
  }
}
