import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { IceServer } from '../../client/live-transfers/transfer-connect.js';

export type { IceServer };
import type { IncomingTransfer } from '../../client/live-transfers/incoming-transfer.js';
import type { LiveTransfers } from '../../client/live-transfers/live-transfers.js';
import type { OutgoingTransfer } from '../../client/live-transfers/outgoing-transfer.js';
import type { SessionClient } from '../../client/session-client.js';
import { ErrorCodes, SessionChatError, type SessionEvent } from '../../protocol/index.js';
import type { ChatSendDirectEvent } from '../shared/events/chat-send-direct.js';

/** What a transfer card asks the widget for: the live handle of its transfer, when this page has one. */
export interface LiveTransferLookup {
  incoming(id: string): IncomingTransfer | undefined;
  outgoing(id: string): OutgoingTransfer | undefined;
}

/** Event a transfer card sends up (composed) to get the lookup; `respond` is called at once. */
export const LIVE_TRANSFER_REQUEST = 'chat-live-transfer-request';
/** Event the root fires on itself when a transfer handle appeared (cards then look again). */
export const LIVE_TRANSFERS_CHANGED = 'chat-live-transfers-changed';

type Host = ReactiveControllerHost & HTMLElement & { readonly client: SessionClient | null; iceServers: IceServer[] };

/**
 * The widget's live transfers ("Send directly (not stored)"): the engine (a chunk of its own)
 * loads when this participant sends one or is offered one, never on the first load; cards in
 * the log find their transfer's live handle through {@link LIVE_TRANSFER_REQUEST}.
 */
export class LiveTransferController implements ReactiveController {
  private transfers: LiveTransfers | null = null;
  private loading: Promise<LiveTransfers | null> | null = null;
  private watched: SessionClient | null = null;
  private readonly lookup: LiveTransferLookup = {
    incoming: (id) => this.transfers?.incoming.get(id),
    outgoing: (id) => this.transfers?.outgoing.get(id),
  };

  constructor(
    private readonly host: Host,
    /** Shows a refusal in the status line (an offer with nobody else online). */
    private readonly failed: (error: SessionChatError) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('chat-send-direct', this.onSend);
    this.host.addEventListener(LIVE_TRANSFER_REQUEST, this.onRequest as EventListener);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('chat-send-direct', this.onSend);
    this.host.removeEventListener(LIVE_TRANSFER_REQUEST, this.onRequest as EventListener);
  }

  hostUpdated(): void {
    const client = this.host.client;
    if (client === this.watched) return;
    this.watched?.removeEventListener('event', this.onEvent);
    this.transfers?.close();
    this.transfers = null;
    this.loading = null;
    this.watched = client;
    client?.addEventListener('event', this.onEvent);
  }

  /** An offer to this participant loads the engine and hands it the offer. */
  private readonly onEvent = (e: CustomEvent<{ event: SessionEvent; live: boolean }>): void => {
    const { event, live } = e.detail;
    const me = this.watched?.me?.id;
    if (!live || event.type !== 'transfer.offered' || !me || !event.transfer.to.includes(me)) return;
    void this.load().then((transfers) => {
      if (!transfers || transfers.incoming.has(event.id)) return;
      transfers.take(event);
      this.changed();
    });
  };

  private readonly onSend = (e: ChatSendDirectEvent): void => {
    e.stopPropagation();
    void this.load().then(async (transfers) => {
      if (!transfers) return;
      for (const file of e.detail.files) {
        await transfers.send(file).then(
          () => this.changed(),
          (error: unknown) => this.failed(error instanceof SessionChatError ? error : new SessionChatError(ErrorCodes.TRANSFER_FAILED, String(error))),
        );
      }
    });
  };

  private readonly onRequest = (e: CustomEvent<{ respond(lookup: LiveTransferLookup, root: HTMLElement): void }>): void => {
    e.stopPropagation();
    e.detail.respond(this.lookup, this.host);
  };

  private load(): Promise<LiveTransfers | null> {
    const client = this.watched;
    if (!client) return Promise.resolve(null);
    return (this.loading ??= import('../../client/live-transfers/live-transfers.js').then(({ LiveTransfers }) => {
      if (client !== this.watched) return null;
      this.transfers = new LiveTransfers(client, { iceServers: this.host.iceServers });
      return this.transfers;
    }, (error: unknown) => {
      // The chunk did not load (offline, a deploy replaced it): the next offer or send tries again.
      this.loading = null;
      this.failed(new SessionChatError(ErrorCodes.TRANSFER_FAILED, `live transfers could not load: ${String(error)}`));
      return null;
    }));
  }

  private changed(): void {
    this.host.dispatchEvent(new Event(LIVE_TRANSFERS_CHANGED));
  }
}
