import { LitElement, html } from 'lit';
import { property, query } from 'lit/decorators.js';
import { ChatSendEvent } from '../events/chat-send.js';
import { LocalizeController } from '../localize/localize.js';
import { themeStyles } from '../theme.styles.js';
import { sessionChatComposerStyles } from './session-chat-composer.styles.js';

/**
 * @summary The message box: a textarea labelled "Message" and a "Send" button. Enter sends,
 * Shift+Enter adds a line, and Enter that ends an IME composition does not send.
 *
 * @event chat-send - The user submitted a non-blank message; `preventDefault()` keeps the text.
 *
 * @csspart input - The textarea.
 * @csspart send-button - The send button.
 *
 * @cssproperty --session-chat-input-background - Background of the textarea.
 * @cssproperty --session-chat-accent-color - Background of the send button.
 * @cssproperty --session-chat-accent-contrast-color - Text of the send button.
 */
export class SessionChatComposer extends LitElement {
  static override styles = [themeStyles, sessionChatComposerStyles];

  private readonly localize = new LocalizeController(this);

  @query('textarea') private textarea!: HTMLTextAreaElement;

  /** Nothing can be typed or sent. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Why nothing can be typed, shown in the textarea instead of its placeholder while `disabled`. */
  @property({ attribute: 'disabled-reason' }) disabledReason = '';

  /** The text typed so far. */
  get value(): string {
    return this.textarea?.value ?? '';
  }

  set value(text: string) {
    if (this.textarea) this.textarea.value = text;
  }

  private onKeyDown(event: KeyboardEvent): void {
    // keyCode 229 is the Enter that some browsers send while an IME is composing.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    this.submit();
  }

  private onSendClick(): void {
    this.submit();
    this.textarea.focus();
  }

  /** Submits the typed text as if the user pressed Enter. */
  submit(): void {
    if (this.disabled) return;
    const text = this.textarea.value.trim();
    if (!text) return;
    const event = new ChatSendEvent({ text });
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.textarea.value = '';
  }

  /** Moves the focus to the textarea. */
  override focus(options?: FocusOptions): void {
    this.textarea.focus(options);
  }

  override render() {
    const l = this.localize;
    return html`
      <textarea
        part="input"
        rows="1"
        aria-label=${l.term('message')}
        placeholder=${this.disabled && this.disabledReason ? this.disabledReason : l.term('messagePlaceholder')}
        enterkeyhint="send"
        ?disabled=${this.disabled}
        @keydown=${this.onKeyDown}
      ></textarea>
      <button part="send-button" type="button" ?disabled=${this.disabled} @click=${this.onSendClick}>${l.term('send')}</button>
    `;
  }
}
