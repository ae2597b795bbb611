import { SessionChatComposer } from './session-chat-composer.component.js';

export { SessionChatComposer };
export default SessionChatComposer;

if (!customElements.get('session-chat-composer')) customElements.define('session-chat-composer', SessionChatComposer);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-composer': SessionChatComposer;
  }
}
