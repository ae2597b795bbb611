import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../client/index.js';

/** What the feature controllers need of `<session-chat>`: the element and its current client. */
export interface ChatHost extends ReactiveControllerHost, HTMLElement {
  readonly client: SessionClient | null;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * A controller that listens to whichever client the host uses now: `attach` when one comes
 * (or replaces another), `detach` when it goes or the host leaves the DOM.
 */
export abstract class ClientFollower implements ReactiveController {
  protected readonly host: ChatHost;
  protected client: SessionClient | null = null;

  constructor(host: ChatHost) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.follow();
  }

  hostUpdate(): void {
    this.follow();
  }

  hostDisconnected(): void {
    this.swap(null);
  }

  private follow(): void {
    if (this.host.client !== this.client) this.swap(this.host.client);
  }

  private swap(next: SessionClient | null): void {
    if (this.client) this.detach(this.client);
    this.client = next;
    if (next) this.attach(next);
  }

  protected abstract attach(client: SessionClient): void;
  protected abstract detach(client: SessionClient): void;
}
