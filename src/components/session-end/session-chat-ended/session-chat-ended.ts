import { SessionChatEnded } from './session-chat-ended.component.js';

export { SessionChatEnded };
export default SessionChatEnded;

if (!customElements.get('session-chat-ended')) customElements.define('session-chat-ended', SessionChatEnded);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-ended': SessionChatEnded;
  }
}
