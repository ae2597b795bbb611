import { css } from 'lit';

/** The look shared by the widget's modal dialogs (native `<dialog>` with `showModal()`). */
export const dialogStyles = css`
  dialog {
    max-width: min(24rem, calc(100vw - 2rem));
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_color);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.4;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  form {
    display: flex;
    justify-content: flex-end;
    gap: 0.5rem;
  }
  button {
    min-height: 2rem;
    padding: 0.25rem 0.875rem;
    border: 1px solid var(--_border);
    border-radius: 0.375rem;
    background: var(--_bg);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
`;
