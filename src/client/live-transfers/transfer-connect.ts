import type { TransferSignal } from '../../protocol/index.js';
import { dataChannel, type DataChannelLike, type TransferChannel } from './transfer-channel.js';

/** A STUN or TURN server (the shape of WebRTC's `RTCIceServer`, declared here so that Node hosts need no DOM types). */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** What connecting one sender–receiver pair needs. */
export interface ConnectContext {
  /** Sends a signal to the other end (through the relay, never logged). */
  signal(signal: TransferSignal): void;
  /** Signals from the other end, in order. */
  onSignal(listener: (signal: TransferSignal) => void): () => void;
  /** Opens this end of the relay pipe (a WebSocket). */
  openPipe(): Promise<TransferChannel>;
  /** STUN/TURN servers; none means host candidates only (a LAN, loopback). */
  iceServers: readonly IceServer[];
  /** How long a direct path may take before both ends meet on the relay pipe. */
  directTimeoutMs: number;
  /** Skip the direct path (no WebRTC here, or the host wants the relay). */
  relayOnly: boolean;
  iceTransportPolicy: 'all' | 'relay';
}

/** Whether this runtime can make WebRTC data channels. */
export function hasWebRtc(): boolean {
  return typeof globalThis.RTCPeerConnection === 'function';
}

/**
 * The sender's end: a data channel it offers (SDP offer, ICE candidates through the relay),
 * open within `directTimeoutMs`, else `relay` to the receiver and the relay pipe.
 */
export async function connectAsSender(ctx: ConnectContext): Promise<TransferChannel> {
  if (ctx.relayOnly || !hasWebRtc()) {
    ctx.signal({ kind: 'relay' });
    return ctx.openPipe();
  }
  const pc = new RTCPeerConnection({ iceServers: [...ctx.iceServers], iceTransportPolicy: ctx.iceTransportPolicy });
  const rtc = pc.createDataChannel('transfer', { ordered: true });
  const stop = ctx.onSignal((signal) => void applySignal(pc, signal));
  pc.addEventListener('icecandidate', ({ candidate }) => ctx.signal(candidateSignal(candidate)));
  await pc.setLocalDescription(await pc.createOffer());
  ctx.signal({ kind: 'description', sdpType: 'offer', sdp: pc.localDescription!.sdp });
  const opened = await openWithin(rtc, ctx.directTimeoutMs);
  stop();
  if (opened) return closingWith(dataChannel(rtc as unknown as DataChannelLike, pc.sctp?.maxMessageSize), pc);
  pc.close();
  ctx.signal({ kind: 'relay' });
  return ctx.openPipe();
}

/**
 * The receiver's end: answers the sender's offer and takes its data channel, or meets it on the
 * relay pipe when the sender says `relay` (it gave up on a direct path, or has none).
 */
export function connectAsReceiver(ctx: ConnectContext): Promise<TransferChannel> {
  return new Promise((resolve, reject) => {
    let pc: RTCPeerConnection | null = null;
    const stop = ctx.onSignal((signal) => {
      if (signal.kind === 'relay') {
        stop();
        pc?.close();
        ctx.openPipe().then(resolve, reject);
        return;
      }
      if (signal.kind === 'description' && signal.sdpType === 'offer' && !pc && hasWebRtc() && !ctx.relayOnly) {
        const peer = (pc = new RTCPeerConnection({ iceServers: [...ctx.iceServers], iceTransportPolicy: ctx.iceTransportPolicy }));
        peer.addEventListener('icecandidate', ({ candidate }) => ctx.signal(candidateSignal(candidate)));
        peer.addEventListener('datachannel', ({ channel }) => {
          const open = () => {
            stop();
            resolve(closingWith(dataChannel(channel as unknown as DataChannelLike), peer));
          };
          if (channel.readyState === 'open') open();
          else channel.addEventListener('open', open, { once: true });
        });
        void (async () => {
          await peer.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
          await peer.setLocalDescription(await peer.createAnswer());
          ctx.signal({ kind: 'description', sdpType: 'answer', sdp: peer.localDescription!.sdp });
        })().catch(() => undefined); // the sender's timeout moves both to the relay
        return;
      }
      if (pc) void applySignal(pc, signal);
    });
  });
}

function candidateSignal(candidate: RTCIceCandidate | null): TransferSignal {
  return candidate ? { kind: 'candidate', candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex } : { kind: 'candidate', candidate: null };
}

async function applySignal(pc: RTCPeerConnection, signal: TransferSignal): Promise<void> {
  try {
    if (signal.kind === 'description' && signal.sdpType === 'answer') await pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
    else if (signal.kind === 'candidate' && signal.candidate) await pc.addIceCandidate({ candidate: signal.candidate, sdpMid: signal.sdpMid ?? null, sdpMLineIndex: signal.sdpMLineIndex ?? null });
  } catch {
    // A candidate that does not apply leaves the others; no path at all ends in the relay.
  }
}

function openWithin(rtc: RTCDataChannel, ms: number): Promise<boolean> {
  if (rtc.readyState === 'open') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    rtc.addEventListener('open', () => {
      clearTimeout(timer);
      resolve(true);
    }, { once: true });
  });
}

/** Closing the channel also closes its peer connection. */
function closingWith(channel: TransferChannel, pc: RTCPeerConnection): TransferChannel {
  const close = channel.close.bind(channel);
  channel.close = () => {
    close();
    pc.close();
  };
  return channel;
}
