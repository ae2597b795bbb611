import { SessionChatSearch } from './session-chat-search.component.js';

export { SessionChatSearch };
export default SessionChatSearch;

if (!customElements.get('session-chat-search')) customElements.define('session-chat-search', SessionChatSearch);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-search': SessionChatSearch;
  }
}
