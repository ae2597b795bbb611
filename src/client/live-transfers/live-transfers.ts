import { ErrorCodes, SessionChatError, transferPipePath, type SessionEvent, type TransferPipeRole, type TransferSignal } from '../../protocol/index.js';
import type { SessionClient } from '../session-client.js';
import { TypedEventTarget } from '../typed-event-target.js';
import { IncomingTransfer } from './incoming-transfer.js';
import { sha256Hasher } from './file-hasher.js';
import { OutgoingTransfer } from './outgoing-transfer.js';
import { pipeChannel, type TransferChannel } from './transfer-channel.js';
import { connectAsReceiver, connectAsSender, type ConnectContext, type IceServer } from './transfer-connect.js';

export interface LiveTransfersOptions {
  /** STUN/TURN servers for the direct path. Default: none (host candidates: the same network). */
  iceServers?: readonly IceServer[];
  /** How long a direct path may take before the relay pipe is used. Default 5000 ms. */
  directTimeoutMs?: number;
  /** Always stream through the relay (no WebRTC). Default: only where WebRTC is missing. */
  relayOnly?: boolean;
  /** WebRTC's `iceTransportPolicy`: `relay` uses TURN servers only (with none, every transfer falls back to the relay pipe). Default `all`. */
  iceTransportPolicy?: 'all' | 'relay';
  /** WebSocket for the relay pipes. Default `globalThis.WebSocket` (pass `ws` in Node). */
  WebSocket?: new (url: string) => unknown;
}

/**
 * "Send directly (not stored)" for one participant: {@link send} offers a file to everyone
 * else online and sends it to each who accepts; offers to this participant arrive as `incoming`
 * ({@link IncomingTransfer}: accept into a sink, or decline). Direct WebRTC data channels where
 * they connect within `directTimeoutMs`, else the relay's pipe; the bytes are never stored.
 */
export class LiveTransfers extends TypedEventTarget<{ incoming: CustomEvent<{ transfer: IncomingTransfer }>; outgoing: CustomEvent<{ transfer: OutgoingTransfer }> }> {
  readonly incoming = new Map<string, IncomingTransfer>();
  readonly outgoing = new Map<string, OutgoingTransfer>();
  /** Listeners of signals per `transfer:peer`, and signals that came before one listened. */
  private readonly listeners = new Map<string, Set<(signal: TransferSignal) => void>>();
  private readonly early = new Map<string, TransferSignal[]>();
  private readonly offSignal: () => void;
  private readonly offEvent: () => void;

  constructor(
    private readonly client: SessionClient,
    private readonly options: LiveTransfersOptions = {},
  ) {
    super();
    const onSignal = (e: CustomEvent<{ transfer: string; from: string; signal: TransferSignal }>) => this.route(e.detail.transfer, e.detail.from, e.detail.signal);
    const onEvent = (e: CustomEvent<{ event: SessionEvent; live: boolean; own: boolean }>) => this.offered(e.detail.event, e.detail.live);
    client.addEventListener('transfer-signal', onSignal);
    client.addEventListener('event', onEvent);
    this.offSignal = () => client.removeEventListener('transfer-signal', onSignal);
    this.offEvent = () => client.removeEventListener('event', onEvent);
  }

  /** Offers `file` to everyone else online; rejects with TRANSFER_NO_RECEIVER when nobody is. */
  async send(file: Blob & { name?: string }): Promise<OutgoingTransfer> {
    const hash = await sha256Hasher();
    const event = await this.client.offerTransfer({ name: file.name ?? 'file', size: file.size, type: file.type });
    if (event.type !== 'transfer.offered') throw new SessionChatError(ErrorCodes.INTERNAL_ERROR, 'the relay answered the offer with another event');
    const id = event.id;
    const transfer = new OutgoingTransfer(id, file, event.transfer.to, {
      connect: (peer) => connectAsSender(this.context(id, peer, 'send', peer)),
      reconnect: (peer) => this.pipe(id, peer, 'send'),
      end: (result) => this.client.endTransfer(id, result),
      isPipe: (channel) => pipes.has(channel),
    }, hash);
    this.outgoing.set(id, transfer);
    for (const peer of event.transfer.to) {
      this.subscribe(`${id}:${peer}`, (signal) => {
        if (signal.kind === 'accept') void transfer.accepted(peer);
        else if (signal.kind === 'decline') transfer.declined(peer);
      });
    }
    this.dispatch('outgoing', { transfer });
    return transfer;
  }

  /** Takes an offer that arrived before this instance listened (a host that loads it on the first offer). */
  take(event: SessionEvent): void {
    this.offered(event, true);
  }

  /** Stops listening (open transfers keep their channels until they end). */
  close(): void {
    this.offSignal();
    this.offEvent();
  }

  private offered(event: SessionEvent, live: boolean): void {
    const me = this.client.me?.id;
    if (!live || event.type !== 'transfer.offered' || !me || !event.transfer.to.includes(me) || this.incoming.has(event.id)) return;
    const id = event.id;
    const from = event.from;
    const { name, size, type } = event.transfer;
    const transfer = new IncomingTransfer(id, from, name, size, type, {
      signal: (signal) => this.client.sendTransferSignal(id, from, signal),
      connect: () => connectAsReceiver(this.context(id, from, 'receive', me)),
      reconnect: () => this.pipe(id, me, 'receive'),
      isPipe: (channel) => pipes.has(channel),
    });
    this.incoming.set(id, transfer);
    this.dispatch('incoming', { transfer });
  }

  private context(transfer: string, peer: string, role: TransferPipeRole, receiverId: string): ConnectContext {
    return {
      signal: (signal) => void this.client.sendTransferSignal(transfer, peer, signal),
      onSignal: (listener) => this.subscribe(`${transfer}:${peer}`, listener),
      openPipe: () => this.pipe(transfer, receiverId, role),
      iceServers: this.options.iceServers ?? [],
      directTimeoutMs: this.options.directTimeoutMs ?? 5000,
      relayOnly: this.options.relayOnly ?? false,
      iceTransportPolicy: this.options.iceTransportPolicy ?? 'all',
    };
  }

  /** Opens this end of the relay pipe of `transfer` to `receiverId`. */
  private pipe(transfer: string, receiverId: string, role: TransferPipeRole): Promise<TransferChannel> {
    const Socket = (this.options.WebSocket ?? globalThis.WebSocket) as unknown as new (url: string) => Parameters<typeof pipeChannel>[0] & EventTarget;
    const socket = new Socket(this.client.socketUrl(transferPipePath({ sessionId: this.client.sessionId, transferId: transfer, receiverId }), { as: role }));
    const channel = pipeChannel(socket);
    pipes.add(channel);
    return new Promise((resolve, reject) => {
      socket.addEventListener('open', () => resolve(channel));
      socket.addEventListener('error', () => reject(new SessionChatError(ErrorCodes.TRANSFER_FAILED, 'the relay pipe could not be opened')));
    });
  }

  private subscribe(key: string, listener: (signal: TransferSignal) => void): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    const early = this.early.get(key);
    if (early) {
      this.early.delete(key);
      for (const signal of early) listener(signal);
    }
    return () => set.delete(listener);
  }

  private route(transfer: string, from: string, signal: TransferSignal): void {
    const key = `${transfer}:${from}`;
    const set = this.listeners.get(key);
    if (set?.size) for (const listener of [...set]) listener(signal);
    else {
      const early = this.early.get(key) ?? [];
      if (early.length < 200) early.push(signal);
      this.early.set(key, early);
    }
  }
}

/** The relay pipes among the channels (they take larger chunks). */
const pipes = new WeakSet<TransferChannel>();
