import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { DEFAULT_HISTORY_PAGE_EVENTS, DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_TEXT_LENGTH, DEFAULT_FRAME_RATE, DEFAULT_POLICY } from '../src/protocol/index.js';
import { resolveClusterOptions, type ClusterRelayOptions, type ResolvedClusterOptions } from './cluster/cluster-options.js';
import { resolveFileOptions, type FileRelayOptions, type ResolvedFileOptions } from './files/file-options.js';
import type { ReadinessCheck } from './readiness.js';
import type { EventLog } from './storage/event-log.js';
import { isLanguageTag } from './tokens.js';

/** Extra HTTP routes a host mounts on the relay's server (the demo uses this). Return true when handled. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** Options of {@link createRelay}. Every field has a documented default. */
export interface RelayOptions extends FileRelayOptions, ClusterRelayOptions {
  /** TCP port; 0 picks a free one. Default: `PORT` or 8080. */
  port?: number;
  /** Interface to bind. Default: all interfaces (Node's default). */
  host?: string;
  /** HS256 secret shared with the host's backend (at least 16 characters). Default: `SESSION_CHAT_SECRET`; required. */
  secret?: string;
  /** Folder of the embedded storage. Default: `SESSION_CHAT_DATA_DIR` or `./data`. */
  dataDir?: string;
  /**
   * Origins allowed to open sockets, e.g. `["https://support.example.com"]`, or `"*"`.
   * The relay's own origin is always allowed, and so is a request without `Origin`
   * (server-side clients): the token is what authenticates. Default: `[]`.
   */
  allowedOrigins?: readonly string[] | '*';
  /** fsync the log before acking, with group commit (many events, one fsync). Default: false. */
  fsync?: boolean;
  /** Largest accepted WebSocket frame in bytes. Default: 65536. */
  maxFrameBytes?: number;
  /** Longest message text in characters. Default: 10000. */
  maxTextLength?: number;
  /** Per-connection token bucket for incoming frames. Default: 20/s, burst 60. */
  rateLimit?: { perSecond: number; burst: number };
  /** Ping interval; a socket that misses a pong is terminated. Default: 30000 ms. */
  heartbeatIntervalMs?: number;
  /** A socket whose unsent bytes pass this is closed as a slow consumer. Default: 4 MiB. */
  maxBufferedBytes?: number;
  /** A technician may delete anyone's message. Default: true. */
  technicianCanDeleteAny?: boolean;
  /** How long a participant may be gone (all sockets closed) before `participant.left` is logged. Default: 30000 ms. */
  leaveGraceMs?: number;
  /** How long a session with nobody connected stays in memory. Default: 60000 ms. */
  idleUnloadMs?: number;
  /**
   * Written events each loaded session keeps in memory as JSON, the most recent ones: welcomes
   * and retries that need older events read them back from the log (when the event log can
   * `read`, as the default one can). Between this many and twice as many are kept. Bounds a
   * long session's memory; a reconnect that missed fewer events resumes from memory. Default: 32.
   */
  historyEvents?: number;
  /**
   * Events a join sends: the last page of the log (a resume still gets everything after its
   * seq); older pages come on request (`history` frames), at most this many each. Default: 200,
   * a few screens of conversation in about 40-60 KB, so a join of a 20,000-event session sends
   * 1% of it while a short session still arrives whole.
   */
  historyPageEvents?: number;
  /** pino logger. Default: a pino logger at `LOG_LEVEL` or `info` that never logs tokens. */
  logger?: Logger;
  /** Extra HTTP routes, tried before the relay answers 404. */
  onRequest?: RequestHandler;
  /**
   * Storage of the session logs. Default: a `FileEventLog` under `dataDir` (closed by
   * `relay.close()`); an event log passed in is released but left open for its owner.
   */
  eventLog?: EventLog;
  /**
   * End a session after it has been idle this long with nobody connected (the transcript then
   * follows); 0 never. Default: 24 h.
   */
  idleEndMs?: number;
  /** An API key for the host's backend: ends sessions and reads transcripts as `Authorization: Bearer KEY`. Default: `SESSION_CHAT_ADMIN_KEY`, else none. */
  adminApiKey?: string;
  /** POST a signed `transcript.ready` here when a transcript is written. Default: `SESSION_CHAT_WEBHOOK_URL`, else none. */
  webhookUrl?: string;
  /**
   * The language of a transcript's headings when no technician's token named one (`lang`
   * claim): `en`, `de` or `ar` (others are written in English). Default:
   * `SESSION_CHAT_TRANSCRIPT_LANGUAGE`, else `en`.
   */
  transcriptLanguage?: string;
  /** HMAC-SHA256 key of webhook signatures. Default: `SESSION_CHAT_WEBHOOK_SECRET`, else `secret`. */
  webhookSecret?: string;
  /** Webhook retries: attempts in all and the backoff between them. Default: 10 attempts, 1 s doubling to 5 min. */
  webhookRetry?: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  /** The relay's public base URL, for absolute links in webhooks. Default: `SESSION_CHAT_PUBLIC_URL`, else the listening URL. */
  publicUrl?: string;
  /**
   * Bearer token of `GET /metrics` (at least 16 characters): a scraper sends
   * `Authorization: Bearer TOKEN`. Without one the route is off (404). Default:
   * `SESSION_CHAT_METRICS_TOKEN`, else none.
   */
  metricsToken?: string;
  /**
   * Bound of a shutdown (`drain()`, `close()`, SIGTERM): writes in flight finish and sockets
   * close with 4000 within it; past it the sockets still open are dropped. Default: 10000 ms.
   */
  shutdownTimeoutMs?: number;
  /**
   * Dependencies `GET /readyz` checks before it answers 200 (a scale-out adapter adds its own,
   * e.g. Redis). Default: none (the embedded storage is in-process).
   */
  readinessChecks?: readonly ReadinessCheck[];
  /**
   * Lifetime of the join token of a participant added with `POST /api/sessions/:id/invites`
   * (a technician's "Add participant"), in seconds. 0 turns the route off (404). Default: 7200 (2 h).
   */
  inviteTtlSeconds?: number;
  /** Invites each technician or admin may create per minute. Default: 10. */
  invitesPerMinute?: number;
  /**
   * Live transfers ("Send directly (not stored)") may stream through the relay when two browsers
   * cannot connect directly (`/transfer/…`): the bytes pass through memory, a few MB at a time
   * per transfer, and are never stored. `false`: only direct paths (refused with
   * LIVE_TRANSFER_OFF). Default: true.
   */
  liveTransferRelay?: boolean;
  /** Bytes per second one relayed live transfer (one sender to one receiver) carries at most; 0: no limit. Default: 67108864 (64 MiB/s). */
  liveTransferBytesPerSecond?: number;
}

/** {@link RelayOptions} with every default applied. */
export interface ResolvedRelayOptions
  extends Required<
      Omit<
        RelayOptions,
        'onRequest' | 'host' | 'logger' | 'eventLog' | 'adminApiKey' | 'webhookUrl' | 'publicUrl' | 'metricsToken' | keyof FileRelayOptions | keyof ClusterRelayOptions
      >
    >,
    ResolvedFileOptions,
    ResolvedClusterOptions {
  host: string | undefined;
  onRequest: RequestHandler | undefined;
  logger: Logger | undefined;
  eventLog: EventLog | undefined;
  adminApiKey: string | undefined;
  webhookUrl: string | undefined;
  publicUrl: string | undefined;
  metricsToken: string | undefined;
}

export const RELAY_DEFAULTS = {
  port: 8080,
  dataDir: './data',
  allowedOrigins: [] as readonly string[],
  fsync: false,
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  maxTextLength: DEFAULT_MAX_TEXT_LENGTH,
  rateLimit: DEFAULT_FRAME_RATE,
  heartbeatIntervalMs: 30_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  technicianCanDeleteAny: DEFAULT_POLICY.technicianCanDeleteAny,
  leaveGraceMs: 30_000,
  idleUnloadMs: 60_000,
  historyEvents: 32,
  historyPageEvents: DEFAULT_HISTORY_PAGE_EVENTS,
  idleEndMs: 24 * 60 * 60 * 1000,
  webhookRetry: { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 5 * 60 * 1000 },
  shutdownTimeoutMs: 10_000,
  inviteTtlSeconds: 7200,
  invitesPerMinute: 10,
  transcriptLanguage: 'en',
  liveTransferRelay: true,
  liveTransferBytesPerSecond: 64 * 1024 * 1024,
} as const;

function positiveInt(name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw new TypeError(`The "${name}" option must be an integer >= ${min}`);
  return value;
}

/**
 * Spreads options over defaults and the environment; invalid combinations throw a
 * `TypeError` with an exact message.
 */
export function resolveRelayOptions(options: RelayOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedRelayOptions {
  const secret = options.secret ?? env.SESSION_CHAT_SECRET;
  if (typeof secret !== 'string' || secret.length < 16) {
    throw new TypeError('The "secret" option (or SESSION_CHAT_SECRET) must be a string of at least 16 characters');
  }
  const port = options.port ?? (env.PORT !== undefined && env.PORT !== '' ? Number(env.PORT) : RELAY_DEFAULTS.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError('The "port" option must be an integer from 0 to 65535');
  const allowedOrigins = options.allowedOrigins ?? RELAY_DEFAULTS.allowedOrigins;
  if (allowedOrigins !== '*' && !Array.isArray(allowedOrigins)) {
    throw new TypeError('The "allowedOrigins" option must be an array of origins or "*"');
  }
  const rateLimit = options.rateLimit ?? RELAY_DEFAULTS.rateLimit;
  if (!(rateLimit.perSecond > 0) || !(rateLimit.burst >= 1)) {
    throw new TypeError('The "rateLimit" option needs perSecond > 0 and burst >= 1');
  }
  return {
    port,
    host: options.host,
    secret,
    dataDir: options.dataDir ?? env.SESSION_CHAT_DATA_DIR ?? RELAY_DEFAULTS.dataDir,
    allowedOrigins,
    fsync: options.fsync ?? RELAY_DEFAULTS.fsync,
    maxFrameBytes: positiveInt('maxFrameBytes', options.maxFrameBytes ?? RELAY_DEFAULTS.maxFrameBytes, 1024),
    maxTextLength: positiveInt('maxTextLength', options.maxTextLength ?? RELAY_DEFAULTS.maxTextLength),
    rateLimit,
    heartbeatIntervalMs: positiveInt('heartbeatIntervalMs', options.heartbeatIntervalMs ?? RELAY_DEFAULTS.heartbeatIntervalMs, 10),
    maxBufferedBytes: positiveInt('maxBufferedBytes', options.maxBufferedBytes ?? RELAY_DEFAULTS.maxBufferedBytes, 1024),
    technicianCanDeleteAny: options.technicianCanDeleteAny ?? RELAY_DEFAULTS.technicianCanDeleteAny,
    leaveGraceMs: positiveInt('leaveGraceMs', options.leaveGraceMs ?? RELAY_DEFAULTS.leaveGraceMs, 0),
    idleUnloadMs: positiveInt('idleUnloadMs', options.idleUnloadMs ?? RELAY_DEFAULTS.idleUnloadMs, 0),
    historyEvents: positiveInt('historyEvents', options.historyEvents ?? RELAY_DEFAULTS.historyEvents),
    historyPageEvents: positiveInt('historyPageEvents', options.historyPageEvents ?? RELAY_DEFAULTS.historyPageEvents),
    inviteTtlSeconds: positiveInt('inviteTtlSeconds', options.inviteTtlSeconds ?? RELAY_DEFAULTS.inviteTtlSeconds, 0),
    invitesPerMinute: positiveInt('invitesPerMinute', options.invitesPerMinute ?? RELAY_DEFAULTS.invitesPerMinute),
    liveTransferRelay: options.liveTransferRelay ?? RELAY_DEFAULTS.liveTransferRelay,
    liveTransferBytesPerSecond: positiveInt('liveTransferBytesPerSecond', options.liveTransferBytesPerSecond ?? RELAY_DEFAULTS.liveTransferBytesPerSecond, 0),
    logger: options.logger,
    onRequest: options.onRequest,
    eventLog: options.eventLog,
    ...lifecycleOptions(options, env, secret),
    ...operatorOptions(options, env),
    ...resolveFileOptions(options, env),
    ...clusterOptions(options, env),
  };
}

function clusterOptions(options: RelayOptions, env: NodeJS.ProcessEnv): ResolvedClusterOptions {
  const cluster = resolveClusterOptions(options, env);
  if (cluster.redis !== undefined && options.eventLog !== undefined) {
    throw new TypeError('Give either the "redis" option (or SESSION_CHAT_REDIS_URL) or an "eventLog", not both: with Redis the relay keeps the logs there');
  }
  return cluster;
}

function operatorOptions(options: RelayOptions, env: NodeJS.ProcessEnv) {
  const metricsToken = options.metricsToken ?? (env.SESSION_CHAT_METRICS_TOKEN || undefined);
  if (metricsToken !== undefined && (typeof metricsToken !== 'string' || metricsToken.length < 16)) {
    throw new TypeError('The "metricsToken" option (or SESSION_CHAT_METRICS_TOKEN) must be at least 16 characters');
  }
  const readinessChecks = options.readinessChecks ?? [];
  if (!Array.isArray(readinessChecks) || !readinessChecks.every((c) => typeof c?.name === 'string' && typeof c.check === 'function')) {
    throw new TypeError('The "readinessChecks" option must be an array of { name, check() }');
  }
  return {
    metricsToken,
    shutdownTimeoutMs: positiveInt('shutdownTimeoutMs', options.shutdownTimeoutMs ?? RELAY_DEFAULTS.shutdownTimeoutMs, 0),
    readinessChecks,
  };
}

function lifecycleOptions(options: RelayOptions, env: NodeJS.ProcessEnv, secret: string) {
  const adminApiKey = options.adminApiKey ?? (env.SESSION_CHAT_ADMIN_KEY || undefined);
  if (adminApiKey !== undefined && adminApiKey.length < 16) {
    throw new TypeError('The "adminApiKey" option (or SESSION_CHAT_ADMIN_KEY) must be at least 16 characters');
  }
  const webhookUrl = options.webhookUrl ?? (env.SESSION_CHAT_WEBHOOK_URL || undefined);
  if (webhookUrl !== undefined && !/^https?:\/\//.test(webhookUrl)) {
    throw new TypeError('The "webhookUrl" option must be an http(s) URL');
  }
  const transcriptLanguage = options.transcriptLanguage ?? (env.SESSION_CHAT_TRANSCRIPT_LANGUAGE || RELAY_DEFAULTS.transcriptLanguage);
  if (!isLanguageTag(transcriptLanguage)) throw new TypeError('The "transcriptLanguage" option (or SESSION_CHAT_TRANSCRIPT_LANGUAGE) must be a language tag such as en, de or ar');
  const webhookRetry = options.webhookRetry ?? RELAY_DEFAULTS.webhookRetry;
  if (!(webhookRetry.maxAttempts >= 1) || !(webhookRetry.baseDelayMs > 0) || !(webhookRetry.maxDelayMs >= webhookRetry.baseDelayMs)) {
    throw new TypeError('The "webhookRetry" option needs maxAttempts >= 1 and 0 < baseDelayMs <= maxDelayMs');
  }
  return {
    idleEndMs: positiveInt('idleEndMs', options.idleEndMs ?? RELAY_DEFAULTS.idleEndMs, 0),
    adminApiKey,
    webhookUrl,
    webhookSecret: options.webhookSecret ?? (env.SESSION_CHAT_WEBHOOK_SECRET || secret),
    webhookRetry,
    transcriptLanguage,
    publicUrl: options.publicUrl ?? (env.SESSION_CHAT_PUBLIC_URL || undefined),
  };
}
