import { SessionChatTransferCard } from './session-chat-transfer-card.component.js';

export { SessionChatTransferCard };
export default SessionChatTransferCard;

if (!customElements.get('session-chat-transfer-card')) customElements.define('session-chat-transfer-card', SessionChatTransferCard);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-transfer-card': SessionChatTransferCard;
  }
}
