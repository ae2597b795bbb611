import { ErrorCodes, SessionChatError, type TransferOutcome, type TransferReceiverOutcome, type TransferReceiverResult } from '../../protocol/index.js';
import { TypedEventTarget } from '../typed-event-target.js';
import { FileHasher, type Sha256 } from './file-hasher.js';
import { MAX_RESUMES } from './incoming-transfer.js';
import type { TransferChannel } from './transfer-channel.js';
import { TransferRate, type TransferProgress } from './transfer-rate.js';
import { TransferInterrupted, TransferSender } from './transfer-sender.js';

/**
 * Chunks on a data channel: 256 KiB where the other end takes messages that large (Chromium and
 * Firefox say so in their SCTP `maxMessageSize`), else 64 KiB, which every browser takes. Fewer,
 * larger messages cost the pages less per byte: raw data channels on loopback here moved a
 * quarter more per second with 256 KiB than with 64 KiB (bench/README.md).
 */
const DATA_CHANNEL_CHUNK = 256 * 1024;
const SAFE_DATA_CHANNEL_CHUNK = 64 * 1024;
/** Bytes a data channel may hold unsent before the sender waits (Chromium refuses a send past 16 MiB queued). */
const DATA_CHANNEL_BUFFERED = 4 * 1024 * 1024;
/** Chunks on a relay pipe (the relay takes frames of up to 1 MiB). */
const PIPE_CHUNK = 256 * 1024;

export type OutgoingReceiverState = 'waiting' | 'connecting' | 'sending' | TransferReceiverOutcome;

/** One receiver of an outgoing transfer, as the sender's view shows it. */
export interface OutgoingReceiver {
  id: string;
  state: OutgoingReceiverState;
  /** Bytes this receiver has written (its last `ack`). */
  acked: number;
  /** How its bytes go: a direct data channel, or through the relay (never stored); null before. */
  path: 'direct' | 'relay' | null;
}

/** What an outgoing transfer needs of its owner ({@link LiveTransfers}). */
export interface OutgoingLink {
  connect(receiverId: string): Promise<TransferChannel>;
  reconnect(receiverId: string): Promise<TransferChannel>;
  /** Logs how it ended (`transfer-end`). */
  end(result: { outcome: TransferOutcome; receivers: TransferReceiverResult[]; sha256?: string }): Promise<unknown>;
  /** Whether a channel is the relay pipe (larger chunks; shown as "through the relay"). */
  isPipe(channel: TransferChannel): boolean;
}

/**
 * A file this participant offered for live transfer: it goes to each receiver who accepts, at
 * that receiver's pace, resumed after a dropped connection; when every receiver has an outcome
 * the sender logs how it ended. `done` resolves then (with the outcome). `change` fires on every
 * state and progress step.
 */
export class OutgoingTransfer extends TypedEventTarget<{ change: CustomEvent<{ receivers: readonly OutgoingReceiver[] }> }> {
  readonly receivers: OutgoingReceiver[];
  progress: TransferProgress;
  readonly done: Promise<TransferOutcome>;
  private readonly hasher: FileHasher;
  private readonly senders = new Map<string, TransferSender>();
  private readonly rate = new TransferRate();
  private finish!: (outcome: TransferOutcome) => void;
  private cancelled = false;
  private paused = false;
  private settled = false;

  constructor(
    readonly id: string,
    readonly file: Blob,
    to: readonly string[],
    private readonly link: OutgoingLink,
    /** A fresh SHA-256 (`sha256Hasher()`) for the file. */
    hash: Sha256,
  ) {
    super();
    this.hasher = new FileHasher(file, hash);
    this.receivers = to.map((id) => ({ id, state: 'waiting', acked: 0, path: null }));
    this.progress = { bytes: 0, total: file.size, bytesPerSecond: 0, secondsLeft: null };
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  /** A receiver accepted: send it the file (resuming after drops). */
  async accepted(receiverId: string): Promise<void> {
    const receiver = this.receivers.find((r) => r.id === receiverId);
    if (!receiver || receiver.state !== 'waiting' || this.cancelled) return;
    this.update(receiver, 'connecting');
    const sender = new TransferSender(this.file, this.hasher);
    this.senders.set(receiverId, sender);
    if (this.paused) sender.pause();
    try {
      let channel = await this.link.connect(receiverId);
      for (let resumes = 0; ; resumes++) {
        receiver.path = this.link.isPipe(channel) ? 'relay' : 'direct';
        this.update(receiver, 'sending');
        try {
          const pipe = this.link.isPipe(channel);
          const chunkBytes = pipe ? PIPE_CHUNK : (channel.maxMessageBytes ?? 0) >= DATA_CHANNEL_CHUNK ? DATA_CHANNEL_CHUNK : SAFE_DATA_CHANNEL_CHUNK;
          const bufferedBytes = pipe ? undefined : DATA_CHANNEL_BUFFERED;
          await sender.run(channel, { chunkBytes, bufferedBytes, progress: (_sent, acked) => this.moved(receiver, acked) });
          receiver.acked = this.file.size;
          this.update(receiver, 'completed');
          channel.close();
          break;
        } catch (error) {
          channel.close();
          if (error instanceof TransferInterrupted && resumes < MAX_RESUMES && !this.cancelled) {
            channel = await this.link.reconnect(receiverId);
            continue;
          }
          throw error;
        }
      }
    } catch (error) {
      const cancelled = this.cancelled || (error instanceof SessionChatError && error.code === ErrorCodes.TRANSFER_CANCELLED);
      this.update(receiver, cancelled ? 'cancelled' : 'failed');
    }
    this.settleIfOver();
  }

  /** A receiver declined. */
  declined(receiverId: string): void {
    const receiver = this.receivers.find((r) => r.id === receiverId);
    if (!receiver || receiver.state !== 'waiting') return;
    this.update(receiver, 'declined');
    this.settleIfOver();
  }

  pause(): void {
    this.paused = true;
    for (const sender of this.senders.values()) sender.pause();
  }

  resume(): void {
    this.paused = false;
    for (const sender of this.senders.values()) sender.resume();
  }

  /** Cancels for everyone: running copies stop, those not accepted yet are withdrawn. */
  cancel(): void {
    this.cancelled = true;
    for (const sender of this.senders.values()) sender.cancel();
    for (const receiver of this.receivers) if (receiver.state === 'waiting') this.update(receiver, 'cancelled');
    this.settleIfOver();
  }

  private moved(receiver: OutgoingReceiver, acked: number): void {
    receiver.acked = acked;
    const going = this.receivers.filter((r) => r.state === 'sending');
    this.progress = this.rate.sample(going.length ? Math.min(...going.map((r) => r.acked)) : acked, this.file.size);
    this.dispatch('change', { receivers: this.receivers });
  }

  private update(receiver: OutgoingReceiver, state: OutgoingReceiverState): void {
    receiver.state = state;
    this.dispatch('change', { receivers: this.receivers });
  }

  private settleIfOver(): void {
    const open = this.receivers.some((r) => r.state === 'waiting' || r.state === 'connecting' || r.state === 'sending');
    if (open || this.settled) return;
    this.settled = true;
    const receivers = this.receivers.map((r) => ({ id: r.id, outcome: r.state as TransferReceiverOutcome }));
    const outcome: TransferOutcome = receivers.some((r) => r.outcome === 'completed') ? 'completed' : this.cancelled ? 'cancelled' : receivers.some((r) => r.outcome === 'failed') ? 'failed' : 'cancelled';
    void (async () => {
      const sha256 = outcome === 'completed' ? await this.hasher.digest() : undefined;
      await this.link.end({ outcome, receivers, ...(sha256 ? { sha256 } : {}) }).catch(() => undefined);
      this.finish(outcome);
    })();
  }
}
