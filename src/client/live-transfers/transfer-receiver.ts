import { ErrorCodes, SessionChatError, parseTransferControl } from '../../protocol/index.js';
import type { Sha256 } from './file-hasher.js';
import type { TransferChannel } from './transfer-channel.js';
import { TransferInterrupted } from './transfer-sender.js';

/**
 * Where a received file goes as it arrives, never held whole in memory: a file the user chose
 * (`showSaveFilePicker`'s writable stream), a streamed download, or the origin's private file
 * system. Writes come one at a time, in order.
 */
export interface TransferSink {
  /** The next bytes, in order (each its own `ArrayBuffer`, as a writable file stream takes it). */
  write(chunk: Uint8Array<ArrayBuffer>): Promise<void>;
  close(): Promise<void>;
  abort(reason: string): Promise<void>;
}

/** How often the receiver confirms what it has written (the sender's window moves on each). */
const ACK_EVERY_BYTES = 1024 * 1024;
/** The most bytes joined into one write of the sink. */
const WRITE_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Receives one file over a channel into a sink: asks for the bytes from what it has written
 * (`want`; after a dropped connection, run again over a new channel and it resumes there),
 * writes each chunk in order, confirms every megabyte (`ack`), and at `end` checks the size and
 * the SHA-256 before it says `done` and closes the sink. Rejects with TRANSFER_CANCELLED (the
 * sender cancelled), TRANSFER_FAILED (wrong size or hash: the sink is aborted) or
 * {@link TransferInterrupted}.
 */
export class TransferReceiver {
  /** Bytes written to the sink. */
  written = 0;
  private current: TransferChannel | null = null;
  private finished = false;
  /** Why this side cancelled, once it did. */
  private cancelled: string | null = null;
  /** The writes queued, in order (a new run waits for them before it asks where to resume). */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly size: number,
    private readonly sink: TransferSink,
    /** A fresh SHA-256 (`sha256Hasher()`): what is written goes through it, in order. */
    private readonly hash: Sha256,
  ) {}

  pause(): void {
    this.current?.sendControl({ type: 'pause' });
  }

  resume(): void {
    this.current?.sendControl({ type: 'resume' });
  }

  /** Cancels: the sender is told and the sink aborted; the run rejects with TRANSFER_CANCELLED. */
  async cancel(reason = 'cancelled by the receiver'): Promise<void> {
    if (this.finished) return;
    this.cancelled = reason;
    this.current?.sendControl({ type: 'cancel', reason });
    this.current?.onClose?.(1000, reason);
    this.finished = true;
    await this.sink.abort(reason);
  }

  run(channel: TransferChannel, progress?: (written: number) => void): Promise<{ sha256: string }> {
    this.current = channel;
    let acked = this.written;
    let settled = false;
    const queue: Uint8Array<ArrayBuffer>[] = [];
    let queued = 0;
    let writing = false;
    return new Promise((resolve, reject) => {
      /** Writes what is queued, in batches of up to 4 MiB, then confirms it. */
      const drain = async (): Promise<void> => {
        while (queue.length && !settled) {
          let take = 0;
          let bytes = 0;
          while (take < queue.length && bytes < WRITE_BATCH_BYTES) bytes += queue[take++]!.length;
          const batch = queue.splice(0, take);
          queued -= bytes;
          const joined = batch.length === 1 ? batch[0]! : new Uint8Array(bytes);
          if (batch.length > 1) {
            let at = 0;
            for (const chunk of batch) {
              joined.set(chunk, at);
              at += chunk.length;
            }
          }
          await this.sink.write(joined);
          this.hash.update(joined);
          this.written += bytes;
          progress?.(this.written);
          if (this.written - acked >= ACK_EVERY_BYTES || this.written === this.size) {
            acked = this.written;
            channel.sendControl({ type: 'ack', offset: acked });
          }
        }
        writing = false;
      };
      const fail = (error: Error, abort: boolean): void => {
        if (settled) return;
        settled = true;
        channel.onMessage = channel.onClose = channel.onPeer = null;
        if (abort && !this.finished) {
          this.finished = true;
          void this.sink.abort(error.message);
        }
        reject(error);
      };
      const ask = (): void => {
        void this.tail.then(() => {
          if (!settled) channel.sendControl({ type: 'want', offset: this.written });
        });
      };
      channel.onPeer = (connected) => {
        if (connected) ask();
      };
      channel.onClose = () => {
        if (this.cancelled !== null) fail(new SessionChatError(ErrorCodes.TRANSFER_CANCELLED, this.cancelled), false);
        else fail(new TransferInterrupted(this.written), false);
      };
      channel.onMessage = (message) => {
        if (typeof message !== 'string') {
          const chunk = new Uint8Array(message);
          if (this.written + queued + chunk.length > this.size) return fail(new SessionChatError(ErrorCodes.TRANSFER_FAILED, 'more bytes came than the file has'), true);
          queue.push(chunk);
          queued += chunk.length;
          // One writer drains the queue, many chunks a write: a file stream's writes cost far
          // more each than a data channel's 64 KiB chunks take to arrive.
          if (!writing) {
            const write = this.tail.then(drain);
            writing = true;
            this.tail = write.catch(() => undefined);
            write.catch((error: unknown) => fail(new SessionChatError(ErrorCodes.TRANSFER_FAILED, `writing the file failed: ${String(error)}`), true));
          }
          return;
        }
        const control = parseTransferControl(message, 'send');
        if (!control) return fail(new SessionChatError(ErrorCodes.TRANSFER_FAILED, 'the sender sent a malformed control message'), true);
        if (control.type === 'cancel') return fail(new SessionChatError(ErrorCodes.TRANSFER_CANCELLED, control.reason ?? 'cancelled by the sender'), true);
        if (control.type !== 'end') return;
        void this.tail.then(async () => {
          if (settled) return;
          const sha256 = this.hash.hex();
          if (this.written !== control.size || sha256 !== control.sha256) {
            channel.sendControl({ type: 'cancel', reason: 'the bytes received do not match the file' });
            return fail(new SessionChatError(ErrorCodes.TRANSFER_FAILED, `received ${this.written} of ${control.size} bytes, SHA-256 ${sha256}, expected ${control.sha256}`), true);
          }
          this.finished = true;
          await this.sink.close();
          channel.sendControl({ type: 'done', sha256 });
          settled = true;
          resolve({ sha256 });
        });
      };
      if (channel.peerConnected) ask();
    });
  }
}
