import type { ChatMessage } from '../../../protocol/index.js';

export interface ChatPreviewEventDetail {
  /** The message that shared the file to preview. */
  message: ChatMessage;
}

/**
 * A file card asks to preview its file ("Preview NAME", or a click on the thumbnail).
 * `<session-chat>` opens its preview dialog (loaded on first use) and stops the event there.
 */
export class ChatPreviewEvent extends CustomEvent<ChatPreviewEventDetail> {
  constructor(detail: ChatPreviewEventDetail) {
    super('chat-preview', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-preview': ChatPreviewEvent;
  }
}
