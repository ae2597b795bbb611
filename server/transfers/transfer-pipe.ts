import type { WebSocket, RawData } from 'ws';
import {
  CloseCodes,
  MAX_TRANSFER_CONTROL_BYTES,
  encodeTransferPeerNotice,
  parseTransferControl,
  type TransferPipeRole,
} from '../../src/protocol/index.js';
import { RateLimiter } from '../rate-limiter.js';

/** What a pipe needs from the relay: its bounds and a clock for the byte rate. */
export interface TransferPipeLimits {
  /** The relay stops reading the sender while the receiver's socket holds more than this unsent. */
  highWaterBytes: number;
  /** ... and reads again once it is below this. */
  lowWaterBytes: number;
  /** Bytes per second the pipe carries at most (0: no limit). */
  bytesPerSecond: number;
  /** Control messages per second per end (a burst of as many). */
  controlsPerSecond: number;
  /** How long one end waits for the other before both are told to try again. */
  peerWaitMs: number;
}

/** One connected end: the socket and its raw TCP socket (whose `drain` says the queue emptied). */
export interface PipeEnd {
  ws: WebSocket;
  raw: { on(event: 'drain', listener: () => void): unknown; off(event: 'drain', listener: () => void): unknown };
  participantId: string;
  /** Customers of a session that ended can neither send nor receive. */
  customer: boolean;
}

/**
 * The relay's half of one live transfer to one receiver: the sender's chunks go to the
 * receiver as they arrive and are never stored. At most `highWaterBytes` wait in the
 * receiver's socket: past it the sender's socket is no longer read (TCP then slows the sender),
 * and it is read again from the receiver's `drain`. Control messages are checked
 * (`parseTransferControl`) and passed on; either end leaving closes the other with
 * `TRANSFER_PEER_LEFT`, so both reconnect and the receiver resumes from its last `ack`.
 */
export class TransferPipe {
  sender: PipeEnd | undefined;
  receiver: PipeEnd | undefined;
  /** Bytes passed to the receiver over the pipe's life (for the relay's metrics). */
  relayedBytes = 0;
  private readonly byteRate: RateLimiter | undefined;
  private pausedForBackpressure = false;
  private pausedForRate: ReturnType<typeof setTimeout> | undefined;
  private waitTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly limits: TransferPipeLimits,
    /** Called once the pipe has no end left (the registry forgets it). */
    private readonly onEmpty: (pipe: TransferPipe) => void,
    private readonly isEnded: () => boolean,
  ) {
    this.byteRate = limits.bytesPerSecond > 0 ? new RateLimiter(limits.bytesPerSecond, limits.bytesPerSecond) : undefined;
  }

  /** Connects an end (the registry checked that it is free and whose it is). */
  attach(role: TransferPipeRole, end: PipeEnd): void {
    if (role === 'send') this.sender = end;
    else this.receiver = end;
    const controls = new RateLimiter(this.limits.controlsPerSecond, this.limits.controlsPerSecond);
    end.ws.on('message', (data: RawData, isBinary: boolean) => this.onFrame(role, end, data, isBinary, controls));
    end.ws.on('close', () => this.detach(role, end));
    end.ws.on('error', () => end.ws.terminate());
    if (this.sender && this.receiver) {
      clearTimeout(this.waitTimer);
      this.waitTimer = undefined;
      this.notifyPeers(true);
      this.resumeSender();
    } else {
      end.ws.send(encodeTransferPeerNotice(false));
      this.waitTimer ??= setTimeout(() => this.closeAll(CloseCodes.TRANSFER_PEER_TIMEOUT, 'the other end did not connect'), this.limits.peerWaitMs);
    }
  }

  /** Closes both ends (the relay shuts down, the session ended). */
  closeAll(code: number, reason: string): void {
    clearTimeout(this.waitTimer);
    clearTimeout(this.pausedForRate);
    this.sender?.ws.close(code, reason);
    this.receiver?.ws.close(code, reason);
  }

  /** Whether a customer is at either end (closed when the session ends). */
  get hasCustomer(): boolean {
    return Boolean(this.sender?.customer || this.receiver?.customer);
  }

  private onFrame(role: TransferPipeRole, end: PipeEnd, data: RawData, isBinary: boolean, controls: RateLimiter): void {
    const other = role === 'send' ? this.receiver : this.sender;
    if (this.isEnded() && this.hasCustomer) {
      this.closeAll(CloseCodes.SESSION_ENDED, 'the session has ended');
      return;
    }
    if (isBinary) {
      if (role !== 'send') return this.violation(end, 'only the sender sends bytes');
      // Read only while the receiver is connected (the sender is paused otherwise): a chunk
      // that was already read when the receiver left goes nowhere; the receiver resumes from its ack.
      if (!other) return;
      const chunk = data as Buffer;
      this.relayedBytes += chunk.length;
      other.ws.send(chunk, { binary: true });
      if (other.ws.bufferedAmount > this.limits.highWaterBytes) this.pauseForBackpressure(other);
      const wait = this.byteRate?.spend(chunk.length) ?? 0;
      if (wait > 0 && !this.pausedForRate) {
        end.ws.pause();
        this.pausedForRate = setTimeout(() => {
          this.pausedForRate = undefined;
          this.resumeSender();
        }, wait);
      }
      return;
    }
    const text = (data as Buffer).length <= MAX_TRANSFER_CONTROL_BYTES ? (data as Buffer).toString('utf8') : '';
    const control = text ? parseTransferControl(text, role) : undefined;
    if (!control) return this.violation(end, 'not a transfer control message');
    if (controls.take() > 0) return this.violation(end, 'too many control messages');
    other?.ws.send(text);
  }

  private pauseForBackpressure(receiver: PipeEnd): void {
    if (this.pausedForBackpressure || !this.sender) return;
    this.pausedForBackpressure = true;
    this.sender.ws.pause();
    const onDrain = () => {
      if (receiver.ws.bufferedAmount > this.limits.lowWaterBytes && receiver === this.receiver) return;
      receiver.raw.off('drain', onDrain);
      this.pausedForBackpressure = false;
      this.resumeSender();
    };
    receiver.raw.on('drain', onDrain);
  }

  /** Reads the sender again unless something still holds it. */
  private resumeSender(): void {
    if (this.sender && this.receiver && !this.pausedForBackpressure && !this.pausedForRate) this.sender.ws.resume();
  }

  private violation(end: PipeEnd, reason: string): void {
    end.ws.close(CloseCodes.PROTOCOL_VIOLATION, reason);
  }

  private detach(role: TransferPipeRole, end: PipeEnd): void {
    if (role === 'send' && this.sender === end) this.sender = undefined;
    else if (role === 'receive' && this.receiver === end) {
      this.receiver = undefined;
      // Its drain will never come: the next receiver starts unblocked.
      this.pausedForBackpressure = false;
    } else return;
    const other = role === 'send' ? this.receiver : this.sender;
    if (other) other.ws.close(CloseCodes.TRANSFER_PEER_LEFT, 'the other end left');
    else {
      clearTimeout(this.waitTimer);
      clearTimeout(this.pausedForRate);
      this.onEmpty(this);
    }
  }

  private notifyPeers(connected: boolean): void {
    const notice = encodeTransferPeerNotice(connected);
    this.sender?.ws.send(notice);
    this.receiver?.ws.send(notice);
  }
}
