import { css } from 'lit';

export const sessionChatPreviewDialogStyles = css`
  :host {
    display: contents;
  }
  dialog {
    width: min(calc(100vw - 2rem), 72rem);
    height: min(calc(100dvh - 2rem), 60rem);
    max-width: none;
    max-height: none;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_color);
    font: var(--_font-size) / 1.4 var(--_font);
    overflow: hidden;
  }
  dialog::backdrop {
    background: var(--session-chat-backdrop-color, rgb(0 0 0 / 0.55));
  }
  .frame {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 0.5rem 0.5rem var(--_space);
    border-bottom: 1px solid var(--_border);
  }
  .heading {
    flex: 1 1 12rem;
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: 1rem;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .meta {
    margin: 0;
    color: var(--_muted);
    font-size: 0.8125rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .actions {
    display: flex;
    align-items: center;
    gap: 0.25rem;
    margin-inline-start: auto;
  }
  .position {
    color: var(--_muted);
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
    padding-inline: 0.25rem;
  }
  button {
    min-width: 2.5rem;
    min-height: 2.5rem;
    padding: 0.25rem 0.625rem;
    border: 1px solid var(--_border);
    border-radius: 0.5rem;
    background: var(--_bg);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  /* Previous and next point the way the text reads. */
  [part~='previous-button'] .i:dir(rtl),
  [part~='next-button'] .i:dir(rtl) {
    transform: scaleX(-1);
  }
  button:disabled {
    opacity: 0.45;
    cursor: default;
  }
  .download {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .body {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .container {
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .container[hidden] {
    display: none;
  }
  .container > * {
    flex: 1;
    min-height: 0;
  }
  .alert,
  .card {
    margin: auto;
    max-width: 32rem;
    padding: 1.25rem;
    text-align: center;
  }
  .alert {
    color: var(--_error);
    font-weight: 500;
  }
  .card p {
    margin: 0 0 0.75rem;
  }
  @media (max-width: 480px) {
    dialog {
      width: 100vw;
      height: 100dvh;
      border: 0;
      border-radius: 0;
    }
    header {
      padding-inline-start: 0.5rem;
    }
    .position {
      display: none;
    }
  }
`;
