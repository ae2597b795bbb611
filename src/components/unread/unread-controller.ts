import { nothing, type ReactiveController } from 'lit';
import type { ChatMessage } from '../../protocol/index.js';
import type { LocalizeController } from '../shared/localize/localize.js';
import type { ChatHost } from '../shared/client-follower.js';

/** The work is a chunk of its own, loaded once something is past this participant's read position. */
let feature: typeof import('./unread-feature.js') | undefined;
const loadFeature = () => import('./unread-feature.js').then((module) => (feature = module));

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
 * hidden (away). That work (`unread-feature.ts`) loads once something is past this participant's
 * read position; until then the count is 0.
 */
export class UnreadController implements ReactiveController {
  /** Others' unread messages. */
  count = 0;
  /** The first message of the latest unread run: the divider goes before it. */
  first: ChatMessage | null = null;
  readonly host: ChatHost;
  readonly options: UnreadOptions;
  /** The client whose history was checked for a divider once it was live. */
  seen: object | null = null;
  /** The client told whether the page is hidden when it went live. */
  private told: object | null = null;
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
    this.host.renderRoot.addEventListener('chat-log-scroll', this.onScroll);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.recheck);
    for (const type of WINDOW_EVENTS) window.removeEventListener(type, this.recheck);
    this.host.renderRoot.removeEventListener('chat-log-scroll', this.onScroll);
  }

  hostUpdate(): void {
    const client = this.host.client;
    this.wasAtEnd = this.options.atEnd();
    if (client?.connectionState === 'live' && this.told !== client) {
      this.told = client;
      client.setAway(document.hidden);
    }
    if (feature) feature.updateUnread(this);
    else if (client?.me && client.connectionState === 'live' && client.state.lastSeq > client.readSeq) {
      void loadFeature().then(() => this.host.requestUpdate());
    }
  }

  renderBadge(l: LocalizeController) {
    return this.count && feature ? feature.renderBadge(this.count, l) : nothing;
  }

  renderJumpButton(l: LocalizeController) {
    return this.count && feature ? feature.renderJumpButton(this, l) : nothing;
  }
}
