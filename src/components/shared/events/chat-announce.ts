export interface ChatAnnounceEventDetail {
  /** What assistive technology should say. */
  text: string;
}

/**
 * A part asks for something to be said to screen readers (the voice recorder: started,
 * stopped). `<session-chat>` says it through the widget's polite live region (the one that
 * announces shared files) and stops the event there.
 */
export class ChatAnnounceEvent extends CustomEvent<ChatAnnounceEventDetail> {
  constructor(detail: ChatAnnounceEventDetail) {
    super('chat-announce', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-announce': ChatAnnounceEvent;
  }
}
