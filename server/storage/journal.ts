import { fdatasync, ftruncateSync, openSync, write as writeFd, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionEvent } from '../../src/protocol/index.js';
import { syncDir, type LogFolder, type OpenLog } from './session-file.js';

/** A journal file: `journal-<n>.jsonl` in the sessions folder, one `{"s":sessionId,"e":event}` per line. */
export interface JournalFile {
  n: number;
  path: string;
  fd: number;
  bytes: number;
  /** With `fsync`: the folder was synced since this journal was created (its name is durable). */
  named: boolean;
}

export const JOURNAL_NAME = /^journal-(\d+)\.jsonl$/;
/** Rotate early when a journal grows past this many bytes. */
const JOURNAL_MAX_BYTES = 8 * 1024 * 1024;

/** Events appended during one event-loop tick (all sessions): written together, resolved together. */
interface Batch {
  /** The session and the event line of each journal line (`<session's prefix><event>}`). */
  logs: OpenLog[];
  events: string[];
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch nobody awaits (every appender gone) must not become an unhandled rejection.
  promise.catch(() => {});
  return { logs: [], events: [], promise, resolve, reject };
}

/**
 * The batch as journal lines, written straight into one buffer: each session's prefix and each
 * event's JSON are encoded once, with no line or joined text made first. `ends[i]` is where
 * event `i`'s JSON ends in it (its `}` and newline follow), so that its bytes can be copied.
 */
function journalBytes(batch: Batch): { data: Buffer; ends: number[] } {
  const { logs, events } = batch;
  let size = 0;
  for (let i = 0; i < events.length; i++) size += logs[i]!.prefixBytes + Buffer.byteLength(events[i]!, 'utf8') + 2;
  const data = Buffer.allocUnsafe(size);
  const ends: number[] = [];
  let offset = 0;
  for (let i = 0; i < events.length; i++) {
    offset += data.write(logs[i]!.prefix, offset, 'utf8');
    offset += data.write(events[i]!, offset, 'utf8');
    ends.push(offset);
    data[offset++] = 0x7d; // }
    data[offset++] = 0x0a; // \n
  }
  return { data, ends };
}

/**
 * The shared journal (group commit across sessions): every event appended within one
 * event-loop tick, whatever its session, goes to `journal-<n>.jsonl` (one
 * `{"s":sessionId,"e":event}` per line) in one `write` at the end of the tick (`setImmediate`),
 * and each append resolves after that write: one syscall (and with `fsync`, one `fdatasync`)
 * per tick for the whole process instead of one per session. Without `fsync` the write is
 * synchronous (a page-cache copy costs less than a thread-pool round trip); with `fsync` the
 * write and its `fdatasync` run asynchronously and appends arriving meanwhile form the next batch.
 *
 * Once a batch is written its events join their sessions' backlogs, which the write-back
 * (`write-back.ts`) copies into the session files; `current` is set to null there to start a
 * new journal.
 */
export class GroupJournal {
  /** The journal appends go to; null until the first append (and after each write-back starts). */
  current: JournalFile | null = null;
  /** Number of the next journal (after recovery: one past every journal found). */
  next = 0;
  /** The journal write in flight (fsync mode), if any. */
  writing: Promise<void> | null = null;
  /** Set after a failed journal write: nothing more is accepted (its tail is unknown). */
  failed: unknown = undefined;
  /** Appends waiting for this tick's journal write. */
  private batch: Batch | null = null;
  private flushScheduled = false;
  private readonly flushTick = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  /**
   * @param written called after each batch is in the journal: `full` when the journal passed
   *   its size limit (write back now), else a write-back is due some time.
   */
  constructor(
    private readonly folder: LogFolder,
    private readonly written: (full: boolean) => void,
  ) {}

  /** Queues events of an open session for this tick's write; resolves once it is written. */
  add(log: OpenLog, events: readonly SessionEvent[], encoded: readonly string[] | undefined): Promise<void> {
    let batch = this.batch;
    if (!batch) {
      batch = this.batch = newBatch();
      if (!this.writing && !this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flushTick);
      }
    }
    for (let i = 0; i < events.length; i++) {
      batch.logs.push(log);
      batch.events.push(encoded?.[i] ?? JSON.stringify(events[i]));
    }
    return batch.promise;
  }

  /**
   * Resolves once every append made so far is in the journal (or failed). Appends made meanwhile
   * are not waited for: other sessions appending every tick would keep it waiting for ever.
   */
  async settle(): Promise<void> {
    const batch = this.batch;
    if (batch && !this.writing) this.flush();
    await this.writing?.catch(() => {});
    // A batch queued behind the write in flight is written right after it.
    await batch?.promise.catch(() => {});
  }

  /** Writes this tick's batch to the journal (one write for every session). */
  private flush(): void {
    const batch = this.batch;
    if (!batch || this.writing) return;
    this.batch = null;
    let journal: JournalFile;
    try {
      journal = this.currentJournal();
    } catch (error) {
      this.failedJournal(batch, error);
      return;
    }
    const { data, ends } = journalBytes(batch);
    if (!this.folder.fsync) {
      // Without fsync a write is a copy into the page cache: done synchronously, once per
      // tick for all sessions, it costs less CPU than a thread-pool round trip and acks sooner.
      try {
        let offset = 0;
        while (offset < data.length) offset += writeSync(journal.fd, data, offset, data.length - offset);
      } catch (error) {
        this.failedJournal(batch, error);
        return;
      }
      this.journaled(journal, batch, data, ends);
      return;
    }
    // A new journal's name must be durable too before anything in it is acked.
    const named = journal.named ? Promise.resolve() : syncDir(this.folder.dir).then(() => void (journal.named = true));
    this.writing = named
      .then(() => this.writeAndSync(journal.fd, data))
      .then(
        () => this.journaled(journal, batch, data, ends),
        (error: unknown) => this.failedJournal(batch, error),
      )
      .finally(() => {
        this.writing = null;
        if (this.batch) this.flush();
      });
  }

  /**
   * The batch is in the journal: its events join their sessions' backlogs (their bytes, copied
   * from the journal's: the text is not kept), its appends resolve.
   */
  private journaled(journal: JournalFile, batch: Batch, data: Buffer, ends: readonly number[]): void {
    journal.bytes += data.length;
    let lineStart = 0;
    for (let i = 0; i < batch.logs.length; i++) {
      const log = batch.logs[i]!;
      log.backlog.pushBytes(data, lineStart + log.prefixBytes, ends[i]!);
      lineStart = ends[i]! + 2;
    }
    batch.resolve();
    this.written(journal.bytes > JOURNAL_MAX_BYTES);
  }

  private failedJournal(batch: Batch, error: unknown): void {
    this.folder.logger?.error({ err: error }, 'event log journal write failed');
    // Cut what this write may have left, so that recovery never replays an event nobody was
    // acked for ahead of one that was. If even that fails, the journal takes nothing more.
    const journal = this.current;
    try {
      if (journal) ftruncateSync(journal.fd, journal.bytes);
    } catch (truncateError) {
      this.failed = truncateError;
      this.folder.logger?.error({ err: truncateError }, 'event log journal could not be cut back; refusing appends');
    }
    batch.reject(error);
    // Appends queued behind a failed write cannot land after an unknown tail.
    this.batch?.reject(error);
    this.batch = null;
  }

  private currentJournal(): JournalFile {
    if (this.current) return this.current;
    const n = this.next++;
    const path = join(this.folder.dir, `journal-${n}.jsonl`);
    this.current = { n, path, fd: openSync(path, 'a'), bytes: 0, named: false };
    return this.current;
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
}
