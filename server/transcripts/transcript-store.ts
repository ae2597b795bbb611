import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { RELAY_ACTOR_ID, type Role } from '../../src/protocol/index.js';
import type { BlobStore } from '../storage/blob-store.js';
import { sessionKey } from '../storage/session-key.js';
import { TRANSCRIPT_CONTENT_TYPES, type TranscriptFormat } from './transcript-writer.js';

/** What the organisation's files list says of one transcript. */
export interface TranscriptRecord {
  sessionId: string;
  startedAt: string | null;
  endedAt: string;
  endedBy: { id: string; name: string; role: Role } | null;
  participants: { id: string; name: string; role: Role }[];
  messageCount: number;
  fileCount: number;
  /** The session's customer reference (the `customer` claim); null or absent when it had none. */
  customer?: string | null;
  /** Byte size of each format. */
  sizes: Record<TranscriptFormat, number>;
}

export interface TranscriptQuery {
  /** At most this many (1–100). */
  limit: number;
  /** Opaque cursor from a previous page's `next`. */
  cursor?: string;
  /** Only transcripts of sessions that ended at or after / before this time (ISO 8601). */
  from?: string;
  to?: string;
}

export interface TranscriptPage {
  items: TranscriptRecord[];
  next: string | null;
}

/** Where transcripts are kept: the organisation's files. */
export interface TranscriptStore {
  /** Stores (or replaces, byte-identical) the files of a session's transcript. */
  save(record: TranscriptRecord, files: Record<TranscriptFormat, string>): Promise<void>;
  /** Newest first (by end time, then session id), filtered by date, paged by cursor. */
  list(query: TranscriptQuery): Promise<TranscriptPage>;
  read(sessionId: string, format: TranscriptFormat): Promise<Buffer | undefined>;
  get(sessionId: string): Promise<TranscriptRecord | undefined>;
  /** Every transcript of one customer reference (any order), from an index kept by reference: no scan of every transcript. */
  listByCustomer(customer: string): Promise<TranscriptRecord[]>;
}

const FORMATS: readonly TranscriptFormat[] = ['txt', 'json', 'html'];

function encodeCursor(record: TranscriptRecord): string {
  return Buffer.from(JSON.stringify([record.endedAt, record.sessionId]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    /* fall through */
  }
  return undefined;
}

/** Newest first: later end time first, then session id descending (a total order for paging). */
function newerFirst(a: TranscriptRecord, b: TranscriptRecord): number {
  if (a.endedAt !== b.endedAt) return a.endedAt < b.endedAt ? 1 : -1;
  return a.sessionId < b.sessionId ? 1 : a.sessionId > b.sessionId ? -1 : 0;
}

/** Pages a list of records the way every store answers. */
export function pageRecords(records: readonly TranscriptRecord[], query: TranscriptQuery): TranscriptPage {
  const sorted = [...records].sort(newerFirst);
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const fromMs = query.from ? Date.parse(query.from) : undefined;
  const toMs = query.to ? Date.parse(query.to) : undefined;
  const matching = sorted.filter((r) => {
    const ended = Date.parse(r.endedAt);
    if (fromMs !== undefined && ended < fromMs) return false;
    if (toMs !== undefined && ended > toMs) return false;
    if (after) {
      const [endedAt, sessionId] = after;
      if (r.endedAt > endedAt || (r.endedAt === endedAt && r.sessionId >= sessionId)) return false;
    }
    return true;
  });
  const items = matching.slice(0, query.limit);
  const next = matching.length > query.limit ? encodeCursor(items[items.length - 1]!) : null;
  return { items, next };
}

/** Where a transcript's three files are in the blob store. */
type StoredTranscript = { record: TranscriptRecord; blobs: Record<TranscriptFormat, string> };

/**
 * The organisation's transcripts, stored through the relay's {@link BlobStore} (the same seam
 * as shared files), with a small index: one `${dataDir}/transcripts/<sha256 of the session
 * id>.json` per session naming the record and the blob of each format. The index is written
 * to a temporary name and renamed after the blobs are stored, so a reader never sees half a
 * transcript; blobs of a replaced transcript are deleted afterwards. With `shared` (scale-out:
 * other processes write to the same folder) the index is read again from the folder: `list`
 * picks up index files that are new or changed, `get` and `read` read the session's own file.
 */
export class BlobTranscriptStore implements TranscriptStore {
  private readonly root: string;
  private index: Map<string, StoredTranscript> | undefined;
  /** Session ids by customer reference, kept with `index`. */
  private readonly byCustomer = new Map<string, Set<string>>();
  private loading: Promise<Map<string, StoredTranscript>> | undefined;
  /** Shared folder: the modification time of each index file as last read, by file name. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly blobs: BlobStore,
    dataDir: string,
    private readonly shared = false,
  ) {
    this.root = join(dataDir, 'transcripts');
  }

  async save(record: TranscriptRecord, files: Record<TranscriptFormat, string>): Promise<void> {
    const index = await this.load();
    const previous = await this.entryOf(record.sessionId);
    const blobs = {} as Record<TranscriptFormat, string>;
    for (const format of FORMATS) {
      const stored = await this.blobs.put(Readable.from([Buffer.from(files[format], 'utf8')]), {
        name: `transcript.${format}`,
        type: TRANSCRIPT_CONTENT_TYPES[format],
        sessionId: record.sessionId,
        ownerId: RELAY_ACTOR_ID,
      });
      blobs[format] = stored.id;
    }
    await mkdir(this.root, { recursive: true });
    const entry: StoredTranscript = { record, blobs };
    await atomicWrite(join(this.root, `${sessionKey(record.sessionId)}.json`), `${JSON.stringify(entry)}\n`);
    this.remember(index, entry);
    if (previous) for (const format of FORMATS) await this.blobs.delete(previous.blobs[format]).catch(() => false);
  }

  async list(query: TranscriptQuery): Promise<TranscriptPage> {
    const index = await this.load();
    if (this.shared) await this.rescan(index);
    return pageRecords([...index.values()].map((e) => e.record), query);
  }

  async listByCustomer(customer: string): Promise<TranscriptRecord[]> {
    const index = await this.load();
    if (this.shared) await this.rescan(index);
    const ids = this.byCustomer.get(customer);
    return ids ? [...ids].flatMap((id) => index.get(id)?.record ?? []) : [];
  }

  async get(sessionId: string): Promise<TranscriptRecord | undefined> {
    return (await this.entryOf(sessionId))?.record;
  }

  async read(sessionId: string, format: TranscriptFormat): Promise<Buffer | undefined> {
    const entry = await this.entryOf(sessionId);
    if (!entry) return undefined;
    const blob = await this.blobs.get(entry.blobs[format]);
    if (!blob) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of blob.stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }

  private async entryOf(sessionId: string): Promise<StoredTranscript | undefined> {
    const index = await this.load();
    if (this.shared) await this.readIndexFile(index, `${sessionKey(sessionId)}.json`);
    return index.get(sessionId);
  }

  /** Reads one index file into `index` when it changed since it was last read (shared folder). */
  private async readIndexFile(index: Map<string, StoredTranscript>, name: string): Promise<void> {
    const path = join(this.root, name);
    const mtime = (await stat(path).catch(() => undefined))?.mtimeMs;
    if (mtime === undefined || this.seen.get(name) === mtime) return;
    try {
      const entry = JSON.parse(await readFile(path, 'utf8')) as StoredTranscript;
      this.remember(index, entry);
      this.seen.set(name, mtime);
    } catch {
      /* being replaced right now: read on the next look */
    }
  }

  /** Puts an entry in the index and in the index by customer reference. */
  private remember(index: Map<string, StoredTranscript>, entry: StoredTranscript): void {
    const { sessionId, customer } = entry.record;
    const before = index.get(sessionId)?.record.customer;
    if (before && before !== customer) this.byCustomer.get(before)?.delete(sessionId);
    index.set(sessionId, entry);
    if (!customer) return;
    let ids = this.byCustomer.get(customer);
    if (!ids) this.byCustomer.set(customer, (ids = new Set()));
    ids.add(sessionId);
  }

  /** Shared folder: index files written by other processes since the last look. */
  private async rescan(index: Map<string, StoredTranscript>): Promise<void> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    for (const name of names) if (INDEX_FILE.test(name)) await this.readIndexFile(index, name);
  }

  /** The index, read from the folder once (an entry being written when a relay stopped is skipped: the transcript is written again). */
  private load(): Promise<Map<string, StoredTranscript>> {
    if (this.index) return Promise.resolve(this.index);
    this.loading ??= (async () => {
      const index = new Map<string, StoredTranscript>();
      await this.rescan(index);
      this.index = index;
      return index;
    })();
    return this.loading;
  }
}

const INDEX_FILE = /^[0-9a-f]{64}\.json$/;

async function atomicWrite(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, 'utf8');
  await rename(temp, path);
}
