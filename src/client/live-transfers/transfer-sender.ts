import { ErrorCodes, SessionChatError, parseTransferControl } from '../../protocol/index.js';
import type { FileHasher } from './file-hasher.js';
import type { TransferChannel } from './transfer-channel.js';

/** Bytes read from the file at a time. */
const READ_BLOCK_BYTES = 4 * 1024 * 1024;

/** How one receiver's copy is sent. */
export interface SendOptions {
  /** Bytes per chunk: at most what the channel takes (a data channel: 64 or 256 KiB; a relay pipe: up to 1 MiB). */
  chunkBytes: number;
  /** Bytes sent and not yet written by the receiver (its `ack`), at most: its disk sets the pace. Default 8 MiB. */
  windowBytes?: number;
  /** Bytes the channel may hold unsent before the sender waits for it to drain. Default 1 MiB. */
  bufferedBytes?: number;
  /** Called as bytes go out and as the receiver confirms them. */
  progress?(sent: number, acked: number): void;
}

/** Why a run over one channel stopped before the receiver confirmed the file. */
export class TransferInterrupted extends Error {
  override readonly name = 'TransferInterrupted';
  constructor(readonly acked: number) {
    super('the channel closed before the receiver had the whole file; resume over a new one');
  }
}

/**
 * Sends a file to one receiver over a channel: from the offset the receiver asks for (`want`:
 * 0, or its last written byte after a dropped connection), in chunks, at most `windowBytes` ahead
 * of what it has written, pausing when it asks; then `end` with the file's SHA-256, and resolves
 * when the receiver says `done` with the same hash. Rejects with TRANSFER_CANCELLED (the receiver
 * cancelled), TRANSFER_FAILED (its hash differs) or {@link TransferInterrupted} (the channel
 * closed: run again over a new channel and the receiver resumes).
 */
export class TransferSender {
  private paused = false;
  private cancelled = false;
  private wake: (() => void) | null = null;
  private current: TransferChannel | null = null;

  constructor(
    private readonly file: Blob,
    private readonly hasher: FileHasher,
  ) {}

  /** Stops sending until {@link resume} (the receiver is told). */
  pause(): void {
    this.paused = true;
    this.current?.sendControl({ type: 'pause' });
  }

  resume(): void {
    this.paused = false;
    this.current?.sendControl({ type: 'resume' });
    this.poke();
  }

  /** Cancels this receiver's copy: it is told, and the run rejects with TRANSFER_CANCELLED. */
  cancel(reason = 'cancelled by the sender'): void {
    this.cancelled = true;
    this.current?.sendControl({ type: 'cancel', reason });
    this.poke();
  }

  run(channel: TransferChannel, options: SendOptions): Promise<{ sha256: string }> {
    this.current = channel;
    const windowBytes = options.windowBytes ?? 8 * 1024 * 1024;
    const bufferedBytes = options.bufferedBytes ?? 1024 * 1024;
    let offset: number | null = null;
    let acked = 0;
    let peerPaused = false;
    let outcome: { done?: string; error?: Error } = {};
    return new Promise((resolve, reject) => {
      const finish = (result: { done?: string; error?: Error }): void => {
        if (outcome.done !== undefined || outcome.error) return;
        outcome = result;
        channel.onMessage = channel.onClose = null;
        this.poke();
        if (result.error) reject(result.error);
      };
      channel.onMessage = (message) => {
        if (typeof message !== 'string') return finish({ error: new SessionChatError(ErrorCodes.TRANSFER_FAILED, 'the receiver sent bytes') });
        const control = parseTransferControl(message, 'receive');
        if (!control) return finish({ error: new SessionChatError(ErrorCodes.TRANSFER_FAILED, 'the receiver sent a malformed control message') });
        if (control.type === 'want') {
          // The receiver has written everything before the offset it asks for.
          offset = Math.min(control.offset, this.file.size);
          acked = Math.max(acked, offset);
        }
        else if (control.type === 'ack') acked = Math.max(acked, control.offset);
        else if (control.type === 'pause') peerPaused = true;
        else if (control.type === 'resume') peerPaused = false;
        else if (control.type === 'cancel') return finish({ error: new SessionChatError(ErrorCodes.TRANSFER_CANCELLED, control.reason ?? 'cancelled by the receiver') });
        else if (control.type === 'done') return finish({ done: control.sha256 });
        options.progress?.(offset ?? 0, acked);
        this.poke();
      };
      channel.onClose = () => finish({ error: new TransferInterrupted(acked) });

      const pump = async (): Promise<void> => {
        let position = -1;
        let ended = false;
        while (outcome.done === undefined && !outcome.error) {
          if (this.cancelled) {
            channel.sendControl({ type: 'cancel', reason: 'cancelled by the sender' });
            return finish({ error: new SessionChatError(ErrorCodes.TRANSFER_CANCELLED, 'cancelled by the sender') });
          }
          // A (new) `want` restarts from where the receiver is.
          if (offset !== null && offset !== position && !ended) position = offset;
          const canSend = position >= 0 && !ended && !this.paused && !peerPaused && position - acked < windowBytes;
          if (!canSend) {
            await this.sleep();
            continue;
          }
          if (position >= this.file.size) {
            channel.sendControl({ type: 'end', size: this.file.size, sha256: await this.hasher.digest() });
            ended = true;
            continue;
          }
          const bytes = await this.read(position, options.chunkBytes);
          if (outcome.error || offset !== position) continue;
          this.hasher.offer(position, bytes);
          channel.sendChunk(bytes);
          position += bytes.length;
          offset = position;
          options.progress?.(position, acked);
          if (channel.bufferedAmount > bufferedBytes) await channel.drained(bufferedBytes / 2);
        }
        if (outcome.done !== undefined) {
          const sha256 = await this.hasher.digest();
          if (outcome.done === sha256) resolve({ sha256 });
          else reject(new SessionChatError(ErrorCodes.TRANSFER_FAILED, 'the receiver\'s copy has another SHA-256'));
        }
      };
      pump().catch((error: unknown) => finish({ error: error instanceof Error ? error : new Error(String(error)) }));
    });
  }

  /** The last block read from the file: reading it in 4 MiB blocks, not chunk by chunk, saves a round trip to the file per chunk. */
  private block: { start: number; bytes: Uint8Array } | null = null;

  /** `length` bytes of the file from `position` (fewer at its end). */
  private async read(position: number, length: number): Promise<Uint8Array> {
    let block = this.block;
    if (!block || position < block.start || position + Math.min(length, this.file.size - position) > block.start + block.bytes.length) {
      const size = Math.max(length, READ_BLOCK_BYTES);
      block = this.block = { start: position, bytes: new Uint8Array(await this.file.slice(position, position + size).arrayBuffer()) };
    }
    const from = position - block.start;
    return block.bytes.subarray(from, from + length);
  }

  /** Waits for a control message, a resume or a cancel (or 50 ms, whichever first). */
  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.poke(), 50);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
