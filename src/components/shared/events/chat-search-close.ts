/** The user closed the search bar (Escape or its close button); the search feature closes it. Internal: it does not bubble. */
export class ChatSearchCloseEvent extends Event {
  constructor() {
    super('chat-search-close');
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-search-close': ChatSearchCloseEvent;
  }
}
