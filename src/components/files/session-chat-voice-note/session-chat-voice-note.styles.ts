import { css } from 'lit';

export const sessionChatVoiceNoteStyles = css`
  :host {
    display: block;
    width: 20rem;
    max-width: 100%;
    margin: 0.25rem 0 0;
  }
  .note {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.375rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_bg);
  }
  .play {
    flex: none;
    display: grid;
    place-items: center;
    width: 2.5rem;
    height: 2.5rem;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
  }
  .play:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .wave {
    flex: 1 1 auto;
    min-width: 4rem;
    height: 2rem;
    cursor: pointer;
    border-radius: 0.25rem;
  }
  .bars {
    display: block;
    width: 100%;
    height: 100%;
  }
  /* The waveform reads from the start edge: the right one in right-to-left text. */
  :host(:dir(rtl)) .bars {
    transform: scaleX(-1);
  }
  rect {
    fill: var(--_muted);
  }
  rect.played {
    fill: var(--_accent);
  }
  .time {
    flex: none;
    min-width: 2.5rem;
    font-size: 0.8125em;
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
    text-align: end;
  }
  .button {
    flex: none;
    display: grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    padding: 0;
    border: 0;
    border-radius: 0.375rem;
    background: transparent;
    color: var(--_color);
    cursor: pointer;
  }
  .button:hover {
    background: var(--_border);
  }
  @media (forced-colors: active) {
    rect {
      fill: GrayText;
    }
    rect.played {
      fill: Highlight;
    }
  }
`;
