import type { LocalizeController } from './localize/localize.js';
import type { ChatMessageEventDetail } from './events/chat-message.js';
import { messagePlainText } from './message-excerpt.js';
// The strings this lazy part shows.
import './localize/en-more.js';

/**
 * Sound and system notifications: loaded on the first notification, never with the widget.
 * No audio file: the beep is synthesised with WebAudio.
 */

let audio: AudioContext | null = null;
let lastBeep = 0;

/** A short two-tone beep (about a quarter of a second, quiet); at most one a second. */
export function playBeep(): void {
  const now = Date.now();
  if (now - lastBeep < 1000 || typeof AudioContext === 'undefined') return;
  lastBeep = now;
  try {
    audio ??= new AudioContext();
    // Browsers start a context suspended until the page was interacted with; resume when allowed.
    void audio.resume().catch(() => undefined);
    const t = audio.currentTime;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.setValueAtTime(880, t);
    oscillator.frequency.setValueAtTime(1320, t + 0.09);
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.15, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(t);
    oscillator.stop(t + 0.26);
  } catch {
    /* no audio output: stay silent */
  }
}

/**
 * Shows a system notification (permission must already be granted). Clicking it brings the
 * page forward and calls `onClick`.
 */
export function showNotification(title: string, options: NotificationOptions, onClick: () => void): Notification | null {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return null;
  try {
    const notification = new Notification(title, options);
    notification.addEventListener('click', () => {
      window.focus();
      notification.close();
      onClick();
    });
    return notification;
  } catch {
    // Some browsers (Android Chrome) only show notifications through a service worker.
    return null;
  }
}

/** A new message (or an announced edit): the beep, and the author with the first line of the text. */
/** What a message's notification needs: the strings, names, and how to show the message. */
export interface NotifyOptions {
  localize: LocalizeController;
  nameOf(id: string): string;
  open(messageId: string): void;
}

export function notifyMessage({ message, edit }: ChatMessageEventDetail, beep: boolean, system: boolean, options: NotifyOptions): void {
  if (beep) playBeep();
  if (!system) return;
  const l = options.localize;
  const name = options.nameOf(message.from);
  const body = messagePlainText(message).trim().split('\n')[0]!.slice(0, 200);
  showNotification(edit ? l.term('notification.edited', { name }) : name, { body, tag: message.id, lang: l.lang }, () => options.open(message.id));
}
