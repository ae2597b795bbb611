import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SessionClient } from '../../../client/index.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import type { PreviewFile, SessionChatPreviewDialog } from '../../previews/session-chat-preview-dialog/session-chat-preview-dialog.component.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { sessionChatFilesStyles } from './session-chat-files.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';

/** The dialog and its previewers are a chunk of their own, fetched on the first preview. */
const loadPreview = () => import('../../previews/file-preview.js');

/**
 * @summary What `<session-chat>` shows of file sharing over its messages: the drop zone while
 * files are dragged over the widget ("Drop files to share them"), a polite live region that
 * announces the drop zone, shares and refusals, and the preview dialog. Loaded on first use
 * (a drag, a share, a preview); the widget's own handlers drive it.
 *
 * @csspart drop-zone - The overlay shown while files are dragged over the widget.
 * @csspart preview-dialog - The preview dialog's `<dialog>` (from `<session-chat-preview-dialog>`).
 */
export class SessionChatFiles extends LitElement {
  static override styles = [themeStyles, sessionChatFilesStyles];

  private readonly localize = new LocalizeController(this);

  /** What the live region says. */
  @state() private said = '';
  /** The files the preview dialog walks, fixed when it opens (so new shares do not restart it). */
  @state() private previewFiles: PreviewFile[] | null = null;

  /** The session's client (its files are previewed). */
  @property({ attribute: false }) client: SessionClient | null = null;

  /** Files are being dragged over the widget: the drop zone shows. */
  @property({ type: Boolean, reflect: true }) dragging = false;

  /** Says `text` in the live region (said again when repeated). */
  async announce(text: string): Promise<void> {
    if (!text) return;
    // A live region is only heard once it is in the page: the first words wait for it.
    if (!this.hasUpdated) {
      await this.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.said = text === this.said ? `${text}\u00a0` : text;
  }

  /**
   * Opens the preview dialog (loading it) on a shared file, with the session's other
   * previewable files for Previous/Next. The dialog gives the focus back where it was on close.
   */
  async preview(fileId: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    const { previewFiles } = await loadPreview();
    const files = previewFiles(client, this.localize.term('unknownParticipant'));
    const index = files.findIndex((file) => file.id === fileId);
    if (index < 0) return;
    this.previewFiles = files;
    await this.updateComplete;
    await this.renderRoot.querySelector<SessionChatPreviewDialog>('session-chat-preview-dialog')?.open(index);
  }

  override render() {
    return html`${this.dragging
        ? html`<div class="drop-zone" part="drop-zone">
            <p>
              <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
                <path d="M12 15V3m-5 5 5-5 5 5M4 15v4a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-4" />
              </svg>
              ${this.localize.term('files.dropHint')}
            </p>
          </div>`
        : nothing}
      <div class="visually-hidden" role="status">${this.said}</div>
      ${this.previewFiles
        ? html`<session-chat-preview-dialog exportparts="dialog: preview-dialog" .files=${this.previewFiles}></session-chat-preview-dialog>`
        : nothing}`;
  }
}
