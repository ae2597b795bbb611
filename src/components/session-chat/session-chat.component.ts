import { LitElement, html, type PropertyValues } from 'lit';
import type { ConnectionState, SessionClient } from '../../client/index.js';
import type { ChatClock } from '../shared/clock.js';
import { ComposerController } from '../composer/composer-controller.js';
import { ConnectionStatusController } from './connection-status-controller.js';
import { DraftsController } from '../composer/drafts-controller.js';
import { EarlierSessionsController } from '../earlier-sessions/earlier-sessions-controller.js';
import { FileSharingController } from '../files/file-sharing-controller.js';
import { HistoryController } from '../history/history-controller.js';
import { InviteController } from '../invite/invite-controller.js';
import { MessageIntentsController } from '../conversation/message-intents-controller.js';
import { NotificationsController } from '../notifications/notifications-controller.js';
import { RemindersController } from '../reminders/reminders-controller.js';
import { SearchController } from '../search/search-controller.js';
import { SessionClientController } from './session-client-controller.js';
import { SessionEndController } from '../session-end/session-end-controller.js';
import { SettingsController } from '../settings/settings-controller.js';
import { TimelineController } from '../conversation/timeline-controller.js';
import { TypingController } from '../composer/typing-controller.js';
import { UnreadController } from '../unread/unread-controller.js';
import { LocalizeController } from '../shared/localize/localize.js';
import { LanguageDirectionController } from '../shared/language-direction-controller.js';
import { LiveTransferController, type IceServer } from '../live-transfers/live-transfer-controller.js';
import type { SessionChatComposer } from '../composer/session-chat-composer/session-chat-composer.component.js';
import type { ComposerActionItem } from '../composer/session-chat-composer/composer-actions.js';
import { LOG_PARTS, type SessionChatLog } from '../conversation/session-chat-log/session-chat-log.component.js';
import { logViewOf, type LogSources } from './log-view.js';
import type { MessageActionItem } from '../conversation/session-chat-message/session-chat-message.component.js';
import { notFalse, settingAttribute } from '../shared/settings-store.js';
import { themeStyles } from '../shared/theme.styles.js';
import type { ChatActionsHost } from '../conversation/chat-actions.js';
import { sessionChatSignalsStyles } from './session-chat-signals.styles.js';
import { sessionChatStyles } from './session-chat.styles.js';

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
 * @event invite-request - A technician or admin asked for a join link with "Add participant". `detail: { role: 'technician' | 'customer', name, respondWith(link | Promise<link>) }`; unanswered, the widget asks the relay and uses `invite-url`.
 * @event composer-action - The user pressed one of `composerActions`. `detail: { action: string, draft: string }`.
 * @event settings-change - The user changed a setting in the settings panel (stored in this browser). `detail: { name: 'enterToSend' | 'sendTyping' | 'sound' | 'systemNotifications' | 'alwaysScrollToEnd', value: boolean }`.
 *
 * @csspart header - The bar with participants, connection status and the `actions` slot.
 * @csspart participants - The participant list (exports `list`, `participant`, `online`, `offline`, `away`).
 * @csspart status - The connection status (an `aria-live` region).
 * @csspart log - The scrolling message list (`role="log"`).
 * @csspart message - Every message (exports `meta`, `author`, `time`, `edited`, `text`, `link`, `deleted`, `quote`, `reactions`, `reaction`, `actions-button`, `menu`, `menu-item`, `editor`).
 * @csspart own-message - One's own messages (also have `message`).
 * @csspart pending-message - Typed messages not yet acked (also have `message` and `own-message`).
 * @csspart undelivered-message - One's own message sent while someone was offline, greyed until everyone received it.
 * @csspart notified-message - A message another participant just edited with "Notify others" (highlighted for a few seconds).
 * @csspart highlighted-message - The message a reply's quote led to (highlighted for a few seconds).
 * @csspart new-messages-button - The "New messages" button shown while scrolled up.
 * @csspart history - Earlier messages at the top of the log: the period buttons ("Yesterday" … "All"), the loading status, the error (exports `history-button`, `history-status`, `history-error`).
 * @csspart notice - A short confirmation such as "Copied" (a polite live region).
 * @csspart reply-bar - The "Replying to" quote above the composer, with its "Cancel reply" button.
 * @csspart delete-dialog - The "Delete this message for everyone?" confirmation.
 * @csspart emoji-dialog - The dialog of the full emoji picker.
 * @csspart composer - The composer bar.
 * @csspart input - The message textarea.
 * @csspart send-button - The send button.
 * @csspart attach-button - The "Attach files" paperclip in the composer.
 * @csspart composer-action - Each of the host's `composerActions` buttons in the composer.
 * @csspart share-menu-button - "More ways to share" beside "Attach files"; `share-menu` is its menu, `send-direct-item` its item "Send directly (not stored)".
 * @csspart voice-button - The "Record a voice message" microphone in the composer (see `voiceNotes`).
 * @csspart file-card - A shared file's card in a message (also exports `file-thumbnail`, `file-name`, `file-button`, `file-player`, `file-duration`).
 * @csspart transfer-card - A live transfer's card in a message (also exports `transfer`, `transfer-button`, `transfer-progress`).
 * @csspart drop-zone - The "Drop files to share them" overlay while files are dragged over the widget.
 * @csspart uploads - This participant's uploads above the composer (exports `upload`, `progress-bar`, `upload-button`, `send-direct-button`).
 * @csspart preview-dialog - The preview dialog of shared files.
 * @csspart end-session-button - The "End session" button in the header (technicians and admins only).
 * @csspart end-dialog - The "End this session for everyone?" confirmation.
 * @csspart end-confirm-button - Its "Yes, end session" button.
 * @csspart invite-button - The "Add participant" button in the header (technicians and admins only); `invite-dialog` is its dialog.
 * @csspart earlier-sessions-button - The "Earlier sessions" button in the header (technicians and admins, when the session has a customer reference); `earlier-sessions-dialog` is its dialog (the list and the read-only transcripts).
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
 * @csspart search - The search bar (exports `search-input`, `search-count`, `search-filter` for each kind's toggle button, `search-from`, `search-clear`).
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
export class SessionChat extends LitElement implements ChatActionsHost {
  static override styles = [themeStyles, sessionChatStyles, sessionChatSignalsStyles];
  // A table, not decorators: the first load's four parts saved ~0.7 KB min+gzip; lazy parts keep decorators.
  static override properties = {
    server: {},
    token: {},
    client: { attribute: false },
    connectionState: { reflect: true, attribute: 'connection-state' },
    messageActions: { attribute: false },
    emojiDataUrl: { attribute: 'emoji-data-url' },
    showJoinLeave: { attribute: 'show-join-leave', converter: notFalse },
    voiceNotes: { attribute: 'voice-notes', converter: notFalse },
    minimized: { type: Boolean, reflect: true },
    enterToSend: { attribute: 'enter-to-send', converter: settingAttribute },
    sendTyping: { attribute: 'send-typing', converter: settingAttribute },
    sound: { converter: settingAttribute },
    systemNotifications: { attribute: 'system-notifications', converter: settingAttribute },
    alwaysScrollToEnd: { attribute: 'always-scroll-to-end', converter: settingAttribute },
    clock: { attribute: false },
    inviteUrl: { attribute: 'invite-url' },
    composerActions: { attribute: false },
    iceServers: { attribute: false },
  };

  /** @internal The strings (also the lazy actions'). */
  readonly localize = new LocalizeController(this);
  private readonly status = new ConnectionStatusController(this, this.localize, (id) => this.log?.highlight(id, 'notified'));
  private readonly connection = new SessionClientController(this, this.status);
  private readonly ending = new SessionEndController(this, this.localize, () => this.status.failure);
  private readonly inviting = new InviteController(this);
  private readonly earlier = new EarlierSessionsController(this);
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
    atEnd: () => this.log?.atEnd ?? true,
    minimized: () => this.minimized,
    show: (id) => this.showMessage(id),
  });
  private readonly drafts = new DraftsController(this, () => this.composer ?? null);
  private readonly search = new SearchController(this, () => this.log);
  private readonly reminders = new RemindersController(this, {
    clock: () => this.clock,
    systemNotifications: () => this.settings.value.systemNotifications,
    nameOf: (id) => this.nameOf(id),
    open: (id) => this.showMessage(id),
  });
  private readonly files = new FileSharingController(this, () => this.composer);
  private readonly composing = new ComposerController(this, {
    localize: this.localize,
    drafts: this.drafts,
    typing: this.typing,
    composer: () => this.composer ?? null,
    nameOf: (id) => this.nameOf(id),
    send: (text, replyTo) => this.send(text, replyTo),
  });
  private readonly intents = new MessageIntentsController(this, {
    edit: (id, text, notify) => {
      this.status.clear();
      this.connection.edit(id, text, notify);
    },
    reply: (id) => this.composing.replyTo(id),
    show: (id) => this.showMessage(id),
    remind: (message) => void this.reminders.pick(message),
  });

  private get log(): SessionChatLog | null | undefined {
    return this.renderRoot?.querySelector('session-chat-log');
  }
  private get composer(): SessionChatComposer {
    return this.renderRoot?.querySelector('session-chat-composer') as SessionChatComposer;
  }

  /** Everyone a message may name, by id, as of the last render (read by `nameOf`). */
  private authors: ReadonlyMap<string, { name: string }> = new Map();
  private hostClient: SessionClient | null = null;

  /** Base URL of the relay, e.g. `https://chat.example.com`. With `token`, the element connects. */
  server = '';
  /** The participant's join token (a JWT minted by the host's backend). */
  token = '';
  /** Join page for links made by the relay when no host answers `invite-request`: `{token}` marks where the token goes. */
  inviteUrl = '';
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
  /** The host's own buttons beside "Attach files" (`{ id, label, icon? }`); pressing one fires `composer-action` with the draft. */
  composerActions: ComposerActionItem[] = [];
  /** Show "Ann joined" and "Ann left" lines in the log. `show-join-leave="false"` hides them. */
  showJoinLeave = true;
  /** Offer "Record a voice message" in the composer (where the browser can record). `voice-notes="false"` hides it. */
  voiceNotes = true;
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
  /** STUN/TURN servers for "Send directly (not stored)" (`{ urls, username?, credential? }`). Default: none (the same network, else through the relay). */
  iceServers: IceServer[] = [];

  constructor() {
    super();
    // `lang` (the strings, and the direction unless the host set `dir`); live transfers ("Send directly").
    new LanguageDirectionController(this);
    new LiveTransferController(this, (error) => this.status.error(error));
    // Sounds and system notifications follow the element's own chat-message events.
    new NotificationsController(this, { settings: () => this.settings.value, localize: this.localize, nameOf: (id) => this.nameOf(id), open: (id) => this.showMessage(id) });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('token') || changed.has('client')) {
      this.connection.configure({ client: this.hostClient, server: this.server, token: this.token });
    }
  }

  protected override updated(): void {
    this.log?.renderNow();
  }
  /** Sends a typed message (the composer's); false without a client that can send. */
  private send(text: string, replyTo: string | undefined): boolean {
    if (!this.client || this.client.connectionState === 'closed') return false;
    this.status.clear();
    if (this.log) this.log.atEnd = true;
    this.connection.send(text, replyTo ? { replyTo } : {});
    this.unread.first = null;
    return true;
  }

  /** The "End session" button reports a confirmed end; the root ends it. */
  private readonly endSession = (): void => {
    this.status.clear();
    this.connection.endSession();
    // The button goes once the end is in: keep the focus in the widget.
    this.log?.focus({ preventScroll: true });
  };
  /** @internal Adds (or removes) this participant's reaction (also from the lazy emoji picker). */
  react(id: string, emoji: string): void {
    this.status.clear();
    this.connection.react(id, emoji);
  }
  /** @internal Deletes a message for everyone, once the user confirmed (in the lazy actions). */
  deleteMessage(id: string): void {
    this.status.clear();
    this.connection.delete(id);
    // The message's own buttons go with it: keep the focus in the log.
    this.log?.focus({ preventScroll: true });
  }

  /** Scrolls to a message, moves the focus to it and highlights it for a moment. */
  private readonly showMessage = (id: string): void => this.log?.showMessage(id);
  private readonly nameOf = (id: string): string => this.authors.get(id)?.name ?? this.localize.term('unknownParticipant');

  /** Inserts text at the composer's caret (e.g. from a `composer-action`), as if typed. */
  insertText(text: string): void {
    this.composer?.insertText(text);
  }
  /** Attaches files as "Attach files" does: shared, with the typed text as their caption. */
  attachFiles(files: File[]): void {
    this.composer?.attach(files);
  }
  /** Scrolls the log to the newest message and follows new ones again. */
  scrollToLatest(): void {
    this.log?.scrollToLatest();
  }

  /** What the log shows, besides the client's own state (`logViewOf` derives it once per render). */
  private readonly logSources: LogSources = {
    ended: () => this.status.ended,
    alwaysScrollToEnd: () => this.settings.value.alwaysScrollToEnd,
    hostActions: () => this.messageActions,
    lines: (me) => this.timeline.reader(this.localize, this.nameOf, this.showJoinLeave, this.unread.first, me),
    nameOf: (id) => this.nameOf(id),
    fileUrl: this.files.fileUrl,
    renditionUrl: this.files.renditionUrl,
    reminders: this.reminders,
    search: this.search,
    history: new HistoryController(this, () => this.log, () => this.clock?.now() ?? Date.now()),
  };

  override render() {
    const l = this.localize;
    const ended = this.status.ended;
    const client = this.client;
    const derived = client ? logViewOf(client, this.logSources) : null;
    if (derived) this.authors = derived.authors;
    const { view, participants } = derived ?? { view: null, participants: [] };
    return html`
      <div class="header" part="header">
        ${this.unread.renderBadge(l)}
        <session-chat-participants part="participants" exportparts="list,participant,online,offline,away" .participants=${participants}></session-chat-participants>
        ${this.status.render()}
        ${this.ending.renderButton(this.endSession)} ${this.inviting.render()} ${this.earlier.render()}
        ${this.search.renderButton(l)} ${this.settings.renderButton(l)}
        <slot name="actions"></slot>
      </div>
      ${this.search.renderBar()} ${this.reminders.render()}
      <div class="body">
        <session-chat-log exportparts=${LOG_PARTS} .view=${view} @chat-intent=${this.intents.onIntent}></session-chat-log>
        <div class="notice" part="notice" role="status">${this.intents.renderNotice()}</div>
        ${this.typing.render(l, this.nameOf)} ${this.unread.renderJumpButton(l)}
        ${this.files.renderLayer()}
      </div>
      <session-chat-ended
        exportparts="banner:ended-banner,transcript-link"
        .ended=${this.ending.ended}
        ?transcript-expected=${this.ending.readsTranscripts}
        .transcript=${this.ending.transcriptLinks}
      ></session-chat-ended>
      ${this.files.renderUploads()} ${this.composing.renderReplyBar()}
      <session-chat-composer
        part="composer"
        exportparts="input,send-button,attach-button,share-menu-button,share-menu,send-direct-item,voice-button,composer-action"
        .voiceNotes=${this.voiceNotes}
        .actions=${this.composerActions}
        ?disabled=${!client || ended}
        disabled-reason=${ended ? l.term('composerEnded') : ''}
        @chat-send=${this.composing.onSend}
        @keydown=${this.composing.onKeyDown}
        .enterToSend=${this.settings.value.enterToSend}
        @input=${this.composing.onInput}
        @focusout=${this.typing.stop}
      ></session-chat-composer>
      ${this.intents.renderDialogs()}
    `;
  }
}
