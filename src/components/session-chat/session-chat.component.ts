import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { SessionClient } from '../../client/index.js';
import type { ConnectionState, OutboxEntry } from '../../client/types.js';
import type { ChatMessage, ParticipantInfo, SessionChatError, SessionEvent } from '../../protocol/index.js';
import { SessionClientController } from '../controllers/session-client-controller.js';
import { ChatErrorEvent } from '../events/chat-error.js';
import { ChatMessageEvent } from '../events/chat-message.js';
import type { ChatSendEvent } from '../events/chat-send.js';
import { ConnectionChangeEvent } from '../events/connection-change.js';
import { LocalizeController } from '../localize/localize.js';
import type { ParticipantView } from '../session-chat-participants/session-chat-participants.component.js';
import { themeStyles } from '../theme.styles.js';
import { sessionChatStyles } from './session-chat.styles.js';

/** How close to the bottom (px) still counts as "reading the newest messages". */
const STICKY_PX = 48;

/**
 * @summary Text chat for one session: who is in it, the messages, a composer and the
 * connection state. Give it a relay URL and a join token, or a `SessionClient`.
 *
 * @slot actions - Host buttons at the end of the header.
 *
 * @event chat-message - A message arrived live. `detail: { message: ChatMessage, own: boolean }`.
 * @event connection-change - The connection changed state. `detail: { state: ConnectionState }`.
 * @event chat-error - The relay refused something or the connection failed for good. `detail: { error: SessionChatError }`.
 *
 * @csspart header - The bar with participants, connection status and the `actions` slot.
 * @csspart participants - The participant list (exports `list`, `participant`, `online`, `offline`).
 * @csspart status - The connection status (an `aria-live` region).
 * @csspart log - The scrolling message list (`role="log"`).
 * @csspart message - Every message (exports `meta`, `author`, `time`, `text`, `link`).
 * @csspart own-message - One's own messages (also have `message`).
 * @csspart pending-message - Typed messages not yet acked (also have `message` and `own-message`).
 * @csspart new-messages-button - The "New messages" button shown while scrolled up.
 * @csspart composer - The composer bar.
 * @csspart input - The message textarea.
 * @csspart send-button - The send button.
 *
 * @cssproperty --session-chat-font-family - Font. Default `system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif`.
 * @cssproperty --session-chat-font-size - Base font size. Default `0.9375rem`.
 * @cssproperty --session-chat-radius - Corner radius of the widget and bubbles. Default `0.75rem`.
 * @cssproperty --session-chat-spacing - Inner padding. Default `0.75rem`.
 * @cssproperty --session-chat-background - Background. Default `#ffffff` (dark `#0d1117`).
 * @cssproperty --session-chat-color - Text. Default `#1f2328` (dark `#e6edf3`).
 * @cssproperty --session-chat-muted-color - Secondary text. Default `#59636e` (dark `#9198a1`).
 * @cssproperty --session-chat-border-color - Borders. Default `#d1d9e0` (dark `#3d444d`).
 * @cssproperty --session-chat-accent-color - Buttons and focus ring. Default `#0969da` (dark `#4493f8`).
 * @cssproperty --session-chat-accent-contrast-color - Text on the accent. Default `#ffffff` (dark `#0d1117`).
 * @cssproperty --session-chat-message-background - Others' messages. Default `#f6f8fa` (dark `#151b23`).
 * @cssproperty --session-chat-own-message-background - Own messages. Default `#ddf4ff` (dark `#12263f`).
 * @cssproperty --session-chat-input-background - The textarea. Default `#ffffff` (dark `#0d1117`).
 * @cssproperty --session-chat-link-color - Links in messages. Default `#0550ae` (dark `#4493f8`).
 * @cssproperty --session-chat-online-color - Online dot. Default `#1a7f37` (dark `#3fb950`).
 * @cssproperty --session-chat-offline-color - Offline dot. Default `#818b98` (dark `#656c76`).
 * @cssproperty --session-chat-warning-color - Connecting dot. Default `#bf8700` (dark `#d29922`).
 * @cssproperty --session-chat-error-color - Error text. Default `#d1242f` (dark `#f85149`).
 */
export class SessionChat extends LitElement {
  static override styles = [themeStyles, sessionChatStyles];

  private readonly localize = new LocalizeController(this);
  private readonly connection = new SessionClientController(this, {
    event: (detail) => this.onClientEvent(detail),
    connectionChange: (next) => this.onConnectionChange(next),
    error: (error) => this.onClientError(error),
  });

  @query('.log') private log!: HTMLElement;
  @query('.content') private content!: HTMLElement;

  /** The last refusal or failure, shown in the status line until the next success. */
  @state() private error: SessionChatError | null = null;
  /** Others' messages arrived while the user was scrolled up. */
  @state() private unseen = false;
  /** The log was scrolled to (near) the bottom at the last scroll. */
  private atBottom = true;
  private lastScrollTop = 0;
  private renderedCount = 0;
  private grew = false;
  /** Keeps the newest message in view while messages render and grow (they render after the log). */
  private readonly resizeObserver = new ResizeObserver(() => this.followBottom());
  private hostClient: SessionClient | null = null;

  /** Base URL of the relay, e.g. `https://chat.example.com`. With `token`, the element connects. */
  @property() server = '';

  /** The participant's join token (a JWT minted by the host's backend). */
  @property() token = '';

  /**
   * The `SessionClient` in use. Set it to bring your own (it is connected if still idle and
   * never closed by the element); otherwise it is the one made from `server` and `token`.
   */
  @property({ attribute: false })
  get client(): SessionClient | null {
    return this.connection.client;
  }

  set client(value: SessionClient | null) {
    const old = this.connection.client;
    this.hostClient = value;
    this.requestUpdate('client', old);
  }

  /** The connection state, reflected for CSS: `idle`, `connecting`, `live`, `reconnecting` or `closed`. Read-only. */
  @property({ reflect: true, attribute: 'connection-state' }) connectionState: ConnectionState = 'idle';

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.resizeObserver.observe(this.content);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
  }

  protected override firstUpdated(): void {
    this.resizeObserver.observe(this.content);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('token') || changed.has('client')) {
      this.connection.configure({ client: this.hostClient, server: this.server, token: this.token });
    }
    const count = (this.client?.state.messages.length ?? 0) + (this.client?.outbox.length ?? 0);
    this.grew = count > this.renderedCount;
    this.renderedCount = count;
    if (this.grew && !this.atBottom) this.unseen = true;
  }

  protected override updated(): void {
    if (this.grew) this.followBottom();
  }

  private onClientEvent({ event, live, own }: { event: SessionEvent; live: boolean; own: boolean }): void {
    if (!live || (event.type !== 'message.sent' && event.type !== 'file.shared')) return;
    const message = this.client?.state.messages.find((m) => m.id === event.id);
    if (message) this.dispatchEvent(new ChatMessageEvent({ message, own }));
  }

  private onConnectionChange(next: ConnectionState): void {
    if (next === 'live' && this.error?.codeName === 'CONNECTION_LOST') this.error = null;
    if (next === this.connectionState) return;
    this.connectionState = next;
    this.dispatchEvent(new ConnectionChangeEvent({ state: next }));
  }

  private onClientError(error: SessionChatError): void {
    this.error = error;
    this.dispatchEvent(new ChatErrorEvent({ error }));
  }

  private onSend(event: ChatSendEvent): void {
    // The composer reports; the root decides. The event stops here.
    event.stopPropagation();
    if (!this.client || this.client.connectionState === 'closed') {
      event.preventDefault();
      return;
    }
    this.error = null;
    this.atBottom = true;
    this.connection.send(event.detail.text);
  }

  private onScroll(): void {
    const log = this.log;
    const top = log.scrollTop;
    const nearBottom = log.scrollHeight - top - log.clientHeight <= STICKY_PX;
    // Only a scroll upwards leaves the bottom: content growing under us (messages laid out
    // late) or our own jump down must not count as the user scrolling away.
    if (nearBottom) {
      this.atBottom = true;
      this.unseen = false;
    } else if (top < this.lastScrollTop - 1) {
      this.atBottom = false;
    }
    this.lastScrollTop = top;
  }

  private onJumpClick(): void {
    this.scrollToLatest();
    this.log.focus({ preventScroll: true });
  }

  /** Scrolls the log to the newest message and follows new ones again. */
  scrollToLatest(): void {
    this.atBottom = true;
    this.unseen = false;
    this.followBottom();
  }

  private followBottom(): void {
    const log = this.log;
    if (!log || !this.atBottom) return;
    log.scrollTop = log.scrollHeight;
    this.lastScrollTop = log.scrollTop;
  }

  private participantViews(): ParticipantView[] {
    const client = this.client;
    if (!client) return [];
    const meId = client.me?.id;
    // Presence is only known while connected: offline, everyone shows as offline.
    const live = client.connectionState === 'live';
    const views = new Map<string, ParticipantView>();
    for (const p of client.state.participants) {
      if (!p.left) views.set(p.id, { id: p.id, name: p.name, role: p.role, online: false, me: p.id === meId });
    }
    for (const p of client.presence) {
      const online = live && p.online;
      const known = views.get(p.id);
      if (known) known.online = online;
      else if (online) views.set(p.id, { id: p.id, name: p.name, role: p.role, online, me: p.id === meId });
    }
    return [...views.values()];
  }

  private authors(): Map<string, ParticipantInfo> {
    const client = this.client;
    const authors = new Map<string, ParticipantInfo>();
    if (!client) return authors;
    for (const p of client.state.participants) authors.set(p.id, p);
    for (const p of client.presence) if (!authors.has(p.id)) authors.set(p.id, p);
    if (client.me && !authors.has(client.me.id)) authors.set(client.me.id, client.me);
    return authors;
  }

  private renderStatus() {
    const l = this.localize;
    const error = this.error;
    const errorKey = `error.${error?.codeName}`;
    const errorText = !error ? '' : l.has(errorKey) ? l.term(errorKey) : l.term('error.generic', { code: error.codeName });
    return html`<div class="status" part="status" role="status">
      <span>${l.term(`connection.${this.connectionState}` as const)}</span>
      ${error ? html`<span class="error">${errorText}</span>` : nothing}
    </div>`;
  }

  private pendingMessage(entry: OutboxEntry, me: ParticipantInfo | null): ChatMessage {
    return {
      id: entry.clientId,
      seq: 0,
      from: me?.id ?? '',
      at: entry.createdAt,
      clientId: entry.clientId,
      text: entry.text,
      replyTo: entry.replyTo ?? null,
      edited: null,
      deleted: null,
      reactions: [],
      file: null,
    };
  }

  override render() {
    const l = this.localize;
    const client = this.client;
    const messages = client?.state.messages ?? [];
    const outbox = client?.outbox ?? [];
    const me = client?.me ?? null;
    const authors = this.authors();
    const messageParts = 'meta, author, time, text, link';
    return html`
      <div class="header" part="header">
        <session-chat-participants
          part="participants"
          exportparts="list, participant, online, offline"
          .participants=${this.participantViews()}
        ></session-chat-participants>
        ${this.renderStatus()}
        <slot name="actions"></slot>
      </div>
      <div class="body">
        <div class="log" part="log" role="log" aria-label=${l.term('messages')} tabindex="0" @scroll=${this.onScroll}>
          <div class="content">
          ${messages.length === 0 && outbox.length === 0 ? html`<p class="empty">${l.term('noMessages')}</p>` : nothing}
          ${messages.map((message) => {
            const own = me !== null && message.from === me.id;
            return html`<session-chat-message
              part=${own ? 'message own-message' : 'message'}
              exportparts=${messageParts}
              .message=${message}
              .author=${authors.get(message.from) ?? null}
              ?own=${own}
            ></session-chat-message>`;
          })}
          <div class="outbox" aria-live="off">${outbox.map(
            (entry) => html`<session-chat-message
              part="message own-message pending-message"
              exportparts=${messageParts}
              .message=${this.pendingMessage(entry, me)}
              .author=${me}
              own
              pending
            ></session-chat-message>`,
          )}</div>
          </div>
        </div>
        ${this.unseen
          ? html`<button class="jump" part="new-messages-button" type="button" @click=${this.onJumpClick}>
              ${l.term('newMessages')}
            </button>`
          : nothing}
      </div>
      <session-chat-composer
        part="composer"
        exportparts="input, send-button"
        ?disabled=${!client || client.state.ended !== null}
        @chat-send=${this.onSend}
      ></session-chat-composer>
    `;
  }
}
