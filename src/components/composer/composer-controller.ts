import { html, nothing } from 'lit';
import { findMessage } from '../../protocol/index.js';
import type { ChatSendEvent } from '../shared/events/chat-send.js';
import { CLOSE, icon } from '../shared/icons.js';
import type { LocalizeController } from '../shared/localize/localize.js';
import { messageExcerpt } from '../shared/message-excerpt.js';
import type { SessionChatComposer } from './session-chat-composer/session-chat-composer.component.js';
import type { ChatHost } from '../shared/client-follower.js';
import type { DraftsController } from './drafts-controller.js';
import type { TypingController } from './typing-controller.js';

export interface ComposerOptions {
  localize: LocalizeController;
  drafts: DraftsController;
  typing: TypingController;
  composer(): SessionChatComposer | null;
  nameOf(id: string): string;
  /** Sends through the client; false when there is no client to send with (the text stays). */
  send(text: string, replyTo: string | undefined): boolean;
}

/**
 * The composer's side of `<session-chat>`: sends what the composer reports (`chat-send`) as a
 * reply while one is chosen, keeps the draft and the typing notice up to date, and shows the
 * "Replying to" bar with its "Cancel reply" button (Escape cancels too).
 */
export class ComposerController {
  private readonly host: ChatHost;
  private readonly options: ComposerOptions;
  /** Id of the message the composer replies to. */
  private replyingTo: string | null = null;

  constructor(host: ChatHost, options: ComposerOptions) {
    this.host = host;
    this.options = options;
  }

  /** Replies to a message: the bar shows it and the composer takes the focus. */
  replyTo(id: string): void {
    this.replyingTo = id;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.options.composer()?.focus());
  }

  /** The composer reports; the root decides. The event stops here. */
  readonly onSend = (event: ChatSendEvent): void => {
    event.stopPropagation();
    const state = this.host.client?.state;
    // A target deleted meanwhile (its bar already hid) would only get the message refused.
    const target = this.replyingTo && state ? findMessage(state, this.replyingTo) : undefined;
    if (!this.options.send(event.detail.text, target && !target.deleted ? target.id : undefined)) {
      event.preventDefault();
      return;
    }
    this.replyingTo = null;
    this.host.requestUpdate();
    this.options.drafts.clear();
    this.options.typing.stop();
  };

  readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.replyingTo) this.cancelReply();
  };

  /** What is typed is kept as a draft, and tells the others that this participant types. */
  readonly onInput = (): void => {
    const text = this.options.composer()?.value ?? '';
    this.options.drafts.save(text);
    this.options.typing.input(text);
  };

  private readonly cancelReply = (): void => {
    this.replyingTo = null;
    this.host.requestUpdate();
    this.options.composer()?.focus();
  };

  /** The "Replying to" bar, above the composer, while the target is there. */
  renderReplyBar() {
    const id = this.replyingTo;
    const state = this.host.client?.state;
    const target = id && state ? findMessage(state, id) : undefined;
    if (!target || target.deleted) return nothing;
    const l = this.options.localize;
    return html`<div class="reply-bar" part="reply-bar">
      <div class="reply-quote">
        <span class="reply-to">${l.term('replyingTo', { name: this.options.nameOf(target.from) })}</span>
        <span class="excerpt">${messageExcerpt(target)}</span>
      </div>
      <button type="button" class="icon" aria-label=${l.term('cancelReply')} title=${l.term('cancelReply')} @click=${this.cancelReply}>${icon(CLOSE)}</button>
    </div>`;
  }
}
