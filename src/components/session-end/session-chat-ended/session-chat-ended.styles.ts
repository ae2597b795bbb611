import { css } from 'lit';

export const sessionChatEndedStyles = css`
  :host {
    display: block;
  }
  .banner:not(:empty) {
    padding: 0.5rem var(--_space);
    border-top: 1px solid var(--_border);
    background: var(--_message-bg);
    font-size: 0.875em;
  }
  :host([hidden]) {
    display: none;
  }
  .title {
    margin: 0;
    font-weight: 600;
  }
  .transcript {
    margin: 0.25rem 0 0;
    color: var(--_muted);
  }
  a {
    color: var(--_link);
  }
`;
