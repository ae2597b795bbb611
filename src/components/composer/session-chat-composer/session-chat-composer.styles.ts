import { css } from 'lit';

export const sessionChatComposerStyles = css`
  :host {
    display: flex;
    align-items: flex-end;
    gap: 0.5rem;
    padding: 0.5rem var(--_space);
  }
  textarea {
    flex: 1 1 auto;
    min-width: 0;
    min-height: 2.5rem;
    max-height: 10rem;
    field-sizing: content;
    resize: none;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_input-bg);
    color: var(--_color);
    font: inherit;
    line-height: 1.4;
  }
  textarea::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  textarea:focus-visible {
    outline-offset: 0;
  }
  button {
    flex: none;
    min-height: 2.5rem;
    min-width: 2.75rem;
    padding: 0 1rem;
    border: 0;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  button:disabled,
  textarea:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
`;
