import type { ChatMessage } from '../../protocol/index.js';

export interface ChatMessageEventDetail {
  /** The message as folded into the session state. */
  message: ChatMessage;
  /** True when this participant sent it (from another tab, or acked from this one). */
  own: boolean;
}

/** A message arrived live (history replayed on join or resume does not fire it). */
export class ChatMessageEvent extends CustomEvent<ChatMessageEventDetail> {
  constructor(detail: ChatMessageEventDetail) {
    super('chat-message', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-message': ChatMessageEvent;
  }
}
