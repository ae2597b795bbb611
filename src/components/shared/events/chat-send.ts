export interface ChatSendEventDetail {
  /** The text the user submitted, trimmed of leading and trailing blank lines and spaces. */
  text: string;
}

/**
 * The composer asks to send a message. `<session-chat>` handles it (it calls
 * `client.send`) and stops it there; calling `preventDefault()` keeps the text in the composer.
 */
export class ChatSendEvent extends CustomEvent<ChatSendEventDetail> {
  constructor(detail: ChatSendEventDetail) {
    super('chat-send', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-send': ChatSendEvent;
  }
}
