/** The user cancelled editing a message (or saved it unchanged); the message leaves the editor. Internal: it does not bubble. */
export class ChatEditCancelEvent extends Event {
  constructor() {
    super('chat-edit-cancel');
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-edit-cancel': ChatEditCancelEvent;
  }
}
