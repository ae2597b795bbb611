import { LitElement, html } from 'lit';
import { ChatEditCancelEvent } from '../../shared/events/chat-edit-cancel.js';
import { property, query } from 'lit/decorators.js';
import type { ChatMessage } from '../../../protocol/index.js';
import { ChatIntentEvent } from '../../shared/events/chat-intent.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { sessionChatEditorStyles } from './session-chat-editor.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';

/**
 * @summary Edits a message's text in place, starting from its current text: Enter saves,
 * Shift+Enter adds a line, Escape cancels, and "Notify others about this change" (off by
 * default) asks the others' widgets to announce the edit. Loaded on first use, not with the widget.
 *
 * @event chat-intent - Save: `{ intent: 'edit', message, text, notify }` (the text changed and is not blank).
 * @event chat-edit-cancel - The user cancelled, or saved the text unchanged.
 *
 * @csspart editor - The textarea.
 */
export class SessionChatEditor extends LitElement {
  static override styles = [themeStyles, sessionChatEditorStyles];

  private readonly localize = new LocalizeController(this);

  @query('textarea') private textarea!: HTMLTextAreaElement;
  @query('input') private checkbox!: HTMLInputElement;

  /** The message being edited. */
  @property({ attribute: false }) message: ChatMessage | null = null;

  protected override firstUpdated(): void {
    const textarea = this.textarea;
    textarea.value = this.message?.text ?? '';
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  }

  private save(): void {
    const message = this.message;
    const text = this.textarea.value.trim();
    // An edit cannot empty a message (that is what Delete is for): keep editing.
    if (!message || !text) return;
    if (text === message.text) this.cancel();
    else this.dispatchEvent(new ChatIntentEvent({ intent: 'edit', message, text, notify: this.checkbox.checked }));
  }

  private cancel(): void {
    this.dispatchEvent(new ChatEditCancelEvent());
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.cancel();
      return;
    }
    // keyCode 229 is the Enter that some browsers send while an IME is composing.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    this.save();
  }

  override render() {
    const l = this.localize;
    return html`
      <textarea part="editor" aria-label=${l.term('editMessage')} aria-describedby="hint" @keydown=${this.onKeyDown}></textarea>
      <label><input type="checkbox" />${l.term('notifyOthers')}</label>
      <div class="bar">
        <span id="hint">${l.term('editHint')}</span>
        <button type="button" @click=${this.cancel}>${l.term('cancel')}</button>
        <button type="button" class="primary" @click=${this.save}>${l.term('save')}</button>
      </div>
    `;
  }
}
