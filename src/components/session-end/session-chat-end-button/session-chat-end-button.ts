import { SessionChatEndButton } from './session-chat-end-button.component.js';

export { SessionChatEndButton };
export default SessionChatEndButton;

if (!customElements.get('session-chat-end-button')) customElements.define('session-chat-end-button', SessionChatEndButton);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-end-button': SessionChatEndButton;
  }
}
