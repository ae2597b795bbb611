import { SessionChatFiles } from './session-chat-files.component.js';

export { SessionChatFiles };
export default SessionChatFiles;

if (!customElements.get('session-chat-files')) customElements.define('session-chat-files', SessionChatFiles);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-files': SessionChatFiles;
  }
}
