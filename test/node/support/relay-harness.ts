import { after } from 'node:test';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pino } from 'pino';
import { createRelay, createToken, FileEventLog, type Relay, type RelayOptions } from '../../../server/index.js';
import type { Role, SessionEvent } from '../../../src/protocol/index.js';

export const SECRET = 'test-secret-of-at-least-16-chars';

export const silentLogger = pino({ level: 'silent' });

/** Generous limits so that tests which send bursts are not rate limited unless they mean to be. */
export const TEST_DEFAULTS: RelayOptions = {
  port: 0,
  host: '127.0.0.1',
  secret: SECRET,
  logger: silentLogger,
  rateLimit: { perSecond: 1000, burst: 1000 },
};

export async function makeTempDir(prefix = 'session-chat-relay-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * Temporary data folders for a `describe` block: `make` one, or `keep` one made elsewhere (a
 * relay's); all are removed after the block. `after` hooks run in the order they were
 * registered, and this one is registered first: what still writes into a folder (a relay, a
 * log) is closed through `closeFirst`, which runs before the folders go.
 */
export function tempDirs(): { make(): Promise<string>; keep(dir: string): string; closeFirst(close: () => Promise<unknown>): void } {
  const dirs: string[] = [];
  const closers: Array<() => Promise<unknown>> = [];
  after(async () => {
    for (const close of closers) await close();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return {
    async make() {
      return this.keep(await makeTempDir());
    },
    keep(dir) {
      dirs.push(dir);
      return dir;
    },
    closeFirst(close) {
      closers.push(close);
    },
  };
}

export interface TestRelay {
  relay: Relay;
  dataDir: string;
  /** `ws://127.0.0.1:PORT/ws/<sessionId>` */
  wsUrl(sessionId: string, token?: string): string;
  token(sessionId: string, participantId: string, role?: Role, name?: string): Promise<string>;
  /** Events in the session's log file on disk (header excluded), read directly. */
  logEvents(sessionId: string): Promise<SessionEvent[]>;
  /** Closes the relay and removes the data folder (unless `keepData`). */
  close(keepData?: boolean): Promise<void>;
}

export function tokenFor(sessionId: string, participantId: string, role: Role = 'customer', name = participantId): Promise<string> {
  return createToken({ secret: SECRET, sessionId, participantId, role, name, ttl: '1h' });
}

export function wsUrlOf(baseUrl: string, sessionId: string, token?: string): string {
  const url = new URL(`/ws/${encodeURIComponent(sessionId)}`, baseUrl.replace(/^http/, 'ws'));
  if (token !== undefined) url.searchParams.set('token', token);
  return url.toString();
}

/** Reads a session's JSONL log the way an operator would: the file itself. */
/**
 * What is durable on disk for a session: its log file plus the events still only in the shared
 * journal (`sessions/journal-<n>.jsonl`, copied into the file by the write-back).
 */
export async function readLogFile(dataDir: string, sessionId: string): Promise<{ header: unknown; events: SessionEvent[] }> {
  const path = new FileEventLog({ dataDir }).pathOf(sessionId);
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n').filter((line) => line.length > 0);
  const header = JSON.parse(lines[0]!) as { epoch: string };
  const events = lines.slice(1).map((line) => JSON.parse(line) as SessionEvent);
  const dir = dirname(path);
  const journals = (await readdir(dir))
    .filter((name) => /^journal-\d+\.jsonl$/.test(name))
    .sort((a, b) => Number(a.slice(8, -6)) - Number(b.slice(8, -6)));
  for (const name of journals) {
    const journal = await readFile(join(dir, name), 'utf8').catch(() => '');
    for (const line of journal.split('\n')) {
      if (line.length === 0) continue;
      let entry: { s: string; p: string; e: SessionEvent };
      try {
        entry = JSON.parse(line) as { s: string; p: string; e: SessionEvent };
      } catch {
        continue;
      }
      if (entry.s === sessionId && entry.p === header.epoch && entry.e.seq === events.length + 1) events.push(entry.e);
    }
  }
  return { header, events };
}

export async function startRelay(options: RelayOptions = {}, dataDir?: string): Promise<TestRelay> {
  const dir = dataDir ?? (await makeTempDir());
  let relay: Relay;
  try {
    relay = await createRelay({ ...TEST_DEFAULTS, dataDir: dir, ...options });
  } catch (error) {
    // A refused option leaves no folder behind (one given by the caller stays theirs).
    if (dataDir === undefined) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    relay,
    dataDir: dir,
    wsUrl: (sessionId, token) => wsUrlOf(relay.url, sessionId, token),
    token: tokenFor,
    logEvents: async (sessionId) => (await readLogFile(dir, sessionId)).events,
    close: async (keepData = false) => {
      await relay.close();
      if (!keepData) await rm(dir, { recursive: true, force: true });
    },
  };
}
