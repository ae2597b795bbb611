import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobMeta, BlobRange, BlobRecord, BlobStore, StoredBlob } from './blob-store.js';

export interface FileBlobStoreOptions {
  /** The folder of the blobs; the relay uses `${dataDir}/blobs`. */
  dir: string;
  /** fsync each blob and its record before `put` resolves. Default: false. */
  fsync?: boolean;
}

/** Blob ids: 128 random bits in lower-case hex. Anything else is never looked up on disk. */
const BLOB_ID = /^[0-9a-f]{32}$/;
const TEMP_PREFIX = '.tmp-';

/** The sidecar record; `deletedAt` is set once the bytes are gone (the checksum stays). */
interface SidecarRecord extends BlobRecord {
  deletedAt?: number;
}

function isRecord(value: unknown, id: string): value is SidecarRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return r.id === id && typeof r.size === 'number' && typeof r.sha256 === 'string' && typeof r.meta === 'object' && r.meta !== null;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/**
 * The embedded blob store: `${dir}/<id>` holds the bytes, `${dir}/<id>.json` the record (name,
 * type, session, uploader, size, SHA-256). Ids are random hex made here, so no name a user
 * gave ever becomes a path. `put` streams through a hash into a temporary file and renames
 * it into place once complete, so a blob is either whole or absent; memory stays flat
 * whatever the size.
 */
export class FileBlobStore implements BlobStore {
  readonly dir: string;
  private readonly fsync: boolean;
  private dirReady: Promise<void> | null = null;

  constructor(options: FileBlobStoreOptions) {
    if (typeof options.dir !== 'string' || options.dir.length === 0) throw new TypeError('The "dir" option must be a non-empty string');
    this.dir = options.dir;
    this.fsync = options.fsync ?? false;
  }

  /** Path of a blob's bytes; throws a TypeError for anything that is not a blob id. */
  pathOf(id: string): string {
    if (!BLOB_ID.test(id)) throw new TypeError('not a blob id');
    return join(this.dir, id);
  }

  async put(stream: Readable, meta: BlobMeta): Promise<StoredBlob> {
    await this.ready();
    const id = randomBytes(16).toString('hex');
    const temp = join(this.dir, `${TEMP_PREFIX}${id}`);
    const tempRecord = `${temp}.json`;
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        stream,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(temp, { flags: 'wx', flush: this.fsync }),
      );
      const record: BlobRecord = { id, size, sha256: hash.digest('hex'), meta: { ...meta }, createdAt: Date.now() };
      await writeFile(tempRecord, JSON.stringify(record), { flag: 'wx', flush: this.fsync });
      await rename(tempRecord, join(this.dir, `${id}.json`));
      await rename(temp, join(this.dir, id));
      return { id, size, sha256: record.sha256 };
    } catch (error) {
      await Promise.all([rm(temp, { force: true }), rm(tempRecord, { force: true })]);
      throw error;
    }
  }

  /**
   * Stores a complete local file by hashing it in one read pass and renaming it into place (no
   * copy); across file systems it falls back to {@link put}. The file at `path` is gone after.
   */
  async adopt(path: string, meta: BlobMeta): Promise<StoredBlob> {
    await this.ready();
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    const id = randomBytes(16).toString('hex');
    const record: BlobRecord = { id, size, sha256: hash.digest('hex'), meta: { ...meta }, createdAt: Date.now() };
    const tempRecord = join(this.dir, `${TEMP_PREFIX}${id}.json`);
    await writeFile(tempRecord, JSON.stringify(record), { flag: 'wx', flush: this.fsync });
    try {
      await rename(path, join(this.dir, id));
    } catch (error) {
      await rm(tempRecord, { force: true });
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      const stored = await this.put(createReadStream(path), meta);
      await rm(path, { force: true });
      return stored;
    }
    await rename(tempRecord, join(this.dir, `${id}.json`));
    return { id, size, sha256: record.sha256 };
  }

  async get(id: string, range?: BlobRange): Promise<{ stream: Readable; size: number; record: BlobRecord } | undefined> {
    const record = await this.stat(id);
    if (!record) return undefined;
    let handle;
    try {
      // Opened before streaming: a delete during the download unlinks the name, not these bytes.
      handle = await open(join(this.dir, id), 'r');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const stream = handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    return { stream, size: record.size, record };
  }

  async stat(id: string): Promise<BlobRecord | undefined> {
    const record = await this.readRecord(id);
    if (!record || record.deletedAt !== undefined) return undefined;
    const { deletedAt: _deletedAt, ...rest } = record;
    return rest;
  }

  async delete(id: string): Promise<boolean> {
    const record = await this.readRecord(id);
    let removed = true;
    try {
      await unlink(join(this.dir, id));
    } catch (error) {
      if (!isMissing(error)) throw error;
      removed = false;
    }
    if (record && record.deletedAt === undefined) {
      const path = join(this.dir, `${id}.json`);
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify({ ...record, deletedAt: Date.now() }));
      await rename(temp, path);
    }
    return removed;
  }

  async checksums(ids: readonly string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    const records = await Promise.all(ids.map((id) => this.readRecord(id)));
    for (const record of records) if (record) out[record.id] = record.sha256;
    return out;
  }

  /** Removes temporary files of stores that never finished (a crash mid-`put`) older than `olderThanMs`. */
  async sweepTemporary(olderThanMs: number, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.startsWith(TEMP_PREFIX) && !/\.json(\.\d+)?\.tmp$/.test(name)) continue;
      const path = join(this.dir, name);
      try {
        if (now - (await stat(path)).mtimeMs < olderThanMs) continue;
        await rm(path, { force: true });
        removed++;
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return removed;
  }

  private async readRecord(id: string): Promise<SidecarRecord | undefined> {
    if (!BLOB_ID.test(id)) return undefined;
    let text: string;
    try {
      text = await readFile(join(this.dir, `${id}.json`), 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    try {
      const value: unknown = JSON.parse(text);
      return isRecord(value, id) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private ready(): Promise<void> {
    this.dirReady ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
    return this.dirReady;
  }
}
