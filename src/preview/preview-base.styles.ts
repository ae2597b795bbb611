import { css } from 'lit';

/** What every previewer shares: it fills the dialog's body, with a toolbar on top. */
export const previewBaseStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
    overflow: hidden;
    color: var(--_color, #1f2328);
    font: inherit;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 2px solid var(--_accent, #0969da);
    outline-offset: 2px;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    padding: 0.375rem 0.5rem;
    border-bottom: 1px solid var(--_border, #d1d9e0);
    font-size: 0.875rem;
  }
  .toolbar .status {
    margin-inline-end: auto;
    color: var(--_muted, #59636e);
    font-variant-numeric: tabular-nums;
  }
  button,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    min-width: 2.25rem;
    min-height: 2.25rem;
    padding: 0.25rem 0.5rem;
    border: 1px solid var(--_border, #d1d9e0);
    border-radius: 0.375rem;
    background: var(--_bg, #fff);
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }
  .scroller {
    flex: 1;
    min-height: 0;
    overflow: auto;
    position: relative;
  }
  .notice {
    margin: 0;
    padding: 0.375rem 0.5rem;
    background: var(--_highlight, #fff8c5);
    font-size: 0.875rem;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
