import type { ReceiptEntry } from '../../src/protocol/index.js';

/**
 * Keeps each session's delivered and read positions across unloads and restarts (not in the
 * log). The room saves every change and loads the positions when the session loads.
 */
export interface ReceiptStore {
  load(sessionId: string): ReceiptEntry[];
  save(sessionId: string, receipts: ReceiptEntry[]): void;
}
