import { css } from 'lit';

export const sessionChatParticipantsStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  /*
   * The participants flow as one wrapping line of text (no box per participant), so a narrow
   * header spends its lines on names rather than on gaps; at least a control's height, so a
   * single line sits level with the header's buttons.
   */
  ul {
    min-height: 2rem;
    margin: 0;
    padding: 0.3rem 0 0;
    list-style: none;
    line-height: 1.4;
  }
  li {
    display: inline;
    margin-inline-end: 0.75rem;
  }
  li:last-child {
    margin-inline-end: 0;
  }
  .dot {
    display: inline-block;
    width: 0.5rem;
    height: 0.5rem;
    margin-inline-end: 0.375rem;
    vertical-align: 0.05em;
    border-radius: 50%;
    border: 1.5px solid var(--_offline);
  }
  .online .dot {
    border-color: var(--_online);
    background: var(--_online);
  }
  /* Never cut: a name too long for the header wraps. */
  .name {
    overflow-wrap: anywhere;
    font-weight: 600;
  }
  .role {
    margin-inline-start: 0.375rem;
    color: var(--_muted);
    font-size: 0.8125em;
  }
  /* Offline: the name greyed (the muted colour keeps 4.5:1 on the header in both themes). */
  .offline .name {
    color: var(--_muted);
    font-weight: 500;
  }
  .away .dot {
    border-color: var(--_warning);
    background: linear-gradient(90deg, var(--_warning) 50%, transparent 50%);
  }
`;
