import { css } from 'lit';

/** The search bar: the field row, then the filters' row (it wraps on narrow widths). */
export const sessionChatSearchStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    padding: 0.375rem var(--_space);
    border-bottom: 1px solid var(--_border);
  }
  .row {
    display: flex;
    align-items: center;
    gap: 0.25rem;
  }
  .filters {
    flex-wrap: wrap;
    column-gap: 0.5rem;
  }
  input {
    flex: 1 1 auto;
    min-width: 0;
    min-height: 2rem;
    padding: 0.25rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: 0.375rem;
    background: var(--_input-bg);
    color: var(--_color);
    font: inherit;
  }
  .count {
    flex: none;
    color: var(--_muted);
    font-size: 0.8125em;
    white-space: nowrap;
  }
  button {
    flex: none;
    min-width: 2rem;
    min-height: 2rem;
    border: 0;
    border-radius: 0.375rem;
    background: transparent;
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    background: var(--_border);
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }
  .kinds {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  .kinds button,
  .clear {
    min-height: 1.75rem;
    padding: 0 0.625rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    font-size: 0.8125em;
  }
  .kinds button[aria-pressed='true'] {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .from {
    display: flex;
    align-items: center;
    gap: 0.25rem;
    min-width: 0;
    color: var(--_muted);
    font-size: 0.8125em;
  }
  select {
    min-width: 0;
    max-width: 10rem;
    min-height: 1.75rem;
    border: 1px solid var(--_border);
    border-radius: 0.375rem;
    background: var(--_input-bg);
    color: var(--_color);
    font: inherit;
  }
  .clear {
    margin-inline-start: auto;
  }
  @media (forced-colors: active) {
    .kinds button[aria-pressed='true'] {
      background: Highlight;
      color: HighlightText;
    }
  }
`;
