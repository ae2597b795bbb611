import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { SessionEndedEventDetail } from '../../shared/events/session-ended.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { sessionChatEndedStyles } from './session-chat-ended.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';

/** Links to a transcript, ready to open (absolute, with the reader's token). */
export interface TranscriptLinks {
  txt: string;
  html: string;
}

/**
 * @summary The banner of an ended session: "Session ended by Tom at 14:05" (or by the host, or
 * by the relay after inactivity), and for those who may read transcripts, links to it once
 * the relay wrote it.
 *
 * The banner is a polite live region (`role="status"`) that is always there, empty until the
 * end, so that assistive technology announces it when it fills.
 *
 * @csspart banner - The banner (`role="status"`).
 * @csspart transcript-link - Each link to the transcript (text, web page).
 */
export class SessionChatEnded extends LitElement {
  static override styles = [themeStyles, sessionChatEndedStyles];

  private readonly localize = new LocalizeController(this);

  /** Who ended the session and when; nothing is shown while null. */
  @property({ attribute: false }) ended: SessionEndedEventDetail | null = null;

  /** The viewer may read transcripts: says one is being prepared until `transcript` is set. */
  @property({ type: Boolean, attribute: 'transcript-expected' }) transcriptExpected = false;

  /** Links to the transcript, once written. */
  @property({ attribute: false }) transcript: TranscriptLinks | null = null;

  private renderTranscript() {
    const l = this.localize;
    const links = this.transcript;
    if (links) {
      return html`<p class="transcript">
        ${l.term('transcriptReady')}
        <a part="transcript-link" href=${links.txt} target="_blank" rel="noopener noreferrer">${l.term('transcriptText')}</a>
        ·
        <a part="transcript-link" href=${links.html} target="_blank" rel="noopener noreferrer">${l.term('transcriptPage')}</a>
      </p>`;
    }
    return this.transcriptExpected ? html`<p class="transcript">${l.term('transcriptPending')}</p>` : nothing;
  }

  private renderEnded(ended: SessionEndedEventDetail) {
    const l = this.localize;
    const time = l.time(ended.at);
    // The host's name is already "the host"; an idle end says why.
    const title = ended.reason === 'idle' ? l.term('sessionEndedIdle', { time }) : l.term('sessionEndedBy', { name: ended.by.name, time });
    return html`<p class="title" title=${l.dateTime(ended.at)}>${title}</p>
      ${this.renderTranscript()}`;
  }

  override render() {
    // No whitespace inside the region: it must stay :empty until the end.
    return html`<div class="banner" part="banner" role="status">${this.ended ? this.renderEnded(this.ended) : nothing}</div>`;
  }
}
