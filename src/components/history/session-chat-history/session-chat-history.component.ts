import { LitElement, html, nothing } from 'lit';
import { ChatHistoryLoadEvent } from '../../shared/events/chat-history-load.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { HISTORY_PERIODS, periodRange, type HistoryPeriod } from '../history-periods.js';
import { sessionChatHistoryStyles } from './session-chat-history.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';

/**
 * @summary The earlier messages of a long session, at the top of the log: buttons that load a
 * period ("Yesterday", "7 days", "30 days", "3 months", "1 year", "All"), a "Loading earlier
 * messages…" status while a page is fetched (also when scrolling up) and an error with "Try
 * again" when it failed. Loaded on first use, once a session has older events than it loaded.
 *
 * @event chat-history-load - A period was chosen (`detail.period: { from?, to? }`, ms) or "Try again" (`detail.retry`). Internal, does not bubble.
 *
 * @csspart history-button - Each period button.
 * @csspart history-status - "Loading earlier messages…" (a polite live region).
 * @csspart history-error - The failure and its "Try again" button.
 */
export class SessionChatHistory extends LitElement {
  static override styles = [themeStyles, sessionChatHistoryStyles];
  static override properties = {
    loading: { type: Boolean },
    failed: { type: Boolean },
    now: { attribute: false },
  };

  private readonly localize = new LocalizeController(this);

  /** A page is being fetched. */
  loading = false;
  /** The last load failed. */
  failed = false;
  /** The time periods are counted back from (the element's clock). */
  now: () => number = () => Date.now();

  private choose(period: HistoryPeriod): void {
    this.dispatchEvent(new ChatHistoryLoadEvent({ period: periodRange(period, this.now()) }));
  }

  private retry(): void {
    this.dispatchEvent(new ChatHistoryLoadEvent({ retry: true }));
  }

  override render() {
    const l = this.localize;
    return html`<div class="periods" role="group" aria-label=${l.term('history.label')}>
        ${HISTORY_PERIODS.map(
          (period) =>
            html`<button type="button" part="history-button" ?disabled=${this.loading} @click=${() => this.choose(period)}>${l.term(`history.${period}`)}</button>`,
        )}
      </div>
      <p class="status" part="history-status" role="status">${this.loading ? l.term('history.loading') : nothing}</p>
      ${this.failed
        ? html`<p class="error" part="history-error" role="alert">
            ${l.term('history.failed')}<button type="button" @click=${this.retry}>${l.term('history.retry')}</button>
          </p>`
        : nothing}`;
  }
}
