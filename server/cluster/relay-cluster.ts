import { networkInterfaces } from 'node:os';
import type { Logger } from 'pino';
import type { ReadinessCheck } from '../readiness.js';
import { RedisEventLog } from '../storage/redis-event-log.js';
import type { ResolvedClusterOptions } from './cluster-options.js';
import { RedisSessionLeases } from './session-leases.js';

/** What a relay process runs to share its sessions with the others on one Redis. */
export interface RelayCluster {
  eventLog: RedisEventLog;
  leases: RedisSessionLeases;
  readiness: ReadinessCheck;
  /** Sets where the other processes reach this one, once it listens. */
  listening(host: string | undefined, port: number): void;
  close(): Promise<void>;
}

/** The machine's first non-internal IPv4 address (what the others reach a process bound to all interfaces at). */
function machineAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return '127.0.0.1';
}

function advertisedUrl(host: string | undefined, port: number): string {
  const bound = host === undefined || host === '' || host === '0.0.0.0' || host === '::' ? machineAddress() : host;
  return `http://${bound.includes(':') ? `[${bound}]` : bound}:${port}`;
}

/**
 * Scale-out on Redis: the session logs in Redis streams (`RedisEventLog`) and a lease per
 * session (`RedisSessionLeases`) naming the process that holds it. `onLost` is called for a
 * session whose lease this process lost.
 */
export function startCluster(options: ResolvedClusterOptions & { redis: string; logger: Logger; onLost(sessionId: string): void }): RelayCluster {
  const eventLog = new RedisEventLog({ url: options.redis, keyPrefix: options.redisKeyPrefix, logger: options.logger });
  const leases = new RedisSessionLeases({
    url: options.redis,
    keyPrefix: options.redisKeyPrefix,
    leaseMs: options.leaseMs,
    logger: options.logger,
    onLost: options.onLost,
  });
  return {
    eventLog,
    leases,
    readiness: { name: 'redis', check: () => leases.ping() },
    listening(host, port) {
      leases.advertise(options.clusterUrl ?? advertisedUrl(host, port));
    },
    async close() {
      await leases.close();
      await eventLog.close();
    },
  };
}
