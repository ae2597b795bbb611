import { css } from 'lit';

export const sessionChatVoiceRecorderStyles = css`
  :host {
    display: block;
    flex: 1 1 auto;
    min-width: 0;
  }
  .recorder {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    min-height: 2.5rem;
  }
  .dot {
    flex: none;
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    background: var(--_error);
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  @keyframes pulse {
    to {
      opacity: 0.35;
    }
  }
  .time {
    flex: none;
    font-variant-numeric: tabular-nums;
  }
  /* The bar grows from the start edge (the right one in RTL). */
  .meter {
    flex: 1 1 4rem;
    min-width: 3rem;
    height: 0.5rem;
    overflow: hidden;
    border-radius: 0.25rem;
    background: var(--_border);
  }
  .level {
    display: block;
    height: 100%;
    background: var(--_online);
    transition: inline-size 80ms linear;
  }
  .notice {
    flex: 1 1 12rem;
    margin: 0;
    color: var(--_error);
  }
  button {
    flex: none;
    min-height: 2.5rem;
    min-width: 2.75rem;
    padding: 0 1rem;
    border: 0;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  button.secondary {
    border: 1px solid var(--_border);
    background: transparent;
    color: var(--_color);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  @media (prefers-reduced-motion: reduce) {
    .dot {
      animation: none;
    }
  }
`;
