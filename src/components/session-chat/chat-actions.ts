/**
 * What `<session-chat>` does with a message's less frequent actions, a chunk loaded with the
 * first of them (the menu that offers them loads first): the delete confirmation, the full
 * emoji picker, and copying (with its "Copied" notice).
 */
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../client/index.js';
import type { ChatMessage, SessionChatError } from '../../protocol/index.js';
import type { SessionClientController } from '../controllers/session-client-controller.js';
import type { ChatIntentEventDetail } from '../events/chat-intent.js';
import '../localize/en-more.js';
import type { LocalizeController } from '../localize/localize.js';
import { messageExcerpt, messagePlainText } from '../message-excerpt.js';
import type { SessionChatConfirm } from '../session-chat-confirm/session-chat-confirm.component.js';
import type { SessionChatEmojiDialog } from '../session-chat-emoji-dialog/session-chat-emoji-dialog.component.js';

/** How long a short confirmation ("Copied") stays. */
const NOTICE_MS = 2500;

/** Parts used only after an action are chunks of their own, fetched when first needed. */
const loadConfirm = () => import('../session-chat-confirm/session-chat-confirm.js');
const loadEmojiDialog = () => import('../session-chat-emoji-dialog/session-chat-emoji-dialog.js');
const loadClipboard = () => import('../clipboard.js');

/** The members of `<session-chat>` the actions use (private there; the element hands itself over). */
export interface ChatActionsHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: ShadowRoot;
  readonly client: SessionClient | null;
  readonly server: string;
  readonly emojiDataUrl: string;
  readonly localize: LocalizeController;
  readonly connection: SessionClientController;
  readonly log: HTMLElement;
  error: SessionChatError | null;
}

export type ChatAction = Extract<ChatIntentEventDetail['intent'], 'delete' | 'copy' | 'pick-emoji'>;

export class ChatActions {
  private readonly host: ChatActionsHost;
  /** The message the delete confirmation asks about. */
  private deleting: ChatMessage | null = null;
  /** The emoji picker's dialog is rendered from its first use on (it keeps the picker). */
  private emojiPickerUsed = false;
  /** A short confirmation in the live region. */
  private notice: 'copied' | 'copyFailed' | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ChatActionsHost) {
    this.host = host;
  }

  run(intent: ChatAction, message: ChatMessage): void {
    switch (intent) {
      case 'delete':
        void this.confirmDelete(message);
        return;
      case 'copy':
        void this.copy(messagePlainText(message));
        return;
      case 'pick-emoji':
        void this.openEmojiPicker(message.id);
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
    if (!confirmed) return;
    host.error = null;
    host.connection.delete(message.id);
    // The message's own buttons go with it: keep the focus in the log.
    host.log.focus({ preventScroll: true });
  }

  private async openEmojiPicker(messageId: string): Promise<void> {
    await loadEmojiDialog();
    this.emojiPickerUsed = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const emoji = await this.host.renderRoot.querySelector<SessionChatEmojiDialog>('session-chat-emoji-dialog')?.pick();
    if (emoji) this.host.connection.react(messageId, emoji);
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
    const emojiDataUrl = host.emojiDataUrl || new URL('/emoji/data.json', host.server || document.baseURI).href;
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
