import { css } from 'lit';

export const sessionChatMessageStyles = css`
  :host {
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
  }
  :host([own]) {
    align-self: flex-end;
    border-end-start-radius: var(--_radius);
    border-end-end-radius: 0.25rem;
    background: var(--_own-bg);
  }
  :host([pending]) {
    color: var(--_muted);
    outline: 1px dashed var(--_border);
    outline-offset: -1px;
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
  .text {
    margin: 0.125rem 0 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .deleted {
    font-style: italic;
    color: var(--_muted);
  }
  a {
    color: var(--_link);
    text-decoration: underline;
  }
`;
