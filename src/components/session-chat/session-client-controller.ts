import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SessionClient } from '../../client/index.js';
import type { ConnectionState, SessionClientEventMap } from '../../client/types.js';
import { ErrorCodes, type SessionChatError, type SessionEvent } from '../../protocol/index.js';

/** What the host hears from the client it is attached to. */
export interface SessionClientCallbacks {
  /** A logged event was folded in (see `SessionClientEventMap.event`). */
  event(detail: { event: SessionEvent; live: boolean; own: boolean }): void;
  /** The connection changed state. */
  connectionChange(state: ConnectionState): void;
  /** A refusal or failure worth telling the user about (reported once each). */
  error(error: SessionChatError): void;
}

/** Where the client comes from: a host-provided instance, or a relay URL and token to make one. */
export interface SessionClientSource {
  client: SessionClient | null;
  server: string;
  token: string;
}

/**
 * Keeps a component attached to one {@link SessionClient}: subscribes to its events while the
 * host is connected and re-renders the host on every change.
 *
 * When the host gives no client but a server and a token, the controller makes its own,
 * connects it, replaces it when the server or token change and closes it when the host leaves
 * the DOM (a move within the DOM keeps it). A host-provided client is connected if still idle
 * and never closed by the controller: its owner decides.
 */
export class SessionClientController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly callbacks: SessionClientCallbacks;
  private source: SessionClientSource = { client: null, server: '', token: '' };
  private own: { client: SessionClient; server: string; token: string } | null = null;
  private attached: SessionClient | null = null;
  private readonly reported = new WeakSet<SessionChatError>();

  private readonly onChange = (): void => this.host.requestUpdate();
  private readonly onEvent = (e: SessionClientEventMap['event']): void => this.callbacks.event(e.detail);
  private readonly onConnection = (e: SessionClientEventMap['connectionchange']): void => {
    this.callbacks.connectionChange(e.detail.state);
    this.host.requestUpdate();
  };
  private readonly onError = (e: SessionClientEventMap['error']): void => this.report(e.detail.error);

  constructor(host: ReactiveControllerHost & HTMLElement, callbacks: SessionClientCallbacks) {
    this.host = host;
    this.callbacks = callbacks;
    host.addController(this);
  }

  /** The client in use (the host's or the controller's own), or null. */
  get client(): SessionClient | null {
    return this.source.client ?? this.own?.client ?? null;
  }

  /** Says where the client comes from; applied at once while the host is connected. */
  configure(source: SessionClientSource): void {
    this.source = source;
    if (this.host.isConnected) this.apply();
  }

  hostConnected(): void {
    this.apply();
  }

  hostDisconnected(): void {
    // A move (remove then insert in the same task) reconnects before this microtask runs.
    queueMicrotask(() => {
      if (this.host.isConnected) return;
      this.attach(null);
      this.closeOwn();
    });
  }

  /**
   * Sends a message through the current client. Refusals are reported through `error`
   * (a terminal failure already was, by the client's own `error` event).
   */
  send(text: string, options: { replyTo?: string } = {}): void {
    this.run((client) => client.send(text, options));
  }

  /** Edits one's own message; `notify` asks the others' widgets to announce it. Refusals as for `send`. */
  edit(messageId: string, text: string, notify: boolean): void {
    this.run((client) => client.edit(messageId, text, { notify }));
  }

  /** Deletes a message for everyone. Refusals as for `send`. */
  delete(messageId: string): void {
    this.run((client) => client.delete(messageId));
  }

  /** Toggles this participant's reaction. Refusals as for `send`. */
  react(messageId: string, emoji: string): void {
    this.run((client) => client.react(messageId, emoji));
  }

  /** Ends the session for everyone (technicians and admins). Refusals as for `send`. */
  endSession(): void {
    this.run((client) => client.endSession());
  }

  private run(intent: (client: SessionClient) => Promise<unknown>): void {
    const client = this.client;
    if (!client) return;
    intent(client).catch((error: SessionChatError) => {
      if (client.connectionState !== 'closed') this.report(error);
    });
  }

  private apply(): void {
    const { client, server, token } = this.source;
    if (client) {
      this.closeOwn();
      this.attach(client);
      if (client.connectionState === 'idle') this.connect(client);
      return;
    }
    if (!server || !token) {
      this.closeOwn();
      this.attach(null);
      return;
    }
    if (this.own && this.own.server === server && this.own.token === token && this.own.client.connectionState !== 'closed') {
      this.attach(this.own.client);
      return;
    }
    this.closeOwn();
    let created: SessionClient;
    try {
      created = new SessionClient({ server, token });
    } catch (error) {
      this.attach(null);
      console.error('<session-chat>:', error);
      return;
    }
    this.own = { client: created, server, token };
    this.attach(created);
    this.connect(created);
  }

  private connect(client: SessionClient): void {
    client.connect().catch((error: SessionChatError) => {
      if (error.code !== ErrorCodes.CLIENT_CLOSED) this.report(error);
    });
  }

  private report(error: SessionChatError): void {
    if (this.reported.has(error)) return;
    this.reported.add(error);
    this.callbacks.error(error);
  }

  private closeOwn(): void {
    const own = this.own;
    this.own = null;
    if (!own) return;
    if (this.attached === own.client) this.attach(null);
    own.client.close();
  }

  private attach(client: SessionClient | null): void {
    const previous = this.attached;
    if (previous === client) return;
    if (previous) {
      previous.removeEventListener('change', this.onChange);
      previous.removeEventListener('event', this.onEvent);
      previous.removeEventListener('connectionchange', this.onConnection);
      previous.removeEventListener('error', this.onError);
    }
    this.attached = client;
    if (client) {
      client.addEventListener('change', this.onChange);
      client.addEventListener('event', this.onEvent);
      client.addEventListener('connectionchange', this.onConnection);
      client.addEventListener('error', this.onError);
    }
    this.callbacks.connectionChange(client?.connectionState ?? 'idle');
    this.host.requestUpdate();
  }
}
