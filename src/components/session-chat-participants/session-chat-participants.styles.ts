import { css } from 'lit';

export const sessionChatParticipantsStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  /* At least a control's height, so a single line sits level with the header's buttons. */
  ul {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    min-height: 2rem;
    gap: 0.25rem 0.75rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0 0.375rem;
    min-width: 0;
  }
  .dot {
    flex: none;
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    border: 1.5px solid var(--_offline);
  }
  .online .dot {
    border-color: var(--_online);
    background: var(--_online);
  }
  /* Never cut: a name too long for the header wraps. */
  .name {
    min-width: 0;
    overflow-wrap: anywhere;
    font-weight: 600;
  }
  .role {
    color: var(--_muted);
    font-size: 0.8125em;
  }
  .away .dot {
    border-color: var(--_warning);
    background: linear-gradient(90deg, var(--_warning) 50%, transparent 50%);
  }
  /* In a narrow header (the widget's header is the container) the role is read, not shown: each message says it too. */
  @container (max-width: 30rem) {
    .role {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  }
`;
