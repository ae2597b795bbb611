import type { ChatMessage } from '../../../protocol/index.js';
import type { ChatHost } from '../../shared/client-follower.js';
import type { RemindersController } from '../reminders-controller.js';
import type { ChatReminderOpenEvent } from '../../shared/events/chat-reminder-open.js';
import type { ChatRemindersChangeEvent } from '../../shared/events/chat-reminders-change.js';
import './session-chat-reminders.js';
import type { SessionChatReminders } from './session-chat-reminders.component.js';

/** What `<session-chat>` asks of its reminders once loaded (see `RemindersController`). */
export interface RemindersFeature {
  readonly element: SessionChatReminders;
  /** When each reminded message of the session is due, by message id. */
  readonly due: ReadonlyMap<string, number>;
  pick(message: ChatMessage): void;
}

/**
 * Reminders, loaded on first use: a `<session-chat-reminders>` kept in step with the element
 * (session, participant, clock, messages) at every update, whose due times mark the messages and
 * whose "Open message" shows the message in the log.
 */
export function createReminders(host: ChatHost, controller: RemindersController): RemindersFeature {
  const { options } = controller;
  const element = document.createElement('session-chat-reminders');
  element.setAttribute('exportparts', 'reminder-notice, dialog: reminder-dialog');
  element.nameOf = options.nameOf;
  const feature = { element, due: new Map<string, number>() as ReadonlyMap<string, number>, pick: (message: ChatMessage) => void element.pick(message) };
  element.addEventListener('chat-reminders-change', (event: ChatRemindersChangeEvent) => {
    event.stopPropagation();
    feature.due = event.detail.due;
    host.requestUpdate();
  });
  element.addEventListener('chat-reminder-open', (event: ChatReminderOpenEvent) => {
    event.stopPropagation();
    options.open(event.detail.messageId);
  });
  const sync = (): void => {
    const client = host.client;
    element.sessionId = client?.sessionId ?? '';
    element.participantId = client?.me?.id ?? '';
    element.clock = options.clock();
    element.systemNotifications = options.systemNotifications();
    if (client) element.messages = client.state.messages;
  };
  host.addController({ hostUpdate: sync });
  sync();
  host.requestUpdate();
  return feature;
}
