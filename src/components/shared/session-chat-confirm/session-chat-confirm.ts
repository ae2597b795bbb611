import { SessionChatConfirm } from './session-chat-confirm.component.js';

export { SessionChatConfirm };
export default SessionChatConfirm;

if (!customElements.get('session-chat-confirm')) customElements.define('session-chat-confirm', SessionChatConfirm);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-confirm': SessionChatConfirm;
  }
}
