import type { ReactiveController } from 'lit';
import type { ChatMessageEvent } from '../shared/events/chat-message.js';
import type { LocalizeController } from '../shared/localize/localize.js';
import type { ChatSettings } from '../shared/settings-store.js';
import type { ChatHost } from '../shared/client-follower.js';

export interface NotificationsOptions {
  settings(): ChatSettings;
  localize: LocalizeController;
  nameOf(id: string): string;
  /** Shows the message in the element (a system notification was clicked). */
  open(messageId: string): void;
}

/**
 * Tells the user about others' messages (and edits announced with "Notify others") that arrive
 * while they look elsewhere: a short sound while the page is hidden, a system notification while
 * it is hidden or not focused, as the settings say. What plays and shows them is a chunk of its
 * own, fetched with the first one.
 */
export class NotificationsController implements ReactiveController {
  private readonly host: ChatHost;
  private readonly options: NotificationsOptions;

  private readonly onMessage = (event: ChatMessageEvent): void => {
    const { sound, systemNotifications } = this.options.settings();
    const beep = sound && document.hidden;
    const system = systemNotifications && (document.hidden || !document.hasFocus()) && window.Notification?.permission === 'granted';
    if ((beep || system) && !event.detail.own && event.target === this.host) {
      void import('../shared/notify.js').then((notify) => notify.notifyMessage(event.detail, beep, system, this.options));
    }
  };

  constructor(host: ChatHost, options: NotificationsOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('chat-message', this.onMessage);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('chat-message', this.onMessage);
  }
}
