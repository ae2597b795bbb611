import { SessionChatInviteButton } from './session-chat-invite-button.component.js';

export { SessionChatInviteButton };
export default SessionChatInviteButton;

if (!customElements.get('session-chat-invite-button')) customElements.define('session-chat-invite-button', SessionChatInviteButton);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-invite-button': SessionChatInviteButton;
  }
}
