import { encodeTransferControl, type TransferControl } from '../../protocol/index.js';

/**
 * One ordered, reliable byte channel between a live transfer's two ends: a WebRTC data channel
 * (peer to peer) or a relay pipe (a WebSocket at `/transfer/…`). The sender and the receiver
 * speak the same {@link TransferControl} messages (text) and chunks (binary) over either.
 */
export interface TransferChannel {
  /** Bytes handed to the channel and not yet sent on the network. */
  readonly bufferedAmount: number;
  /** The largest message the other end takes, in bytes (a data channel's SCTP `maxMessageSize`); undefined for a relay pipe. */
  readonly maxMessageBytes?: number;
  /** Whether the other end is there (a relay pipe says so; a data channel is open only with it). */
  readonly peerConnected: boolean;
  sendControl(control: TransferControl): void;
  sendChunk(chunk: Uint8Array): void;
  /** Resolves once {@link bufferedAmount} is at or below `bytes` (or the channel closed). */
  drained(bytes: number): Promise<void>;
  /** Messages from the other end: its control messages (text) and chunks (binary). */
  onMessage: ((message: string | ArrayBuffer) => void) | null;
  /** The other end connected (a relay pipe's peer notice; a data channel's open). */
  onPeer: ((connected: boolean) => void) | null;
  /** The channel closed (the network, the other end, the relay): `code` as WebSocket close codes. */
  onClose: ((code: number, reason: string) => void) | null;
  close(): void;
}

/** What the channels need of a socket or data channel: both are event targets with these. */
interface SocketLike {
  readonly bufferedAmount: number;
  binaryType: string;
  send(data: string | ArrayBufferView | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: { data?: unknown; code?: number; reason?: string }) => void): void;
}

/**
 * Makes `onMessage` hold what comes before anyone listens: the other end may speak (a receiver's
 * `want`) the moment the channel opens, before this end's sender has set its handler.
 */
function holdingMessages(channel: TransferChannel): (message: string | ArrayBuffer) => void {
  const held: (string | ArrayBuffer)[] = [];
  let handler: TransferChannel['onMessage'] = null;
  Object.defineProperty(channel, 'onMessage', {
    get: () => handler,
    set(next: TransferChannel['onMessage']) {
      handler = next;
      while (handler && held.length) handler(held.shift()!);
    },
  });
  return (message) => {
    if (handler) handler(message);
    else if (held.length < 64) held.push(message);
  };
}

/** Polls `bufferedAmount` down to `bytes` (WebSockets have no "buffered amount low" event). */
function pollDrained(source: { readonly bufferedAmount: number }, bytes: number, closed: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (closed() || source.bufferedAmount <= bytes) resolve();
      else setTimeout(check, 4);
    };
    check();
  });
}

/** The message's bytes as an `ArrayBuffer` (browsers give one; Node's `ws` a Buffer). */
function asArrayBuffer(data: unknown): ArrayBuffer | null {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  return null;
}

/**
 * A relay pipe as a channel: the relay's `peer` notices become {@link TransferChannel.onPeer};
 * everything else is the other end's.
 */
export function pipeChannel(socket: SocketLike): TransferChannel {
  let closed = false;
  let peer = false;
  socket.binaryType = 'arraybuffer';
  const channel: TransferChannel = {
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    get peerConnected() {
      return peer;
    },
    sendControl: (control) => socket.send(encodeTransferControl(control)),
    sendChunk: (chunk) => socket.send(chunk),
    drained: (bytes) => pollDrained(socket, bytes, () => closed),
    onMessage: null,
    onPeer: null,
    onClose: null,
    close: () => socket.close(1000, 'done'),
  };
  const deliver = holdingMessages(channel);
  socket.addEventListener('message', ({ data }) => {
    if (typeof data === 'string') {
      if (data.startsWith('{"type":"peer"')) {
        peer = (JSON.parse(data) as { connected: boolean }).connected;
        channel.onPeer?.(peer);
        return;
      }
      deliver(data);
      return;
    }
    const bytes = asArrayBuffer(data);
    if (bytes) deliver(bytes);
  });
  socket.addEventListener('close', ({ code, reason }) => {
    closed = true;
    peer = false;
    channel.onClose?.(code ?? 1006, reason ?? '');
  });
  return channel;
}

/** What the channel needs of an `RTCDataChannel`. */
export interface DataChannelLike extends SocketLike {
  readonly readyState: string;
  bufferedAmountLowThreshold: number;
}

/**
 * A WebRTC data channel as a channel: backpressure by `bufferedAmountLowThreshold` (the
 * `bufferedamountlow` event), the other end there while it is open.
 */
export function dataChannel(rtc: DataChannelLike, maxMessageBytes?: number): TransferChannel {
  let closed = false;
  rtc.binaryType = 'arraybuffer';
  const waiting: (() => void)[] = [];
  const channel: TransferChannel = {
    get bufferedAmount() {
      return rtc.bufferedAmount;
    },
    get peerConnected() {
      return rtc.readyState === 'open';
    },
    maxMessageBytes,
    sendControl: (control) => rtc.send(encodeTransferControl(control)),
    sendChunk: (chunk) => rtc.send(chunk),
    drained(bytes) {
      if (closed || rtc.bufferedAmount <= bytes) return Promise.resolve();
      rtc.bufferedAmountLowThreshold = bytes;
      return new Promise((resolve) => waiting.push(resolve));
    },
    onMessage: null,
    onPeer: null,
    onClose: null,
    close: () => rtc.close(),
  };
  const deliver = holdingMessages(channel);
  const release = (): void => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  rtc.addEventListener('bufferedamountlow', release);
  rtc.addEventListener('open', () => channel.onPeer?.(true));
  rtc.addEventListener('message', ({ data }) => {
    if (typeof data === 'string') deliver(data);
    else {
      const bytes = asArrayBuffer(data);
      if (bytes) deliver(bytes);
    }
  });
  rtc.addEventListener('close', () => {
    closed = true;
    release();
    channel.onClose?.(1000, 'closed');
  });
  return channel;
}
