import { SessionChatHistory } from './session-chat-history.component.js';

export { SessionChatHistory };
export default SessionChatHistory;

if (!customElements.get('session-chat-history')) customElements.define('session-chat-history', SessionChatHistory);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-history': SessionChatHistory;
  }
}
