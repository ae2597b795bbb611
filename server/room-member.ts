import type { Logger } from 'pino';
import type { ErrorCode, ParticipantInfo, SessionLimits, SessionPolicy } from '../src/protocol/index.js';
import type { RoomFiles } from './files/file-sharing.js';
import type { OutgoingFrame } from './frame-bytes.js';
import type { IdGenerator } from './ids.js';
import type { RelayMeter } from './relay-meter.js';
import type { SessionRoom } from './session-room.js';
import type { EventLog } from './storage/event-log.js';
import type { ReceiptStore } from './storage/receipt-store.js';

/** Close code for the sockets of a room whose storage failed (WebSocket "internal error"; clients reconnect). */
export const STORAGE_FAILED_CLOSE = 1011;

/** What a room needs of a socket. `send` takes an encoded server frame, as text or as its UTF-8 bytes (sent as a text frame). */
export interface RoomMember {
  readonly participant: ParticipantInfo;
  /** The socket's page is hidden; set by the room from `status` signals. */
  away?: boolean;
  send(frame: OutgoingFrame): void;
  sendError(code: ErrorCode, message: string, clientId?: string, retryAfterMs?: number): void;
  close(code: number, reason: string): void;
}

/** Watches rooms on behalf of the session lifecycle (idle end, transcripts). Every method is optional. */
export interface RoomObserver {
  /** A room was loaded from the log (also one that ended before a restart). */
  loaded?(room: SessionRoom): void;
  /** The first socket attached to a room with nobody. */
  occupied?(room: SessionRoom): void;
  /** The last socket of a room closed. */
  emptied?(room: SessionRoom): void;
  /** `session.ended` is durable and fanned out. */
  ended?(room: SessionRoom): void;
}

export interface RoomContext {
  log: EventLog;
  ids: IdGenerator;
  policy: SessionPolicy;
  leaveGraceMs: number;
  limits: SessionLimits;
  /**
   * Written events kept in memory as JSON (the most recent ones); older ones are read back from
   * the log when a welcome, a retry or a transcript needs them. Only with a log that can `read`.
   */
  historyEvents: number;
  /** Events a join sends (the last page of the log) and a history answer holds at most. Default: `DEFAULT_HISTORY_PAGE_EVENTS` (200). */
  historyPageEvents?: number;
  logger: Logger;
  /** File sharing: stores the upload of a share intent, deletes the bytes of a deleted file. */
  files?: RoomFiles;
  /** Called whenever the room may have become idle (nobody attached, nothing pending). */
  onIdle(room: SessionRoom): void;
  /** Called once when a write failed: the registry must unload the room so it reloads from storage. */
  onBroken(room: SessionRoom): void;
  observer?: RoomObserver;
  /** Where delivered/read positions are kept between loads (none: memory only). */
  receipts?: ReceiptStore;
  /** Counts committed events, ack latency and fan-out bytes (the relay's metrics). */
  meter?: RelayMeter;
}
