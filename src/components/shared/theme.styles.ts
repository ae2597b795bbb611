// The css tag alone (not 'lit', whose index brings all of Lit): the launcher shares these tokens without Lit.
import { css } from '@lit/reactive-element/css-tag.js';

/**
 * The design tokens every component reads. Public `--session-chat-*` properties (set them on
 * `session-chat` or any ancestor) feed private `--_*` ones with light defaults, and dark
 * defaults under `prefers-color-scheme: dark`. Nothing here reaches the host page.
 */
export const themeStyles = css`
  :host {
    --_font: var(--session-chat-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--session-chat-font-size, 0.9375rem);
    --_radius: var(--session-chat-radius, 0.75rem);
    --_space: var(--session-chat-spacing, 0.75rem);
    --_bg: var(--session-chat-background, #ffffff);
    --_color: var(--session-chat-color, #1f2328);
    --_muted: var(--session-chat-muted-color, #59636e);
    --_border: var(--session-chat-border-color, #d1d9e0);
    --_accent: var(--session-chat-accent-color, #0969da);
    --_on-accent: var(--session-chat-accent-contrast-color, #ffffff);
    --_message-bg: var(--session-chat-message-background, #f6f8fa);
    --_own-bg: var(--session-chat-own-message-background, #ddf4ff);
    --_input-bg: var(--session-chat-input-background, #ffffff);
    --_link: var(--session-chat-link-color, #0550ae);
    --_online: var(--session-chat-online-color, #1a7f37);
    --_offline: var(--session-chat-offline-color, #818b98);
    --_warning: var(--session-chat-warning-color, #bf8700);
    --_error: var(--session-chat-error-color, #d1242f);
    --_highlight: var(--session-chat-highlight-color, #fff8c5);
    --_icon-size: var(--session-chat-icon-size, 1.25rem);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--session-chat-background, #0d1117);
      --_color: var(--session-chat-color, #e6edf3);
      --_muted: var(--session-chat-muted-color, #9198a1);
      --_border: var(--session-chat-border-color, #3d444d);
      --_accent: var(--session-chat-accent-color, #4493f8);
      --_on-accent: var(--session-chat-accent-contrast-color, #0d1117);
      --_message-bg: var(--session-chat-message-background, #151b23);
      --_own-bg: var(--session-chat-own-message-background, #12263f);
      --_input-bg: var(--session-chat-input-background, #0d1117);
      --_link: var(--session-chat-link-color, #4493f8);
      --_online: var(--session-chat-online-color, #3fb950);
      --_offline: var(--session-chat-offline-color, #656c76);
      --_warning: var(--session-chat-warning-color, #d29922);
      --_error: var(--session-chat-error-color, #f85149);
      --_highlight: var(--session-chat-highlight-color, #2d2611);
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  /* The icon set (icons.ts): one size, the colour of the text around it. */
  .i {
    display: block;
    margin: auto;
    flex: none;
    width: var(--_icon-size);
    height: var(--_icon-size);
  }
  /* Forced colours: every control keeps an edge and a focus ring in system colours. */
  @media (forced-colors: active) {
    button,
    a[href],
    input,
    textarea,
    select,
    label:has(input) {
      border: 1px solid ButtonText !important;
    }
    :focus-visible {
      outline: 2px solid Highlight;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    :host,
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
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
