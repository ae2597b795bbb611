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
 * "More ways to share": a menu beside "Attach files" whose item "Send directly (not stored)" picks
 * files for a live transfer (they go up as `chat-send-direct`). A menu item, not a second button
 * named "Send…": the composer's "Send" stays the one button of that name. The file input it
 * opens is hidden from assistive technology (the menu item is the control).
 */
export function renderSendDirect(
  labels: { menu: string; item: string },
  state: { open: boolean; disabled: boolean },
  on: { toggle: () => void; pick: () => void; change: (event: Event) => void; key: (event: KeyboardEvent) => void },
) {
  return html`<span class="share-menu" @keydown=${on.key}>
    <button type="button" class="attach" part="share-menu-button" aria-label=${labels.menu} title=${labels.menu} aria-haspopup="menu" aria-expanded=${state.open ? 'true' : 'false'} ?disabled=${state.disabled} @click=${on.toggle}>${icon(SEND_DIRECT)}</button>
    ${state.open ? html`<div role="menu" part="share-menu" aria-label=${labels.menu}><button type="button" role="menuitem" part="send-direct-item" @click=${on.pick}>${labels.item}</button></div>` : ''}
    <input type="file" multiple hidden aria-hidden="true" tabindex="-1" class="direct-input" @change=${on.change} />
  </span>`;
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
  .share-menu {
    position: relative;
    display: flex;
    flex: none;
  }
  [role='menu'] {
    position: absolute;
    inset-block-end: calc(100% + 0.25rem);
    inset-inline-start: 0.5rem;
    z-index: 2;
    padding: 0.25rem;
    border: 1px solid var(--_border);
    border-radius: 0.5rem;
    background: var(--_bg);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
  }
  [role='menuitem'] {
    min-height: 2.5rem;
    padding: 0.25rem 0.75rem;
    border: 0;
    border-radius: 0.375rem;
    background: none;
    color: var(--_color);
    font: inherit;
    white-space: nowrap;
    cursor: pointer;
  }
  [role='menuitem']:hover,
  [role='menuitem']:focus-visible {
    background: var(--_border);
    outline: none;
  }
  .attach:disabled,
  .attach:has(:disabled) {
    opacity: 0.6;
    cursor: default;
    background: none;
  }
`;
