import { SessionChatSettings } from './session-chat-settings.component.js';

export { SessionChatSettings };
export default SessionChatSettings;

if (!customElements.get('session-chat-settings')) customElements.define('session-chat-settings', SessionChatSettings);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-settings': SessionChatSettings;
  }
}
