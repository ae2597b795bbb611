// The css tag alone (not 'lit', whose index brings all of Lit): the launcher shares these tokens without Lit.
import { css } from '@lit/reactive-element/css-tag.js';

/**
 * The launcher's own layout: the widget's header, log and composer in their simplest form, in
 * the widget's design tokens (`themeStyles`), so the swap to the full widget does not jump.
 */
export const launcherStyles = css`
  :host {
    display: block;
    height: 100%;
    min-height: 0;
  }
  :host([hidden]) {
    display: none;
  }
  .shell {
    display: flex;
    flex-direction: column;
    height: 100%;
    overflow: hidden;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_color);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.4;
    color-scheme: light dark;
    text-align: start;
  }
  .shell[hidden] {
    display: none;
  }
  .header {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    min-height: 2rem;
    padding: 0.5rem var(--_space);
    border-bottom: 1px solid var(--_border);
  }
  .participants {
    flex: 1 1 0;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .status {
    flex: none;
    font-size: 0.8125em;
    color: var(--_muted);
  }
  .log {
    flex: 1 1 0;
    min-height: 0;
    overflow-y: auto;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    padding: var(--_space);
  }
  .message {
    align-self: flex-start;
    max-width: 85%;
    padding: 0.375rem 0.625rem;
    border-radius: var(--_radius);
    background: var(--_message-bg);
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  .message.own {
    align-self: flex-end;
    background: var(--_own-bg);
  }
  .author {
    display: block;
    font-size: 0.8125em;
    font-weight: 600;
    color: var(--_muted);
  }
  .deleted {
    font-style: italic;
    color: var(--_muted);
  }
  form {
    display: flex;
    gap: 0.5rem;
    padding: 0.5rem var(--_space);
    border-top: 1px solid var(--_border);
  }
  textarea {
    flex: 1 1 auto;
    min-width: 0;
    min-height: 2.5rem;
    resize: none;
    padding: 0.5rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_input-bg);
    color: inherit;
    font: inherit;
  }
  button {
    flex: none;
    min-width: 2.75rem;
    min-height: 2.5rem;
    padding: 0 0.875rem;
    border: 0;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    cursor: pointer;
  }
`;
