import { css } from 'lit';

/** The log lays out as if its box were the root's (`display: contents`): the root's body places it. */
export const sessionChatLogStyles = css`
  :host {
    display: contents;
  }
  .log {
    flex: 1 1 auto;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_space);
    /* Room under the newest message for "… is typing…", which shows over the log's foot. */
    padding-block-end: calc(var(--_space) + 1.25rem);
  }
  .content {
    display: flex;
    flex-direction: column;
    justify-content: flex-end;
    gap: 0.5rem;
    min-height: 100%;
  }
  .log:focus-visible {
    outline-offset: -2px;
  }
  .outbox {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .outbox:empty {
    display: none;
  }
  .empty {
    margin: auto;
    color: var(--_muted);
  }
  .jump {
    position: absolute;
    bottom: 0.75rem;
    left: 50%;
    transform: translateX(-50%);
    padding: 0.375rem 0.875rem;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-size: 0.875em;
    font-weight: 600;
    cursor: pointer;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
  }
  .system-line,
  .unread-divider {
    margin: 0;
    color: var(--_muted);
    font-size: 0.8125em;
    text-align: center;
  }
  .unread-divider {
    border-top: 1px solid;
    color: var(--_error);
  }
`;
