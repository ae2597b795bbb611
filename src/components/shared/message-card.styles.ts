import { css } from 'lit';

/** A card inside a message (a shared file, a live transfer): the width of a phone's bubble, a bordered column. */
export const messageCardStyles = css`
  :host {
    display: block;
    width: 20rem;
    max-width: 100%;
    margin: 0.25rem 0 0;
    white-space: normal;
  }
  .card {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    padding: 0.5rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_bg);
  }
`;
