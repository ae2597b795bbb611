import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { isSessionEvent, type SessionEvent } from '../../src/protocol/index.js';
import { newEpoch } from '../ids.js';
import type { EventLog, LoadedLog } from './event-log.js';

export interface FileEventLogOptions {
  /** The relay's data folder; logs live in `${dataDir}/sessions/`. */
  dataDir: string;
  /** fdatasync every write batch before resolving its appends (group commit). Default: false. */
  fsync?: boolean;
  logger?: Logger;
}

/** First line of every log file. */
interface LogHeader {
  epoch: string;
  sessionId: string;
}

/** Events appended during one event-loop tick: written together, resolved together. */
interface Batch {
  lines: string[];
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface OpenLog {
  handle: FileHandle;
  /** Appends waiting for the next write. */
  batch: Batch | null;
  /** The write in flight, if any. */
  writing: Promise<void> | null;
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
  return { lines: [], promise, resolve, reject };
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
 * Group commit: every event appended to a session within one event-loop tick goes to disk
 * in one `write` at the end of the tick (`setImmediate`), and each append resolves after the
 * write of its batch. Without `fsync` that write is synchronous: it only copies into the page
 * cache, and doing it inline costs less than a thread-pool round trip per session. With
 * `fsync` the write and one `fdatasync` run asynchronously; appends arriving meanwhile form
 * the next batch, so one sync covers many events.
 *
 * Recovery on open: a torn last line (the relay died mid-write; never acked) is cut off. A
 * corrupt line with valid lines after it is logged as an error; the file is copied aside
 * (`*.corrupt-<time>`) and rewritten with the events before it under a new epoch, so that
 * clients holding later events reload instead of resuming into a different history.
 */
export class FileEventLog implements EventLog {
  private readonly dir: string;
  private readonly fsync: boolean;
  private readonly logger: Logger | undefined;
  private readonly logs = new Map<string, OpenLog>();
  /** Open/release of one session run one after the other. */
  private readonly ops = new Map<string, Promise<unknown>>();
  private dirReady: Promise<void> | null = null;
  private closed = false;
  /** Logs with a batch waiting for this tick's flush. */
  private readonly dirty = new Set<OpenLog>();
  private flushScheduled = false;
  private readonly flushDirty = (): void => {
    this.flushScheduled = false;
    const logs = [...this.dirty];
    this.dirty.clear();
    for (const log of logs) this.flush(log);
  };

  constructor(options: FileEventLogOptions) {
    if (typeof options.dataDir !== 'string' || options.dataDir.length === 0) {
      throw new TypeError('The "dataDir" option must be a non-empty string');
    }
    this.dir = join(options.dataDir, 'sessions');
    this.fsync = options.fsync ?? false;
    this.logger = options.logger;
  }

  /** Path of a session's log file. */
  pathOf(sessionId: string): string {
    return join(this.dir, `${createHash('sha256').update(sessionId, 'utf8').digest('hex')}.jsonl`);
  }

  open(sessionId: string): Promise<LoadedLog> {
    if (this.closed) return Promise.reject(new Error('the event log is closed'));
    return this.serial(sessionId, () => this.load(sessionId));
  }

  append(sessionId: string, events: readonly SessionEvent[], encoded?: readonly string[]): Promise<void> {
    const log = this.logs.get(sessionId);
    if (!log) return Promise.reject(new Error(`session log is not open`));
    if (log.failed !== undefined) return Promise.reject(log.failed);
    let batch = log.batch;
    if (!batch) {
      batch = log.batch = newBatch();
      if (!log.writing) {
        this.dirty.add(log);
        if (!this.flushScheduled) {
          this.flushScheduled = true;
          setImmediate(this.flushDirty);
        }
      }
    }
    for (let i = 0; i < events.length; i++) batch.lines.push(encoded?.[i] ?? JSON.stringify(events[i]));
    return batch.promise;
  }

  release(sessionId: string): Promise<void> {
    return this.serial(sessionId, () => this.unload(sessionId));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.logs.keys()].map((id) => this.release(id)));
  }

  /* ---------------------------------------------------------------- writing */

  private flush(log: OpenLog): void {
    const batch = log.batch;
    if (!batch || log.writing) return;
    log.batch = null;
    if (!this.fsync) {
      // Without fsync a write is a copy into the page cache: done synchronously, once per
      // session per tick, it costs less CPU than a thread-pool round trip and acks sooner.
      try {
        this.writeNow(log, batch.lines);
      } catch (error) {
        this.failed(log, batch, error);
        return;
      }
      batch.resolve();
      return;
    }
    log.writing = this.write(log, batch.lines)
      .then(batch.resolve, (error: unknown) => this.failed(log, batch, error))
      .finally(() => {
        log.writing = null;
        if (log.batch) this.flush(log);
      });
  }

  private failed(log: OpenLog, batch: Batch, error: unknown): void {
    log.failed = error;
    this.logger?.error({ err: error }, 'event log write failed');
    batch.reject(error);
    // Appends queued behind a failed write cannot land after an unknown tail.
    log.batch?.reject(error);
    log.batch = null;
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

  /** Resolves once every append made so far is written (or failed). */
  private async settle(log: OpenLog): Promise<void> {
    while (log.writing || log.batch) {
      if (log.batch && !log.writing) this.flush(log);
      await log.writing?.catch(() => {});
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
    await this.settle(log);
    this.logs.delete(sessionId);
    this.dirty.delete(log);
    await log.handle.close();
  }

  private ensureDir(): Promise<void> {
    this.dirReady ??= mkdir(this.dir, { recursive: true }).then(
      () => undefined,
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
    const handle = await open(path, 'a');
    if (this.closed) {
      await handle.close();
      throw new Error('the event log is closed');
    }
    this.logs.set(sessionId, { handle, batch: null, writing: null, failed: undefined });
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
