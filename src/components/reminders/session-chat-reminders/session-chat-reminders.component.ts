import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ChatMessage } from '../../../protocol/index.js';
import { systemClock, type ChatClock } from '../../shared/clock.js';
import { remindersKey } from '../reminders-controller.js';
import { reminderPresets } from '../reminder-presets.js';
import { ChatReminderOpenEvent } from '../../shared/events/chat-reminder-open.js';
import { ChatRemindersChangeEvent } from '../../shared/events/chat-reminders-change.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import type { TranslationKey } from '../../shared/localize/en.js';
import { messageExcerpt } from '../../shared/message-excerpt.js';
import { sessionChatRemindersStyles } from './session-chat-reminders.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';

/** One reminder, as kept in localStorage (per participant, every session). */
export interface StoredReminder {
  sessionId: string;
  messageId: string;
  /** When it is due, milliseconds since the Unix epoch. */
  at: number;
  /** Author and first words of the message when the reminder was set (the notice shows them). */
  author: string;
  excerpt: string;
}

const MINUTE = 60_000;
export const SNOOZE_MS = 10 * MINUTE;
/** Browsers fire a longer setTimeout at once; longer waits are re-armed in steps. */
const MAX_TIMER_MS = 2_147_483_647;


/** `YYYY-MM-DDTHH:MM` in local time, the value of a `datetime-local` input. */
function localInputValue(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

function readAll(participantId: string): StoredReminder[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(remindersKey(participantId)) ?? '[]');
    return Array.isArray(list)
      ? list.filter((r: StoredReminder) => typeof r?.sessionId === 'string' && typeof r.messageId === 'string' && Number.isFinite(r.at))
      : [];
  } catch {
    return [];
  }
}

/**
 * @summary Reminders on messages: the "Remind me" dialog (this evening, tomorrow or the day after
 * at 9:00, in 1, 3 or 8 hours, in a week, in a month, or a chosen time; its title names the time
 * chosen, and "Reset reminder" takes a reminder away), a timer for each reminder of the session (re-armed when
 * the page loads again, on the element's `clock`), and at the time a notice in the widget (plus
 * a system notification when they are on) that opens the message, with "Snooze" (10 minutes)
 * and "Dismiss". Reminders are kept per participant in localStorage. Loaded on first use.
 *
 * @event chat-reminders-change - Reminders of the session changed. `detail: { due }` (message id → time).
 * @event chat-reminder-open - The user asked to see a reminded message. `detail: { messageId }`.
 *
 * @csspart reminder-notice - A notice of a reminder that is due.
 * @csspart dialog - The "Remind me" dialog.
 */
export class SessionChatReminders extends LitElement {
  static override styles = sessionChatRemindersStyles;

  private readonly localize = new LocalizeController(this);
  private all: StoredReminder[] = [];
  private readonly timers = new Map<string, unknown>();
  /** The clock the timers were armed on. */
  private armedClock: ChatClock | null = null;

  @query('dialog') private dialog!: HTMLDialogElement;

  /** The message the dialog sets a reminder for. */
  @state() private picking: ChatMessage | null = null;
  @state() private custom = false;
  @state() private problem: TranslationKey | null = null;
  /** The time typed in "At a chosen time…" while it is valid (the title shows it). */
  @state() private customAt: number | null = null;
  /** Reminders of this session that are due, oldest first. */
  @state() private dueNow: StoredReminder[] = [];

  @property({ attribute: 'session-id' }) sessionId = '';
  @property({ attribute: 'participant-id' }) participantId = '';
  /** Time for the timers (tests shorten it); default the system clock. */
  @property({ attribute: false }) clock: ChatClock | undefined = undefined;
  /** The session's messages (a reminded message that is still there shows its current text). */
  @property({ attribute: false }) messages: readonly ChatMessage[] = [];
  @property({ attribute: false }) nameOf: ((id: string) => string) | null = null;
  /** Also show a system notification when a reminder is due (permission already granted). */
  @property({ attribute: false }) systemNotifications = false;

  private readonly onStorage = (event: StorageEvent): void => {
    if (event.key === remindersKey(this.participantId)) this.reload();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('storage', this.onStorage);
    if (this.hasUpdated) this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('storage', this.onStorage);
    this.disarmAll();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('sessionId') || changed.has('participantId') || changed.has('clock')) this.reload();
  }

  private get time(): ChatClock {
    return this.clock ?? systemClock;
  }

  /** Reads the stored reminders again and re-arms this session's timers. */
  private reload(): void {
    this.disarmAll();
    this.all = this.participantId ? readAll(this.participantId) : [];
    this.dueNow = this.dueNow.filter((r) => this.all.some((s) => s.sessionId === r.sessionId && s.messageId === r.messageId && s.at === r.at));
    for (const reminder of this.ofSession()) this.arm(reminder);
    this.changed();
  }

  private ofSession(): StoredReminder[] {
    return this.all.filter((r) => r.sessionId === this.sessionId);
  }

  private arm(reminder: StoredReminder): void {
    const clock = this.time;
    this.armedClock = clock;
    const wait = reminder.at - clock.now();
    if (wait <= 0) {
      this.fire(reminder);
      return;
    }
    this.timers.set(
      reminder.messageId,
      clock.setTimeout(() => {
        this.timers.delete(reminder.messageId);
        this.arm(reminder);
      }, Math.min(wait, MAX_TIMER_MS)),
    );
  }

  private disarmAll(): void {
    for (const handle of this.timers.values()) this.armedClock?.clearTimeout(handle);
    this.timers.clear();
  }

  private disarm(messageId: string): void {
    if (this.timers.has(messageId)) this.armedClock?.clearTimeout(this.timers.get(messageId));
    this.timers.delete(messageId);
  }

  private fire(reminder: StoredReminder): void {
    if (this.dueNow.some((r) => r.messageId === reminder.messageId)) return;
    this.dueNow = [...this.dueNow, reminder];
    if (this.systemNotifications && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      const l = this.localize;
      void import('../../shared/notify.js').then(({ showNotification }) =>
        showNotification(
          l.term('reminder.title'),
          { body: `${reminder.author}: ${this.excerptOf(reminder)}`, tag: `reminder:${reminder.messageId}`, lang: l.lang },
          () => this.open(reminder),
        ),
      );
    }
  }

  /** Saves this participant's reminders (every session's) and tells the element. */
  private save(next: StoredReminder[]): void {
    this.all = next;
    try {
      if (next.length) localStorage.setItem(remindersKey(this.participantId), JSON.stringify(next));
      else localStorage.removeItem(remindersKey(this.participantId));
    } catch {
      /* storage blocked: the reminder lasts as long as the page */
    }
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new ChatRemindersChangeEvent({ due: new Map(this.ofSession().map((r) => [r.messageId, r.at])) }));
  }

  private without(messageId: string): StoredReminder[] {
    return this.all.filter((r) => !(r.sessionId === this.sessionId && r.messageId === messageId));
  }

  /** Sets (or moves) the reminder of a message. */
  setReminder(message: ChatMessage, at: number): void {
    const reminder: StoredReminder = {
      sessionId: this.sessionId,
      messageId: message.id,
      at,
      author: this.nameOf?.(message.from) ?? '',
      excerpt: messageExcerpt(message, 120),
    };
    this.disarm(message.id);
    this.dueNow = this.dueNow.filter((r) => r.messageId !== message.id);
    this.save([...this.without(message.id), reminder]);
    this.arm(reminder);
  }

  /** Removes the reminder of a message (and its notice). */
  removeReminder(messageId: string): void {
    this.disarm(messageId);
    this.dueNow = this.dueNow.filter((r) => r.messageId !== messageId);
    this.save(this.without(messageId));
  }

  /** Opens the "Remind me" dialog for a message. */
  async pick(message: ChatMessage): Promise<void> {
    this.picking = message;
    this.custom = false;
    this.problem = null;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
  }

  private choose(at: number): void {
    const message = this.picking;
    if (!message) return;
    this.setReminder(message, at);
    this.dialog.close();
  }

  private async showCustom(): Promise<void> {
    this.custom = true;
    this.customAt = new Date(localInputValue(this.time.now() + 60 * MINUTE)).getTime();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('input[type="datetime-local"]')?.focus();
  }

  private onCustomSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).querySelector('input')!;
    const at = input.value ? new Date(input.value).getTime() : NaN;
    if (!Number.isFinite(at) || at <= this.time.now()) {
      this.problem = 'reminder.pickFuture';
      input.focus();
      return;
    }
    this.choose(at);
  }

  private onDialogClose(): void {
    this.picking = null;
    this.custom = false;
    this.customAt = null;
  }

  private onCustomInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    const at = value ? new Date(value).getTime() : NaN;
    this.customAt = Number.isFinite(at) ? at : null;
  }

  private open(reminder: StoredReminder): void {
    this.dispatchEvent(new ChatReminderOpenEvent({ messageId: reminder.messageId }));
  }

  private snooze(reminder: StoredReminder): void {
    const message = this.messages.find((m) => m.id === reminder.messageId);
    const next = { ...reminder, at: this.time.now() + SNOOZE_MS };
    this.dueNow = this.dueNow.filter((r) => r.messageId !== reminder.messageId);
    this.save([...this.without(reminder.messageId), message ? { ...next, excerpt: messageExcerpt(message, 120) } : next]);
    this.arm(next);
  }

  /** The message's text now (it may have been edited), else what it said when the reminder was set. */
  private excerptOf(reminder: StoredReminder): string {
    const message = this.messages.find((m) => m.id === reminder.messageId);
    if (message?.deleted) return this.localize.term('deletedMessage');
    return message ? messageExcerpt(message, 120) : reminder.excerpt;
  }

  private renderDialog() {
    const l = this.localize;
    const message = this.picking;
    const now = this.time.now();
    const existing = message ? this.ofSession().find((r) => r.messageId === message.id) : undefined;
    // The title names the time chosen: the one being typed, else the one set.
    const shown = (this.custom ? this.customAt : null) ?? existing?.at;
    return html`<dialog part="dialog" aria-labelledby="reminder-title" aria-describedby="reminder-excerpt" @close=${this.onDialogClose}>
      <h2 id="reminder-title">${shown === undefined ? l.term('reminder.remindMe') : l.term('reminder.remindMeAt', { time: l.dateTime(shown) })}</h2>
      ${message
        ? html`<p class="excerpt" id="reminder-excerpt">${this.nameOf?.(message.from) ?? ''}: ${messageExcerpt(message)}</p>
            ${existing ? html`<p>${l.term('reminder.setFor', { time: l.dateTime(existing.at) })}</p>` : nothing}
            <div class="choices">
              ${reminderPresets(now).map(({ key, at }) => {
                const time = at(now);
                // The time counts from the click (the dialog may stay open a while).
                return html`<button type="button" title=${l.dateTime(time)} @click=${() => this.choose(at(this.time.now()))}>${l.term(key)}</button>`;
              })}
              <button type="button" aria-expanded=${this.custom ? 'true' : 'false'} @click=${this.showCustom}>${l.term('reminder.chooseTime')}</button>
            </div>
            ${this.custom
              ? html`<form class="custom" novalidate @submit=${this.onCustomSubmit}>
                  <label
                    >${l.term('reminder.dateTime')}
                    <input type="datetime-local" required min=${localInputValue(now)} value=${localInputValue(now + 60 * MINUTE)} @input=${this.onCustomInput}
                  /></label>
                  <button>${l.term('reminder.set')}</button>
                </form>`
              : nothing}
            ${this.problem ? html`<p class="problem" role="alert">${l.term(this.problem)}</p>` : nothing}`
        : nothing}
      <form method="dialog">
        ${existing ? html`<button value="remove" @click=${() => this.removeReminder(existing.messageId)}>${l.term('reminder.remove')}</button>` : nothing}
        <button value="cancel">${l.term('cancel')}</button>
      </form>
    </dialog>`;
  }

  override render() {
    const l = this.localize;
    return html`${this.dueNow.map(
        (reminder) => html`<div class="notice" part="reminder-notice">
          <p role="alert">
            <strong>${l.term('reminder.title')}</strong>
            <span class="excerpt">${reminder.author}: ${this.excerptOf(reminder)}</span>
          </p>
          <button type="button" @click=${() => this.open(reminder)}>${l.term('reminder.open')}</button>
          <button type="button" @click=${() => this.snooze(reminder)}>${l.term('reminder.snooze')}</button>
          <button type="button" @click=${() => this.removeReminder(reminder.messageId)}>${l.term('reminder.dismiss')}</button>
        </div>`,
      )}
      ${this.renderDialog()}`;
  }
}
