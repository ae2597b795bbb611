import { html, nothing } from 'lit';
import type { ConnectionState } from '../../client/types.js';
import { findMessage, type SessionChatError, type SessionEvent } from '../../protocol/index.js';
import { ChatErrorEvent } from '../shared/events/chat-error.js';
import { ChatMessageEvent } from '../shared/events/chat-message.js';
import { ConnectionChangeEvent } from '../shared/events/connection-change.js';
import type { LocalizeController } from '../shared/localize/localize.js';
import type { ChatHost } from '../shared/client-follower.js';
import type { SessionClientCallbacks } from './session-client-controller.js';

/** What the status needs of `<session-chat>`: its reflected connection state. */
export interface ConnectionStatusHost extends ChatHost {
  connectionState: ConnectionState;
}

/**
 * What the client tells `<session-chat>`, turned into the host's events (`chat-message`,
 * `connection-change`, `chat-error`) and the status line (`role="status"`): the connection
 * state, or that the session ended, and the last refusal or failure until the next success.
 */
export class ConnectionStatusController implements SessionClientCallbacks {
  private readonly host: ConnectionStatusHost;
  private readonly localize: LocalizeController;
  /** Highlights a message another participant edited with "Notify others". */
  private readonly notified: (messageId: string) => void;
  /** The last refusal or failure, shown in the status line until the next success. */
  failure: SessionChatError | null = null;

  constructor(host: ConnectionStatusHost, localize: LocalizeController, notified: (messageId: string) => void) {
    this.host = host;
    this.localize = localize;
    this.notified = notified;
  }

  /** A new attempt (a send, a reaction…): the last failure goes from the status line. */
  clear(): void {
    if (!this.failure) return;
    this.failure = null;
    this.host.requestUpdate();
  }

  /** The session is over: ended in the log, or the relay refused this participant because it ended. */
  get ended(): boolean {
    return this.host.client?.state.ended != null || this.failure?.codeName === 'SESSION_ENDED';
  }

  event({ event, live, own }: { event: SessionEvent; live: boolean; own: boolean }): void {
    const state = this.host.client?.state;
    if (!live || !state) return;
    if (event.type === 'message.sent' || event.type === 'file.shared' || event.type === 'transfer.offered') {
      const message = findMessage(state, event.id);
      if (message) this.host.dispatchEvent(new ChatMessageEvent({ message, own }));
    } else if (event.type === 'message.edited' && event.notify && !own) {
      // Only an edit its author chose to announce reaches the others; a silent edit just re-renders.
      const message = findMessage(state, event.target);
      if (!message) return;
      this.host.dispatchEvent(new ChatMessageEvent({ message, own, edit: true }));
      this.notified(message.id);
    }
  }

  connectionChange(next: ConnectionState): void {
    if (next === 'live' && this.failure?.codeName === 'CONNECTION_LOST') this.clear();
    if (next === this.host.connectionState) return;
    this.host.connectionState = next;
    this.host.dispatchEvent(new ConnectionChangeEvent({ state: next }));
  }

  error(error: SessionChatError): void {
    this.failure = error;
    this.host.requestUpdate();
    this.host.dispatchEvent(new ChatErrorEvent({ error }));
  }

  render() {
    const l = this.localize;
    // An ended session closes customers' sockets on purpose: say so, not "Disconnected" with an error.
    const ended = this.ended;
    const error = ended && this.failure?.codeName === 'SESSION_ENDED' ? null : this.failure;
    const errorKey = `error.${error?.codeName}`;
    const errorText = !error ? '' : l.has(errorKey) ? l.term(errorKey) : l.term('error.generic', { code: error.codeName });
    return html`<div class="status" part="status" role="status">
      <span>${ended ? l.term('sessionEndedStatus') : l.term(`connection.${this.host.connectionState}` as const)}</span>
      ${error ? html`<span class="error">${errorText}</span>` : nothing}
    </div>`;
  }
}
