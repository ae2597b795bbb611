import { css } from 'lit';

/** Presence, typing, unread, search, settings and reminders in `<session-chat>`. */
export const sessionChatSignalsStyles = css`
  :host([minimized]) {
    height: auto;
  }
  :host([minimized]) .body,
  :host([minimized]) .reply-bar,
  :host([minimized]) session-chat-composer,
  :host([minimized]) session-chat-search {
    display: none;
  }
  .tool {
    flex: none;
    min-width: 2rem;
    min-height: 2rem;
    border: 0;
    border-radius: 0.375rem;
    background: transparent;
    font-size: 1.125em;
    line-height: 1;
  }
  .tool:hover,
  .tool[aria-expanded='true'] {
    background: var(--_border);
  }
  .unread-badge {
    flex: none;
    min-width: 1.25rem;
    padding: 0 0.375rem;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: 0.75em;
    font-weight: 700;
    line-height: 1.25rem;
    text-align: center;
  }
  .system-line,
  .unread-divider {
    margin: 0;
    color: var(--_muted);
    font-size: 0.8125em;
    text-align: center;
  }
  .system-line time {
    margin-inline-start: 0.25rem;
  }
  .unread-divider {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    color: var(--_error);
    font-weight: 600;
  }
  .unread-divider::before,
  .unread-divider::after {
    content: '';
    flex: 1;
    border-top: 1px solid currentColor;
  }
  .first-unread {
    position: absolute;
    top: 0.5rem;
    inset-inline-end: 0.75rem;
    padding: 0.25rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    font-size: 0.8125em;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.15);
  }
  .typing:not(:empty) {
    position: absolute;
    bottom: 0;
    inset-inline-start: 0;
    max-width: 60%;
    padding: 0.125rem var(--_space);
    border-start-end-radius: 0.5rem;
    background: var(--_bg);
    color: var(--_muted);
    font-size: 0.8125em;
    font-style: italic;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
`;
