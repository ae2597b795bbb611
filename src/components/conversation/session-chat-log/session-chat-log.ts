import { SessionChatLog } from './session-chat-log.component.js';

export { SessionChatLog };
export default SessionChatLog;

if (!customElements.get('session-chat-log')) customElements.define('session-chat-log', SessionChatLog);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-log': SessionChatLog;
  }
}
