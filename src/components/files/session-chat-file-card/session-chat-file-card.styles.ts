import { css } from 'lit';

export const sessionChatFileCardStyles = css`
  .thumbnail {
    display: block;
    max-width: 100%;
    max-height: 12rem;
    margin-inline: auto;
    border-radius: 0.375rem;
    /* Transparent parts show as a checkerboard, never as black. */
    background: repeating-conic-gradient(#e6e6e6 0 25%, #ffffff 0 50%) 0 0 / 16px 16px;
    cursor: zoom-in;
  }
  /* A video's poster frame: a play mark over its middle (drawn, not an icon: it says what the picture is). */
  .poster {
    position: relative;
    display: block;
  }
  .poster::before,
  .poster::after {
    content: '';
    position: absolute;
    top: 50%;
    left: 50%;
    translate: -50% -50%;
    pointer-events: none;
    /* Drawn over a picture: forced colours would blank the mark, not make it readable. */
    forced-color-adjust: none;
  }
  .poster::before {
    width: 2.75rem;
    height: 2.75rem;
    border-radius: 50%;
    background: rgb(0 0 0 / 0.6);
  }
  .poster::after {
    width: 1rem;
    height: 1.125rem;
    margin-left: 0.125rem;
    clip-path: polygon(0 0, 100% 50%, 0 100%);
    background: #ffffff;
  }
  .player {
    display: block;
    width: 100%;
  }
  video.player {
    max-height: 12rem;
    border-radius: 0.375rem;
    background: #000000;
  }
  /* Icon, name and buttons share a line while the name has 12rem; else the buttons take the next one. */
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    min-width: 0;
  }
  .icon {
    flex: none;
    display: grid;
    place-items: end center;
    width: 2.25rem;
    height: 2.75rem;
    padding-bottom: 0.375rem;
    clip-path: polygon(0 0, 70% 0, 100% 22%, 100% 100%, 0 100%);
    border-radius: 0.25rem;
    background: #59636e;
    color: #ffffff;
    font-size: 0.625rem;
    font-weight: 700;
    letter-spacing: 0.02em;
  }
  .icon[data-kind='pdf'] {
    background: #b42318;
  }
  .icon[data-kind='document'] {
    background: #0a58ca;
  }
  .icon[data-kind='sheet'] {
    background: #1a7f37;
  }
  .icon[data-kind='image'] {
    background: #8250df;
  }
  .icon[data-kind='media'] {
    background: #bf3989;
  }
  .icon[data-kind='archive'] {
    background: #9a6700;
  }
  .info {
    display: flex;
    flex-direction: column;
    flex: 1 1 12rem;
    min-width: 0;
  }
  /* Never cut: a long name wraps (anywhere, as names seldom have spaces). */
  .name {
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
    font-weight: 600;
  }
  .details {
    font-size: 0.8125em;
    color: var(--_muted);
  }
  /* The playing time keeps its own direction beside the size. */
  .duration {
    unicode-bidi: isolate;
  }
  .removed .name {
    color: var(--_muted);
  }
  /* Grey, not faded: the icon's white label keeps its contrast (a faded icon failed the audit). */
  .removed .icon {
    background: #59636e;
  }
  .removed-note {
    font-style: italic;
  }
  .buttons {
    display: flex;
    flex: none;
    gap: 0.125rem;
    margin-inline-start: auto;
  }
  .button {
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
  .current {
    background: var(--_accent);
    color: var(--_on-accent);
  }
`;
