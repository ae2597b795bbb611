export interface ChatRemindersChangeEventDetail {
  /** When each reminded message is due, by message id (this session only). */
  due: ReadonlyMap<string, number>;
}

/** Reminders were added, snoozed, dismissed or loaded; `<session-chat>` marks their messages. */
export class ChatRemindersChangeEvent extends CustomEvent<ChatRemindersChangeEventDetail> {
  constructor(detail: ChatRemindersChangeEventDetail) {
    super('chat-reminders-change', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-reminders-change': ChatRemindersChangeEvent;
  }
}
