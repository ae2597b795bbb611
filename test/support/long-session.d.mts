import type { SessionEvent } from '../../src/protocol/index.js';

export declare const eventId: (seq: number) => string;
export declare function longSessionEvents(options: { count: number; start: number; end: number }): SessionEvent[];
export declare function writeSessionLog(
  FileEventLog: new (options: { dataDir: string }) => {
    open(sessionId: string): Promise<unknown>;
    append(sessionId: string, events: readonly SessionEvent[]): Promise<void>;
    close(): Promise<void>;
  },
  dataDir: string,
  sessionId: string,
  events: readonly SessionEvent[],
): Promise<void>;
