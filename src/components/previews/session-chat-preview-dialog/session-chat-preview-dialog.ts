import { SessionChatPreviewDialog } from './session-chat-preview-dialog.component.js';

export { SessionChatPreviewDialog };
export default SessionChatPreviewDialog;

if (!customElements.get('session-chat-preview-dialog')) customElements.define('session-chat-preview-dialog', SessionChatPreviewDialog);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-preview-dialog': SessionChatPreviewDialog;
  }
}
