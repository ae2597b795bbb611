import { css } from 'lit';

export const sessionChatMessageStyles = css`
  :host {
    position: relative;
    display: block;
    align-self: flex-start;
    max-width: min(85%, 42rem);
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius);
    border-end-start-radius: 0.25rem;
    background: var(--_message-bg);
    color: var(--_color);
    /* Long logs stay smooth: off-screen messages skip layout and paint. */
    content-visibility: auto;
    contain-intrinsic-size: auto 3.5rem;
    /* A long press opens the actions menu, not the system's callout. */
    -webkit-touch-callout: none;
  }
  :host([own]) {
    align-self: flex-end;
    border-end-start-radius: var(--_radius);
    border-end-end-radius: 0.25rem;
    background: var(--_own-bg);
  }
  :host([editing]) {
    align-self: stretch;
    max-width: none;
  }
  :host([pending]) {
    color: var(--_muted);
    outline: 1px dashed var(--_border);
    outline-offset: -1px;
  }
  /* Sent while a recipient is offline, not yet received by everyone: greyed (the muted colour keeps 4.5:1). */
  :host([undelivered]) {
    color: var(--_muted);
    background: var(--_bg);
    outline: 1px solid var(--_border);
    outline-offset: -1px;
  }
  :host([highlight]) {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
    animation: highlight 6s ease-out;
  }
  :host([highlight='target']) {
    animation-duration: 2.5s;
  }
  @keyframes highlight {
    from {
      background: var(--_highlight);
    }
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 0.5rem;
    font-size: 0.8125em;
    color: var(--_muted);
  }
  .author {
    font-weight: 600;
    color: var(--_color);
  }
  :host([pending]) .author {
    color: inherit;
  }
  .edited {
    font-style: italic;
    cursor: help;
  }
  .edited:focus-visible::after {
    content: ' · ' attr(title);
  }
  .text {
    margin: 0.125rem 0 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .deleted {
    font-style: italic;
    color: var(--_muted);
  }
  .deleted-by {
    font-size: 0.8125em;
  }
  a {
    color: var(--_link);
    text-decoration: underline;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  /* At least 24 px each way (WCAG 2.2 target size), whatever the icon size. */
  .more {
    align-self: center;
    display: grid;
    place-items: center;
    margin-inline-start: auto;
    min-width: 1.75rem;
    min-height: 1.5rem;
    padding: 0 0.25rem;
    border: 0;
    border-radius: 0.375rem;
    background: transparent;
    color: var(--_color);
    font-size: 1.125rem;
    line-height: 1.25rem;
    opacity: 0;
  }
  :host(:hover) .more,
  :host(:focus-within) .more,
  .more[aria-expanded='true'] {
    opacity: 1;
  }
  @media (hover: none) {
    .more {
      opacity: 1;
    }
  }
  .more:hover {
    background: var(--_border);
  }
  .quote {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    width: 100%;
    margin: 0 0 0.25rem;
    padding: 0.125rem 0.5rem;
    border: 0;
    border-inline-start: 3px solid var(--_accent);
    border-radius: 0.25rem;
    background: var(--_bg);
    font-size: 0.8125em;
    text-align: start;
  }
  .quote-author {
    font-weight: 600;
  }
  .excerpt {
    max-width: 100%;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    color: var(--_muted);
  }
  .gone {
    font-style: italic;
  }
  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin-top: 0.375rem;
  }
  .reaction {
    padding: 0 0.5rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    font-size: 0.875em;
    line-height: 1.5rem;
  }
  .reaction[aria-pressed='true'] {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  .reaction:disabled {
    cursor: default;
  }
`;
