import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { SessionClient } from '../../client/index.js';
import type { ConnectionState, OutboxEntry } from '../../client/types.js';
import {
  findMessage,
  messagePermissions,
  type ChatMessage,
  type MessagePermissions,
  type ParticipantInfo,
  type SessionChatError,
  type SessionEvent,
} from '../../protocol/index.js';
import { SessionClientController } from '../controllers/session-client-controller.js';
import { SessionEndController } from '../controllers/session-end-controller.js';
import { FileSharingController } from '../controllers/file-sharing-controller.js';
import type { ChatEndSessionEvent } from '../events/chat-end-session.js';
import { ChatErrorEvent } from '../events/chat-error.js';
import type { ChatIntentEvent } from '../events/chat-intent.js';
import { ChatMessageEvent } from '../events/chat-message.js';
import type { ChatSendEvent } from '../events/chat-send.js';
import { ConnectionChangeEvent } from '../events/connection-change.js';
import { MessageActionEvent } from '../events/message-action.js';
import { LocalizeController } from '../localize/localize.js';
import { messageExcerpt } from '../message-excerpt.js';
import type { ChatAction, ChatActions, ChatActionsHost } from './chat-actions.js';
import type { SessionChatComposer } from '../session-chat-composer/session-chat-composer.component.js';
import type { MessageActionItem } from '../session-chat-message/session-chat-message.component.js';
import type { ParticipantView } from '../session-chat-participants/session-chat-participants.component.js';
import { themeStyles } from '../theme.styles.js';
import { sessionChatStyles } from './session-chat.styles.js';
import type { ChatClock } from '../clock.js';
import { DraftsController } from '../controllers/drafts-controller.js';
import { NotificationsController } from '../controllers/notifications-controller.js';
import { RemindersController } from '../controllers/reminders-controller.js';
import { SearchController } from '../controllers/search-controller.js';
import { SettingsController } from '../controllers/settings-controller.js';
import { TimelineController } from '../controllers/timeline-controller.js';
import { TypingController } from '../controllers/typing-controller.js';
import { UnreadController } from '../controllers/unread-controller.js';
import { deliveryMarks, presenceStatuses } from '../participant-signals.js';
import { settingAttribute } from '../settings-store.js';
import { sessionChatSignalsStyles } from './session-chat-signals.styles.js';
import { CLOSE, icon } from '../icons.js';

/** How close to the bottom (px) still counts as "reading the newest messages". */
const STICKY_PX = 48;
/** How long a highlight lasts: an edit announced to the others, a message a quote led to. */
const HIGHLIGHT_MS = { notified: 6000, target: 2500 } as const;
const NO_PERMISSIONS: MessagePermissions = { edit: false, delete: false, reply: false, react: false };

/** Deleting, copying and the full emoji picker are a chunk of their own, fetched with the first of them. */
const loadActions = () => import('./chat-actions.js');

/**
 * @summary Text chat for one session: who is in it, the messages, a composer and the
 * connection state. Give it a relay URL and a join token, or a `SessionClient`.
 *
 * @slot actions - Host buttons at the end of the header.
 *
 * @event chat-message - A message arrived live, or another participant edited one with "Notify others about this change" (then `edit` is true). `detail: { message: ChatMessage, own: boolean, edit?: boolean }`.
 * @event message-action - The user chose one of `messageActions` in a message's menu. `detail: { action: string, message: ChatMessage }`.
 * @event connection-change - The connection changed state. `detail: { state: ConnectionState }`.
 * @event chat-error - The relay refused something or the connection failed for good. `detail: { error: SessionChatError }`.
 * @event session-ended - The session ended (fired once, live or found in the history on joining), for every participant. `detail: { by: { id, name, role }, at: number, reason: 'participant' | 'host' | 'idle' }`.
 * @event transcript-ready - The relay wrote the transcript (fired once, for technicians and admins only). `detail: { urls: { txt, json, html } }`, absolute URLs.
 * @event unread-change - The number of others' messages not seen yet changed (they arrive while the page is hidden, the element is `minimized` or the log is scrolled up; read once the newest message is seen). `detail: { count: number }`.
 * @event settings-change - The user changed a setting in the settings panel (stored in this browser). `detail: { name: 'enterToSend' | 'sendTyping' | 'sound' | 'systemNotifications' | 'alwaysScrollToEnd', value: boolean }`.
 *
 * @csspart header - The bar with participants, connection status and the `actions` slot.
 * @csspart participants - The participant list (exports `list`, `participant`, `online`, `offline`, `away`).
 * @csspart status - The connection status (an `aria-live` region).
 * @csspart log - The scrolling message list (`role="log"`).
 * @csspart message - Every message (exports `meta`, `author`, `time`, `edited`, `text`, `link`, `deleted`, `quote`, `reactions`, `reaction`, `actions-button`, `menu`, `menu-item`, `editor`).
 * @csspart own-message - One's own messages (also have `message`).
 * @csspart pending-message - Typed messages not yet acked (also have `message` and `own-message`).
 * @csspart notified-message - A message another participant just edited with "Notify others" (highlighted for a few seconds).
 * @csspart highlighted-message - The message a reply's quote led to (highlighted for a few seconds).
 * @csspart new-messages-button - The "New messages" button shown while scrolled up.
 * @csspart notice - A short confirmation such as "Copied" (a polite live region).
 * @csspart reply-bar - The "Replying to" quote above the composer, with its "Cancel reply" button.
 * @csspart delete-dialog - The "Delete this message for everyone?" confirmation.
 * @csspart emoji-dialog - The dialog of the full emoji picker.
 * @csspart composer - The composer bar.
 * @csspart input - The message textarea.
 * @csspart send-button - The send button.
 * @csspart attach-button - The "Attach files" paperclip in the composer.
 * @csspart file-card - A shared file's card in a message (also exports `file-thumbnail`, `file-name`, `file-button`).
 * @csspart drop-zone - The "Drop files to share them" overlay while files are dragged over the widget.
 * @csspart uploads - This participant's uploads above the composer (exports `upload`, `progress-bar`, `upload-button`).
 * @csspart preview-dialog - The preview dialog of shared files.
 * @csspart end-session-button - The "End session" button in the header (technicians and admins only).
 * @csspart end-dialog - The "End this session for everyone?" confirmation.
 * @csspart end-confirm-button - Its "Yes, end session" button.
 * @csspart ended-banner - "Session ended by … at …" above the composer (`role="status"`, empty while the session is open).
 * @csspart transcript-link - The links to the transcript in the ended banner (technicians and admins).
 * @csspart unread-badge - The unread count in the header (shown while there are unread messages).
 * @csspart unread-divider - The "New messages" line before the first unread message.
 * @csspart first-unread-button - "Jump to first unread", while there are unread messages.
 * @csspart system-line - A quiet line in the log: "Ann joined", "Ann left" (see `showJoinLeave`).
 * @csspart typing - "Ann is typing…" (a polite live region, empty when nobody types).
 * @csspart away - A participant online with every tab hidden (with `participant` and `online`).
 * @csspart presence - The presence dot by an author's name (in messages).
 * @csspart delivery - The mark of one's own message (also `delivery-sent`, `delivery-delivered`, `delivery-read`).
 * @csspart reminder-mark - The ⏰ mark of a message with a reminder.
 * @csspart match - A search match in a message (`<mark>`); the current one is also `current-match`.
 * @csspart search-button - The "Search" button in the header.
 * @csspart search - The search bar (exports `search-input`, `search-count`).
 * @csspart settings-button - The "Settings" button in the header.
 * @csspart settings-dialog - The settings panel.
 * @csspart reminder-notice - A reminder that is due, with "Open message", "Snooze" and "Dismiss".
 * @csspart reminder-dialog - The "Remind me" dialog.
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
 * @cssproperty --session-chat-highlight-color - A highlighted message's background as it fades. Default `#fff8c5` (dark `#2d2611`).
 * @cssproperty --session-chat-icon-size - Width and height of every icon. Default `1.25rem`.
 * @cssproperty --session-chat-backdrop-color - The backdrop behind the file preview dialog. Default `rgb(0 0 0 / 0.55)`.
 */
export class SessionChat extends LitElement {
  static override styles = [themeStyles, sessionChatStyles, sessionChatSignalsStyles];
  // Reactive properties as a table, not decorators: the four parts of the first load saved
  // about 0.7 KB min+gzip this way (the decorators' calls and their code); lazy parts keep them.
  static override properties = {
    error: { state: true },
    unseen: { state: true },
    replyingTo: { state: true },
    server: {},
    token: {},
    client: { attribute: false },
    connectionState: { reflect: true, attribute: 'connection-state' },
    messageActions: { attribute: false },
    emojiDataUrl: { attribute: 'emoji-data-url' },
    showJoinLeave: { attribute: 'show-join-leave', converter: (value: string | null) => value !== 'false' },
    minimized: { type: Boolean, reflect: true },
    enterToSend: { attribute: 'enter-to-send', converter: settingAttribute },
    sendTyping: { attribute: 'send-typing', converter: settingAttribute },
    sound: { converter: settingAttribute },
    systemNotifications: { attribute: 'system-notifications', converter: settingAttribute },
    alwaysScrollToEnd: { attribute: 'always-scroll-to-end', converter: settingAttribute },
    clock: { attribute: false },
  };

  private readonly localize = new LocalizeController(this);
  private readonly connection = new SessionClientController(this, {
    event: (detail) => this.onClientEvent(detail),
    connectionChange: (next) => this.onConnectionChange(next),
    error: (error) => this.onClientError(error),
  });
  private readonly ending = new SessionEndController(this, this.localize, () => this.error);
  private readonly settings = new SettingsController(this, () => ({
    enterToSend: this.enterToSend,
    sendTyping: this.sendTyping,
    sound: this.sound,
    systemNotifications: this.systemNotifications,
    alwaysScrollToEnd: this.alwaysScrollToEnd,
  }));
  private readonly typing = new TypingController(this, () => this.settings.value.sendTyping);
  private readonly timeline = new TimelineController(this);
  private readonly unread = new UnreadController(this, {
    atEnd: () => this.atBottom,
    minimized: () => this.minimized,
    show: (id) => this.showMessage(id),
  });
  private readonly drafts = new DraftsController(this, () => this.composer ?? null);
  private readonly search = new SearchController(this, () => (this.atBottom = false));
  private readonly reminders = new RemindersController(this, {
    clock: () => this.clock,
    systemNotifications: () => this.settings.value.systemNotifications,
    nameOf: (id) => this.nameOf(id),
    open: (id) => this.showMessage(id),
  });
  private readonly files = new FileSharingController(this, () => this.composer);

  private get log(): HTMLElement {
    return this.renderRoot?.querySelector('.log') as HTMLElement;
  }
  private get content(): HTMLElement {
    return this.renderRoot?.querySelector('.content') as HTMLElement;
  }
  private get composer(): SessionChatComposer {
    return this.renderRoot?.querySelector('session-chat-composer') as SessionChatComposer;
  }

  /** The last refusal or failure, shown in the status line until the next success. */
  private error: SessionChatError | null = null;
  /** Others' messages arrived while the user was scrolled up. */
  private unseen = false;
  /** Id of the message the composer replies to. */
  private replyingTo: string | null = null;
  /** Messages highlighted for a moment, by id. */
  private readonly highlights = new Map<string, { kind: 'notified' | 'target'; timer: ReturnType<typeof setTimeout> }>();
  /** Deleting, copying, the emoji picker: loaded with the first of them. */
  private actions: ChatActions | null = null;
  /** Participants by id, as of the last render (read by the messages' `nameOf`). */
  private authorsById = new Map<string, ParticipantInfo>();
  /** The log was scrolled to (near) the bottom at the last scroll. */
  private atBottom = true;
  private lastScrollTop = 0;
  private renderedCount = 0;
  private grew = false;
  /** Keeps the newest message in view while messages render and grow (they render after the log). */
  private readonly resizeObserver = new ResizeObserver(() => this.followBottom());
  private hostClient: SessionClient | null = null;

  /** Base URL of the relay, e.g. `https://chat.example.com`. With `token`, the element connects. */
  server = '';

  /** The participant's join token (a JWT minted by the host's backend). */
  token = '';

  /**
   * The `SessionClient` in use. Set it to bring your own (it is connected if still idle and
   * never closed by the element); otherwise it is the one made from `server` and `token`.
   */
  get client(): SessionClient | null {
    return this.connection.client;
  }

  set client(value: SessionClient | null) {
    const old = this.connection.client;
    this.hostClient = value;
    this.requestUpdate('client', old);
  }

  /** The connection state, reflected for CSS: `idle`, `connecting`, `live`, `reconnecting` or `closed`. Read-only. */
  connectionState: ConnectionState = 'idle';

  /**
   * The host's own actions, appended to every message's menu; choosing one fires
   * `message-action` with the action's `id` and the message.
   */
  messageActions: MessageActionItem[] = [];

  /**
   * Where the full emoji picker loads its data (emoji-picker-element's `dataSource`). Default:
   * `/emoji/data.json` on the relay (`server`). Never a CDN.
   */
  emojiDataUrl = '';

  /** Show "Ann joined" and "Ann left" lines in the log. `show-join-leave="false"` hides them. */
  showJoinLeave = true;

  /**
   * The host shows the element minimised: only the header (with the unread badge) stays, and
   * messages that arrive meanwhile count as unread.
   */
  minimized = false;

  /**
   * Setting: Enter sends (else Ctrl/⌘+Enter). The five settings are the user's, kept in this
   * browser, unless the host forces one (the settings panel then shows it disabled): unset
   * (`undefined`), the user's choice applies; as an attribute, `"false"` forces it off and any
   * other value on.
   */
  enterToSend: boolean | undefined = undefined;
  /** Setting: others see "… is typing" while this participant types (see `enterToSend`). */
  sendTyping: boolean | undefined = undefined;
  /** Setting: a beep for new messages while the page is hidden (see `enterToSend`). */
  sound: boolean | undefined = undefined;
  /** Setting: system notifications, once the browser's permission is granted (see `enterToSend`). */
  systemNotifications: boolean | undefined = undefined;
  /** Setting: follow every new message even after scrolling up (see `enterToSend`). */
  alwaysScrollToEnd: boolean | undefined = undefined;

  /** Time for reminders; tests and demos pass one where minutes go by quickly. Default: the system clock. */
  clock: ChatClock | undefined = undefined;

  constructor() {
    super();
    // Sounds and system notifications follow the element's own chat-message events.
    new NotificationsController(this, {
      settings: () => this.settings.value,
      localize: this.localize,
      nameOf: (id) => this.nameOf(id),
      open: (id) => this.showMessage(id),
    });
  }

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
    if (this.grew && this.settings.value.alwaysScrollToEnd) this.atBottom = true;
    if (this.grew && !this.atBottom) this.unseen = true;
  }

  protected override updated(): void {
    if (this.grew) this.followBottom();
  }

  private onClientEvent({ event, live, own }: { event: SessionEvent; live: boolean; own: boolean }): void {
    const state = this.client?.state;
    if (!live || !state) return;
    if (event.type === 'message.sent' || event.type === 'file.shared') {
      const message = findMessage(state, event.id);
      if (message) this.dispatchEvent(new ChatMessageEvent({ message, own }));
    } else if (event.type === 'message.edited' && event.notify && !own) {
      // Only an edit its author chose to announce reaches the others; a silent edit just re-renders.
      const message = findMessage(state, event.target);
      if (!message) return;
      this.dispatchEvent(new ChatMessageEvent({ message, own, edit: true }));
      this.highlight(message.id, 'notified');
    }
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
    // A target deleted meanwhile (its bar already hid) would only get the message refused.
    const target = this.replyingTo ? findMessage(this.client.state, this.replyingTo) : undefined;
    this.connection.send(event.detail.text, target && !target.deleted ? { replyTo: target.id } : {});
    this.replyingTo = null;
    this.drafts.clear();
    this.typing.stop();
    this.unread.first = null;
  }

  private onComposerKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.replyingTo) this.cancelReply();
  }

  /** What is typed is kept as a draft, and tells the others that this participant types. */
  private onComposerInput(): void {
    const text = this.composer.value;
    this.drafts.save(text);
    this.typing.input(text);
  }

  private cancelReply(): void {
    this.replyingTo = null;
    this.composer.focus();
  }

  /** A message reported what the user chose; the root decides what it means. */
  private onIntent(event: ChatIntentEvent): void {
    event.stopPropagation();
    const detail = event.detail;
    const state = this.client?.state;
    const message = (state && findMessage(state, detail.message.id)) || detail.message;
    const id = message.id;
    switch (detail.intent) {
      case 'react':
        this.error = null;
        this.connection.react(id, detail.emoji);
        return;
      case 'edit':
        this.error = null;
        this.connection.edit(id, detail.text, detail.notify);
        return;
      case 'reply':
        this.replyingTo = id;
        void this.updateComplete.then(() => this.composer.focus());
        return;
      case 'delete':
      case 'copy':
      case 'pick-emoji':
        void this.act(detail.intent, message);
        return;
      case 'show-original':
        if (message.replyTo) this.showMessage(message.replyTo);
        return;
      case 'remind':
        void this.reminders.pick(message);
        return;
      case 'host-action':
        this.dispatchEvent(new MessageActionEvent({ action: detail.action, message }));
        return;
    }
  }

  /** The "End session" button reports a confirmed end; the root ends it. */
  private onEndSession(event: ChatEndSessionEvent): void {
    event.stopPropagation();
    this.error = null;
    this.connection.endSession();
    // The button goes once the end is in: keep the focus in the widget.
    this.log.focus({ preventScroll: true });
  }

  /** The session is over: ended in the log, or the relay refused this participant because it ended. */
  private get sessionEnded(): boolean {
    return this.client?.state.ended != null || this.error?.codeName === 'SESSION_ENDED';
  }

  private async act(intent: ChatAction, message: ChatMessage): Promise<void> {
    const { ChatActions } = await loadActions();
    // The actions use members that are private here: the element hands itself over.
    (this.actions ??= new ChatActions(this as unknown as ChatActionsHost)).run(intent, message);
  }

  /** Scrolls to a message, moves the focus to it and highlights it for a moment. */
  private showMessage(id: string): void {
    const target = [...this.renderRoot.querySelectorAll('session-chat-message')].find((el) => el.message?.id === id);
    if (!target) return;
    // Leaving the bottom: the log must not follow new content back down meanwhile.
    this.atBottom = false;
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
    this.highlight(id, 'target');
  }

  private highlight(id: string, kind: 'notified' | 'target'): void {
    clearTimeout(this.highlights.get(id)?.timer);
    const timer = setTimeout(() => {
      this.highlights.delete(id);
      this.requestUpdate();
    }, HIGHLIGHT_MS[kind]);
    this.highlights.set(id, { kind, timer });
    this.requestUpdate();
  }

  private readonly nameOf = (id: string): string => this.authorsById.get(id)?.name ?? this.localize.term('unknownParticipant');

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
    // The user scrolled up and the layout changed before the scroll event came (messages that
    // come into view render late): that scroll leaves the bottom, it must not be undone.
    if (log.scrollTop < this.lastScrollTop - 1 && log.scrollHeight - log.scrollTop - log.clientHeight > STICKY_PX) {
      this.atBottom = false;
      return;
    }
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
    for (const p of client.presence) {
      const view = views.get(p.id);
      if (view) view.away = view.online && p.away === true;
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
    // An ended session closes customers' sockets on purpose: say so, not "Disconnected" with an error.
    const ended = this.sessionEnded;
    const error = ended && this.error?.codeName === 'SESSION_ENDED' ? null : this.error;
    const errorKey = `error.${error?.codeName}`;
    const errorText = !error ? '' : l.has(errorKey) ? l.term(errorKey) : l.term('error.generic', { code: error.codeName });
    return html`<div class="status" part="status" role="status">
      <span>${ended ? l.term('sessionEndedStatus') : l.term(`connection.${this.connectionState}` as const)}</span>
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

  private renderReplyBar() {
    const id = this.replyingTo;
    const state = this.client?.state;
    const target = id && state ? findMessage(state, id) : undefined;
    if (!target || target.deleted) return nothing;
    const l = this.localize;
    return html`<div class="reply-bar" part="reply-bar">
      <div class="reply-quote">
        <span class="reply-to">${l.term('replyingTo', { name: this.nameOf(target.from) })}</span>
        <span class="excerpt">${messageExcerpt(target)}</span>
      </div>
      <button type="button" class="icon" aria-label=${l.term('cancelReply')} title=${l.term('cancelReply')} @click=${this.cancelReply}>${icon(CLOSE)}</button>
    </div>`;
  }

  override render() {
    const l = this.localize;
    const client = this.client;
    const state = client?.state;
    const messages = state?.messages ?? [];
    const outbox = client?.outbox ?? [];
    const me = client?.me ?? null;
    const authors = this.authors();
    this.authorsById = authors;
    // Join/leave lines and the "New messages" divider go between the messages as they render.
    const lines = this.timeline.reader(l, this.nameOf, this.showJoinLeave, this.unread.first, me?.id ?? '');
    const presence = presenceStatuses(client);
    const delivery = deliveryMarks(client);
    const messageParts = 'meta, author, time, edited, text, link, deleted, quote, reactions, reaction, actions-button, menu, menu-item, editor, file-card, file-thumbnail, file-name, file-button, presence, delivery, delivery-sent, delivery-delivered, delivery-read, reminder-mark, match, current-match';
    // Reply quotes look their targets up by id; only build the index when some message replies.
    const byId = messages.some((m) => m.replyTo) ? new Map(messages.map((m) => [m.id, m])) : null;
    const replyTarget = (m: ChatMessage) => (m.replyTo ? (byId?.get(m.replyTo) ?? null) : null);
    const replyAuthor = (target: ChatMessage | null) => (target ? (authors.get(target.from) ?? null) : null);
    return html`
      <div class="header" part="header">
        ${this.unread.renderBadge(l)}
        <session-chat-participants
          part="participants"
          exportparts="list, participant, online, offline, away"
          .participants=${this.participantViews()}
        ></session-chat-participants>
        ${this.renderStatus()}
        ${this.ending.canEnd
          ? html`<session-chat-end-button
              exportparts="button: end-session-button, dialog: end-dialog, confirm-button: end-confirm-button"
              @chat-end-session=${this.onEndSession}
            ></session-chat-end-button>`
          : nothing}
        ${this.search.renderButton(l)} ${this.settings.renderButton(l)}
        <slot name="actions"></slot>
      </div>
      ${this.search.renderBar()} ${this.reminders.render()}
      <div class="body">
        <div class="log" part="log" role="log" aria-label=${l.term('messages')} tabindex="0" @scroll=${this.onScroll} @chat-intent=${this.onIntent}>
          <div class="content">
          ${messages.length === 0 && outbox.length === 0 && !this.sessionEnded ? html`<p class="empty">${l.term('noMessages')}</p>` : nothing}
          ${messages.map((message) => {
            const own = me !== null && message.from === me.id;
            const may = me && state ? messagePermissions(state, me, message, client!.policy) : NO_PERMISSIONS;
            const highlight = this.highlights.get(message.id)?.kind;
            const target = replyTarget(message);
            let part = own ? 'message own-message' : 'message';
            if (highlight) part += highlight === 'notified' ? ' notified-message' : ' highlighted-message';
            return html`${lines.before(message)}<session-chat-message
              part=${part}
              exportparts=${messageParts}
              .message=${message}
              .author=${authors.get(message.from) ?? null}
              ?own=${own}
              highlight=${highlight || nothing}
              .viewerId=${me?.id ?? ''}
              .canReact=${may.react}
              .canReply=${may.reply}
              .canEdit=${may.edit}
              .canDelete=${may.delete}
              ?readonly=${this.sessionEnded}
              .hostActions=${this.messageActions}
              .replyTarget=${target}
              .replyAuthor=${replyAuthor(target)}
              .nameOf=${this.nameOf}
              .fileUrl=${this.files.fileUrl}
              .presence=${presence.get(message.from) ?? null}
              .delivery=${delivery(message)}
              .reminderAt=${this.reminders.dueOf(message)}
              .searchMatches=${this.search.matchesIn(message)}
              .currentMatch=${this.search.currentIn(message)}
            ></session-chat-message>`;
          })}${lines.rest()}
          <div class="outbox" aria-live="off">${outbox.map((entry) => {
            const target = entry.replyTo ? (byId?.get(entry.replyTo) ?? (state && findMessage(state, entry.replyTo)) ?? null) : null;
            return html`<session-chat-message
              part="message own-message pending-message"
              exportparts=${messageParts}
              .message=${this.pendingMessage(entry, me)}
              .author=${me}
              .replyTarget=${target}
              .replyAuthor=${replyAuthor(target)}
              .nameOf=${this.nameOf}
              own
              pending
            ></session-chat-message>`;
          })}</div>
          </div>
        </div>
        ${this.unseen
          ? html`<button class="jump" part="new-messages-button" type="button" @click=${this.onJumpClick}>
              ${l.term('newMessages')}
            </button>`
          : nothing}
        <div class="notice" part="notice" role="status">${this.actions?.renderNotice()}</div>
        ${this.typing.render(l, this.nameOf)} ${this.unread.renderJumpButton(l)}
        ${this.files.renderLayer()}
      </div>
      <session-chat-ended
        exportparts="banner: ended-banner, transcript-link"
        .ended=${this.ending.ended}
        ?transcript-expected=${this.ending.readsTranscripts}
        .transcript=${this.ending.transcriptLinks}
      ></session-chat-ended>
      ${this.files.renderUploads()}
      ${this.renderReplyBar()}
      <session-chat-composer
        part="composer"
        exportparts="input, send-button, attach-button"
        ?disabled=${!client || this.sessionEnded}
        disabled-reason=${this.sessionEnded ? l.term('composerEnded') : ''}
        @chat-send=${this.onSend}
        @keydown=${this.onComposerKeyDown}
        .enterToSend=${this.settings.value.enterToSend}
        @input=${this.onComposerInput}
        @focusout=${this.typing.stop}
      ></session-chat-composer>
      ${this.actions?.renderDialogs()}
    `;
  }
}
