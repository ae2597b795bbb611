import { css } from 'lit';

/** The unread badge and "Jump to first unread", in `<session-chat>`'s shadow root (adopted with the feature's chunk). */
export const unreadStyles = css`
  .badge {
    padding: 0 0.4em;
    border-radius: 1em;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: 0.75em;
    font-weight: 700;
  }
  .first-unread {
    position: absolute;
    top: 0.5rem;
    right: 0.75rem;
  }
`;
