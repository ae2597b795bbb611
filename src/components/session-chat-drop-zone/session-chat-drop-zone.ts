import { SessionChatDropZone } from './session-chat-drop-zone.component.js';

export { SessionChatDropZone };
export default SessionChatDropZone;

if (!customElements.get('session-chat-drop-zone')) customElements.define('session-chat-drop-zone', SessionChatDropZone);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-drop-zone': SessionChatDropZone;
  }
}
