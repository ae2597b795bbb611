import { LitElement, html } from 'lit';
import { ChatSendDirectEvent } from '../../shared/events/chat-send-direct.js';
import { ChatSendEvent } from '../../shared/events/chat-send.js';
import { ChatShareEvent } from '../../shared/events/chat-share.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { sessionChatComposerStyles } from './session-chat-composer.styles.js';
import { attachStyles, renderAttach, renderSendDirect } from './composer-attach.js';
import { canRecord, renderVoiceButton, voiceStyles } from './composer-voice.js';
import type { ComposerActionItem } from './composer-actions.js';

/** The host's composer buttons are drawn by a chunk of their own, fetched when a host gives some. */
let actionsModule: typeof import('./composer-actions.js') | undefined;

/**
 * @summary The message box: a textarea labelled "Message" and a "Send" button. Enter sends,
 * Shift+Enter adds a line, and Enter that ends an IME composition does not send.
 *
 * @event composer-action - One of the host's `actions` was pressed. `detail: { action, draft }`.
 * @event chat-send - The user submitted a non-blank message; `preventDefault()` keeps the text.
 * @event chat-share - Files were picked ("Attach files"), pasted, or given to `attach()`; the typed text is their caption. `preventDefault()` keeps the text. Also a recorded voice message (from the recorder inside; no caption, the text stays).
 * @event chat-send-direct - Files chosen with "Send directly (not stored)" (internal: the live transfer controller offers them).
 *
 * @csspart input - The textarea.
 * @csspart send-button - The send button.
 * @csspart attach-button - The "Attach files" paperclip (a label around the file input).
 * @csspart composer-action - Each of the host's own buttons (`actions`) beside "Attach files".
 * @csspart share-menu-button - "More ways to share" (a bolt): its menu (`share-menu`) holds "Send directly (not stored)" (`send-direct-item`).
 * @csspart voice-button - The "Record a voice message" microphone (while `voiceNotes` and the browser can record).
 * @csspart voice-recorder - The recorder shown instead of the message box while recording (`<session-chat-voice-recorder>`, loaded on the first press; the composer has the `recording` attribute meanwhile).
 *
 * @cssproperty --session-chat-input-background - Background of the textarea.
 * @cssproperty --session-chat-accent-color - Background of the send button.
 * @cssproperty --session-chat-accent-contrast-color - Text of the send button.
 */
export class SessionChatComposer extends LitElement {
  static override styles = [themeStyles, sessionChatComposerStyles, attachStyles, voiceStyles];
  // Reactive properties as a table, not decorators: the four parts of the first load saved
  // about 0.7 KB min+gzip this way (the decorators' calls and their code); lazy parts keep them.
  static override properties = {
    disabled: { type: Boolean, reflect: true },
    disabledReason: { attribute: 'disabled-reason' },
    enterToSend: { attribute: false },
    voiceNotes: { attribute: false },
    sendDirect: { attribute: false },
    actions: { attribute: false },
  };

  private readonly localize = new LocalizeController(this);

  private get textarea(): HTMLTextAreaElement {
    return this.renderRoot?.querySelector('textarea') as HTMLTextAreaElement;
  }

  /** Nothing can be typed or sent. */
  disabled = false;

  /** Why nothing can be typed, shown in the textarea instead of its placeholder while `disabled`. */
  disabledReason = '';

  /** Enter sends (Shift+Enter adds a line); when false, Ctrl+Enter or ⌘+Enter sends and Enter adds a line. */
  enterToSend = true;

  /** Offer "Record a voice message" (where the browser can record). */
  voiceNotes = true;

  /** Offer "Send directly (not stored)" (a live transfer to the people here now). */
  sendDirect = true;

  /** The host's own buttons beside "Attach files"; pressing one fires `composer-action`. */
  actions: readonly ComposerActionItem[] = [];

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
    if (!this.enterToSend && !event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    this.submit();
  }

  private onSendClick(): void {
    this.submit();
    this.textarea.focus();
  }

  private onPick(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    // Cleared, so that picking the same file again is a change too.
    input.value = '';
    this.attach(files);
  }

  /** Whether the "More ways to share" menu is open. */
  private shareMenuOpen = false;

  /** "Send directly (not stored)": the files go to the root as `chat-send-direct` (the live transfer controller). */
  private readonly shareMenu = {
    toggle: () => {
      this.shareMenuOpen = !this.shareMenuOpen;
      this.requestUpdate();
      if (this.shareMenuOpen) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[role="menuitem"]')?.focus());
    },
    pick: () => {
      this.renderRoot.querySelector<HTMLInputElement>('.direct-input')?.click();
      this.closeShareMenu();
    },
    change: (event: Event) => {
      const input = event.target as HTMLInputElement;
      const files = [...(input.files ?? [])];
      input.value = '';
      if (files.length && !this.disabled) this.dispatchEvent(new ChatSendDirectEvent(files));
    },
    key: (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !this.shareMenuOpen) return;
      event.stopPropagation();
      this.closeShareMenu();
    },
  };

  private closeShareMenu(): void {
    this.shareMenuOpen = false;
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="share-menu-button"]')?.focus());
  }

  private onPaste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    this.attach(files);
  }

  /** Shares `files` with the typed text as their caption, as picking, pasting or dropping them does. */
  attach(files: File[]): void {
    if (this.disabled || files.length === 0) return;
    const event = new ChatShareEvent({ files, caption: this.value.trim() });
    this.dispatchEvent(event);
    if (!event.defaultPrevented) this.value = '';
  }

  /**
   * Inserts `text` where the caret is (replacing a selection), as typing would: the draft and
   * typing notice follow the `input` event.
   */
  insertText(text: string): void {
    const area = this.textarea;
    if (!area || this.disabled) return;
    area.setRangeText(text, area.selectionStart, area.selectionEnd, 'end');
    area.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    area.focus();
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

  private renderActions() {
    if (this.actions.length === 0) return '';
    if (actionsModule) return actionsModule.renderComposerActions(this, this.actions);
    void import('./composer-actions.js').then((module) => ((actionsModule = module), this.requestUpdate()));
    return '';
  }

  /** Moves the focus to the textarea. */
  override focus(options?: FocusOptions): void {
    this.textarea.focus(options);
  }

  override render() {
    const l = this.localize;
    return html`
      ${renderAttach(l.term('files.attach'), this.disabled, this.onPick)}
      ${this.sendDirect
        ? renderSendDirect({ menu: l.term('transfer.shareMenu'), item: l.term('transfer.sendDirect') }, { open: this.shareMenuOpen && !this.disabled, disabled: this.disabled }, this.shareMenu)
        : ''}
      ${this.renderActions()}
      <textarea
        part="input"
        rows="1"
        aria-label=${l.term('message')}
        placeholder=${this.disabled && this.disabledReason ? this.disabledReason : l.term('messagePlaceholder')}
        enterkeyhint=${this.enterToSend ? 'send' : 'enter'}
        ?disabled=${this.disabled}
        @keydown=${this.onKeyDown}
        @paste=${this.onPaste}
      ></textarea>
      ${this.voiceNotes && canRecord() ? renderVoiceButton(this, l.term('voice.record')) : ''}
      <button part="send-button" type="button" ?disabled=${this.disabled} @click=${this.onSendClick}>${l.term('send')}</button>
    `;
  }
}
