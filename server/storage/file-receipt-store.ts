import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReceiptEntry } from '../../src/protocol/index.js';
import type { ReceiptStore } from './receipt-store.js';
import { sessionKey } from './session-key.js';

/**
 * Delivered/read positions on disk, one small JSON file per session under
 * `${dataDir}/receipts`. Writes are coalesced per session (at most one per `delayMs`) and
 * flushed on close: positions are hints that only move forward, so losing the last second
 * to a crash costs a stale "delivered" mark, never a message.
 */
export class FileReceiptStore implements ReceiptStore {
  private readonly dir: string;
  private readonly waiting = new Map<string, { receipts: ReceiptEntry[]; timer: NodeJS.Timeout }>();

  constructor(dataDir: string, private readonly delayMs = 500) {
    this.dir = join(dataDir, 'receipts');
    mkdirSync(this.dir, { recursive: true });
  }

  load(sessionId: string): ReceiptEntry[] {
    const pending = this.waiting.get(sessionId);
    if (pending) return pending.receipts;
    try {
      const value: unknown = JSON.parse(readFileSync(this.path(sessionId), 'utf8'));
      if (!Array.isArray(value)) return [];
      return value.filter(
        (e): e is ReceiptEntry =>
          typeof e === 'object' && e !== null && typeof e.participantId === 'string' && Number.isSafeInteger(e.delivered) && Number.isSafeInteger(e.read),
      );
    } catch {
      return [];
    }
  }

  save(sessionId: string, receipts: ReceiptEntry[]): void {
    const pending = this.waiting.get(sessionId);
    if (pending) {
      pending.receipts = receipts;
      return;
    }
    const timer = setTimeout(() => this.write(sessionId), this.delayMs);
    timer.unref();
    this.waiting.set(sessionId, { receipts, timer });
  }

  /** Writes everything still waiting (on shutdown). */
  flush(): void {
    for (const [sessionId, pending] of [...this.waiting]) {
      clearTimeout(pending.timer);
      this.write(sessionId);
    }
  }

  private write(sessionId: string): void {
    const pending = this.waiting.get(sessionId);
    if (!pending) return;
    this.waiting.delete(sessionId);
    const path = this.path(sessionId);
    try {
      // A temporary name of this process's own: processes sharing the folder never write one file.
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(pending.receipts));
      renameSync(temp, path);
    } catch {
      /* positions are hints; the next change writes again */
    }
  }

  private path(sessionId: string): string {
    return join(this.dir, `${sessionKey(sessionId)}.json`);
  }
}
