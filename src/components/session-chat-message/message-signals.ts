import { css, html, nothing } from 'lit';
import type { DeliveryStatus } from '../../protocol/index.js';
import type { LocalizeController } from '../localize/localize.js';

/** Whether an author is here now: `away` is online with every tab hidden. */
export type PresenceStatus = 'online' | 'away' | 'offline';

/** A dot by the author's name; the participant list says the same in words. */
export function renderPresence(l: LocalizeController, presence: PresenceStatus | null) {
  return presence ? html`<span class="presence ${presence}" part="presence" title=${l.term(presence)} aria-hidden="true"></span>` : nothing;
}

/** One's own message's mark: ✓ sent, ✓✓ delivered, ✓✓ in the accent colour read; named for screen readers. */
export function renderDelivery(l: LocalizeController, delivery: DeliveryStatus | null) {
  if (!delivery) return nothing;
  const name = l.term(`delivery.${delivery}`);
  return html`<span class="delivery ${delivery}" part="delivery delivery-${delivery}" title=${name}
    ><span aria-hidden="true">${delivery === 'sent' ? '✓' : '✓✓'}</span><span class="visually-hidden">${name}</span></span
  >`;
}

/** The mark of a message with a reminder set. */
export function renderReminderMark(l: LocalizeController, at: number | null) {
  if (at === null) return nothing;
  const name = l.term('reminder.mark', { time: l.time(at) });
  return html`<span class="reminder" part="reminder-mark" title=${name}><span aria-hidden="true">⏰</span><span class="visually-hidden">${name}</span></span>`;
}

export const messageSignalsStyles = css`
  .presence {
    align-self: center;
    width: 0.5rem;
    height: 0.5rem;
    margin-inline-end: -0.25rem;
    border-radius: 50%;
    border: 1.5px solid var(--_offline);
  }
  .presence.online {
    border-color: var(--_online);
    background: var(--_online);
  }
  .presence.away {
    border-color: var(--_warning);
  }
  .delivery {
    letter-spacing: -0.25em;
  }
  .delivery.read {
    color: var(--_link);
    font-weight: 600;
  }
  mark {
    border-radius: 0.125rem;
    background: var(--_highlight);
    color: inherit;
    box-shadow: 0 0 0 1px var(--_warning);
  }
  mark.current {
    background: var(--_accent);
    color: var(--_on-accent);
  }
`;
