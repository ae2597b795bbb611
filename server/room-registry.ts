import type { Logger } from 'pino';
import type { SessionLimits, SessionPolicy } from '../src/protocol/index.js';
import type { RoomFiles } from './files/file-sharing.js';
import type { IdGenerator } from './ids.js';
import { RelayError, RelayErrorCodes } from './relay-error.js';
import { SessionRoom, type RoomObserver } from './session-room.js';
import type { EventLog, LoadedLog } from './storage/event-log.js';
import type { ReceiptStore } from './storage/receipt-store.js';
import type { RelayMeter } from './relay-meter.js';
import type { RoomContext } from './room-member.js';
import type { SessionLeases } from './cluster/session-leases.js';

export interface RoomRegistryOptions {
  log: EventLog;
  ids: IdGenerator;
  policy: SessionPolicy;
  leaveGraceMs: number;
  idleUnloadMs: number;
  limits: SessionLimits;
  /** Written events each room keeps in memory as JSON (older ones are read from the log). */
  historyEvents: number;
  /** Events a join sends and a history answer holds at most (default 200). */
  historyPageEvents?: number;
  logger: Logger;
  /** File sharing (share intents, deleted files' bytes). */
  files?: RoomFiles;
  /** Told when rooms load, fill, empty and end (the session lifecycle). */
  observer?: RoomObserver;
  /** Delivered/read positions between loads. */
  receipts?: ReceiptStore;
  /** The relay's metrics. */
  meter?: RelayMeter;
  /**
   * Scale-out: which process holds each session. A session is loaded only with its lease;
   * one held elsewhere is refused with `SC_ERR_SESSION_ELSEWHERE` (and the holder's URL).
   */
  leases?: SessionLeases;
}

/**
 * The loaded sessions. A session is loaded once however many sockets arrive together (they
 * share the load), and unloaded after `idleUnloadMs` with nobody connected and nothing
 * being written.
 */
export class RoomRegistry {
  private readonly options: RoomRegistryOptions;
  private readonly loading = new Map<string, Promise<SessionRoom>>();
  private readonly rooms = new Map<string, SessionRoom>();
  private readonly idleTimers = new Map<SessionRoom, NodeJS.Timeout>();
  private closed = false;
  /** What every room is given: one object for all of them (a copy per room was ~700 B of an idle room). */
  private contextOfRooms: RoomContext | undefined;

  constructor(options: RoomRegistryOptions) {
    this.options = options;
  }

  /** Loaded sessions (for tests and diagnostics). */
  get size(): number {
    return this.rooms.size;
  }

  /** The loaded room of a session, loading it from the log when needed. */
  get(sessionId: string): Promise<SessionRoom> {
    if (this.closed) return Promise.reject(new RelayError(RelayErrorCodes.RELAY_CLOSING, 'the relay is closing'));
    const room = this.rooms.get(sessionId);
    if (room) return Promise.resolve(room);
    let loading = this.loading.get(sessionId);
    if (!loading) {
      loading = this.load(sessionId);
      this.loading.set(sessionId, loading);
      const settled = (): void => {
        if (this.loading.get(sessionId) === loading) this.loading.delete(sessionId);
      };
      loading.then(settled, settled);
    }
    return loading;
  }

  /** Lets writes in flight finish (acks sent), then stops all timers; rooms are released from the log. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.loading.values()]);
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    const rooms = [...this.rooms.values()];
    await Promise.all(rooms.map((room) => room.drain()));
    await Promise.all(rooms.map((room) => this.unload(room)));
  }

  /** A room if it is loaded now (no load). */
  peek(sessionId: string): SessionRoom | undefined {
    return this.rooms.get(sessionId);
  }

  /**
   * This process lost the session's lease: the room closes its sockets (4000, they resume on
   * the holder) and unloads without giving the lease back (it is someone else's).
   */
  evict(sessionId: string): void {
    const room = this.rooms.get(sessionId);
    if (!room) return;
    room.evict();
    void this.unload(room, false);
  }

  /** Waits for writes in flight in every room (used before closing sockets on shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => room.drain()));
  }

  private get roomContext(): RoomContext {
    const { ids, policy, leaveGraceMs, limits, logger, log, historyEvents, historyPageEvents, observer, receipts, files, meter } = this.options;
    return (this.contextOfRooms ??= {
      log,
      ids,
      policy,
      leaveGraceMs,
      limits,
      historyEvents,
      historyPageEvents,
      logger,
      onIdle: (r) => this.scheduleUnload(r),
      onBroken: (r) => void this.unload(r),
      observer,
      receipts,
      files,
      meter,
    });
  }

  private async load(sessionId: string): Promise<SessionRoom> {
    const { leases } = this.options;
    if (leases) {
      const lease = await leases.acquire(sessionId);
      if (!lease.mine) {
        throw new RelayError(RelayErrorCodes.SESSION_ELSEWHERE, 'another relay process holds this session', { ownerUrl: lease.ownerUrl });
      }
    }
    let loaded: LoadedLog;
    try {
      loaded = await this.options.log.open(sessionId);
    } catch (error) {
      await leases?.release(sessionId);
      throw error;
    }
    const { logger, log } = this.options;
    const room = new SessionRoom(sessionId, loaded, this.roomContext);
    if (this.closed) {
      room.unloaded = true;
      await log.release(sessionId).catch(() => {});
      await leases?.release(sessionId);
      throw new RelayError(RelayErrorCodes.RELAY_CLOSING, 'the relay is closing');
    }
    this.rooms.set(sessionId, room);
    logger.debug({ sessionId, events: loaded.events.length }, 'session loaded');
    this.scheduleUnload(room);
    this.options.observer?.loaded?.(room);
    return room;
  }

  private scheduleUnload(room: SessionRoom): void {
    if (this.closed || room.unloaded || !room.isIdle()) return;
    const existing = this.idleTimers.get(room);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.idleTimers.delete(room);
      if (room.isIdle()) void this.unload(room);
    }, this.options.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(room, timer);
  }

  private async unload(room: SessionRoom, giveBackLease = true): Promise<void> {
    if (room.unloaded) return;
    room.unloaded = true;
    const timer = this.idleTimers.get(room);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(room);
    if (this.rooms.get(room.sessionId) === room) this.rooms.delete(room.sessionId);
    try {
      await this.options.log.release(room.sessionId);
      this.options.logger.debug({ sessionId: room.sessionId }, 'session unloaded');
    } catch (error) {
      this.options.logger.warn({ err: error, sessionId: room.sessionId }, 'releasing a session log failed');
    }
    // After the log is released: the next holder loads everything this one wrote.
    if (giveBackLease) await this.options.leases?.release(room.sessionId);
  }
}
