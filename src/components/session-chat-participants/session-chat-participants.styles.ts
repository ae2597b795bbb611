import { css } from 'lit';

export const sessionChatParticipantsStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
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
  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
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
`;
