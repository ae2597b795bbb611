import { SessionChatMessage } from './session-chat-message.component.js';

export { SessionChatMessage };
export default SessionChatMessage;

if (!customElements.get('session-chat-message')) customElements.define('session-chat-message', SessionChatMessage);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-message': SessionChatMessage;
  }
}
