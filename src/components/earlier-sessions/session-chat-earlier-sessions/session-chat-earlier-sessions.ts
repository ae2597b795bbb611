import { SessionChatEarlierSessions } from './session-chat-earlier-sessions.component.js';

export { SessionChatEarlierSessions };
export default SessionChatEarlierSessions;

if (!customElements.get('session-chat-earlier-sessions')) customElements.define('session-chat-earlier-sessions', SessionChatEarlierSessions);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-earlier-sessions': SessionChatEarlierSessions;
  }
}
