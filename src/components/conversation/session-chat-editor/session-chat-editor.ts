import { SessionChatEditor } from './session-chat-editor.component.js';

export { SessionChatEditor };
export default SessionChatEditor;

if (!customElements.get('session-chat-editor')) customElements.define('session-chat-editor', SessionChatEditor);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-editor': SessionChatEditor;
  }
}
