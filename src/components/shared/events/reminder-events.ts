export interface ReminderOpenEventDetail {
  /** The message the reminder is about. */
  messageId: string;
}

/** A reminder (its notice or its system notification) asks to show its message. */
export class ReminderOpenEvent extends CustomEvent<ReminderOpenEventDetail> {
  constructor(detail: ReminderOpenEventDetail) {
    super('reminder-open', { bubbles: true, composed: true, detail });
  }
}

export interface RemindersChangeEventDetail {
  /** When each reminded message is due, by message id (this session only). */
  due: ReadonlyMap<string, number>;
}

/** Reminders were added, snoozed, dismissed or loaded; `<session-chat>` marks their messages. */
export class RemindersChangeEvent extends CustomEvent<RemindersChangeEventDetail> {
  constructor(detail: RemindersChangeEventDetail) {
    super('reminders-change', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'reminder-open': ReminderOpenEvent;
    'reminders-change': RemindersChangeEvent;
  }
}
