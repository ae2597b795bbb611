import { css } from 'lit';

export const sessionChatMenuStyles = css`
  [role='menu'] {
    position: fixed;
    inset: auto;
    margin: 0;
    display: flex;
    flex-direction: column;
    min-width: 9rem;
    padding: 0.25rem;
    border: 1px solid var(--_border);
    border-radius: 0.5rem;
    background: var(--_bg);
    color: var(--_color);
    font-family: var(--_font);
    font-size: var(--_font-size);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
  }
  button {
    padding: 0.375rem 0.75rem;
    border: 0;
    border-radius: 0.25rem;
    background: transparent;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  button:hover,
  button:focus {
    background: var(--_message-bg);
  }
  :host([orientation='horizontal']) [role='menu'] {
    flex-flow: row wrap;
    max-width: 15rem;
  }
  :host([orientation='horizontal']) button:not(:last-child) {
    padding: 0.25rem 0.375rem;
    font-size: 1.25rem;
  }
  :host([orientation='horizontal']) button:last-child {
    flex-basis: 100%;
  }
`;
