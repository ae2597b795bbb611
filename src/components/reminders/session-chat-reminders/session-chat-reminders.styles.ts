import { css } from 'lit';
import { dialogStyles } from '../../shared/dialog.styles.js';
import { themeStyles } from '../../shared/theme.styles.js';

/** The reminders' notice and "Remind me" dialog. */
export const sessionChatRemindersStyles = [
  themeStyles,
  dialogStyles,
  css`
      :host {
        display: block;
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 1.125em;
      }
      p {
        margin: 0 0 0.75rem;
      }
      .excerpt {
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
        color: var(--_muted);
      }
      .choices {
        display: flex;
        flex-direction: column;
        gap: 0.375rem;
        margin-bottom: 0.75rem;
      }
      .choices button {
        text-align: start;
      }
      .custom {
        justify-content: flex-start;
        flex-wrap: wrap;
        align-items: flex-end;
        margin-bottom: 0.75rem;
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
      }
      input {
        min-height: 2rem;
        border: 1px solid var(--_border);
        border-radius: 0.375rem;
        background: var(--_input-bg);
        color: inherit;
        font: inherit;
      }
      .problem {
        color: var(--_error);
      }
      .notice {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.375rem 0.5rem;
        padding: 0.5rem var(--_space);
        border-bottom: 1px solid var(--_border);
        background: var(--_message-bg);
      }
      .notice p {
        flex: 1 1 12rem;
        min-width: 0;
        margin: 0;
      }
      .notice .excerpt {
        display: block;
      }
    `,
];
