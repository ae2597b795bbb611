import { css } from 'lit';

export const sessionChatUploadsStyles = css`
  :host {
    display: block;
    font-size: 0.875em;
  }
  ul {
    border-top: 1px solid var(--_border);
    display: flex;
    flex-direction: column;
    gap: 0.375rem;
    max-height: 9rem;
    overflow-y: auto;
    margin: 0;
    padding: 0.5rem var(--_space);
    list-style: none;
  }
  li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    align-items: center;
    gap: 0.125rem 0.5rem;
  }
  .name {
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
    font-weight: 600;
  }
  .buttons {
    display: flex;
    gap: 0.25rem;
    grid-row: span 2;
  }
  .line {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-width: 0;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .bar {
    flex: 1 1 auto;
    height: 0.375rem;
    overflow: hidden;
    border-radius: 999px;
    background: var(--_border);
  }
  .fill {
    height: 100%;
    background: var(--_accent);
    transition: width 0.2s linear;
  }
  .error {
    color: var(--_error);
  }
  button {
    min-width: 2rem;
    min-height: 2rem;
    padding: 0 0.5rem;
    border: 1px solid var(--_border);
    border-radius: 0.375rem;
    background: var(--_bg);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  button:hover {
    border-color: var(--_accent);
  }
  @media (prefers-reduced-motion: reduce) {
    .fill {
      transition: none;
    }
  }
`;
