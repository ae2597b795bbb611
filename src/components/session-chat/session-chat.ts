import '../composer/session-chat-composer/session-chat-composer.js';
import '../conversation/session-chat-log/session-chat-log.js';
import '../conversation/session-chat-message/session-chat-message.js';
import '../presence/session-chat-participants/session-chat-participants.js';
import { SessionChat } from './session-chat.component.js';

export { SessionChat };
export default SessionChat;

if (!customElements.get('session-chat')) customElements.define('session-chat', SessionChat);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat': SessionChat;
  }
}
