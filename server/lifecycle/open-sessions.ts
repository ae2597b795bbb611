import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sessionKey } from '../storage/session-key.js';

/**
 * Marks of sessions that still need the lifecycle's attention: open (may end when idle) or
 * ended with a transcript or webhook still to deliver. A mark is written when a session is
 * first loaded, so it exists before any end can be written; it goes once the transcript is
 * stored and announced. At start-up the relay loads every marked session, so a relay killed
 * right after an end still writes the transcript. The mark's mtime is when it last emptied.
 * An ended session's mark says so (`ended: true`): with scale-out, a process whose holder
 * died takes over the marks that are due (ended, or idle past the idle end) in its sweep.
 */

/** A mark as read back: its session, whether the session has ended, and when it last emptied (ms). */
export interface SessionMark {
  sessionId: string;
  ended: boolean;
  emptiedAt: number;
}
export class OpenSessionMarks {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'lifecycle');
    mkdirSync(this.dir, { recursive: true });
  }

  private path(sessionId: string): string {
    return join(this.dir, `${sessionKey(sessionId)}.json`);
  }

  /** Writes the mark if absent (synchronously: it must exist before the room is used). */
  mark(sessionId: string): void {
    try {
      writeFileSync(this.path(sessionId), JSON.stringify({ sessionId }), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }

  /** Records that the session has just emptied (its mark's mtime). */
  touch(sessionId: string, at = new Date()): void {
    try {
      utimesSync(this.path(sessionId), at, at);
    } catch {
      /* not marked */
    }
  }

  /** When the session last emptied (or was marked), in ms; undefined when not marked. */
  emptiedAt(sessionId: string): number | undefined {
    try {
      return statSync(this.path(sessionId)).mtimeMs;
    } catch {
      return undefined;
    }
  }

  /** Records that the session ended (replaces the mark in one rename: a reader sees the old mark or the new one). */
  markEnded(sessionId: string): void {
    const path = this.path(sessionId);
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ sessionId, ended: true }));
    renameSync(temp, path);
  }

  unmark(sessionId: string): void {
    rmSync(this.path(sessionId), { force: true });
  }

  /** Session ids of every mark. */
  list(): string[] {
    return this.entries().map((m) => m.sessionId);
  }

  /** Every mark. */
  entries(): SessionMark[] {
    const marks: SessionMark[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        const path = join(this.dir, name);
        const { sessionId, ended } = JSON.parse(readFileSync(path, 'utf8')) as { sessionId?: unknown; ended?: unknown };
        if (typeof sessionId === 'string') marks.push({ sessionId, ended: ended === true, emptiedAt: statSync(path).mtimeMs });
      } catch {
        /* a mark being written when the relay stopped (or gone meanwhile): its session reloads on the next join */
      }
    }
    return marks;
  }
}
