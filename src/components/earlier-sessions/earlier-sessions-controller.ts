import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../client/index.js';
import { mayReadEarlierSessions } from '../../protocol/index.js';

/** The button, its dialog and the transcript view are a chunk of their own: customers never fetch it. */
const loadElement = () => import('./session-chat-earlier-sessions/session-chat-earlier-sessions.js');

/** What the controller reads from `<session-chat>`. */
export interface EarlierSessionsHost extends ReactiveControllerHost, HTMLElement {
  readonly client: SessionClient | null;
}

/**
 * "Earlier sessions" for technicians and admins: once live, asks the relay whether the session
 * has a customer reference (again when someone joins while it has none: the reference may come
 * with the customer's token) and shows the button (a lazy element) only when it has.
 */
export class EarlierSessionsController implements ReactiveController {
  /** The client last asked, how many participants it had then, and the answer. */
  private asked: { client: SessionClient; participants: number; customer: string | null } | null = null;

  constructor(private readonly host: EarlierSessionsHost) {
    host.addController(this);
  }

  hostUpdated(): void {
    const client = this.host.client;
    if (!client?.me || !mayReadEarlierSessions(client.me) || client.connectionState !== 'live') return;
    const participants = client.state.participants.length;
    const asked = this.asked?.client === client ? this.asked : null;
    if (asked && (asked.customer !== null || asked.participants === participants)) return;
    const entry = { client, participants, customer: null as string | null };
    this.asked = entry;
    client.earlierSessions({ limit: 1 }).then(
      (list) => {
        entry.customer = list.customer;
        if (list.customer !== null) this.host.requestUpdate();
      },
      // No route (an older relay) or no network: no button; asked again when someone joins.
      () => undefined,
    );
  }

  render() {
    const asked = this.asked;
    if (!asked?.customer || asked.client !== this.host.client) return nothing;
    void loadElement();
    return html`<session-chat-earlier-sessions
      exportparts="button:earlier-sessions-button,dialog:earlier-sessions-dialog"
      .client=${asked.client}
      .customer=${asked.customer}
    ></session-chat-earlier-sessions>`;
  }
}
