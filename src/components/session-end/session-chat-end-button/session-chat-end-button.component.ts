import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ChatEndSessionEvent } from '../../shared/events/chat-end-session.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import type { SessionChatConfirm } from '../../shared/session-chat-confirm/session-chat-confirm.component.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { sessionChatEndButtonStyles } from './session-chat-end-button.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';

/** The confirmation is a chunk of its own, fetched on the first click (or hover, or focus). */
const loadConfirm = () => import('../../shared/session-chat-confirm/session-chat-confirm.js');

/**
 * @summary The "End session" button of a technician or an admin: asks "End this session for
 * everyone?" in a modal confirmation, and only then asks `<session-chat>` to end the session.
 *
 * @event chat-end-session - The user confirmed; `<session-chat>` calls `client.endSession()` and stops the event.
 *
 * @csspart button - The "End session" button.
 * @csspart dialog - The confirmation (`role="alertdialog"`).
 * @csspart confirm-button - The "Yes, end session" button.
 */
export class SessionChatEndButton extends LitElement {
  static override styles = [themeStyles, sessionChatEndButtonStyles];

  private readonly localize = new LocalizeController(this);

  @query('session-chat-confirm') private confirm!: SessionChatConfirm | null;
  @query('button') private button!: HTMLButtonElement;

  /** The confirmation is open. */
  @state() private asking = false;

  /** The button cannot be used (e.g. while the session is ending). */
  @property({ type: Boolean, reflect: true }) disabled = false;

  private async onClick(): Promise<void> {
    if (this.disabled || this.asking) return;
    await loadConfirm();
    this.asking = true;
    await this.updateComplete;
    const confirmed = (await this.confirm?.ask()) ?? false;
    this.asking = false;
    if (confirmed && !this.disabled) this.dispatchEvent(new ChatEndSessionEvent());
  }

  /** Moves the focus to the button. */
  override focus(options?: FocusOptions): void {
    this.button.focus(options);
  }

  override render() {
    const l = this.localize;
    return html`<button part="button" type="button" ?disabled=${this.disabled} @click=${this.onClick} @focus=${loadConfirm} @pointerenter=${loadConfirm}>
        ${l.term('endSession')}
      </button>
      ${this.asking
        ? html`<session-chat-confirm
            exportparts="dialog, confirm-button"
            question=${l.term('endSessionConfirm')}
            detail=${l.term('endSessionConfirmDetail')}
            confirm-label=${l.term('endSessionConfirmYes')}
            cancel-label=${l.term('cancel')}
          ></session-chat-confirm>`
        : nothing}`;
  }
}
