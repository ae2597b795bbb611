import type { MediaInfo } from '../../../protocol/index.js';

export interface ChatShareEventDetail {
  /** The files picked, dropped or pasted, in order. */
  files: File[];
  /** The text typed in the composer, sent with the files as their caption ('' for none). */
  caption: string;
  /** What the sender measured of the files (a recorded voice message: `voice`, duration, waveform). */
  media?: MediaInfo;
}

/**
 * The composer asks to share files (the "Attach files" picker, a paste, a drop on the
 * widget, or a recorded voice message). `<session-chat>` handles it (it calls `client.shareFiles`) and stops it there;
 * `preventDefault()` keeps the typed text in the composer.
 */
export class ChatShareEvent extends CustomEvent<ChatShareEventDetail> {
  constructor(detail: ChatShareEventDetail) {
    super('chat-share', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-share': ChatShareEvent;
  }
}
