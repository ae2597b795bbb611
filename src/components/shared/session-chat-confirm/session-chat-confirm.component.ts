import { LitElement, css, html } from 'lit';
import { property, query } from 'lit/decorators.js';
import { dialogStyles } from '../dialog.styles.js';
import { themeStyles } from '../theme.styles.js';
// The strings of the confirmations (labelled by whoever asks) load with them.
import '../localize/en-more.js';

/**
 * @summary A modal confirmation: a native `<dialog>` opened with `showModal()`, so the focus
 * stays inside, Escape cancels and the focus returns where it was. The focus starts on the
 * cancel button. Loaded on first use, not with the widget.
 *
 * @csspart dialog - The dialog (`role="alertdialog"`).
 * @csspart confirm-button - The button that confirms.
 * @csspart detail - The line under the question (one line, cut with an ellipsis; style `white-space` to wrap it).
 */
export class SessionChatConfirm extends LitElement {
  static override styles = [
    themeStyles,
    dialogStyles,
    css`
      p {
        margin: 0 0 0.75rem;
      }
      #detail {
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
        color: var(--_muted);
      }
      .confirm {
        border-color: var(--_error);
        background: var(--_error);
        color: var(--_bg);
        font-weight: 600;
      }
    `,
  ];

  @query('dialog') private dialog!: HTMLDialogElement;
  private settle: ((confirmed: boolean) => void) | undefined;

  /** The question, e.g. "Delete this message for everyone?" (the dialog's name). */
  @property() question = '';
  /** A line of context under the question (the dialog's description). */
  @property() detail = '';
  @property({ attribute: 'confirm-label' }) confirmLabel = '';
  @property({ attribute: 'cancel-label' }) cancelLabel = '';

  /** Opens the dialog; resolves true when confirmed, false when cancelled (button, Escape). */
  async ask(): Promise<boolean> {
    await this.updateComplete;
    this.settle?.(false);
    this.dialog.returnValue = '';
    this.dialog.showModal();
    return new Promise((resolve) => (this.settle = resolve));
  }

  private onClose(): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.(this.dialog.returnValue === 'confirm');
  }

  override render() {
    return html`<dialog part="dialog" role="alertdialog" aria-labelledby="question" aria-describedby="detail" @close=${this.onClose}>
      <p id="question">${this.question}</p>
      <p id="detail" part="detail">${this.detail}</p>
      <form method="dialog">
        <button value="cancel">${this.cancelLabel}</button>
        <button value="confirm" class="confirm" part="confirm-button">${this.confirmLabel}</button>
      </form>
    </dialog>`;
  }
}
