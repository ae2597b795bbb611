import { css } from 'lit';

export const sessionChatFilesStyles = css`
  :host {
    display: contents;
  }
  .drop-zone {
    position: absolute;
    inset: 0.5rem;
    z-index: 2;
    display: grid;
    place-items: center;
    padding: 1rem;
    border: 2px dashed var(--_accent);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_bg) 90%, transparent);
    color: var(--_color);
    text-align: center;
    /* The drop lands on what is under it; the widget handles it. */
    pointer-events: none;
  }
  .drop-zone p {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    font-weight: 600;
  }
  svg {
    width: 2rem;
    height: 2rem;
    color: var(--_accent);
  }
`;
