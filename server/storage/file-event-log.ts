import { closeSync } from 'node:fs';
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { SessionEvent } from '../../src/protocol/index.js';
import { RelayError, RelayErrorCodes } from '../relay-error.js';
import type { EventLog, LoadedLog } from './event-log.js';
import { GroupJournal } from './journal.js';
import { recoverJournals } from './log-recovery.js';
import { LineBytes } from './line-bytes.js';
import { closeLogFile, journalPrefix, loadSessionFile, openForAppend, seqOf, sessionLogPath, writeLines, writeLinesNow, type LogFolder, type OpenLog } from './session-file.js';

import { WriteBack } from './write-back.js';

export interface FileEventLogOptions {
  /** The relay's data folder; logs live in `${dataDir}/sessions/`. */
  dataDir: string;
  /** fdatasync every write batch before resolving its appends (group commit). Default: false. */
  fsync?: boolean;
  /**
   * How often the shared journal's events are copied into the per-session files and the
   * journal is started anew, in ms. Default: 1000, with `fsync` 5000 (each copied file costs
   * an `fdatasync` then). Also done when a session is released.
   */
  writeBackMs?: number;
  logger?: Logger;
}

/**
 * The embedded event log: one append-only JSONL file per session under
 * `${dataDir}/sessions/`, named by the SHA-256 of the session id (so no id, `../` included,
 * ever becomes a path). Line 1 is `{"epoch":…,"sessionId":…}`, then one event per line.
 *
 * Group commit across sessions: every event appended within one event-loop tick, whatever its
 * session, goes to one shared journal (`journal-<n>.jsonl`, one `{"s":sessionId,"e":event}`
 * per line) in one `write` at the end of the tick (`setImmediate`), and each append resolves
 * after that write: one syscall (and with `fsync`, one `fdatasync`) per tick for the whole
 * process instead of one per session. Without `fsync` the write is synchronous (a page-cache
 * copy costs less than a thread-pool round trip); with `fsync` the write and its `fdatasync`
 * run asynchronously and appends arriving meanwhile form the next batch.
 *
 * Write-back: every `writeBackMs` (and when the journal passes 8 MB, and when a session is
 * released) a new journal is started, each session's journaled events are appended to its own
 * file in one write (synced first with `fsync`), and then the old journal is deleted. A journal
 * therefore only ever holds events that may be missing from the session files.
 *
 * Recovery on the first open: journals left by a relay that died are replayed into the session
 * files (events whose `seq` follows the file's last one; a torn journal line was never acked),
 * then deleted. A session file's torn last line (the relay died mid-write-back) is cut off first.
 * A failed write into a session file keeps every journal for the next start and writes nothing
 * more into that file (its tail is unknown) until the session is opened again, which cuts a torn
 * tail and appends the lines it lacks, so acked events are neither lost nor written after a hole.
 * A corrupt line with valid lines after it is logged as an error; the file is copied aside
 * (`*.corrupt-<time>`) and rewritten with the events before it under a new epoch, so that
 * clients holding later events reload instead of resuming into a different history.
 *
 * The parts, one file each: `journal.ts` (the shared journal and its group commit),
 * `write-back.ts` (the timed copy into the session files), `session-file.ts` (a session's file:
 * load, repair, append), `log-recovery.ts` (replaying the journals of a relay that died). This
 * class opens and releases sessions, one operation of a session at a time, and reads them back.
 */
export class FileEventLog implements EventLog {
  private readonly folder: LogFolder;
  private readonly logs = new Map<string, OpenLog>();
  /** Open/release of one session run one after the other. */
  private readonly ops = new Map<string, Promise<unknown>>();
  private dirReady: Promise<void> | null = null;
  private closed = false;
  private readonly journal: GroupJournal;
  private readonly writeBack: WriteBack;

  constructor(options: FileEventLogOptions) {
    if (typeof options.dataDir !== 'string' || options.dataDir.length === 0) {
      throw new TypeError('The "dataDir" option must be a non-empty string');
    }
    const writeBackMs = options.writeBackMs ?? (options.fsync ? 5000 : 1000);
    if (!(writeBackMs > 0) || !Number.isFinite(writeBackMs)) {
      throw new TypeError('The "writeBackMs" option must be a positive number');
    }
    this.folder = { dir: join(options.dataDir, 'sessions'), fsync: options.fsync ?? false, logger: options.logger };
    this.journal = new GroupJournal(this.folder, (full) => {
      if (full) void this.writeBack.run();
      else this.writeBack.schedule();
    });
    this.writeBack = new WriteBack(this.folder, writeBackMs, this.journal, this.logs);
  }

  /** Path of a session's log file. */
  pathOf(sessionId: string): string {
    return sessionLogPath(this.folder.dir, sessionId);
  }

  open(sessionId: string): Promise<LoadedLog> {
    if (this.closed) return Promise.reject(new RelayError(RelayErrorCodes.LOG_CLOSED, 'the event log is closed'));
    return this.serial(sessionId, () => this.load(sessionId));
  }

  append(sessionId: string, events: readonly SessionEvent[], encoded?: readonly string[]): Promise<void> {
    const log = this.logs.get(sessionId);
    if (!log) return Promise.reject(new RelayError(RelayErrorCodes.LOG_NOT_OPEN, 'session log is not open'));
    if (log.failed !== undefined) return Promise.reject(log.failed);
    if (this.journal.failed !== undefined) return Promise.reject(this.journal.failed);
    return this.journal.add(log, events, encoded);
  }

  /**
   * Written events of an open session after `afterSeq`: the lines of its file, then those still
   * only in the journal (being copied, or waiting for the write-back); at most `limit` of them.
   */
  async read(sessionId: string, afterSeq: number, limit = Infinity): Promise<string[]> {
    const log = this.logs.get(sessionId);
    if (!log) throw new RelayError(RelayErrorCodes.LOG_NOT_OPEN, 'session log is not open');
    // Taken before reading the file: a write-back finishing meanwhile only duplicates lines.
    // Lines of a failed write-back (orphans) may be missing from the file: they come first.
    const orphaned = this.writeBack.orphans.get(sessionId) ?? [];
    const journaled = [...orphaned, ...(log.copying?.slice() ?? []), ...log.backlog.slice()];
    const content = await readFile(this.pathOf(sessionId), 'utf8');
    const lines: string[] = [];
    let last = 0;
    let start = content.indexOf('\n') + 1; // after the header
    while (start > 0 && start < content.length) {
      const end = content.indexOf('\n', start);
      if (end < 0) break; // a line being written
      const line = content.slice(start, end);
      const seq = seqOf(line);
      if (seq !== last + 1) break;
      last = seq;
      if (seq > afterSeq) {
        if (lines.length >= limit) return lines;
        lines.push(line);
      }
      start = end + 1;
    }
    for (const line of journaled) {
      if (lines.length >= limit) break;
      const seq = seqOf(line);
      if (seq <= last) continue;
      if (seq !== last + 1) break; // never a silent gap
      last = seq;
      if (seq > afterSeq) lines.push(line);
    }
    return lines;
  }

  release(sessionId: string): Promise<void> {
    return this.serial(sessionId, () => this.unload(sessionId));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.writeBack.closed = true;
    await Promise.all([...this.logs.keys()].map((id) => this.release(id)));
    await this.journal.settle();
    await this.writeBack.run();
    this.writeBack.stopTimer();
    const journal = this.journal.current;
    if (journal && this.logs.size === 0 && this.journal.failed === undefined && !this.writeBack.keepJournals) {
      // Everything is in the session files: the journal holds nothing more.
      this.journal.current = null;
      closeSync(journal.fd);
      await unlink(journal.path).catch(() => {});
    }
  }

  /* ---------------------------------------------------------------- open / release */

  private serial<T>(sessionId: string, op: () => Promise<T>): Promise<T> {
    const previous = this.ops.get(sessionId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(op);
    const tail = next.catch(() => {});
    this.ops.set(sessionId, tail);
    void tail.then(() => {
      if (this.ops.get(sessionId) === tail) this.ops.delete(sessionId);
    });
    return next;
  }

  private async unload(sessionId: string): Promise<void> {
    const log = this.logs.get(sessionId);
    if (!log) return;
    await this.journal.settle();
    // A write-back in flight may hold older lines of this session: they go first.
    while (this.writeBack.writingBack && log.copying) await this.writeBack.writingBack.catch(() => {});
    this.logs.delete(sessionId);
    const lines = log.backlog;
    log.backlog = new LineBytes();
    log.spare = null;
    try {
      if (log.failed !== undefined) {
        // The file's tail is unknown: these wait with the failed lines for the next open.
        const { orphans } = this.writeBack;
        if (lines.count > 0) orphans.set(sessionId, [...(orphans.get(sessionId) ?? []), ...lines.slice()]);
      } else if (lines.count > 0) {
        if (this.folder.fsync) await writeLines(log, lines.bytes(), this.folder.fsync);
        else writeLinesNow(log, lines.bytes());
      }
    } catch (error) {
      this.writeBack.sessionFailed(log, error, lines.slice());
    } finally {
      await closeLogFile(log);
    }
  }

  private ensureDir(): Promise<void> {
    this.dirReady ??= mkdir(this.folder.dir, { recursive: true }).then(
      () => recoverJournals(this.folder, this.journal),
      (error: unknown) => {
        this.dirReady = null;
        throw error;
      },
    );
    return this.dirReady;
  }

  private async load(sessionId: string): Promise<LoadedLog> {
    const existing = this.logs.get(sessionId);
    if (existing) await this.unload(sessionId);
    await this.ensureDir();
    const loaded = await loadSessionFile(this.folder, sessionId, this.writeBack.orphans);
    const fd = await openForAppend(this.pathOf(sessionId));
    if (this.closed) {
      await closeLogFile({ fd });
      throw new RelayError(RelayErrorCodes.LOG_CLOSED, 'the event log is closed');
    }
    this.logs.set(sessionId, {
      sessionId,
      fd,
      ...journalPrefix(sessionId, loaded.epoch),
      backlog: new LineBytes(),
      copying: null,
      spare: null,
      failed: undefined,
    });
    return loaded;
  }
}
