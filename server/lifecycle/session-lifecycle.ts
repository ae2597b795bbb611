import type { Logger } from 'pino';
import { RELAY_ACTOR_ID } from '../../src/protocol/index.js';
import { RelayError, RelayErrorCodes } from '../relay-error.js';
import type { RoomObserver, SessionRoom } from '../session-room.js';
import type { TranscriptService } from '../transcripts/transcript-service.js';
import type { OpenSessionMarks } from './open-sessions.js';

export interface SessionLifecycleOptions {
  marks: OpenSessionMarks;
  transcripts: TranscriptService;
  room(sessionId: string): Promise<SessionRoom>;
  /** End a session after this long with nobody connected; 0 never. */
  idleEndMs: number;
  logger: Logger;
}

/** The longest delay `setTimeout` takes. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * What happens to a session around its end: the idle auto-end, the transcript after the end,
 * and, at start-up, finishing what a stopped relay left (marked sessions are reloaded).
 */
export class SessionLifecycle implements RoomObserver {
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(private readonly options: SessionLifecycleOptions) {}

  loaded(room: SessionRoom): void {
    const { marks, transcripts } = this.options;
    if (room.ended) {
      if (room.state.transcript === null || marks.emptiedAt(room.sessionId) !== undefined) void transcripts.produce(room.sessionId);
      return;
    }
    // A session that has events is marked; a new one is marked when its first socket attaches.
    if (room.state.lastSeq > 0) marks.mark(room.sessionId);
    if (room.connectedCount === 0 && room.state.lastSeq > 0) {
      const emptiedAt = marks.emptiedAt(room.sessionId) ?? Date.now();
      this.scheduleIdleEnd(room.sessionId, Math.max(0, emptiedAt + this.options.idleEndMs - Date.now()));
    }
  }

  occupied(room: SessionRoom): void {
    this.cancelIdleEnd(room.sessionId);
    if (!room.ended) this.options.marks.mark(room.sessionId);
  }

  emptied(room: SessionRoom): void {
    if (room.ended) return;
    this.options.marks.touch(room.sessionId);
    this.scheduleIdleEnd(room.sessionId, this.options.idleEndMs);
  }

  ended(room: SessionRoom): void {
    this.cancelIdleEnd(room.sessionId);
    try {
      this.options.marks.markEnded(room.sessionId);
    } catch (error) {
      this.options.logger.warn({ err: error, sessionId: room.sessionId }, 'could not mark the session ended');
    }
    void this.options.transcripts.produce(room.sessionId);
  }

  /** Reloads every marked session: ends idle ones later, finishes transcripts of ended ones. */
  async recover(): Promise<void> {
    for (const sessionId of this.options.marks.list()) {
      try {
        await this.options.room(sessionId);
      } catch (error) {
        // Scale-out: another relay process holds it and finishes what it needs.
        if (error instanceof RelayError && error.code === RelayErrorCodes.SESSION_ELSEWHERE) continue;
        this.options.logger.error({ err: error, sessionId }, 'could not reload a session at start-up');
      }
    }
    await this.options.transcripts.idle();
  }

  /**
   * Scale-out: every `everyMs`, takes over the marked sessions that are due and that no process
   * holds (their holder died with their idle end or transcript pending): ended ones, and open
   * ones idle past the idle end. Taking one is taking its lease, so one process does it.
   */
  startSweeping(everyMs: number, isLoaded: (sessionId: string) => boolean): void {
    if (this.sweeper || this.stopped) return;
    this.sweeper = setInterval(() => void this.sweep(isLoaded), everyMs);
    this.sweeper.unref();
  }

  /** One sweep (see {@link startSweeping}); resolves when the sessions it took are loaded. */
  async sweep(isLoaded: (sessionId: string) => boolean): Promise<void> {
    if (this.sweeping || this.stopped) return;
    this.sweeping = true;
    try {
      const now = Date.now();
      const { idleEndMs } = this.options;
      for (const mark of this.options.marks.entries()) {
        if (this.stopped) break;
        const due = mark.ended || (idleEndMs > 0 && mark.emptiedAt + idleEndMs <= now);
        if (!due || isLoaded(mark.sessionId)) continue;
        try {
          await this.options.room(mark.sessionId);
          this.options.logger.info({ sessionId: mark.sessionId, ended: mark.ended }, 'took over a session whose holder is gone');
        } catch (error) {
          if (error instanceof RelayError && error.code === RelayErrorCodes.SESSION_ELSEWHERE) continue;
          this.options.logger.warn({ err: error, sessionId: mark.sessionId }, 'could not take over a session');
        }
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'the session sweep failed');
    } finally {
      this.sweeping = false;
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
  }

  private scheduleIdleEnd(sessionId: string, delayMs: number): void {
    if (this.stopped || this.options.idleEndMs <= 0) return;
    this.cancelIdleEnd(sessionId);
    const timer = setTimeout(() => {
      this.idleTimers.delete(sessionId);
      void this.endIfIdle(sessionId);
    }, Math.min(delayMs, MAX_TIMER_MS));
    timer.unref();
    this.idleTimers.set(sessionId, timer);
  }

  private cancelIdleEnd(sessionId: string): void {
    const timer = this.idleTimers.get(sessionId);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(sessionId);
  }

  private async endIfIdle(sessionId: string): Promise<void> {
    if (this.stopped) return;
    try {
      const room = await this.options.room(sessionId);
      if (room.ended || room.connectedCount > 0) return;
      const emptiedAt = this.options.marks.emptiedAt(sessionId) ?? 0;
      const remaining = emptiedAt + this.options.idleEndMs - Date.now();
      if (remaining > 50) {
        this.scheduleIdleEnd(sessionId, remaining);
        return;
      }
      await room.end(RELAY_ACTOR_ID, 'idle');
      this.options.logger.info({ sessionId }, 'session ended after being idle');
    } catch (error) {
      this.options.logger.warn({ err: error, sessionId }, 'idle end failed');
    }
  }
}
