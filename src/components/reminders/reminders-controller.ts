import { nothing } from 'lit';
import type { SessionClient } from '../../client/index.js';
import type { ChatMessage } from '../../protocol/index.js';
import type { ChatClock } from '../shared/clock.js';
import type { RemindersFeature } from './session-chat-reminders/reminders-feature.js';
import { ClientFollower, type ChatHost } from '../shared/client-follower.js';

/** Where a participant's reminders are kept (localStorage), for every session. */
export const remindersKey = (participantId: string): string => `session-chat:reminders:${participantId}`;

/** The reminders' UI and scheduler are a chunk of their own. */
const loadReminders = () => import('./session-chat-reminders/reminders-feature.js');

export interface RemindersOptions {
  clock(): ChatClock | undefined;
  systemNotifications(): boolean;
  nameOf(id: string): string;
  open(messageId: string): void;
}

/**
 * Reminders on messages ("Remind me"): loads their chunk when the participant sets one, or at
 * once when this session has stored reminders whose timers must run again (after a reload).
 */
export class RemindersController extends ClientFollower {
  private feature: RemindersFeature | null = null;
  readonly options: RemindersOptions;

  constructor(host: ChatHost, options: RemindersOptions) {
    super(host);
    this.options = options;
  }

  protected attach(client: SessionClient): void {
    let stored = '';
    try {
      stored = (client.me && localStorage.getItem(remindersKey(client.me.id))) || '';
    } catch {
      /* no storage, no reminders */
    }
    if (stored.includes(JSON.stringify(client.sessionId))) void this.load();
  }

  protected detach(): void {}

  private async load(): Promise<RemindersFeature> {
    const { createReminders } = await loadReminders();
    return (this.feature ??= createReminders(this.host, this));
  }

  /** Opens the "Remind me" choices for a message. */
  async pick(message: ChatMessage): Promise<void> {
    (await this.load()).pick(message);
  }

  /** When the reminder of a message is due, or null. */
  dueOf(message: ChatMessage): number | null {
    return this.feature?.due.get(message.id) ?? null;
  }

  /** The notices of due reminders (and the dialog), below the header. */
  render() {
    return this.feature?.element ?? nothing;
  }
}
