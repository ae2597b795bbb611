import { css, html } from 'lit';

/**
 * The composer's "Attach files" control: a paperclip `<label>` around a visually hidden
 * `<input type="file" multiple>`, so the input itself is the one focusable, named control
 * (keyboard and assistive technology open the system picker the native way).
 */
export function renderAttach(label: string, disabled: boolean, onChange: (event: Event) => void) {
  return html`<label class="attach" part="attach-button" title=${label}
    ><input class="visually-hidden" type="file" multiple aria-label=${label} ?disabled=${disabled} @change=${onChange} /><svg
      aria-hidden="true"
      viewBox="0 0 24 24"
    ><path transform="rotate(40 12 12)" d="M16 7v10a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v11a1 1 0 0 1-2 0V7" /></svg
  ></label>`;
}

export const attachStyles = css`
  .attach {
    flex: none;
    display: grid;
    place-items: center;
    min-width: 2.5rem;
    min-height: 2.5rem;
    border-radius: calc(var(--_radius) * 0.75);
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
  svg {
    width: 1.375rem;
    height: 1.375rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
  }
`;
