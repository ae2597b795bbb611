/**
 * What `<session-chat>` does with what a message reports (`chat-intent`), a chunk loaded with
 * the first intent (the menu that offers most of them loads first): reactions and edits go to
 * the client, a reply to the composer, a quote to the log, "Remind me" to the reminders, the
 * host's own actions out as `message-action`; and the less frequent actions themselves: the
 * delete confirmation, the full emoji picker, and copying (with its "Copied" notice).
 */
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../client/index.js';
import { findMessage, type ChatMessage } from '../../protocol/index.js';
import type { ChatIntentEventDetail } from '../shared/events/chat-intent.js';
import { MessageActionEvent } from '../shared/events/message-action.js';
import '../shared/localize/en-more.js';
import type { LocalizeController } from '../shared/localize/localize.js';
import { adoptLazyStyles } from '../shared/lazy-styles.js';
import { messageExcerpt, messagePlainText } from '../shared/message-excerpt.js';
import { chatActionsStyles } from './chat-actions.styles.js';
import type { SessionChatConfirm } from '../shared/session-chat-confirm/session-chat-confirm.component.js';
import type { SessionChatEmojiDialog } from './session-chat-emoji-dialog/session-chat-emoji-dialog.component.js';

/** How long a short confirmation ("Copied") stays. */
const NOTICE_MS = 2500;

/** Parts used only after an action are chunks of their own, fetched when first needed. */
const loadConfirm = () => import('../shared/session-chat-confirm/session-chat-confirm.js');
const loadEmojiDialog = () => import('./session-chat-emoji-dialog/session-chat-emoji-dialog.js');
const loadClipboard = () => import('../shared/clipboard.js');

/** What the actions need of `<session-chat>` (it `implements` this). */
export interface ChatActionsHost extends ReactiveControllerHost, HTMLElement {
  readonly client: SessionClient | null;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly server: string;
  readonly emojiDataUrl: string;
  readonly localize: LocalizeController;
  /** Deletes a message for everyone (the user confirmed) and keeps the focus in the log. */
  deleteMessage(id: string): void;
  /** Adds (or removes) this participant's reaction. */
  react(id: string, emoji: string): void;
}

/** Where the intents go besides the host's own `react` and `deleteMessage`. */
export interface ChatIntentRoutes {
  edit(id: string, text: string, notify: boolean): void;
  /** The composer replies to the message. */
  reply(id: string): void;
  /** The log scrolls to the message and highlights it. */
  show(id: string): void;
  /** The "Remind me" choices open for the message. */
  remind(message: ChatMessage): void;
}

export class ChatActions {
  private readonly host: ChatActionsHost;
  private readonly routes: ChatIntentRoutes;
  /** The message the delete confirmation asks about. */
  private deleting: ChatMessage | null = null;
  /** The emoji picker's dialog is rendered from its first use on (it keeps the picker). */
  private emojiPickerUsed = false;
  /** A short confirmation in the live region. */
  private notice: 'copied' | 'copyFailed' | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ChatActionsHost, routes: ChatIntentRoutes) {
    this.host = host;
    this.routes = routes;
    adoptLazyStyles(host.renderRoot, chatActionsStyles);
  }

  /** Does what a message reported, on the message as the log has it now. */
  run(detail: ChatIntentEventDetail): void {
    const { host, routes } = this;
    const state = host.client?.state;
    const message = (state && findMessage(state, detail.message.id)) || detail.message;
    const id = message.id;
    switch (detail.intent) {
      case 'react':
        return host.react(id, detail.emoji);
      case 'edit':
        return routes.edit(id, detail.text, detail.notify);
      case 'reply':
        return routes.reply(id);
      case 'delete':
        return void this.confirmDelete(message);
      case 'copy':
        return void this.copy(messagePlainText(message));
      case 'pick-emoji':
        return void this.openEmojiPicker(id);
      case 'show-original':
        if (message.replyTo) routes.show(message.replyTo);
        return;
      case 'remind':
        return routes.remind(message);
      case 'host-action':
        host.dispatchEvent(new MessageActionEvent({ action: detail.action, message }));
        return;
    }
  }

  private async confirmDelete(message: ChatMessage): Promise<void> {
    const host = this.host;
    await loadConfirm();
    this.deleting = message;
    host.requestUpdate();
    await host.updateComplete;
    const confirmed = await host.renderRoot.querySelector<SessionChatConfirm>('session-chat-confirm')!.ask();
    this.deleting = null;
    host.requestUpdate();
    if (confirmed) host.deleteMessage(message.id);
  }

  private async openEmojiPicker(messageId: string): Promise<void> {
    await loadEmojiDialog();
    this.emojiPickerUsed = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const emoji = await this.host.renderRoot.querySelector<SessionChatEmojiDialog>('session-chat-emoji-dialog')?.pick();
    if (emoji) this.host.react(messageId, emoji);
  }

  private async copy(text: string): Promise<void> {
    const { copyText } = await loadClipboard();
    this.showNotice((await copyText(text, this.host.renderRoot)) ? 'copied' : 'copyFailed');
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => this.showNotice(null), NOTICE_MS);
  }

  private showNotice(notice: ChatActions['notice']): void {
    this.notice = notice;
    this.host.requestUpdate();
  }

  /** The text of the notice live region. */
  renderNotice() {
    return this.notice ? this.host.localize.term(this.notice) : nothing;
  }

  renderDialogs() {
    const host = this.host;
    const l = host.localize;
    const deleting = this.deleting;
    const german = l.lang.toLowerCase().split('-')[0] === 'de';
    const emojiDataUrl = host.emojiDataUrl || new URL(german ? '/emoji/de/data.json' : '/emoji/data.json', host.server || document.baseURI).href;
    return html`${deleting
      ? html`<session-chat-confirm
          exportparts="dialog: delete-dialog"
          question=${l.term(deleting.file ? 'files.deleteConfirm' : 'deleteConfirm')}
          detail=${messageExcerpt(deleting)}
          confirm-label=${l.term('deleteConfirmYes')}
          cancel-label=${l.term('cancel')}
        ></session-chat-confirm>`
      : nothing}
    ${this.emojiPickerUsed
      ? html`<session-chat-emoji-dialog exportparts="dialog: emoji-dialog" data-source=${emojiDataUrl}></session-chat-emoji-dialog>`
      : nothing}`;
  }
}
