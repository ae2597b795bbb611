import { SessionChatVoiceRecorder } from './session-chat-voice-recorder.component.js';

export { SessionChatVoiceRecorder };
export default SessionChatVoiceRecorder;

if (!customElements.get('session-chat-voice-recorder')) customElements.define('session-chat-voice-recorder', SessionChatVoiceRecorder);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-voice-recorder': SessionChatVoiceRecorder;
  }
}
