import { SessionChatMenu } from './session-chat-menu.component.js';

export { SessionChatMenu };
export default SessionChatMenu;

if (!customElements.get('session-chat-menu')) customElements.define('session-chat-menu', SessionChatMenu);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-menu': SessionChatMenu;
  }
}
