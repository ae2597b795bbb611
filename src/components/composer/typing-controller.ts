import { html } from 'lit';
import type { SessionClient } from '../../client/index.js';
import type { LocalizeController } from '../shared/localize/localize.js';
import { ClientFollower, type ChatHost } from '../shared/client-follower.js';

/** The line's text is a chunk of its own, fetched when someone first types. */
let text: typeof import('./typing-text.js') | undefined;
const loadText = () => import('./typing-text.js').then((module) => (text = module));

/**
 * Typing both ways: tells the others while this participant types (unless the `sendTyping`
 * setting is off; the client throttles the notices) and shows "Ann is typing…" in a polite
 * live region while others type (their notices expire by themselves).
 */
export class TypingController extends ClientFollower {
  private readonly enabled: () => boolean;
  private readonly onTyping = (): void => this.host.requestUpdate();

  constructor(host: ChatHost, enabled: () => boolean) {
    super(host);
    this.enabled = enabled;
  }

  protected attach(client: SessionClient): void {
    client.addEventListener('typing', this.onTyping);
  }

  protected detach(client: SessionClient): void {
    client.removeEventListener('typing', this.onTyping);
  }

  override hostUpdate(): void {
    super.hostUpdate();
    // Turning the setting off while typing withdraws the notice at once.
    if (!this.enabled()) this.client?.setTyping(false);
  }

  /** The composer's text changed. */
  input(text: string): void {
    this.client?.setTyping(this.enabled() && text.trim() !== '');
  }

  /** Sent, or the composer lost the focus. */
  readonly stop = (): void => {
    this.client?.setTyping(false);
  };

  render(l: LocalizeController, nameOf: (id: string) => string) {
    const typing = this.client?.typing ?? [];
    if (typing.length && !text) void loadText().then(this.onTyping);
    return html`<div class="typing" part="typing" role="status">${text && typing.length ? text.typingText(l, typing.map(nameOf)) : ''}</div>`;
  }
}
