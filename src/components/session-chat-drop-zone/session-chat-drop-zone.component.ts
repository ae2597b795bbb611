import { LitElement, html } from 'lit';
import { LocalizeController } from '../localize/localize.js';
import { themeStyles } from '../theme.styles.js';
import { sessionChatDropZoneStyles } from './session-chat-drop-zone.styles.js';

/**
 * @summary The overlay `<session-chat>` shows over its messages while files are dragged over
 * the widget: "Drop files to share them". It only shows; the widget handles the drop (and
 * announces the drop zone in its live region). Loaded on the first drag.
 *
 * @csspart text - The hint.
 */
export class SessionChatDropZone extends LitElement {
  static override styles = [themeStyles, sessionChatDropZoneStyles];

  private readonly localize = new LocalizeController(this);

  override render() {
    return html`<p part="text">
      <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
        <path d="M12 15V3m-5 5 5-5 5 5M4 15v4a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-4" />
      </svg>
      ${this.localize.term('files.dropHint')}
    </p>`;
  }
}
