import { html, nothing } from 'lit';
import type { SessionClient } from '../../client/index.js';
import type { ChatMessage } from '../../protocol/index.js';
import type { ChatClock } from '../clock.js';
import type { ReminderOpenEvent, RemindersChangeEvent } from '../events/reminder-events.js';
import type { SessionChatReminders } from '../session-chat-reminders/session-chat-reminders.component.js';
import { ClientFollower, type ChatHost } from './client-follower.js';

/** Where a participant's reminders are kept (localStorage), for every session. */
export function remindersKey(participantId: string): string {
  return `session-chat:reminders:${participantId}`;
}

/** Whether any reminder of this participant is about this session (without loading the rest). */
function hasReminders(participantId: string, sessionId: string): boolean {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(remindersKey(participantId)) ?? '[]');
    return Array.isArray(list) && list.some((r: { sessionId?: unknown }) => r?.sessionId === sessionId);
  } catch {
    return false;
  }
}

/** The reminders' UI, scheduler included, is a chunk of its own. */
const loadReminders = () => import('../session-chat-reminders/session-chat-reminders.js');

export interface RemindersOptions {
  clock(): ChatClock | undefined;
  systemNotifications(): boolean;
  nameOf(id: string): string;
  open(messageId: string): void;
}

/**
 * Reminders on messages ("Remind me"): loads their UI and scheduler when the participant sets
 * one, or at once when stored reminders of this session need their timers again (a reload).
 * Knows when each reminded message is due, for its mark.
 */
export class RemindersController extends ClientFollower {
  /** When each reminded message of this session is due, by message id. */
  due: ReadonlyMap<string, number> = new Map();
  private used = false;
  private readonly options: RemindersOptions;

  constructor(host: ChatHost, options: RemindersOptions) {
    super(host);
    this.options = options;
  }

  protected attach(client: SessionClient): void {
    if (!this.used && client.me && client.sessionId && hasReminders(client.me.id, client.sessionId)) void this.load();
  }

  protected detach(): void {}

  private async load(): Promise<SessionChatReminders | null> {
    await loadReminders();
    this.used = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    return this.host.renderRoot.querySelector('session-chat-reminders');
  }

  /** Opens the "Remind me" choices for a message. */
  async pick(message: ChatMessage): Promise<void> {
    (await this.load())?.pick(message);
  }

  private readonly onChange = (event: RemindersChangeEvent): void => {
    event.stopPropagation();
    this.due = event.detail.due;
    this.host.requestUpdate();
  };

  private readonly onOpen = (event: ReminderOpenEvent): void => {
    event.stopPropagation();
    this.options.open(event.detail.messageId);
  };

  render(messages: readonly ChatMessage[]) {
    const client = this.client;
    if (!this.used || !client?.me) return nothing;
    return html`<session-chat-reminders
      exportparts="reminder-notice, dialog: reminder-dialog"
      session-id=${client.sessionId}
      participant-id=${client.me.id}
      .clock=${this.options.clock()}
      .messages=${messages}
      .nameOf=${this.options.nameOf}
      .systemNotifications=${this.options.systemNotifications()}
      @reminders-change=${this.onChange}
      @reminder-open=${this.onOpen}
    ></session-chat-reminders>`;
  }
}
