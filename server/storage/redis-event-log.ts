import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { isSessionEvent, type SessionEvent } from '../../src/protocol/index.js';
import { newEpoch } from '../ids.js';
import { RelayError, RelayErrorCodes } from '../relay-error.js';
import type { EventLog, LoadedLog } from './event-log.js';
import { sessionKey } from './session-key.js';

/**
 * Appends events to a session's stream only if the log is the one the writer loaded (same
 * epoch) and its last seq is just before the first new one, so nothing is written twice, out of
 * order or after a hole; all in one script, which Redis runs atomically.
 *   KEYS: meta hash, stream. ARGV: epoch, first seq, then one JSON line per event.
 *   Returns the new last seq, or an error reply `CONFLICT <epoch> <last seq>`.
 */
const APPEND_SCRIPT = `
local epoch = redis.call('HGET', KEYS[1], 'epoch')
local last = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
local first = tonumber(ARGV[2])
if epoch ~= ARGV[1] or last ~= first - 1 then
  return redis.error_reply('CONFLICT ' .. tostring(epoch) .. ' ' .. last)
end
for i = 3, #ARGV do
  redis.call('XADD', KEYS[2], (first + i - 3) .. '-0', 'e', ARGV[i])
end
local newLast = first + #ARGV - 3
redis.call('HSET', KEYS[1], 'seq', newLast)
return newLast
`;

/**
 * Opens a session's log: makes its epoch if the session is new, then gives the epoch and every
 * line, read in one script so that no append falls between the two.
 *   KEYS: meta hash, stream. ARGV: an epoch for a new log. Returns { epoch, entries }.
 */
const OPEN_SCRIPT = `
redis.call('HSETNX', KEYS[1], 'epoch', ARGV[1])
local epoch = redis.call('HGET', KEYS[1], 'epoch')
return { epoch, redis.call('XRANGE', KEYS[2], '-', '+') }
`;

type StreamEntry = [id: string, fields: string[]];

interface ScriptedRedis extends Redis {
  sessionChatAppend(meta: string, stream: string, epoch: string, firstSeq: number, ...lines: string[]): Promise<number>;
  sessionChatOpen(meta: string, stream: string, epoch: string): Promise<[string, StreamEntry[]]>;
}

export interface RedisEventLogOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` for TLS. */
  url: string;
  /** Prefix of every key (default `session-chat:`), to share one Redis with other applications. */
  keyPrefix?: string;
  logger?: Logger;
}

interface OpenSession {
  epoch: string;
  meta: string;
  stream: string;
}

/**
 * The `EventLog` seam on Redis: one stream per session (`<prefix>{<session key>}:log`, entry id
 * `<seq>-0`, field `e` = the event's JSON) and a hash (`…:meta`: `epoch`, `seq`). An append is
 * one script run (checked against the epoch and the last seq, see {@link APPEND_SCRIPT}) and
 * resolves once Redis has applied it: with `appendonly yes` and `appendfsync always`, once it is
 * on Redis's disk; with `everysec`, a crash of Redis's machine may lose the last second (the
 * README's scale-out section says which to choose). Keys of one session share a hash tag, so
 * the scripts also run on Redis Cluster.
 *
 * Its declarations name no ioredis type (the client is private), so hosts compile the relay's
 * types without ioredis's.
 *
 * While Redis cannot be reached, calls fail at once with `SC_ERR_STORE_UNAVAILABLE` (no command
 * waits in a queue to be written later, after the relay gave up on it); the client reconnects
 * meanwhile and the next open works again.
 */
export class RedisEventLog implements EventLog {
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private readonly sessions = new Map<string, OpenSession>();
  private readonly ready: Promise<void>;
  private closed = false;

  constructor(options: RedisEventLogOptions) {
    this.prefix = options.keyPrefix ?? 'session-chat:';
    this.redis = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      enableAutoPipelining: true,
      retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2_000),
    }) as ScriptedRedis;
    this.redis.defineCommand('sessionChatAppend', { numberOfKeys: 2, lua: APPEND_SCRIPT });
    this.redis.defineCommand('sessionChatOpen', { numberOfKeys: 2, lua: OPEN_SCRIPT });
    this.redis.on('error', (error: Error) => options.logger?.warn({ err: error }, 'redis connection error'));
    this.ready = this.redis.connect().catch((error: unknown) => {
      options.logger?.error({ err: error }, 'redis: first connection failed; retrying');
    });
  }

  async open(sessionId: string): Promise<LoadedLog> {
    if (this.closed) throw new RelayError(RelayErrorCodes.LOG_CLOSED, 'the event log is closed');
    await this.ready;
    const key = `${this.prefix}{${sessionKey(sessionId)}}`;
    const meta = `${key}:meta`;
    const stream = `${key}:log`;
    const [epoch, entries] = await this.call(() => this.redis.sessionChatOpen(meta, stream, newEpoch()));
    const events: SessionEvent[] = [];
    const lines: string[] = [];
    for (const [id, fields] of entries) {
      const line = fields[fields.indexOf('e') + 1];
      const event = parseLine(line);
      if (!event || event.seq !== events.length + 1 || id !== `${event.seq}-0`) {
        throw new RelayError(RelayErrorCodes.LOG_CORRUPT, `the Redis log of a session has an unreadable or out-of-order entry ${id}`);
      }
      events.push(event);
      lines.push(line!);
    }
    this.sessions.set(sessionId, { epoch, meta, stream });
    return { epoch, events, lines };
  }

  append(sessionId: string, events: readonly SessionEvent[], encoded?: readonly string[]): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session) return Promise.reject(new RelayError(RelayErrorCodes.LOG_NOT_OPEN, 'session log is not open'));
    if (events.length === 0) return Promise.resolve();
    const first = events[0]!.seq;
    const lines = encoded ?? events.map((event) => JSON.stringify(event));
    return this.call(() => this.redis.sessionChatAppend(session.meta, session.stream, session.epoch, first, ...lines)).then(() => undefined);
  }

  async read(sessionId: string, afterSeq: number, limit?: number): Promise<string[]> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new RelayError(RelayErrorCodes.LOG_NOT_OPEN, 'session log is not open');
    const from = `${afterSeq + 1}-0`;
    const entries = (await this.call(() =>
      limit === undefined || !Number.isFinite(limit)
        ? this.redis.xrange(session.stream, from, '+')
        : this.redis.xrange(session.stream, from, '+', 'COUNT', limit),
    )) as StreamEntry[];
    return entries.map(([, fields]) => fields[fields.indexOf('e') + 1]!);
  }

  release(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sessions.clear();
    await this.ready;
    // QUIT waits for the replies of commands already sent (appends in flight finish first).
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Runs a command; Redis's refusals and an unreachable Redis become coded errors. */
  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message.startsWith('CONFLICT')) {
        throw new RelayError(RelayErrorCodes.LOG_CONFLICT, `the session's Redis log moved on without this relay (${message})`, { cause: error });
      }
      if (error instanceof RelayError) throw error;
      throw new RelayError(RelayErrorCodes.STORE_UNAVAILABLE, `Redis: ${message}`, { cause: error });
    }
  }
}

function parseLine(line: string | undefined): SessionEvent | undefined {
  if (line === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return isSessionEvent(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
