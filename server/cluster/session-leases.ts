import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RelayError, RelayErrorCodes } from '../relay-error.js';
import { sessionKey } from '../storage/session-key.js';

/** Who holds a session: this process, or another one listening at `ownerUrl`. */
export type LeaseAnswer = { mine: true } | { mine: false; ownerUrl: string };

/**
 * Which relay process holds each session. The holder loads the session's room and is the only
 * one that decides, appends and fans out its events; every other process passes the session's
 * sockets and requests to it. Without scale-out there is no such seam: the one process holds all.
 */
export interface SessionLeases {
  /** Takes the session's lease for this process, or names the process that holds it. */
  acquire(sessionId: string): Promise<LeaseAnswer>;
  /**
   * The URL of the process holding the session when that is another one; undefined when this
   * process holds it, nobody does, or the store cannot say (a look only: nothing is taken).
   */
  holderElsewhere(sessionId: string): Promise<string | undefined>;
  /** Gives the lease back (the room was unloaded); a lease that moved on is left alone. */
  release(sessionId: string): Promise<void>;
  /** Gives every lease back (shutdown, after the writes in flight finished). */
  releaseAll(): Promise<void>;
  /** Answers once the lease store can be reached (for `GET /readyz`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Sets the lease when free (or already ours: then only renews it). KEYS: lease. ARGV: holder, ms. Returns the holder. */
const ACQUIRE_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if not holder or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
return holder
`;

/** Renews the lease if it is still ours. KEYS: lease. ARGV: holder, ms. Returns 1 renewed, 0 lost. */
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

/** Deletes the lease if it is still ours. KEYS: lease. ARGV: holder. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

interface LeaseRedis extends Redis {
  sessionChatAcquire(key: string, holder: string, ms: number): Promise<string>;
  sessionChatRenew(key: string, holder: string, ms: number): Promise<number>;
  sessionChatRelease(key: string, holder: string): Promise<number>;
}

export interface RedisSessionLeasesOptions {
  url: string;
  /** Prefix of every key (as the event log's). */
  keyPrefix: string;
  /** How long a lease lives without renewal: a killed process's sessions move after at most this. */
  leaseMs: number;
  logger?: Logger;
  /** A lease of this process was lost (taken over, or not renewed in time): its room must go. */
  onLost(sessionId: string): void;
}

interface Held {
  key: string;
  /** Last time Redis confirmed the lease (ms since the epoch). */
  confirmedAt: number;
}

/**
 * Session leases in Redis: `<prefix>{<session key>}:owner` = `<process id> <url>` with a time to
 * live of `leaseMs`, renewed every third of it while the room is loaded, deleted when it unloads.
 * The lease says where sockets go; it is not what keeps the log straight: every append is
 * checked against the log's last `seq` in the same script that writes it (`RedisEventLog`), so
 * a process that lost its lease without knowing it (paused, cut off) cannot append after
 * another: its append is refused and its room unloads.
 *
 * A lease not confirmed for `leaseMs` (Redis unreachable) counts as lost: another process may
 * hold the session by then.
 */
export class RedisSessionLeases implements SessionLeases {
  private readonly redis: LeaseRedis;
  /** `<random id> <url>`: who this process is, and where the others reach it. */
  private holder: string;
  private readonly id = randomBytes(9).toString('base64url');
  private readonly held = new Map<string, Held>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: RedisSessionLeasesOptions) {
    this.holder = this.id;
    this.redis = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      enableAutoPipelining: true,
      retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2_000),
    }) as LeaseRedis;
    this.redis.defineCommand('sessionChatAcquire', { numberOfKeys: 1, lua: ACQUIRE_SCRIPT });
    this.redis.defineCommand('sessionChatRenew', { numberOfKeys: 1, lua: RENEW_SCRIPT });
    this.redis.defineCommand('sessionChatRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    this.redis.on('error', (error: Error) => options.logger?.warn({ err: error }, 'redis (leases) connection error'));
    this.timer = setInterval(() => void this.renew(), Math.max(50, Math.floor(options.leaseMs / 3)));
    this.timer.unref();
  }

  /** Where the other processes reach this one (`http://10.0.0.5:8080`); set once it listens, before any lease is taken. */
  advertise(url: string): void {
    this.holder = `${this.id} ${url}`;
  }

  async acquire(sessionId: string): Promise<LeaseAnswer> {
    const key = this.keyOf(sessionId);
    let holder: string;
    try {
      await this.connected();
      holder = await this.redis.sessionChatAcquire(key, this.holder, this.options.leaseMs);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new RelayError(RelayErrorCodes.STORE_UNAVAILABLE, `Redis (session lease): ${message}`, { cause: error });
    }
    if (holder === this.holder) {
      this.held.set(sessionId, { key, confirmedAt: Date.now() });
      return { mine: true };
    }
    return { mine: false, ownerUrl: holder.slice(holder.indexOf(' ') + 1) };
  }

  async holderElsewhere(sessionId: string): Promise<string | undefined> {
    if (this.held.has(sessionId)) return undefined;
    const holder = await this.redis.get(this.keyOf(sessionId)).catch(() => null);
    if (holder === null || holder === this.holder) return undefined;
    return holder.slice(holder.indexOf(' ') + 1);
  }

  async release(sessionId: string): Promise<void> {
    const held = this.held.get(sessionId);
    if (!held) return;
    this.held.delete(sessionId);
    // Not given back (Redis away): it runs out by itself within leaseMs.
    await this.redis.sessionChatRelease(held.key, this.holder).catch(() => undefined);
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.held.keys()].map((sessionId) => this.release(sessionId)));
  }

  async ping(): Promise<void> {
    await this.connected();
    await this.redis.ping();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.releaseAll();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private keyOf(sessionId: string): string {
    return `${this.options.keyPrefix}{${sessionKey(sessionId)}}:owner`;
  }

  /** Waits for the first connection (commands are refused, not queued, while there is none). */
  private async connected(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', ready);
        reject(new RelayError(RelayErrorCodes.STORE_UNAVAILABLE, 'redis is not reachable'));
      }, 2_000);
      const ready = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.redis.once('ready', ready);
    });
  }

  /** Renews every lease held; one that moved on, or was not confirmed for `leaseMs`, is lost. */
  private async renew(): Promise<void> {
    if (this.closed || this.held.size === 0) return;
    const now = Date.now();
    await Promise.all(
      [...this.held].map(async ([sessionId, held]) => {
        let renewed: number | undefined;
        try {
          renewed = await this.redis.sessionChatRenew(held.key, this.holder, this.options.leaseMs);
        } catch {
          renewed = undefined;
        }
        if (this.held.get(sessionId) !== held) return;
        if (renewed === 1) {
          held.confirmedAt = now;
          return;
        }
        if (renewed === 0 || Date.now() - held.confirmedAt >= this.options.leaseMs) {
          this.held.delete(sessionId);
          this.options.logger?.warn({ sessionId }, 'lost the lease of a session; its sockets resume elsewhere');
          this.options.onLost(sessionId);
        }
      }),
    );
  }
}
