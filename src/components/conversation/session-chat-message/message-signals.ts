import { css, html, nothing } from 'lit';
import type { DeliveryStatus } from '../../../protocol/index.js';
import type { LocalizeController } from '../../shared/localize/localize.js';

/** Whether an author is here now: `away` is online with every tab hidden. */
import type { PresenceStatus } from '../../shared/chat-view.js';

export type { PresenceStatus };

/** A dot by the author's name (its title says the status; the participant list says it in words). */
export function renderPresence(l: LocalizeController, presence: PresenceStatus | null) {
  return presence ? html`<span class="dot ${presence}" part="presence" title=${l.term(presence)} aria-hidden="true"></span>` : nothing;
}

/** A mark (✓ sent, ✓✓ delivered, ✓✓ in the link colour read) with its name for screen readers, or a ⏰ reminder mark. */
export function renderMark(part: string, name: string, symbol: string) {
  return html`<span class=${part} part=${part} title=${name}><span aria-hidden="true">${symbol}</span><span class="visually-hidden">${name}</span></span>`;
}

export function renderDelivery(l: LocalizeController, delivery: DeliveryStatus | null) {
  return delivery ? renderMark(`delivery delivery-${delivery}`, l.term(`delivery.${delivery}`), delivery === 'sent' ? '✓' : '✓✓') : nothing;
}

export function renderReminderMark(l: LocalizeController, at: number | null) {
  return at === null ? nothing : renderMark('reminder-mark', l.term('reminder.mark', { time: l.time(at) }), '⏰');
}

export const messageSignalsStyles = css`
  .dot {
    align-self: center;
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    border: 1.5px solid var(--_offline);
  }
  .online {
    border-color: var(--_online);
    background: var(--_online);
  }
  .away {
    border-color: var(--_warning);
  }
  .delivery-read {
    color: var(--_link);
  }
  .current {
    background: var(--_accent);
    color: var(--_on-accent);
  }
`;
