/**
 * The log scrolled (the user, or the log following its newest message). `<session-chat>`'s
 * read state listens: reaching or leaving the end may mark the log read. Not composed: it stays
 * inside the element.
 */
export class ChatLogScrollEvent extends Event {
  constructor() {
    super('chat-log-scroll', { bubbles: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-log-scroll': ChatLogScrollEvent;
  }
}
