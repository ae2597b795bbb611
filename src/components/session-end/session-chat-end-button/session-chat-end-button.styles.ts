import { css } from 'lit';

export const sessionChatEndButtonStyles = css`
  :host {
    display: inline-flex;
  }
  :host([hidden]) {
    display: none;
  }
  button {
    min-height: 2rem;
    padding: 0.25rem 0.5rem;
    border: 1px solid var(--_error);
    border-radius: 0.375rem;
    background: var(--_bg);
    color: var(--_error);
    font: inherit;
    font-size: 0.8125em;
    font-weight: 600;
    cursor: pointer;
  }
  button:hover {
    background: var(--_error);
    color: var(--_bg);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  /* The consequence is a whole sentence: wrap it instead of cutting it. */
  session-chat-confirm::part(detail) {
    white-space: normal;
  }
`;
