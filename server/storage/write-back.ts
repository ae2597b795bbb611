import { closeSync, unlinkSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { GroupJournal } from './journal.js';
import { LineBytes } from './line-bytes.js';
import { syncDir, writeLines, writeLinesNow, type LogFolder, type OpenLog } from './session-file.js';

/**
 * Write-back: every `writeBackMs` (and when the journal passes 8 MB, and when a session is
 * released) a new journal is started, each session's journaled events are appended to its own
 * file in one write (synced first with `fsync`), and then the old journal is deleted. A journal
 * therefore only ever holds events that may be missing from the session files.
 *
 * A failed write into a session file keeps every journal for the next start and writes nothing
 * more into that file (its tail is unknown) until the session is opened again; the lines that
 * may be missing wait in `orphans` meanwhile.
 */
export class WriteBack {
  /** Set once the event log closes: no timer is started any more. */
  closed = false;
  /** Set after a failed write-back: journals stay on disk for the next start to replay. */
  keepJournals = false;
  /** Journaled lines of released sessions whose write-back failed: written before their next open. */
  readonly orphans = new Map<string, string[]>();
  /** The write-back in flight, if any. */
  writingBack: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly folder: LogFolder,
    private readonly writeBackMs: number,
    private readonly journal: GroupJournal,
    /** The open sessions (the event log's own map). */
    private readonly logs: ReadonlyMap<string, OpenLog>,
  ) {}

  schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, this.writeBackMs);
    this.timer.unref();
  }

  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Starts a new journal, copies every session's backlog into its file (one write per
   * session; synced with `fsync`), then deletes the old journal. Resolves once done (at once
   * when there is nothing to do); one write-back at a time.
   */
  run(): Promise<void> {
    const journal = this.journal;
    if (this.writingBack) return this.writingBack.then(() => (journal.current && journal.current.bytes > 0 ? this.run() : undefined));
    const old = journal.current;
    if (!old || old.bytes === 0 || journal.failed !== undefined) return Promise.resolve();
    if (journal.writing) return journal.writing.then(() => this.run());
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // From here on, new batches go to a new journal.
    journal.current = null;
    const work: Array<{ log: OpenLog; lines: LineBytes }> = [];
    for (const log of this.logs.values()) {
      // A failed session's file has an unknown tail: its lines wait for its next open.
      if (log.backlog.count === 0 || log.failed !== undefined) continue;
      work.push({ log, lines: log.backlog });
      log.copying = log.backlog;
      // Two buffers per busy session, taking turns: each settles at its working size.
      log.backlog = log.spare ?? new LineBytes();
      log.spare = null;
    }
    const done = this.copyBacklogs(work).then(
      async (ok) => {
        for (const { log, lines } of work) {
          log.copying = null;
          lines.clear();
          log.spare = lines;
        }
        if (ok && !this.keepJournals) {
          closeSync(old.fd);
          try {
            if (this.folder.fsync) {
              await unlink(old.path);
              await syncDir(this.folder.dir);
            } else {
              unlinkSync(old.path);
            }
          } catch (error) {
            // Its events are in the session files already: a journal that cannot be deleted
            // (or was deleted by someone else) is replayed harmlessly at the next start.
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.folder.logger?.warn({ err: error, path: old.path }, 'could not delete a written-back journal');
          }
        } else {
          // Keep the old journal: it holds events a session file may lack; recovery replays it.
          closeSync(old.fd);
        }
      },
      (error: unknown) => {
        this.folder.logger?.error({ err: error }, 'event log write-back failed');
      },
    );
    this.writingBack = done.finally(() => {
      this.writingBack = null;
    });
    return this.writingBack;
  }

  /**
   * A write into a session file failed: what reached it is unknown (maybe half a line), so
   * nothing more is written after it; `lines` (the ones that may be missing) wait in `orphans`
   * until the session is opened again, which cuts a torn tail and appends the ones missing.
   */
  sessionFailed(log: OpenLog, error: unknown, lines: readonly string[]): void {
    log.failed = error;
    this.orphans.set(log.sessionId, [...(this.orphans.get(log.sessionId) ?? []), ...lines]);
    this.keepJournals = true;
    this.folder.logger?.error({ err: error, sessionId: log.sessionId }, 'event log write-back failed; the journal is kept for recovery');
  }

  /** Appends each backlog to its session file; a session whose write fails is marked failed. */
  private async copyBacklogs(work: Array<{ log: OpenLog; lines: LineBytes }>): Promise<boolean> {
    let ok = true;
    if (!this.folder.fsync) {
      for (const { log, lines } of work) {
        try {
          writeLinesNow(log, lines.bytes());
        } catch (error) {
          ok = false;
          this.sessionFailed(log, error, lines.slice());
        }
      }
      return ok;
    }
    // One session at a time: a burst of parallel fdatasyncs would hold up the journal's own
    // sync, which every ack waits for.
    for (const { log, lines } of work) {
      try {
        await writeLines(log, lines.bytes(), this.folder.fsync);
      } catch (error) {
        ok = false;
        this.sessionFailed(log, error, lines.slice());
      }
    }
    return ok;
  }
}
