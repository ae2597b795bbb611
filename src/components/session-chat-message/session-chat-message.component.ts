import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { ChatMessage, ParticipantInfo } from '../../protocol/index.js';
import { linkify } from '../linkify.js';
import { LocalizeController } from '../localize/localize.js';
import { themeStyles } from '../theme.styles.js';
import { sessionChatMessageStyles } from './session-chat-message.styles.js';

/**
 * @summary One message of the log: author, role, time and the text, rendered as text with
 * http(s) and mailto links made clickable.
 *
 * @csspart meta - The line with author, role and time.
 * @csspart author - The author's name.
 * @csspart time - The time the relay logged the message.
 * @csspart text - The message text (`white-space: pre-wrap`).
 * @csspart link - A link found in the text.
 *
 * @cssproperty --session-chat-message-background - Background of others' messages.
 * @cssproperty --session-chat-own-message-background - Background of one's own messages.
 * @cssproperty --session-chat-link-color - Color of links in messages.
 */
export class SessionChatMessage extends LitElement {
  static override styles = [themeStyles, sessionChatMessageStyles];

  private readonly localize = new LocalizeController(this);

  /** The message to show (a folded message, or a pending one shaped like it). */
  @property({ attribute: false }) message: ChatMessage | null = null;

  /** Who wrote it; null renders "Unknown participant". */
  @property({ attribute: false }) author: ParticipantInfo | null = null;

  /** The message is this participant's own. */
  @property({ type: Boolean, reflect: true }) own = false;

  /** Typed but not yet acked by the relay: shown greyed with a "Sending…" mark. */
  @property({ type: Boolean, reflect: true }) pending = false;

  private renderText(message: ChatMessage): TemplateResult | string {
    const l = this.localize;
    if (message.deleted) return html`<span class="deleted">${l.term('deleted')}</span>`;
    const text = message.file
      ? [l.term('sharedFile', { name: message.file.name }), message.text].filter(Boolean).join('\n')
      : message.text;
    // Every part is bound as text or as an attribute value: no markup from the message is parsed.
    return html`${linkify(text).map((part) =>
      part.type === 'link'
        ? html`<a part="link" href=${part.href} target="_blank" rel="noopener noreferrer nofollow">${part.text}</a>`
        : part.text,
    )}`;
  }

  override render() {
    const message = this.message;
    if (!message) return nothing;
    const l = this.localize;
    const author = this.author;
    return html`
      <div class="meta" part="meta">
        <span class="author" part="author">${author ? author.name : l.term('unknownParticipant')}</span>
        ${author ? html`<span class="role">${l.term(`role.${author.role}` as const)}</span>` : nothing}
        <time part="time" datetime=${new Date(message.at).toISOString()} title=${`${l.dateTime(message.at)} (${l.relativeTime(message.at)})`}
          >${l.time(message.at)}</time
        >
        ${message.edited && !message.deleted ? html`<span>(${l.term('edited')})</span>` : nothing}
        ${this.pending ? html`<span class="sending">${l.term('sending')}</span>` : nothing}
      </div>
      <div class="text" part="text">${this.renderText(message)}</div>
    `;
  }
}
