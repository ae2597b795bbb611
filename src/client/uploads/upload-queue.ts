import type { UploadHandle } from './upload-handle.js';

/**
 * Runs uploads a few at a time, in the order they were queued; any number may wait. A
 * handle holds its slot while its bytes travel, not while it is being shared.
 */
export class UploadQueue {
  private readonly concurrency: number;
  private readonly run: (handle: UploadHandle) => Promise<void>;
  private waiting: UploadHandle[] = [];
  private readonly active = new Set<UploadHandle>();

  constructor(concurrency: number, run: (handle: UploadHandle) => Promise<void>) {
    this.concurrency = concurrency;
    this.run = run;
  }

  /** Queues a handle; slots are filled in a microtask, so a caller sees every state change after `queued`. */
  add(handle: UploadHandle): void {
    if (!this.waiting.includes(handle) && !this.active.has(handle)) this.waiting.push(handle);
    queueMicrotask(() => this.pump());
  }

  /** The handle no longer needs a slot (idempotent). */
  release(handle: UploadHandle): void {
    this.active.delete(handle);
    this.waiting = this.waiting.filter((h) => h !== handle);
    this.pump();
  }

  private pump(): void {
    while (this.active.size < this.concurrency && this.waiting.length > 0) {
      const handle = this.waiting.shift()!;
      if (handle.state !== 'queued') continue;
      this.active.add(handle);
      void this.run(handle);
    }
  }
}
