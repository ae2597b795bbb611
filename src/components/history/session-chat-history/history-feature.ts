import { html, nothing } from 'lit';
import type { SessionClient } from '../../../client/index.js';
import type { ChatHost } from '../../shared/client-follower.js';
import type { ChatHistoryLoadEvent } from '../../shared/events/chat-history-load.js';
import './session-chat-history.js';

/** What the history needs of the log: showing a message at the top (and leaving the end). */
export interface HistoryLog {
  revealMessage(id: string): Promise<void>;
}

/** What `<session-chat>` asks of its history once loaded (see `HistoryController`). */
export interface HistoryFeature {
  nearTop(): void;
  loadMessage(id: string): Promise<boolean>;
  render(): unknown;
}

/**
 * Earlier messages of a long session (a join loads the last page), loaded once a session has
 * older events than it loaded: the page before the oldest one loaded when the log is scrolled
 * to its top, and a period from the `<session-chat-history>` buttons, after which the log shows
 * the period's first message. "Loading earlier messages…" meanwhile, an error with "Try again"
 * on failure.
 */
export function createHistory(host: ChatHost, log: () => HistoryLog | null | undefined, now: () => number): HistoryFeature {
  return new History(host, log, now);
}

class History implements HistoryFeature {
  private loading = false;
  /** What failed, to try again. */
  private failed: (() => Promise<unknown>) | null = null;
  /** Once shown for a client, the buttons stay (a period already loaded is scrolled to). */
  private shown = false;

  /** The client the state above is about; another one starts afresh. */
  private followed: SessionClient | null = null;

  constructor(
    private readonly host: ChatHost,
    private readonly log: () => HistoryLog | null | undefined,
    private readonly now: () => number,
  ) {}

  /** The host's client, the state reset when it is another one. */
  private get client(): SessionClient | null {
    const client = this.host.client;
    if (client !== this.followed) {
      this.followed = client;
      this.loading = false;
      this.failed = null;
      this.shown = false;
    }
    return client;
  }

  /** The log's top came into view: load the page before the oldest one held. */
  nearTop(): void {
    const client = this.client;
    if (client?.hasOlder && !this.loading && !this.failed) void this.run(() => client.loadOlder(), null);
  }

  /**
   * A quote led to a message older than those loaded: loads the log from its time on (the quote
   * knows it). True once the message is loaded; false when it was already, or is not quoted.
   */
  async loadMessage(id: string): Promise<boolean> {
    const client = this.client;
    const quoted = client?.quotedMessage(id);
    const has = (): boolean => client!.state.messages.some((message) => message.id === id);
    if (!client || !quoted || has() || this.loading) return false;
    await this.run(() => client.history({ from: quoted.at }), null);
    await this.host.updateComplete;
    return has();
  }

  private readonly onLoad = (event: ChatHistoryLoadEvent): void => {
    event.stopPropagation();
    const client = this.client;
    if (!client || this.loading) return;
    if ('retry' in event.detail) {
      if (this.failed) void this.run(this.failed, null);
      return;
    }
    const { from, to } = event.detail.period;
    void this.run(() => client.history(to === undefined ? { from } : { from, to }), from ?? 0);
  };

  /** Runs a load; with `from`, then shows the first message at or after it. */
  private async run(load: () => Promise<unknown>, from: number | null): Promise<void> {
    this.loading = true;
    this.failed = null;
    this.host.requestUpdate();
    const client = this.client;
    try {
      await load();
      if (client !== this.client) return;
      if (from !== null) await this.reveal(from);
    } catch {
      this.failed = load;
    } finally {
      this.loading = false;
      this.host.requestUpdate();
    }
  }

  /** Scrolls the log to the first message at or after `from` and puts the focus there. */
  private async reveal(from: number): Promise<void> {
    await this.host.updateComplete;
    const first = this.client?.state.messages.find((message) => message.at >= from);
    if (first) await this.log()?.revealMessage(first.id);
  }

  /** The buttons and the status, at the top of the log, once the session has older events than loaded. */
  render(): unknown {
    const client = this.client;
    if (!client) return nothing;
    this.shown ||= client.hasOlder || this.loading || this.failed !== null;
    if (!this.shown) return nothing;
    return html`<session-chat-history
      part="history"
      exportparts="history-button,history-status,history-error"
      ?loading=${this.loading || client.loadingOlder}
      ?failed=${this.failed !== null}
      .now=${this.now}
      @chat-history-load=${this.onLoad}
    ></session-chat-history>`;
  }
}
