import { SessionChatVoiceNote } from './session-chat-voice-note.component.js';

export { SessionChatVoiceNote };
export default SessionChatVoiceNote;

if (!customElements.get('session-chat-voice-note')) customElements.define('session-chat-voice-note', SessionChatVoiceNote);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-voice-note': SessionChatVoiceNote;
  }
}
