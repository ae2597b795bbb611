import { SessionChatUploads } from './session-chat-uploads.component.js';

export { SessionChatUploads };
export default SessionChatUploads;

if (!customElements.get('session-chat-uploads')) customElements.define('session-chat-uploads', SessionChatUploads);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-uploads': SessionChatUploads;
  }
}
