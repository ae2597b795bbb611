import { css } from 'lit';

/** The "Copied" notice, in `<session-chat>`'s shadow root (adopted with the actions' chunk). */
export const chatActionsStyles = css`
  .notice:not(:empty) {
    position: absolute;
    top: 0.5rem;
    left: 50%;
    transform: translateX(-50%);
    padding: 0.25rem 0.75rem;
    border-radius: 999px;
    background: var(--_color);
    color: var(--_bg);
    font-size: 0.875em;
  }
`;
