import type { ReactiveController } from 'lit';
import type { ChatMessageEvent } from '../events/chat-message.js';
import type { LocalizeController } from '../localize/localize.js';
import { messagePlainText } from '../message-excerpt.js';
import type { ChatSettings } from '../settings-store.js';
import type { ChatHost } from './client-follower.js';

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
 * it is hidden or not focused, each as the settings say. The code that plays and shows is a
 * chunk of its own, fetched on the first notification.
 */
export class NotificationsController implements ReactiveController {
  private readonly host: ChatHost;
  private readonly options: NotificationsOptions;

  private readonly onMessage = (event: ChatMessageEvent): void => {
    const { message, own, edit } = event.detail;
    if (own || event.target !== this.host) return;
    const { sound, systemNotifications } = this.options.settings();
    const beep = sound && document.hidden;
    const system =
      systemNotifications && (document.hidden || !document.hasFocus()) && typeof Notification !== 'undefined' && Notification.permission === 'granted';
    if (!beep && !system) return;
    const l = this.options.localize;
    const name = this.options.nameOf(message.from);
    void import('../notifications/notify.js').then((notify) => {
      if (beep) notify.playBeep();
      if (system) {
        const body = messagePlainText(message).trim().split('\n')[0]!.slice(0, 200);
        notify.showNotification(edit ? l.term('notification.edited', { name }) : name, { body, tag: message.id, lang: l.lang }, () =>
          this.options.open(message.id),
        );
      }
    });
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
