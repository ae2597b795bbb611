import { createHash } from 'node:crypto';
import { close, fdatasync, open as open_, write, writeSync } from 'node:fs';
import { copyFile, open, readFile, rename } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { isSessionEvent, type SessionEvent } from '../../src/protocol/index.js';
import { newEpoch } from '../ids.js';
import type { LoadedLog } from './event-log.js';
import type { LineBytes } from './line-bytes.js';

/**
 * One session's log file: `<sha256(sessionId)>.jsonl` in the sessions folder. Line 1 is
 * `{"epoch":…,"sessionId":…}`, then one event per line. Here: reading it (with the repair of a
 * torn or corrupt tail), writing lines into it, and rewriting it whole.
 */

/** The sessions folder and how it is written; made once by the event log, shared by its parts. */
export interface LogFolder {
  dir: string;
  /** fdatasync every write before it counts as done. */
  fsync: boolean;
  logger: Logger | undefined;
}

/** A session whose log is open. */
export interface OpenLog {
  sessionId: string;
  /**
   * The file, opened for appending: a plain descriptor, not a `FileHandle` (that object, its
   * native half and its listeners cost about 700 B in every open session). Closed by
   * {@link closeLogFile} when the session is released.
   */
  fd: number;
  /** `{"s":<sessionId>,"p":<epoch>,"e":`: the start of this session's journal lines. */
  prefix: string;
  /** Its length in UTF-8. */
  prefixBytes: number;
  /** Event lines in the journal, not yet copied into this session's file (as bytes: see LineBytes). */
  backlog: LineBytes;
  /** Lines of a write-back in flight: taken from the backlog, maybe not yet in the file. */
  copying: LineBytes | null;
  /** The buffer of the last write-back, emptied, to be the next backlog (null until one ran). */
  spare: LineBytes | null;
  /** Set after a failed write: the file's tail is unknown until it is opened again. */
  failed: unknown;
}

/**
 * The start of a session's journal lines, as one flat string. It lives as long as the session
 * is open, so it is kept small: a text made by joining parts is a tree of pieces until it is
 * flattened, and bytes (a `Buffer`) cost about 200 B more than the text (its array buffer and
 * view objects); a short `Buffer.from()` was worse, a slice that kept a whole 8 KB pool slab.
 */
export function journalPrefix(sessionId: string, epoch: string): Pick<OpenLog, 'prefix' | 'prefixBytes'> {
  const bytes = Buffer.from(`{"s":${JSON.stringify(sessionId)},"p":${JSON.stringify(epoch)},"e":`, 'utf8');
  return { prefix: bytes.toString('utf8'), prefixBytes: bytes.length };
}

/** First line of every log file. */
interface LogHeader {
  epoch: string;
  sessionId: string;
}

/** A log file as read: the events up to the first bad line, and what to do about the rest. */
export type ParsedLog = { log: LoadedLog; action: 'none' | 'truncate' | 'rewrite'; goodEnd: number } | 'replace' | null;

const NEWLINE = 0x0a;

/** Path of a session's log file, named by the SHA-256 of the session id (so no id, `../` included, ever becomes a path). */
export function sessionLogPath(dir: string, sessionId: string): string {
  return join(dir, `${createHash('sha256').update(sessionId, 'utf8').digest('hex')}.jsonl`);
}

/** `seq` of an event's JSON line (`{"seq":N,…}` as the relay writes it; parsed otherwise); 0 if none. */
export function seqOf(line: string): number {
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

export function parseLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads a log file. Returns `null` when it holds no header but a torn one (nothing was ever
 * acked from it), `'replace'` when its first line is not a header of this session but more
 * follows (not our log: keep a copy, start anew), else the events up to the first bad line
 * and what to do about the rest.
 */
export function parseLogFile(sessionId: string, content: Buffer): ParsedLog {
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

/**
 * Loads a session's file for `open`: creates it when missing; cuts a torn last line; copies a
 * file with a corrupt line aside (`*.corrupt-<time>`) and rewrites it with the events before
 * that line under a new epoch, so that clients holding later events reload instead of resuming
 * into a different history; then appends the lines of a failed write (`orphans`) it lacks.
 */
export async function loadSessionFile(
  folder: LogFolder,
  sessionId: string,
  orphans: Map<string, string[]>,
): Promise<LoadedLog> {
  const { fsync, logger } = folder;
  const path = sessionLogPath(folder.dir, sessionId);
  let content: Buffer | null;
  try {
    content = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    content = null;
  }
  const parsed = content && content.length > 0 ? parseLogFile(sessionId, content) : null;
  let loaded: LoadedLog;
  if (parsed === 'replace') {
    const aside = `${path}.corrupt-${Date.now()}`;
    await copyFile(path, aside);
    logger?.error({ sessionId, copy: aside }, 'event log has no valid header; starting a new log');
  }
  if (parsed === null || parsed === 'replace') {
    loaded = { epoch: newEpoch(), events: [], lines: [] };
    await rewriteLogFile(folder, path, sessionId, loaded);
  } else {
    loaded = parsed.log;
    if (parsed.action === 'truncate') {
      logger?.warn({ sessionId, keptBytes: parsed.goodEnd }, 'event log had a torn last line; cut it off');
      const handle = await open(path, 'r+');
      try {
        await handle.truncate(parsed.goodEnd);
        if (fsync) await handle.datasync();
      } finally {
        await handle.close();
      }
    } else if (parsed.action === 'rewrite') {
      const aside = `${path}.corrupt-${Date.now()}`;
      await copyFile(path, aside);
      logger?.error(
        { sessionId, keptEvents: loaded.events.length, copy: aside },
        'event log has a corrupt line before its end; kept the events before it under a new epoch',
      );
      loaded.epoch = newEpoch();
      await rewriteLogFile(folder, path, sessionId, loaded);
    }
  }
  const orphaned = orphans.get(sessionId);
  if (orphaned) {
    // Lines of a failed write: the file may hold some of them (a torn one was cut above).
    if (parsed === null || parsed === 'replace' || parsed.action === 'rewrite') {
      logger?.error({ sessionId, lines: orphaned.length }, 'event log was replaced; lines of a failed write are dropped (the journals are kept)');
    } else {
      const missing: string[] = [];
      for (const line of orphaned) {
        if (seqOf(line) !== loaded.events.length + missing.length + 1) continue;
        missing.push(line);
      }
      if (missing.length > 0) {
        await appendToFile(folder, path, missing);
        for (const line of missing) {
          loaded.events.push(JSON.parse(line) as SessionEvent);
          loaded.lines?.push(line);
        }
      }
    }
    orphans.delete(sessionId);
  }
  return loaded;
}

function encodeLines(lines: string[]): Buffer {
  return Buffer.from(lines.length === 1 ? `${lines[0]}\n` : `${lines.join('\n')}\n`, 'utf8');
}

/** Appends lines (their bytes, each ending in a newline) to an open session file synchronously (a page-cache copy, without `fsync`). */
export function writeLinesNow(log: OpenLog, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(log.fd, data, offset, data.length - offset);
}

/** Appends lines (their bytes, each ending in a newline) to an open session file; synced with `fsync`. */
export async function writeLines(log: OpenLog, data: Buffer, fsync: boolean): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    offset += await sessionFileWrites.write(log.fd, data, offset, data.length - offset);
  }
  if (fsync) await sessionFileWrites.fdatasync(log.fd);
}

/**
 * The asynchronous writes into open session files, in one object so that a test can put a
 * fault (a full disk) between the relay and the file.
 */
export const sessionFileWrites = {
  /** Appends `length` bytes of `data` from `offset`; resolves with the bytes written. */
  write(fd: number, data: Buffer, offset: number, length: number): Promise<number> {
    return new Promise((resolve, reject) => write(fd, data, offset, length, null, (error, bytes) => (error ? reject(error) : resolve(bytes))));
  },
  fdatasync: promisify(fdatasync),
};

const closeAsync = promisify(close);

const openAsync = promisify(open_);

/** Opens a session's file for appending (its descriptor, for {@link OpenLog.fd}). */
export function openForAppend(path: string): Promise<number> {
  return openAsync(path, 'a');
}

/** Closes an open session's file. */
export function closeLogFile(log: Pick<OpenLog, 'fd'>): Promise<void> {
  return closeAsync(log.fd);
}

/** Appends lines to a closed session file (recovery, orphans); synced with `fsync`. */
export async function appendToFile(folder: LogFolder, path: string, lines: string[]): Promise<void> {
  const handle = await open(path, 'a');
  try {
    await handle.write(encodeLines(lines));
    if (folder.fsync) await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Writes a complete log file atomically (temp file, then rename). */
async function rewriteLogFile(folder: LogFolder, path: string, sessionId: string, log: LoadedLog): Promise<void> {
  const header: LogHeader = { epoch: log.epoch, sessionId };
  const body = [JSON.stringify(header), ...(log.lines ?? log.events.map((e) => JSON.stringify(e)))].join('\n') + '\n';
  const temp = `${path}.tmp-${process.pid}`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(body, 'utf8');
    if (folder.fsync) await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  if (folder.fsync) await syncDir(folder.dir);
}

/** Makes the folder's entries (a new or renamed file's name) durable. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms cannot fsync a directory; the file itself is synced.
  }
}
