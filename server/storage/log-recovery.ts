import { open, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isSessionEvent, type SessionEvent } from '../../src/protocol/index.js';
import { JOURNAL_NAME, type GroupJournal } from './journal.js';
import { appendToFile, parseLine, parseLogFile, sessionLogPath, syncDir, type LogFolder } from './session-file.js';

/**
 * Crash recovery, on the first open: replays the journals a previous relay left (it died before
 * their write-back) into the session files, then deletes them, and numbers the next journal one
 * past every journal found. Per session, only lines of the file's epoch whose `seq` follows the
 * file's last event are appended (a torn journal line was never acked), so replaying twice
 * changes nothing. A session file's torn last line (the relay died mid-write-back) is cut off first.
 */
export async function recoverJournals(folder: LogFolder, journal: GroupJournal): Promise<void> {
  const { dir, logger } = folder;
  const found = (await readdir(dir))
    .map((name) => JOURNAL_NAME.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ n: Number(m[1]), path: join(dir, m[0]) }))
    .sort((a, b) => a.n - b.n);
  if (found.length === 0) return;
  journal.next = found[found.length - 1]!.n + 1;
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
    const path = sessionLogPath(dir, sessionId);
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch (error) {
      logger?.error({ err: error, sessionId }, 'journal names a session without a log file; its events are dropped');
      continue;
    }
    const parsed = parseLogFile(sessionId, content);
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
    if (lines.length > 0) await appendToFile(folder, path, lines);
    logger?.warn({ sessionId, replayed: lines.length }, 'replayed journaled events into the session log');
  }
  for (const { path } of found) await unlink(path);
  if (folder.fsync) await syncDir(dir);
}
