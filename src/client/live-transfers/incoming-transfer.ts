import { ErrorCodes, SessionChatError, type TransferSignal } from '../../protocol/index.js';
import { TypedEventTarget } from '../typed-event-target.js';
import type { TransferChannel } from './transfer-channel.js';
import { TransferRate, type TransferProgress } from './transfer-rate.js';
import { sha256Hasher } from './file-hasher.js';
import { TransferReceiver, type TransferSink } from './transfer-receiver.js';
import { TransferInterrupted } from './transfer-sender.js';

export type IncomingState = 'offered' | 'connecting' | 'receiving' | 'paused' | 'completed' | 'declined' | 'cancelled' | 'failed';

/** What an incoming transfer needs of its owner ({@link LiveTransfers}). */
export interface IncomingLink {
  signal(signal: TransferSignal): void;
  /** The first channel: a direct data channel, or the relay pipe when there is none. */
  connect(): Promise<TransferChannel>;
  /** A channel to resume on after the first one dropped (the relay pipe). */
  reconnect(): Promise<TransferChannel>;
  isPipe(channel: TransferChannel): boolean;
}

/** Times a dropped transfer is resumed before it fails. */
export const MAX_RESUMES = 5;

/**
 * A file someone offered this participant for live transfer: nothing moves before
 * {@link accept}; {@link decline} tells the sender no. Accepted, it is written to the sink as it
 * arrives (never held in memory), checked against the sender's SHA-256, resumed from the last
 * written byte when the connection drops. `change` fires on every state and progress step.
 */
export class IncomingTransfer extends TypedEventTarget<{ change: CustomEvent<{ state: IncomingState }> }> {
  state: IncomingState = 'offered';
  progress: TransferProgress;
  /** The SHA-256 (hex) both ends agreed on, once completed. */
  sha256: string | null = null;
  error: SessionChatError | null = null;
  /** How the bytes come: a direct data channel, or through the relay (never stored); null before. */
  path: 'direct' | 'relay' | null = null;
  private receiver: TransferReceiver | null = null;
  private readonly rate = new TransferRate();

  constructor(
    readonly id: string,
    readonly from: string,
    readonly name: string,
    readonly size: number,
    readonly type: string,
    private readonly link: IncomingLink,
  ) {
    super();
    this.progress = { bytes: 0, total: size, bytesPerSecond: 0, secondsLeft: null };
  }

  /** Accepts into `sink`; resolves with the checked SHA-256, rejects with a `SessionChatError`. */
  async accept(sink: TransferSink): Promise<{ sha256: string }> {
    const hash = await sha256Hasher();
    if (this.state !== 'offered') throw new SessionChatError(ErrorCodes.INVALID_FIELD, `this transfer is ${this.state}`);
    const receiver = (this.receiver = new TransferReceiver(this.size, sink, hash));
    this.set('connecting');
    const connecting = this.link.connect();
    this.link.signal({ kind: 'accept' });
    let channel = await connecting;
    for (let resumes = 0; ; resumes++) {
      this.path = this.link.isPipe(channel) ? 'relay' : 'direct';
      if ((this.state as IncomingState) !== 'paused') this.set('receiving');
      try {
        const { sha256 } = await receiver.run(channel, (written) => this.moved(written));
        this.sha256 = sha256;
        this.set('completed');
        channel.close();
        return { sha256 };
      } catch (error) {
        if (error instanceof TransferInterrupted && resumes < MAX_RESUMES && !this.isOver()) {
          channel = await this.link.reconnect();
          continue;
        }
        const failure = error instanceof SessionChatError ? error : new SessionChatError(ErrorCodes.TRANSFER_FAILED, String(error));
        this.error = failure;
        if (!this.isOver()) this.set(failure.code === ErrorCodes.TRANSFER_CANCELLED ? 'cancelled' : 'failed');
        channel.close();
        throw failure;
      }
    }
  }

  /** Says no: the sender is told, nothing is received. */
  decline(): void {
    if (this.state !== 'offered') return;
    this.link.signal({ kind: 'decline' });
    this.set('declined');
  }

  pause(): void {
    if (this.state !== 'receiving') return;
    this.receiver?.pause();
    this.set('paused');
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.receiver?.resume();
    this.set('receiving');
  }

  cancel(): void {
    if (this.isOver() || this.state === 'offered') return this.decline();
    this.set('cancelled');
    void this.receiver?.cancel();
  }

  private isOver(): boolean {
    return this.state === 'completed' || this.state === 'declined' || this.state === 'cancelled' || this.state === 'failed';
  }

  private moved(written: number): void {
    this.progress = this.rate.sample(written, this.size);
    this.dispatch('change', { state: this.state });
  }

  private set(state: IncomingState): void {
    this.state = state;
    this.dispatch('change', { state });
  }
}
