import type { SessionChatError } from '../../../protocol/index.js';

export interface ChatErrorEventDetail {
  /** The refusal or failure, with its numeric `code` and symbolic `codeName` (e.g. `TOKEN_EXPIRED`). */
  error: SessionChatError;
}

/** The relay refused something (a join, a message) or the connection failed for good. */
export class ChatErrorEvent extends CustomEvent<ChatErrorEventDetail> {
  constructor(detail: ChatErrorEventDetail) {
    super('chat-error', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-error': ChatErrorEvent;
  }
}
