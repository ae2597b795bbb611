/** Scale-out options of `createRelay` (several relay processes sharing every session through Redis). */
export interface ClusterRelayOptions {
  /**
   * `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS): every relay process given
   * the same Redis (and the same `dataDir`, a shared folder, for files and transcripts) serves
   * every session, behind any load balancer. Default: `SESSION_CHAT_REDIS_URL`, else none
   * (one process, logs in `dataDir`).
   */
  redis?: string;
  /** Prefix of the relay's Redis keys, to share one Redis with other applications. Default: `SESSION_CHAT_REDIS_PREFIX`, else `session-chat:`. */
  redisKeyPrefix?: string;
  /**
   * Where the other relay processes reach this one, e.g. `http://10.0.0.5:8080` (sockets and
   * requests of the sessions it holds are passed here). Default: `SESSION_CHAT_CLUSTER_URL`,
   * else `http://<host>:<port>` of the bound address (the machine's first IPv4 address when bound
   * to all interfaces).
   */
  clusterUrl?: string;
  /** How long a session's lease lives without renewal: a killed process's sessions move on after at most this. Default: 5000 ms. */
  leaseMs?: number;
}

export interface ResolvedClusterOptions {
  redis: string | undefined;
  redisKeyPrefix: string;
  clusterUrl: string | undefined;
  leaseMs: number;
}

export const CLUSTER_DEFAULTS = { redisKeyPrefix: 'session-chat:', leaseMs: 5_000 } as const;

export function resolveClusterOptions(options: ClusterRelayOptions, env: NodeJS.ProcessEnv): ResolvedClusterOptions {
  const redis = options.redis ?? (env.SESSION_CHAT_REDIS_URL || undefined);
  if (redis !== undefined && !/^rediss?:\/\//.test(redis)) {
    throw new TypeError('The "redis" option (or SESSION_CHAT_REDIS_URL) must be a redis:// or rediss:// URL');
  }
  const clusterUrl = options.clusterUrl ?? (env.SESSION_CHAT_CLUSTER_URL || undefined);
  if (clusterUrl !== undefined && !/^https?:\/\/[^/]+\/?$/.test(clusterUrl)) {
    throw new TypeError('The "clusterUrl" option (or SESSION_CHAT_CLUSTER_URL) must be an http(s) URL of a host and port, without a path');
  }
  const leaseMs = options.leaseMs ?? CLUSTER_DEFAULTS.leaseMs;
  if (!Number.isInteger(leaseMs) || leaseMs < 300) throw new TypeError('The "leaseMs" option must be an integer >= 300');
  const redisKeyPrefix = options.redisKeyPrefix ?? (env.SESSION_CHAT_REDIS_PREFIX || CLUSTER_DEFAULTS.redisKeyPrefix);
  return { redis, redisKeyPrefix, clusterUrl: clusterUrl?.replace(/\/$/, ''), leaseMs };
}
