import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { FileSharing } from './file-sharing.js';
import { UPLOAD_ID, type Uploads } from './uploads.js';

export interface UploadSweeperOptions {
  uploads: Uploads;
  sharing: FileSharing;
  /** Temporary files of a blob store that died mid-write, if it has any to sweep. */
  sweepTemporary?: (olderThanMs: number) => Promise<number>;
  /** Uploads untouched this long are abandoned. */
  expiryMs: number;
  logger: Logger;
}

export interface SweepResult {
  /** Abandoned uploads removed (partial, or complete but never shared). */
  uploads: number;
  /** Temporary blob files and files stored for shares that were never logged. */
  leftovers: number;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/**
 * Deletes abandoned uploads: any upload (partial, or complete and never shared) whose bytes
 * and record were last touched `expiryMs` ago, unless it is being shared right now. Runs every
 * quarter of the expiry (at most hourly) on an unref'd timer, so it never keeps the process up.
 */
export class UploadSweeper {
  private readonly options: UploadSweeperOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepResult> | null = null;

  constructor(options: UploadSweeperOptions) {
    this.options = options;
  }

  start(): void {
    if (this.timer) return;
    const every = Math.min(Math.max(Math.floor(this.options.expiryMs / 4), 50), 60 * 60 * 1000);
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.options.logger.warn({ err: error }, 'sweeping uploads failed'));
    }, every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sweep now (one at a time). */
  sweep(now = Date.now()): Promise<SweepResult> {
    this.running ??= this.sweepOnce(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweepOnce(now: number): Promise<SweepResult> {
    const { uploads, expiryMs } = this.options;
    let names: string[];
    try {
      names = await readdir(uploads.dir);
    } catch (error) {
      if (isMissing(error)) names = [];
      else throw error;
    }
    const lastTouched = new Map<string, number>();
    for (const name of names) {
      const id = name.endsWith('.json') ? name.slice(0, -5) : name;
      if (!UPLOAD_ID.test(id)) continue;
      try {
        const { mtimeMs } = await stat(join(uploads.dir, name));
        lastTouched.set(id, Math.max(lastTouched.get(id) ?? 0, mtimeMs));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    let removed = 0;
    for (const [id, touched] of lastTouched) {
      if (now - touched < expiryMs || uploads.isBusy(id)) continue;
      await rm(join(uploads.dir, id), { force: true });
      await rm(join(uploads.dir, `${id}.json`), { force: true });
      removed++;
    }
    let leftovers = await this.options.sharing.sweep(now);
    if (this.options.sweepTemporary) leftovers += await this.options.sweepTemporary(expiryMs);
    if (removed > 0 || leftovers > 0) this.options.logger.info({ uploads: removed, leftovers }, 'swept abandoned uploads');
    return { uploads: removed, leftovers };
  }
}
