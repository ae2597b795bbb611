import { SessionChatParticipants } from './session-chat-participants.component.js';

export { SessionChatParticipants };
export default SessionChatParticipants;

if (!customElements.get('session-chat-participants')) customElements.define('session-chat-participants', SessionChatParticipants);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-participants': SessionChatParticipants;
  }
}
