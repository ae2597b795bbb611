import { css } from 'lit';

export const transferCardStyles = css`
  .card {
    gap: 0.375rem;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .meta,
  .receivers {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .receivers {
    padding-inline-start: 1.1rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  button,
  .save {
    min-height: 2rem;
    padding: 0.25rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 0.375rem;
    background: var(--_bg);
    color: var(--_color);
    font: inherit;
    text-decoration: none;
    cursor: pointer;
  }
  button:first-child {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button:focus-visible,
  .save:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .bar {
    height: 0.375rem;
    border-radius: 0.25rem;
    background: var(--_border);
    overflow: hidden;
  }
  .bar span {
    display: block;
    height: 100%;
    background: var(--_accent);
  }
`;
