import { css } from 'lit';
import { dialogStyles } from '../../shared/dialog.styles.js';

export const sessionChatInviteButtonStyles = [
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
    /* One field under another (the shared dialog look lays a form out as a row of buttons). */
    form {
      display: block;
    }
    dialog {
      width: min(24rem, calc(100vw - 2rem));
      box-sizing: border-box;
    }
    fieldset label {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      min-height: 1.5rem;
    }
    h2 {
      margin: 0 0 0.75rem;
      font-size: 1.0625em;
    }
    fieldset {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      margin: 0 0 0.75rem;
      padding: 0;
      border: 0;
    }
    legend {
      margin-bottom: 0.25rem;
      font-weight: 600;
    }
    label.field {
      display: grid;
      gap: 0.25rem;
      margin-bottom: 0.75rem;
      font-weight: 600;
    }
    input[type='text'],
    input[type='url'] {
      min-height: 2rem;
      padding: 0.25rem 0.5rem;
      border: 1px solid var(--_border);
      border-radius: 0.375rem;
      background: var(--_bg);
      color: inherit;
      font: inherit;
      font-weight: 400;
    }
    .link-row {
      display: flex;
      gap: 0.5rem;
    }
    .link-row input {
      flex: 1;
      min-width: 0;
    }
    .hint {
      margin: 0 0 0.75rem;
    }
    .problem {
      margin: 0 0 0.75rem;
      color: var(--_error);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 0.5rem;
    }
    button[type='submit'],
    .primary {
      border-color: var(--_accent);
      background: var(--_accent);
      color: var(--_on-accent);
    }
  `,
];
