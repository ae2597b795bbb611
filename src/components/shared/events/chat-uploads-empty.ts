/**
 * The last upload row went (cancelled or done with the focus in it): `<session-chat>` moves
 * the focus to the message box. Internal: the root stops it.
 */
export class ChatUploadsEmptyEvent extends Event {
  constructor() {
    super('chat-uploads-empty', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-uploads-empty': ChatUploadsEmptyEvent;
  }
}
