export interface ChatVoiceEndEventDetail {
  /** `sent`: the recording went out as a `chat-share`; `cancelled`: it was discarded (or never started). */
  reason: 'sent' | 'cancelled';
}

/**
 * The voice recorder is done: the microphone is released and the composer shows its message
 * box again. Fired on the recorder only (it does not bubble); the composer listens there.
 */
export class ChatVoiceEndEvent extends CustomEvent<ChatVoiceEndEventDetail> {
  constructor(detail: ChatVoiceEndEventDetail) {
    super('chat-voice-end', { detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-voice-end': ChatVoiceEndEvent;
  }
}
