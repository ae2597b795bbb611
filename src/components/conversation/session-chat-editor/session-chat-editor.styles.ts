import { css } from 'lit';

export const sessionChatEditorStyles = css`
  :host {
    display: grid;
    gap: 0.375rem;
    margin-top: 0.25rem;
  }
  textarea {
    min-height: 2.5rem;
    max-height: 10rem;
    field-sizing: content;
    resize: none;
    padding: 0.375rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: 0.375rem;
    background: var(--_input-bg);
    color: var(--_color);
    font: inherit;
  }
  label {
    display: flex;
    align-items: center;
    gap: 0.375rem;
    font-size: 0.875em;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.375rem;
  }
  #hint {
    flex: 1 1 10rem;
    font-size: 0.75em;
    color: var(--_muted);
  }
  button {
    padding: 0.25rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 0.375rem;
    background: var(--_bg);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  .primary {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
  }
`;
