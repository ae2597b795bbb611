import { css } from 'lit';

export const sessionChatStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
    min-width: 0;
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
  :host([hidden]) {
    display: none;
  }
  /*
   * One row, always: the participants take what the controls leave and wrap inside it (names
   * are never cut); the controls keep their size and sit level with the first participant.
   */
  .header {
    display: flex;
    align-items: flex-start;
    gap: 0.25rem;
    padding: 0.5rem var(--_space);
    border-bottom: 1px solid var(--_border);
  }
  .header > * {
    flex: none;
  }
  .header > session-chat-participants {
    flex: 1 1 0;
    min-width: 0;
    margin-inline-end: 0.5rem;
  }
  .status {
    display: flex;
    align-items: center;
    min-height: 2rem;
    gap: 0.375rem;
    font-size: 0.8125em;
    color: var(--_muted);
  }
  /* Live, the status is its green dot (the word stays for screen readers); any other state shows its words. */
  :host([connection-state='live']) .status > span:first-child {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .status::before {
    content: '';
    flex: none;
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: var(--_offline);
  }
  :host([connection-state='live']) .status::before {
    background: var(--_online);
  }
  :host([connection-state='connecting']) .status::before,
  :host([connection-state='reconnecting']) .status::before {
    background: var(--_warning);
  }
  .error {
    color: var(--_error);
  }
  .body {
    position: relative;
    display: flex;
    flex-direction: column;
    flex: 1 1 auto;
    min-height: 0;
  }
  session-chat-composer {
    border-top: 1px solid var(--_border);
  }

  .reply-bar {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.375rem var(--_space) 0;
    border-top: 1px solid var(--_border);
    font-size: 0.8125em;
  }
  .reply-bar + session-chat-composer {
    border-top: 0;
  }
  .reply-quote {
    display: flex;
    flex-direction: column;
    flex: 1 1 auto;
    min-width: 0;
    padding-inline-start: 0.5rem;
    border-inline-start: 3px solid var(--_accent);
  }
  .reply-to {
    font-weight: 600;
  }
  .excerpt {
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    color: var(--_muted);
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  .icon {
    flex: none;
    display: grid;
    place-items: center;
    min-width: 2rem;
    min-height: 2rem;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: transparent;
  }
  .icon:hover {
    background: var(--_border);
  }
`;
