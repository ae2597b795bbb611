import { LitElement, html } from 'lit';
import { LocalizeController } from '../../shared/localize/localize.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { sessionChatParticipantsStyles } from './session-chat-participants.styles.js';
import type { ParticipantView } from '../../shared/chat-view.js';

export type { ParticipantView };

/**
 * @summary Who is in the session: name, role and whether they are online.
 *
 * @csspart list - The list.
 * @csspart participant - One participant (also `online` or `offline`, and `away` while online with every tab hidden).
 * @csspart online - A participant who is online (with `participant`).
 * @csspart offline - A participant who is offline (with `participant`).
 * @csspart away - A participant online with every tab hidden (with `participant` and `online`).
 *
 * @cssproperty --session-chat-online-color - The online dot.
 * @cssproperty --session-chat-offline-color - The offline dot's ring.
 */
export class SessionChatParticipants extends LitElement {
  static override styles = [themeStyles, sessionChatParticipantsStyles];
  // Reactive properties as a table, not decorators: the four parts of the first load saved
  // about 0.7 KB min+gzip this way (the decorators' calls and their code); lazy parts keep them.
  static override properties = {
    participants: { attribute: false },
  };

  private readonly localize = new LocalizeController(this);

  /** The participants, in the order to show. */
  participants: ParticipantView[] = [];

  override render() {
    const l = this.localize;
    return html`
      <ul part="list" aria-label=${l.term('participants')}>
        ${this.participants.map((p) => {
          const status = p.online ? 'online' : 'offline';
          const shown = p.away ? 'away' : status;
          return html`
            <li part="participant ${status}${p.away ? ' away' : ''}" class=${shown}>
              <span class="dot" aria-hidden="true"></span>
              <span class="name" title=${p.name}>${p.me ? l.term('you', { name: p.name }) : p.name}</span>
              <span class="role">${l.term(`role.${p.role}` as const)}</span>
              <span class="visually-hidden">, ${l.term(shown)}</span>
            </li>
          `;
        })}
      </ul>
    `;
  }
}
