import { css } from 'lit';

/** Unread badge and divider, join/leave lines, typing, and `minimized`, in `<session-chat>`. */
export const sessionChatSignalsStyles = css`
  :host([minimized]) {
    height: auto;
  }
  :host([minimized]) > :not(.header) {
    display: none;
  }
  .badge {
    padding: 0 0.4em;
    border-radius: 1em;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: 0.75em;
    font-weight: 700;
  }
  .system-line,
  .unread-divider,
  .typing {
    margin: 0;
    color: var(--_muted);
    font-size: 0.8125em;
    text-align: center;
  }
  .unread-divider {
    border-top: 1px solid;
    color: var(--_error);
  }
  .first-unread {
    position: absolute;
    top: 0.5rem;
    right: 0.75rem;
  }
  .typing:not(:empty) {
    position: absolute;
    bottom: 0;
    padding: 0 var(--_space);
    background: var(--_bg);
  }
`;
