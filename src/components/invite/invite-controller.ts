import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../client/index.js';
import { mayInvite } from '../../protocol/index.js';

/** The button and its dialog are a chunk of their own: customers never fetch it. */
const loadButton = () => import('./session-chat-invite-button/session-chat-invite-button.js');

/** What the controller reads from `<session-chat>`. */
export interface InviteHost extends ReactiveControllerHost, HTMLElement {
  readonly client: SessionClient | null;
  /** A join page URL with `{token}` where the token goes, for links the widget builds itself. */
  readonly inviteUrl: string;
}

/**
 * "Add participant" for technicians and admins: shows the button (a lazy element that asks the
 * host, or the relay, for the link) while the session is open.
 */
export class InviteController implements ReactiveController {
  constructor(private readonly host: InviteHost) {
    host.addController(this);
  }

  /** The viewer may add participants now: a technician or admin, in a session still open. */
  get canInvite(): boolean {
    const client = this.host.client;
    return !!client?.me && mayInvite(client.me) && client.state.ended === null && client.connectionState !== 'closed';
  }

  hostUpdate(): void {}

  render() {
    if (!this.canInvite) return nothing;
    void loadButton();
    return html`<session-chat-invite-button
      exportparts="button:invite-button,dialog:invite-dialog"
      .client=${this.host.client}
      .inviteUrl=${this.host.inviteUrl}
      .chat=${this.host}
    ></session-chat-invite-button>`;
  }
}
