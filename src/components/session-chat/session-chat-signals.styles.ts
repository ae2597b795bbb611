import { css } from 'lit';

/** Typing and `minimized`, in `<session-chat>` (the log has the divider and join/leave lines; the unread badge and jump button come with their chunk). */
export const sessionChatSignalsStyles = css`
  :host([minimized]) {
    height: auto;
  }
  :host([minimized]) > :not(.header) {
    display: none;
  }
  .typing {
    margin: 0;
    color: var(--_muted);
    font-size: 0.8125em;
    text-align: center;
  }
  .typing:not(:empty) {
    position: absolute;
    bottom: 0;
    padding: 0 var(--_space);
    background: var(--_bg);
  }
`;
