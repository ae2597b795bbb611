import { html, nothing, type ReactiveController } from 'lit';
import { unreadMessages, type ChatMessage } from '../../protocol/index.js';
import { UnreadChangeEvent } from '../events/unread-change.js';
import type { LocalizeController } from '../localize/localize.js';
import type { ChatHost } from './client-follower.js';

export interface UnreadOptions {
  /** The log shows (and follows) its newest message. */
  atEnd(): boolean;
  /** The host set `minimized`. */
  minimized(): boolean;
  /** Scrolls to a message and moves the focus to it. */
  show(messageId: string): void;
}

const WINDOW_EVENTS = ['focus', 'blur'];

/**
 * Read state of this participant: marks the log read while its newest message can be seen (the
 * page visible and focused, the element not minimized, the log at its end), counts the others'
 * messages that arrive meanwhile (`unread-change`, the badge) and remembers where they began
 * (the "New messages" divider, and "Jump to first unread"). Tells the others when the page is
 * hidden (away).
 */
export class UnreadController implements ReactiveController {
  /** Others' unread messages. */
  count = 0;
  /** The first message of the latest unread run: the divider goes before it. */
  first: ChatMessage | null = null;
  private readonly host: ChatHost;
  private readonly options: UnreadOptions;
  /** The client whose history was checked for a divider once it was live. */
  private seen: object | null = null;
  private wasAtEnd = true;

  private readonly recheck = (): void => {
    this.host.client?.setAway(document.hidden);
    this.host.requestUpdate();
  };

  /** A scroll only re-renders when it reaches or leaves the end (after the log's own handler ran). */
  private readonly onScroll = (): void => {
    queueMicrotask(() => this.options.atEnd() !== this.wasAtEnd && this.host.requestUpdate());
  };

  constructor(host: ChatHost, options: UnreadOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.recheck);
    for (const type of WINDOW_EVENTS) window.addEventListener(type, this.recheck);
    this.host.renderRoot.addEventListener('scroll', this.onScroll, true);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.recheck);
    for (const type of WINDOW_EVENTS) window.removeEventListener(type, this.recheck);
    this.host.renderRoot.removeEventListener('scroll', this.onScroll, true);
  }

  hostUpdate(): void {
    const client = this.host.client;
    const me = client?.me?.id;
    const atEnd = (this.wasAtEnd = this.options.atEnd());
    let count = 0;
    if (client && me && client.connectionState === 'live') {
      const unread = unreadMessages(client.state, me, client.readSeq);
      if (this.seen !== client) {
        // Joined (or another session): the divider shows where the participant left off.
        this.seen = client;
        client.setAway(document.hidden);
        this.first = unread[0] ?? null;
      }
      if (atEnd && !document.hidden && document.hasFocus() && !this.options.minimized()) {
        if (client.state.lastSeq > client.readSeq) client.markRead();
      } else {
        count = unread.length;
        // A new run of unread messages after everything was read: the divider moves to it.
        if (!this.count && count) this.first = unread[0]!;
      }
    }
    if (count !== this.count) this.host.dispatchEvent(new UnreadChangeEvent({ count: (this.count = count) }));
  }

  renderBadge(l: LocalizeController) {
    const count = this.count;
    const name = l.term(count === 1 ? 'unread.one' : 'unread.other', { count });
    return count ? html`<span class="badge" part="unread-badge" title=${name}><span aria-hidden="true">${count}</span><span class="visually-hidden">${name}</span></span>` : nothing;
  }

  renderJumpButton(l: LocalizeController) {
    const first = this.first;
    return this.count && first
      ? html`<button class="first-unread" part="first-unread-button" type="button" @click=${() => this.options.show(first.id)}>${l.term('unread.jump')}</button>`
      : nothing;
  }
}
