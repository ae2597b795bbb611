import { createHash } from 'node:crypto';
import { closeSync, fdatasync, ftruncateSync, openSync, unlinkSync, write as writeFd, writeSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { isSessionEvent, type SessionEvent } from '../../src/protocol/index.js';
import { newEpoch } from '../ids.js';
import { RelayError, RelayErrorCodes } from '../relay-error.js';
import type { EventLog, LoadedLog } from './event-log.js';

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

/** A journal file: `journal-<n>.jsonl` in the sessions folder, one `{"s":sessionId,"e":event}` per line. */
interface Journal {
  n: number;
  path: string;
  fd: number;
  bytes: number;
  /** With `fsync`: the folder was synced since this journal was created (its name is durable). */
  named: boolean;
}

const JOURNAL_NAME = /^journal-(\d+)\.jsonl$/;
/** Rotate early when a journal grows past this many bytes. */
const JOURNAL_MAX_BYTES = 8 * 1024 * 1024;

/** First line of every log file. */
interface LogHeader {
  epoch: string;
  sessionId: string;
}

/** Events appended during one event-loop tick (all sessions): written together, resolved together. */
interface Batch {
  /** Journal text of every event of the batch, one line each (no trailing newline). */
  lines: string[];
  /** The session and the event line of each journal line. */
  logs: OpenLog[];
  events: string[];
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface OpenLog {
  sessionId: string;
  handle: FileHandle;
  /** `{"s":<sessionId>,"e":` — the start of this session's journal lines. */
  prefix: string;
  /** Event lines in the journal, not yet copied into this session's file. */
  backlog: string[];
  /** Lines of a write-back in flight (fsync): taken from the backlog, maybe not yet in the file. */
  copying: string[];
  /** Set after a failed write: the file's tail is unknown until it is opened again. */
  failed: unknown;
}

const NEWLINE = 0x0a;

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch nobody awaits (every appender gone) must not become an unhandled rejection.
  promise.catch(() => {});
  return { lines: [], logs: [], events: [], promise, resolve, reject };
}

/** `seq` of an event's JSON line (`{"seq":N,…}` as the relay writes it; parsed otherwise); 0 if none. */
function seqOf(line: string): number {
  if (line.startsWith('{"seq":')) {
    const seq = parseInt(line.slice(7, 7 + 17), 10);
    if (Number.isSafeInteger(seq)) return seq;
  }
  const value = parseLine(line) as { seq?: unknown } | undefined;
  return typeof value?.seq === 'number' ? value.seq : 0;
}

function isHeader(value: unknown, sessionId: string): value is LogHeader {
  if (typeof value !== 'object' || value === null) return false;
  const header = value as Record<string, unknown>;
  return typeof header.epoch === 'string' && header.epoch.length > 0 && header.sessionId === sessionId;
}

function parseLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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
 */
export class FileEventLog implements EventLog {
  private readonly dir: string;
  private readonly fsync: boolean;
  private readonly writeBackMs: number;
  private readonly logger: Logger | undefined;
  private readonly logs = new Map<string, OpenLog>();
  /** Open/release of one session run one after the other. */
  private readonly ops = new Map<string, Promise<unknown>>();
  private dirReady: Promise<void> | null = null;
  private closed = false;
  /** The journal appends go to; null until the first append. */
  private journal: Journal | null = null;
  /** Number of the next journal (after recovery: one past every journal found). */
  private nextJournal = 0;
  /** Appends waiting for this tick's journal write. */
  private batch: Batch | null = null;
  /** The journal write in flight (fsync mode), if any. */
  private writing: Promise<void> | null = null;
  /** The write-back in flight, if any. */
  private writingBack: Promise<void> | null = null;
  /** Set after a failed journal write: nothing more is accepted (its tail is unknown). */
  private journalFailed: unknown = undefined;
  private writeBackTimer: NodeJS.Timeout | null = null;
  /** Set after a failed write-back: journals stay on disk for the next start to replay. */
  private keepJournals = false;
  /** Journaled lines of released sessions whose write-back failed: written before their next open. */
  private readonly orphans = new Map<string, string[]>();
  private flushScheduled = false;
  private readonly flushTick = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  constructor(options: FileEventLogOptions) {
    if (typeof options.dataDir !== 'string' || options.dataDir.length === 0) {
      throw new TypeError('The "dataDir" option must be a non-empty string');
    }
    const writeBackMs = options.writeBackMs ?? (options.fsync ? 5000 : 1000);
    if (!(writeBackMs > 0) || !Number.isFinite(writeBackMs)) {
      throw new TypeError('The "writeBackMs" option must be a positive number');
    }
    this.dir = join(options.dataDir, 'sessions');
    this.fsync = options.fsync ?? false;
    this.writeBackMs = writeBackMs;
    this.logger = options.logger;
  }

  /** Path of a session's log file. */
  pathOf(sessionId: string): string {
    return join(this.dir, `${createHash('sha256').update(sessionId, 'utf8').digest('hex')}.jsonl`);
  }

  open(sessionId: string): Promise<LoadedLog> {
    if (this.closed) return Promise.reject(new RelayError(RelayErrorCodes.LOG_CLOSED, 'the event log is closed'));
    return this.serial(sessionId, () => this.load(sessionId));
  }

  append(sessionId: string, events: readonly SessionEvent[], encoded?: readonly string[]): Promise<void> {
    const log = this.logs.get(sessionId);
    if (!log) return Promise.reject(new RelayError(RelayErrorCodes.LOG_NOT_OPEN, 'session log is not open'));
    if (log.failed !== undefined) return Promise.reject(log.failed);
    if (this.journalFailed !== undefined) return Promise.reject(this.journalFailed);
    let batch = this.batch;
    if (!batch) {
      batch = this.batch = newBatch();
      if (!this.writing && !this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flushTick);
      }
    }
    for (let i = 0; i < events.length; i++) {
      const line = encoded?.[i] ?? JSON.stringify(events[i]);
      batch.lines.push(`${log.prefix}${line}}`);
      batch.logs.push(log);
      batch.events.push(line);
    }
    return batch.promise;
  }

  /**
   * Written events of an open session after `afterSeq`: the lines of its file, then those still
   * only in the journal (being copied, or waiting for the write-back).
   */
  async read(sessionId: string, afterSeq: number): Promise<string[]> {
    const log = this.logs.get(sessionId);
    if (!log) throw new RelayError(RelayErrorCodes.LOG_NOT_OPEN, 'session log is not open');
    // Taken before reading the file: a write-back finishing meanwhile only duplicates lines.
    // Lines of a failed write-back (orphans) may be missing from the file: they come first.
    const orphaned = this.orphans.get(sessionId) ?? [];
    const journaled = log.copying.length > 0 || orphaned.length > 0 ? [...orphaned, ...log.copying, ...log.backlog] : log.backlog.slice();
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
      if (seq > afterSeq) lines.push(line);
      start = end + 1;
    }
    for (const line of journaled) {
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
    await Promise.all([...this.logs.keys()].map((id) => this.release(id)));
    await this.settleJournal();
    await this.writeBack();
    if (this.writeBackTimer) clearTimeout(this.writeBackTimer);
    this.writeBackTimer = null;
    if (this.journal && this.logs.size === 0 && this.journalFailed === undefined && !this.keepJournals) {
      // Everything is in the session files: the journal holds nothing more.
      const journal = this.journal;
      this.journal = null;
      closeSync(journal.fd);
      await unlink(journal.path).catch(() => {});
    }
  }

  /* ---------------------------------------------------------------- writing */

  /** Writes this tick's batch to the journal (one write for every session). */
  private flush(): void {
    const batch = this.batch;
    if (!batch || this.writing) return;
    this.batch = null;
    let journal: Journal;
    try {
      journal = this.currentJournal();
    } catch (error) {
      this.failedJournal(batch, error);
      return;
    }
    const data = Buffer.from(`${batch.lines.join('\n')}\n`, 'utf8');
    if (!this.fsync) {
      // Without fsync a write is a copy into the page cache: done synchronously, once per
      // tick for all sessions, it costs less CPU than a thread-pool round trip and acks sooner.
      try {
        let offset = 0;
        while (offset < data.length) offset += writeSync(journal.fd, data, offset, data.length - offset);
      } catch (error) {
        this.failedJournal(batch, error);
        return;
      }
      this.journaled(journal, batch, data.length);
      return;
    }
    // A new journal's name must be durable too before anything in it is acked.
    const named = journal.named ? Promise.resolve() : this.syncDir().then(() => void (journal.named = true));
    this.writing = named
      .then(() => this.writeAndSync(journal.fd, data))
      .then(
        () => this.journaled(journal, batch, data.length),
        (error: unknown) => this.failedJournal(batch, error),
      )
      .finally(() => {
        this.writing = null;
        if (this.batch) this.flush();
      });
  }

  /** The batch is in the journal: its events join their sessions' backlogs, its appends resolve. */
  private journaled(journal: Journal, batch: Batch, bytes: number): void {
    journal.bytes += bytes;
    for (let i = 0; i < batch.logs.length; i++) batch.logs[i]!.backlog.push(batch.events[i]!);
    batch.resolve();
    if (journal.bytes > JOURNAL_MAX_BYTES) void this.writeBack();
    else this.scheduleWriteBack();
  }

  private failedJournal(batch: Batch, error: unknown): void {
    this.logger?.error({ err: error }, 'event log journal write failed');
    // Cut what this write may have left, so that recovery never replays an event nobody was
    // acked for ahead of one that was. If even that fails, the journal takes nothing more.
    const journal = this.journal;
    try {
      if (journal) ftruncateSync(journal.fd, journal.bytes);
    } catch (truncateError) {
      this.journalFailed = truncateError;
      this.logger?.error({ err: truncateError }, 'event log journal could not be cut back; refusing appends');
    }
    batch.reject(error);
    // Appends queued behind a failed write cannot land after an unknown tail.
    this.batch?.reject(error);
    this.batch = null;
  }

  private currentJournal(): Journal {
    if (this.journal) return this.journal;
    const n = this.nextJournal++;
    const path = join(this.dir, `journal-${n}.jsonl`);
    this.journal = { n, path, fd: openSync(path, 'a'), bytes: 0, named: false };
    return this.journal;
  }

  private async writeAndSync(fd: number, data: Buffer): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      offset += await new Promise<number>((resolve, reject) => {
        writeFd(fd, data, offset, data.length - offset, null, (error, n) => (error ? reject(error) : resolve(n)));
      });
    }
    await new Promise<void>((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
  }

  private scheduleWriteBack(): void {
    if (this.writeBackTimer || this.closed) return;
    this.writeBackTimer = setTimeout(() => {
      this.writeBackTimer = null;
      void this.writeBack();
    }, this.writeBackMs);
    this.writeBackTimer.unref();
  }

  /**
   * Starts a new journal, copies every session's backlog into its file (one write per
   * session; synced with `fsync`), then deletes the old journal. Resolves once done (at once
   * when there is nothing to do); one write-back at a time.
   */
  private writeBack(): Promise<void> {
    if (this.writingBack) return this.writingBack.then(() => (this.journal && this.journal.bytes > 0 ? this.writeBack() : undefined));
    const old = this.journal;
    if (!old || old.bytes === 0 || this.journalFailed !== undefined) return Promise.resolve();
    if (this.writing) return this.writing.then(() => this.writeBack());
    if (this.writeBackTimer) clearTimeout(this.writeBackTimer);
    this.writeBackTimer = null;
    // From here on, new batches go to a new journal.
    this.journal = null;
    const work: Array<{ log: OpenLog; lines: string[] }> = [];
    for (const log of this.logs.values()) {
      // A failed session's file has an unknown tail: its lines wait for its next open.
      if (log.backlog.length === 0 || log.failed !== undefined) continue;
      work.push({ log, lines: log.backlog });
      log.copying = log.backlog;
      log.backlog = [];
    }
    const done = this.copyBacklogs(work).then(
      async (ok) => {
        for (const { log } of work) log.copying = [];
        if (ok && !this.keepJournals) {
          closeSync(old.fd);
          if (this.fsync) {
            await unlink(old.path);
            await this.syncDir();
          } else {
            unlinkSync(old.path);
          }
        } else {
          // Keep the old journal: it holds events a session file may lack; recovery replays it.
          closeSync(old.fd);
        }
      },
      (error: unknown) => {
        this.logger?.error({ err: error }, 'event log write-back failed');
      },
    );
    this.writingBack = done.finally(() => {
      this.writingBack = null;
    });
    return this.writingBack;
  }

  /** Appends each backlog to its session file; a session whose write fails is marked failed. */
  private async copyBacklogs(work: Array<{ log: OpenLog; lines: string[] }>): Promise<boolean> {
    let ok = true;
    if (!this.fsync) {
      for (const { log, lines } of work) {
        try {
          this.writeNow(log, lines);
        } catch (error) {
          ok = false;
          this.sessionFailed(log, error, lines);
        }
      }
      return ok;
    }
    // One session at a time: a burst of parallel fdatasyncs would hold up the journal's own
    // sync, which every ack waits for.
    for (const { log, lines } of work) {
      try {
        await this.write(log, lines);
      } catch (error) {
        ok = false;
        this.sessionFailed(log, error, lines);
      }
    }
    return ok;
  }

  /**
   * A write into a session file failed: what reached it is unknown (maybe half a line), so
   * nothing more is written after it; `lines` (the ones that may be missing) wait in `orphans`
   * until the session is opened again, which cuts a torn tail and appends the ones missing.
   */
  private sessionFailed(log: OpenLog, error: unknown, lines: string[]): void {
    log.failed = error;
    this.orphans.set(log.sessionId, [...(this.orphans.get(log.sessionId) ?? []), ...lines]);
    this.keepJournals = true;
    this.logger?.error({ err: error, sessionId: log.sessionId }, 'event log write-back failed; the journal is kept for recovery');
  }

  private encode(lines: string[]): Buffer {
    return Buffer.from(lines.length === 1 ? `${lines[0]}\n` : `${lines.join('\n')}\n`, 'utf8');
  }

  private writeNow(log: OpenLog, lines: string[]): void {
    const data = this.encode(lines);
    let offset = 0;
    while (offset < data.length) offset += writeSync(log.handle.fd, data, offset, data.length - offset);
  }

  private async write(log: OpenLog, lines: string[]): Promise<void> {
    const data = this.encode(lines);
    let offset = 0;
    while (offset < data.length) {
      const { bytesWritten } = await log.handle.write(data, offset, data.length - offset, null);
      offset += bytesWritten;
    }
    if (this.fsync) await log.handle.datasync();
  }

  /**
   * Resolves once every append made so far is in the journal (or failed). Appends made meanwhile
   * are not waited for: other sessions appending every tick would keep it waiting for ever.
   */
  private async settleJournal(): Promise<void> {
    const batch = this.batch;
    if (batch && !this.writing) this.flush();
    await this.writing?.catch(() => {});
    // A batch queued behind the write in flight is written right after it.
    await batch?.promise.catch(() => {});
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
    await this.settleJournal();
    // A write-back in flight may hold older lines of this session: they go first.
    while (this.writingBack && log.copying.length > 0) await this.writingBack.catch(() => {});
    this.logs.delete(sessionId);
    const lines = log.backlog;
    log.backlog = [];
    try {
      if (log.failed !== undefined) {
        // The file's tail is unknown: these wait with the failed lines for the next open.
        if (lines.length > 0) this.orphans.set(sessionId, [...(this.orphans.get(sessionId) ?? []), ...lines]);
      } else if (lines.length > 0) {
        if (this.fsync) await this.write(log, lines);
        else this.writeNow(log, lines);
      }
    } catch (error) {
      this.sessionFailed(log, error, lines);
    } finally {
      await log.handle.close();
    }
  }

  private ensureDir(): Promise<void> {
    this.dirReady ??= mkdir(this.dir, { recursive: true }).then(
      () => this.recover(),
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
    const path = this.pathOf(sessionId);
    let content: Buffer | null;
    try {
      content = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      content = null;
    }
    const parsed = content && content.length > 0 ? this.parse(sessionId, content) : null;
    let loaded: LoadedLog;
    if (parsed === 'replace') {
      const aside = `${path}.corrupt-${Date.now()}`;
      await copyFile(path, aside);
      this.logger?.error({ sessionId, copy: aside }, 'event log has no valid header; starting a new log');
    }
    if (parsed === null || parsed === 'replace') {
      loaded = { epoch: newEpoch(), events: [], lines: [] };
      await this.rewrite(path, sessionId, loaded);
    } else {
      loaded = parsed.log;
      if (parsed.action === 'truncate') {
        this.logger?.warn({ sessionId, keptBytes: parsed.goodEnd }, 'event log had a torn last line; cut it off');
        const handle = await open(path, 'r+');
        try {
          await handle.truncate(parsed.goodEnd);
          if (this.fsync) await handle.datasync();
        } finally {
          await handle.close();
        }
      } else if (parsed.action === 'rewrite') {
        const aside = `${path}.corrupt-${Date.now()}`;
        await copyFile(path, aside);
        this.logger?.error(
          { sessionId, keptEvents: loaded.events.length, copy: aside },
          'event log has a corrupt line before its end; kept the events before it under a new epoch',
        );
        loaded.epoch = newEpoch();
        await this.rewrite(path, sessionId, loaded);
      }
    }
    const orphaned = this.orphans.get(sessionId);
    if (orphaned) {
      // Lines of a failed write: the file may hold some of them (a torn one was cut above).
      if (parsed === null || parsed === 'replace' || parsed.action === 'rewrite') {
        this.logger?.error({ sessionId, lines: orphaned.length }, 'event log was replaced; lines of a failed write are dropped (the journals are kept)');
      } else {
        const missing: string[] = [];
        for (const line of orphaned) {
          if (seqOf(line) !== loaded.events.length + missing.length + 1) continue;
          missing.push(line);
        }
        if (missing.length > 0) {
          await this.appendToFile(path, missing);
          for (const line of missing) {
            loaded.events.push(JSON.parse(line) as SessionEvent);
            loaded.lines?.push(line);
          }
        }
      }
      this.orphans.delete(sessionId);
    }
    const handle = await open(path, 'a');
    if (this.closed) {
      await handle.close();
      throw new RelayError(RelayErrorCodes.LOG_CLOSED, 'the event log is closed');
    }
    this.logs.set(sessionId, {
      sessionId,
      handle,
      prefix: `{"s":${JSON.stringify(sessionId)},"p":${JSON.stringify(loaded.epoch)},"e":`,
      backlog: [],
      copying: [],
      failed: undefined,
    });
    return loaded;
  }

  /**
   * Reads a log file. Returns `null` when it holds no header but a torn one (nothing was ever
   * acked from it), `'replace'` when its first line is not a header of this session but more
   * follows (not our log: keep a copy, start anew), else the events up to the first bad line
   * and what to do about the rest.
   */
  private parse(
    sessionId: string,
    content: Buffer,
  ): { log: LoadedLog; action: 'none' | 'truncate' | 'rewrite'; goodEnd: number } | 'replace' | null {
    const events: SessionEvent[] = [];
    const lines: string[] = [];
    let epoch: string | undefined;
    let position = 0;
    let goodEnd = 0;
    while (position < content.length) {
      const newline = content.indexOf(NEWLINE, position);
      const end = newline < 0 ? content.length : newline;
      const text = content.toString('utf8', position, end);
      const value = newline < 0 ? undefined : parseLine(text);
      const ok =
        epoch === undefined
          ? isHeader(value, sessionId)
          : isSessionEvent(value) && value.seq === events.length + 1;
      if (!ok) {
        const rest = newline < 0 ? '' : content.toString('utf8', newline + 1).trim();
        const torn = rest.length === 0;
        if (epoch === undefined) return torn ? null : 'replace';
        return { log: { epoch, events, lines }, action: torn ? 'truncate' : 'rewrite', goodEnd };
      }
      if (epoch === undefined) {
        epoch = (value as LogHeader).epoch;
      } else {
        events.push(value as SessionEvent);
        lines.push(text);
      }
      position = end + 1;
      goodEnd = position;
    }
    if (epoch === undefined) return null;
    return { log: { epoch, events, lines }, action: 'none', goodEnd };
  }

  /** Appends lines to a closed session file (recovery, orphans); synced with `fsync`. */
  private async appendToFile(path: string, lines: string[]): Promise<void> {
    const handle = await open(path, 'a');
    try {
      await handle.write(this.encode(lines));
      if (this.fsync) await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  /**
   * Replays the journals a previous relay left (it died before their write-back) into the
   * session files, then deletes them. Per session, only lines of the file's epoch whose `seq`
   * follows the file's last event are appended, so replaying twice changes nothing.
   */
  private async recover(): Promise<void> {
    const found = (await readdir(this.dir))
      .map((name) => JOURNAL_NAME.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ n: Number(m[1]), path: join(this.dir, m[0]) }))
      .sort((a, b) => a.n - b.n);
    if (found.length === 0) return;
    this.nextJournal = found[found.length - 1]!.n + 1;
    const bySession = new Map<string, Array<{ epoch: string; event: SessionEvent }>>();
    for (const { path } of found) {
      const text = await readFile(path, 'utf8');
      for (const line of text.split('\n')) {
        if (line.length === 0) continue;
        const value = parseLine(line) as { s?: unknown; p?: unknown; e?: unknown } | undefined;
        // A torn line (the relay died mid-write) was never acked.
        if (!value || typeof value.s !== 'string' || typeof value.p !== 'string' || !isSessionEvent(value.e)) continue;
        const entries = bySession.get(value.s) ?? [];
        entries.push({ epoch: value.p, event: value.e });
        bySession.set(value.s, entries);
      }
    }
    for (const [sessionId, entries] of bySession) {
      const path = this.pathOf(sessionId);
      let content: Buffer;
      try {
        content = await readFile(path);
      } catch (error) {
        this.logger?.error({ err: error, sessionId }, 'journal names a session without a log file; its events are dropped');
        continue;
      }
      const parsed = this.parse(sessionId, content);
      if (parsed === null || parsed === 'replace' || parsed.action === 'rewrite') continue; // open() handles a corrupt file
      if (parsed.action === 'truncate') {
        const handle = await open(path, 'r+');
        try {
          await handle.truncate(parsed.goodEnd);
        } finally {
          await handle.close();
        }
      }
      let last = parsed.log.events.length;
      const lines: string[] = [];
      for (const { epoch, event } of entries) {
        if (epoch !== parsed.log.epoch || event.seq !== last + 1) continue;
        lines.push(JSON.stringify(event));
        last++;
      }
      if (lines.length > 0) await this.appendToFile(path, lines);
      this.logger?.warn({ sessionId, replayed: lines.length }, 'replayed journaled events into the session log');
    }
    for (const { path } of found) await unlink(path);
    if (this.fsync) await this.syncDir();
  }

  /** Writes a complete log file atomically (temp file, then rename). */
  private async rewrite(path: string, sessionId: string, log: LoadedLog): Promise<void> {
    const header: LogHeader = { epoch: log.epoch, sessionId };
    const body = [JSON.stringify(header), ...(log.lines ?? log.events.map((e) => JSON.stringify(e)))].join('\n') + '\n';
    const temp = `${path}.tmp-${process.pid}`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(body, 'utf8');
      if (this.fsync) await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    if (this.fsync) await this.syncDir();
  }

  private async syncDir(): Promise<void> {
    try {
      const dir = await open(this.dir, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch {
      // Some platforms cannot fsync a directory; the file itself is synced.
    }
  }
}
