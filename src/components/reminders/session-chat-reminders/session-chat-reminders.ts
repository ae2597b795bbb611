import { SessionChatReminders } from './session-chat-reminders.component.js';

export { SessionChatReminders };
export default SessionChatReminders;

if (!customElements.get('session-chat-reminders')) customElements.define('session-chat-reminders', SessionChatReminders);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-reminders': SessionChatReminders;
  }
}
