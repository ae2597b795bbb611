import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import type { BlobRecord, BlobStore } from '../storage/blob-store.js';
import { ConversionError, convertToPdf, type LibreOfficeLimits } from './libreoffice.js';

/**
 * The formats the converter is offered for: office documents whose in-browser preview is text
 * only, approximate or missing. The extension (from the sanitized name) also tells LibreOffice
 * which import filter to use; nothing else of the name reaches a path.
 */
export const RENDITION_EXTENSIONS: readonly string[] = [
  'doc', 'docx', 'docm', 'dot', 'dotx', 'odt', 'fodt', 'rtf', 'sxw', 'wpd',
  'xls', 'xlsx', 'xlsm', 'xlsb', 'ods', 'fods', 'sxc',
  'ppt', 'pptx', 'pptm', 'pps', 'ppsx', 'odp', 'fodp', 'sxi',
];

export interface RenditionsOptions extends LibreOfficeLimits {
  /** Where PDFs are kept: `${dir}/<fileId>.pdf`, beside the blob store. */
  dir: string;
  blobs: BlobStore;
  /** Larger files are not converted. */
  maxInputBytes: number;
  logger: Logger;
}

/** A rendition that could not be made, with the reason told to the reader. */
export class RenditionError extends Error {
  override readonly name = 'RenditionError';
}

/** The extension of a sanitized file name, lower case, when the converter takes it. */
export function renditionExtensionOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return RENDITION_EXTENSIONS.includes(ext) ? ext : undefined;
}

/**
 * PDF renditions of shared files, made once with LibreOffice and cached beside the blobs.
 * Conversions run one at a time (each is a whole office suite: 100–300 MB); asking again for a
 * file being converted waits for the same run. A failed file is remembered, not retried, until
 * the relay restarts.
 */
export class Renditions {
  private readonly running = new Map<string, Promise<string>>();
  private readonly failed = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RenditionsOptions) {}

  /** The path of the file's PDF rendition, converting it first when needed. */
  async pdfOf(record: BlobRecord): Promise<{ path: string; size: number }> {
    const path = join(this.options.dir, `${record.id}.pdf`);
    const cached = await stat(path).catch(() => undefined);
    if (cached) return { path, size: cached.size };
    const reason = this.failed.get(record.id);
    if (reason) throw new RenditionError(reason);
    let run = this.running.get(record.id);
    if (!run) {
      run = this.enqueue(() => this.convert(record, path));
      this.running.set(record.id, run);
      void run.catch(() => undefined).finally(() => this.running.delete(record.id));
    }
    await run;
    return { path, size: (await stat(path)).size };
  }

  /** Drops a file's rendition (its file was deleted). */
  async delete(fileId: string): Promise<void> {
    this.failed.delete(fileId);
    await rm(join(this.options.dir, `${fileId}.pdf`), { force: true });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async convert(record: BlobRecord, target: string): Promise<string> {
    const ext = renditionExtensionOf(record.meta.name);
    if (!ext) return this.fail(record.id, 'the converter takes no files of this type');
    if (record.size > this.options.maxInputBytes) return this.fail(record.id, `the file is larger than ${this.options.maxInputBytes} bytes`);
    await mkdir(this.options.dir, { recursive: true });
    const work = await mkdtemp(join(this.options.dir, `.${record.id}-`));
    const started = Date.now();
    try {
      const input = join(work, `input.${ext}`);
      const blob = await this.options.blobs.get(record.id);
      if (!blob) return this.fail(record.id, 'the file is gone');
      await pipeline(blob.stream, createWriteStream(input));
      const out = join(work, 'out');
      await mkdir(out);
      const pdf = await convertToPdf(input, out, this.options);
      await rename(pdf, target);
      this.options.logger.info({ fileId: record.id, ms: Date.now() - started }, 'rendition made');
      return target;
    } catch (error) {
      if (error instanceof RenditionError) throw error;
      const reason = error instanceof ConversionError ? error.reason : 'failed';
      this.options.logger.warn({ err: error, fileId: record.id, ms: Date.now() - started }, 'rendition failed');
      if (reason === 'missing') throw new RenditionError('the converter is not installed');
      return this.fail(record.id, reason === 'timeout' ? 'the conversion took too long' : 'the file could not be converted');
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private fail(fileId: string, reason: string): never {
    this.failed.set(fileId, reason);
    throw new RenditionError(reason);
  }
}
