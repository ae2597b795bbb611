import { SessionChatEmojiDialog } from './session-chat-emoji-dialog.component.js';

export { SessionChatEmojiDialog };
export default SessionChatEmojiDialog;

if (!customElements.get('session-chat-emoji-dialog')) customElements.define('session-chat-emoji-dialog', SessionChatEmojiDialog);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-emoji-dialog': SessionChatEmojiDialog;
  }
}
