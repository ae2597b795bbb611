import { css } from 'lit';
import { dialogStyles } from '../../shared/dialog.styles.js';

export const sessionChatEarlierSessionsStyles = [
  dialogStyles,
  css`
    :host {
      display: inline-flex;
    }
    .icon {
      display: grid;
      place-items: center;
      min-width: 2rem;
      min-height: 2rem;
      padding: 0;
      border: 0;
      border-radius: 50%;
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
    .icon:hover {
      background: var(--_border);
    }
    dialog {
      width: min(28rem, calc(100vw - 2rem));
      max-width: min(28rem, calc(100vw - 2rem));
      max-height: min(36rem, calc(100vh - 2rem));
      box-sizing: border-box;
      overflow: auto;
    }
    h2 {
      margin: 0 0 0.75rem;
      font-size: 1.0625em;
      overflow-wrap: anywhere;
    }
    h3 {
      margin: 0.5rem 0;
      font-size: 1em;
    }
    ul,
    ol {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .sessions li + li {
      margin-top: 0.375rem;
    }
    .session {
      display: grid;
      gap: 0.125rem;
      width: 100%;
      padding: 0.5rem 0.75rem;
      text-align: start;
    }
    .session:hover {
      border-color: var(--_accent);
    }
    .when {
      font-weight: 600;
    }
    .detail,
    .meta time,
    .hint {
      color: var(--_muted);
    }
    .more {
      margin-top: 0.5rem;
    }
    .transcript-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
    }
    .back {
      display: inline-flex;
      align-items: center;
      gap: 0.25rem;
    }
    /* The arrow points back in either direction of writing. */
    :host(:dir(rtl)) .back svg {
      transform: scaleX(-1);
    }
    .read-only {
      padding: 0.125rem 0.5rem;
      border: 1px solid var(--_border);
      border-radius: 999px;
      font-size: 0.875em;
    }
    .message {
      padding: 0.5rem 0;
      border-bottom: 1px solid var(--_border);
    }
    .message p {
      margin: 0;
    }
    .author {
      font-weight: 600;
    }
    .text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .file-name {
      overflow-wrap: anywhere;
    }
    .deleted {
      font-style: italic;
      color: var(--_muted);
    }
    .problem {
      margin: 0.75rem 0 0;
      color: var(--_error);
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      margin-top: 0.75rem;
    }
  `,
];
