import type { Readable } from 'node:stream';

/** What the relay records about a stored file, next to its bytes. */
export interface BlobMeta {
  /** Display name (already sanitized); never part of a path. */
  name: string;
  /** Sanitized MIME type. */
  type: string;
  /** The session the file was shared in. */
  sessionId: string;
  /** Participant id of the uploader. */
  ownerId: string;
}

/** The result of {@link BlobStore.put}. */
export interface StoredBlob {
  /** Relay-made id (32 lower-case hex characters); also the file id in `file.shared`. */
  id: string;
  size: number;
  /** SHA-256 of the bytes, hex, computed while they were stored. */
  sha256: string;
}

export interface BlobRecord extends StoredBlob {
  meta: BlobMeta;
  /** When it was stored, ms since the epoch. */
  createdAt: number;
}

/** A byte range, both ends inclusive (as in HTTP `Range: bytes=start-end`). */
export interface BlobRange {
  start: number;
  end: number;
}

/**
 * The storage seam for shared files. The relay only streams through it: `put` reads its
 * input once (hashing as it writes), `get` hands back a stream of the bytes or of one range.
 *
 * - `put(stream, meta)` stores the bytes under a new id and resolves once they are stored.
 * - `get(id, range?)` -> the stream (of the range, when given), the whole size and the record;
 *   `undefined` for an unknown or deleted id.
 * - `stat(id)` -> the record, `undefined` for an unknown or deleted id.
 * - `delete(id)` removes the bytes; resolves `true` when there were bytes to remove. The
 *   checksum stays known to `checksums` (transcripts list the files that were removed too).
 * - `checksums(ids)` -> SHA-256 by id for the ids the store knows.
 * - `adopt(path, meta)`, optional: like `put` for a complete file on local disk, which the store
 *   may move instead of copying (the relay's finished uploads); the file is gone afterwards.
 */
export interface BlobStore {
  put(stream: Readable, meta: BlobMeta): Promise<StoredBlob>;
  adopt?(path: string, meta: BlobMeta): Promise<StoredBlob>;
  get(id: string, range?: BlobRange): Promise<{ stream: Readable; size: number; record: BlobRecord } | undefined>;
  stat(id: string): Promise<BlobRecord | undefined>;
  delete(id: string): Promise<boolean>;
  checksums(ids: readonly string[]): Promise<Record<string, string>>;
}
