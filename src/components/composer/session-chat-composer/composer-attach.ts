import { css, html } from 'lit';
import { ATTACH, SEND_DIRECT, icon } from '../../shared/icons.js';

/**
 * The composer's "Attach files" control: a paperclip `<label>` around a visually hidden
 * `<input type="file" multiple>`, so the input itself is the one focusable, named control
 * (keyboard and assistive technology open the system picker the native way).
 */
export function renderAttach(label: string, disabled: boolean, onChange: (event: Event) => void) {
  return html`<label class="attach" part="attach-button" title=${label}
    ><input class="visually-hidden" type="file" multiple aria-label=${label} ?disabled=${disabled} @change=${onChange} />${icon(ATTACH)}</label>`;
}

/**
 * "Send directly (not stored)": the same control for files that go straight to the people here
 * (a live transfer) instead of being uploaded; its files go up as `chat-send-direct`.
 */
export function renderSendDirect(label: string, disabled: boolean, onChange: (event: Event) => void) {
  return html`<label class="attach" part="send-direct-button" title=${label}
    ><input class="visually-hidden" type="file" multiple aria-label=${label} ?disabled=${disabled} @change=${onChange} />${icon(SEND_DIRECT)}</label>`;
}

export const attachStyles = css`
  .attach {
    flex: none;
    display: grid;
    place-items: center;
    min-width: 2.5rem;
    min-height: 2.5rem;
    border-radius: calc(var(--_radius) * 0.75);
    padding: 0;
    background: none;
    color: var(--_muted);
    cursor: pointer;
  }
  .attach:hover {
    background: var(--_border);
  }
  .attach:has(:focus-visible) {
    outline: 2px solid var(--_accent);
  }
  .attach:has(:disabled) {
    opacity: 0.6;
    cursor: default;
    background: none;
  }
`;
