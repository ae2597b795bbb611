import { css } from 'lit';

export const sessionChatHistoryStyles = css`
  :host {
    display: block;
    padding: 0.375rem var(--_space) 0;
  }
  .periods {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: 0.25rem;
  }
  button {
    min-height: 2rem;
    padding: 0.25rem 0.625rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    color: var(--_color);
    font: inherit;
    font-size: 0.8125em;
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    background: var(--_message-bg);
  }
  button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  .status,
  .error {
    margin: 0.375rem 0 0;
    text-align: center;
    font-size: 0.8125em;
  }
  .status {
    color: var(--_muted);
  }
  .status:empty {
    margin: 0;
  }
  .error {
    color: var(--_error);
  }
  .error button {
    margin-inline-start: 0.5rem;
  }
`;
