export interface ChatMenuCloseEventDetail {
  /** Give the focus back to the menu's anchor (an item was chosen, or Escape or Tab was pressed). */
  refocus: boolean;
}

/** `<session-chat-menu>` asks to be closed; the message that opened it closes it. Internal: it does not bubble. */
export class ChatMenuCloseEvent extends CustomEvent<ChatMenuCloseEventDetail> {
  constructor(detail: ChatMenuCloseEventDetail) {
    super('chat-menu-close', { detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-menu-close': ChatMenuCloseEvent;
  }
}
