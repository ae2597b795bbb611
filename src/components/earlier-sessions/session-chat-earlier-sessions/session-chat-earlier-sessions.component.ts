import { LitElement, html, nothing, svg } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { SessionClient } from '../../../client/index.js';
import { ErrorCodes, type EarlierMessage, type EarlierSession, type EarlierTranscript } from '../../../protocol/index.js';
import { formatBytes } from '../../shared/file-size.js';
import { icon } from '../../shared/icons.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import type { TranslationKey } from '../../shared/localize/en.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { sessionChatEarlierSessionsStyles } from './session-chat-earlier-sessions.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';

const HISTORY = svg`<path d="M3 12a9 9 0 1 0 3-6.7L3 8"></path><path d="M3 3v5h5M12 7v5l3 3"></path>`;
const BACK = svg`<path d="M15 6l-6 6 6 6"></path>`;

/** The message for a failure: a customer's refusal by its code, anything else as a failure. */
function problemOf(error: unknown): TranslationKey {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === ErrorCodes.STAFF_ONLY) return 'earlier.forbidden';
  return 'earlier.failed';
}

/**
 * @summary "Earlier sessions" (technicians and admins, when the session has a customer
 * reference): a dialog listing the customer's ended sessions (date, technicians, message count),
 * newest first; choosing one shows its transcript read-only (authors, times, texts, file
 * names), with "Back to the list". Text is rendered as text.
 *
 * @csspart button - The "Earlier sessions" button.
 * @csspart dialog - The dialog.
 */
export class SessionChatEarlierSessions extends LitElement {
  static override styles = [themeStyles, sessionChatEarlierSessionsStyles];

  private readonly localize = new LocalizeController(this);

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('.icon') private button!: HTMLButtonElement;

  /** The widget's client: the listing and the transcripts are asked for with its token. */
  @property({ attribute: false }) client: SessionClient | null = null;
  /** The session's customer reference (shown in the title). */
  @property({ attribute: false }) customer = '';

  @state() private sessions: EarlierSession[] | null = null;
  @state() private next: string | null = null;
  @state() private transcript: EarlierTranscript | null = null;
  @state() private busy = false;
  @state() private problem: TranslationKey | null = null;
  /** The session whose transcript was last opened: the focus returns to it in the list. */
  private opened: string | null = null;

  /** Opens the dialog with the first page of the list, fetched again each time. */
  async open(): Promise<void> {
    this.transcript = null;
    this.sessions = null;
    this.next = null;
    if (!this.dialog.open) this.dialog.showModal();
    await this.load();
    this.focusFirst();
  }

  private async load(cursor?: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.busy = true;
    this.problem = null;
    try {
      const page = await client.earlierSessions(cursor === undefined ? {} : { cursor });
      this.sessions = [...(cursor === undefined ? [] : (this.sessions ?? [])), ...page.items];
      this.next = page.next;
    } catch (error) {
      this.problem = problemOf(error);
    } finally {
      this.busy = false;
    }
  }

  private async show(sessionId: string): Promise<void> {
    const client = this.client;
    if (!client || this.busy) return;
    this.busy = true;
    this.problem = null;
    this.opened = sessionId;
    try {
      this.transcript = await client.earlierTranscript(sessionId);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.back')?.focus();
    } catch (error) {
      this.problem = problemOf(error);
    } finally {
      this.busy = false;
    }
  }

  private async backToList(): Promise<void> {
    this.transcript = null;
    await this.updateComplete;
    const item = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('.session')].find((b) => b.dataset.session === this.opened);
    (item ?? this.renderRoot.querySelector<HTMLElement>('.close'))?.focus();
  }

  private focusFirst(): void {
    void this.updateComplete.then(() => (this.renderRoot.querySelector<HTMLElement>('.session') ?? this.renderRoot.querySelector<HTMLElement>('.close'))?.focus());
  }

  private date(iso: string | null): string {
    if (iso === null) return '';
    return new Intl.DateTimeFormat(this.localize.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(iso));
  }

  private renderList() {
    const l = this.localize;
    const sessions = this.sessions;
    if (sessions === null) return html`<p class="hint" role="status">${this.busy ? l.term('earlier.loading') : nothing}</p>`;
    if (sessions.length === 0) return html`<p class="hint" role="status">${l.term('earlier.none')}</p>`;
    return html`<ul class="sessions" aria-label=${l.term('earlier.open')}>
        ${sessions.map(
          (s) => html`<li>
            <button type="button" class="session" data-session=${s.sessionId} @click=${() => this.show(s.sessionId)}>
              <span class="when">${this.date(s.startedAt ?? s.endedAt)}</span>
              <span class="detail" dir="auto"
                >${s.technicians.length ? l.term('earlier.technicians', { names: s.technicians.join(', ') }) : l.term('earlier.noTechnician')}</span
              >
              <span class="detail">${l.term('earlier.messageCount', { count: s.messageCount })}</span>
            </button>
          </li>`,
        )}
      </ul>
      ${this.next ? html`<button type="button" class="more" ?disabled=${this.busy} @click=${() => this.load(this.next ?? undefined)}>${l.term('earlier.more')}</button>` : nothing}`;
  }

  private renderMessage(m: EarlierMessage) {
    const l = this.localize;
    const at = Date.parse(m.at);
    return html`<li class="message">
      <p class="meta"><span class="author" dir="auto">${m.from.name}</span> <time datetime=${m.at} title=${l.dateTime(at)}>${l.time(at)}</time></p>
      ${m.deleted
        ? html`<p class="deleted">${l.term('deleted')}</p>`
        : html`${m.text ? html`<p class="text" dir="auto">${m.text}</p>` : nothing}
          ${m.file
            ? html`<p class="file">${l.term('earlier.file')} <span class="file-name" dir="auto">${m.file.name}</span> (${formatBytes(m.file.size, l.lang)})</p>`
            : nothing}`}
    </li>`;
  }

  private renderTranscript(transcript: EarlierTranscript) {
    const l = this.localize;
    return html`<div class="transcript-head">
        <button type="button" class="back" @click=${this.backToList}>${icon(BACK)} ${l.term('earlier.back')}</button>
        <span class="read-only">${l.term('earlier.readOnly')}</span>
      </div>
      <h3>${l.term('earlier.sessionOf', { date: this.date(transcript.startedAt ?? transcript.endedAt) })}</h3>
      ${transcript.messages.length
        ? html`<ol class="messages" aria-label=${l.term('earlier.readOnly')}>${transcript.messages.map((m) => this.renderMessage(m))}</ol>`
        : html`<p class="hint">${l.term('earlier.noMessages')}</p>`}`;
  }

  override render() {
    const l = this.localize;
    const name = l.term('earlier.open');
    return html`<button type="button" class="icon" part="button" aria-label=${name} title=${name} aria-haspopup="dialog" @click=${this.open}>
        ${icon(HISTORY)}
      </button>
      <dialog part="dialog" aria-labelledby="earlier-title" @close=${() => this.button.focus()}>
        <h2 id="earlier-title" dir="auto">${l.term('earlier.title', { customer: this.customer })}</h2>
        ${this.transcript ? this.renderTranscript(this.transcript) : this.renderList()}
        ${this.problem ? html`<p class="problem" role="alert">${l.term(this.problem)}</p>` : nothing}
        <div class="actions"><button type="button" class="close" @click=${() => this.dialog.close()}>${l.term('close')}</button></div>
      </dialog>`;
  }
}
