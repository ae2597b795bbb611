import { SessionChatFileCard } from './session-chat-file-card.component.js';

export { SessionChatFileCard };
export default SessionChatFileCard;

if (!customElements.get('session-chat-file-card')) customElements.define('session-chat-file-card', SessionChatFileCard);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-file-card': SessionChatFileCard;
  }
}
