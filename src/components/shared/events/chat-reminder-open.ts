export interface ChatReminderOpenEventDetail {
  /** The message the reminder is about. */
  messageId: string;
}

/** A reminder (its notice or its system notification) asks to show its message. */
export class ChatReminderOpenEvent extends CustomEvent<ChatReminderOpenEventDetail> {
  constructor(detail: ChatReminderOpenEventDetail) {
    super('chat-reminder-open', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-reminder-open': ChatReminderOpenEvent;
  }
}
