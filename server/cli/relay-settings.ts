import { CLUSTER_DEFAULTS } from '../cluster/cluster-options.js';
import { FILE_DEFAULTS } from '../files/file-options.js';
import { createLogger } from '../logger.js';
import { RELAY_DEFAULTS, type RelayOptions } from '../options.js';
import { boolean, httpUrl, integer, mimePatterns, oneOf, origins, positiveNumber, redisUrl, text, type SettingParser } from './setting-parsers.js';

/**
 * One deployment setting of the relay: where it comes from (an environment variable and a
 * command-line flag), how its text is parsed, and what it sets in {@link RelayOptions}.
 * `session-chat serve`, `serve --help`, the demo (`npm start`) and the README's table are
 * all made from {@link RELAY_SETTINGS}.
 */
export interface RelaySetting {
  /** The `RelayOptions` field it sets (`rateLimit.burst` for a part of one). */
  readonly option: string;
  /** Its environment variable. */
  readonly env: string;
  /** Its flag, `--kebab-case`. A switch also has `--no-…`. */
  readonly flag: string;
  /** What the flag takes, for the help (`N`, `URL`…); '' for a switch (`--fsync`, `--no-fsync`). */
  readonly value: string;
  /** The default, as the help and the README show it. */
  readonly default: string;
  /** One line for the help and the README. */
  readonly description: string;
  /** Parses `raw` into `options`; throws a `SettingValueError` saying what was expected. */
  set(options: RelayOptions, raw: string): void;
}

type Spec<T> = Omit<RelaySetting, 'option' | 'set'> & { parse: SettingParser<T> };

/** A setting of one top-level option. */
function field<K extends keyof RelayOptions>(option: K, spec: Spec<NonNullable<RelayOptions[K]>>): RelaySetting {
  const { parse, ...rest } = spec;
  return { option, ...rest, set: (options, raw) => void (options[option] = parse(raw)) };
}

const MS = 'MS';
const ms = (value: number): string => (value % 3_600_000 === 0 ? `${value} (${value / 3_600_000} h)` : String(value));
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const RELAY_SETTINGS: readonly RelaySetting[] = [
  field('port', {
    env: 'PORT', flag: '--port', value: 'N', default: String(RELAY_DEFAULTS.port),
    description: 'TCP port to listen on; 0 picks a free one.',
    parse: integer(0, 65535),
  }),
  field('host', {
    env: 'SESSION_CHAT_HOST', flag: '--host', value: 'ADDRESS', default: 'all interfaces',
    description: 'Interface to bind, e.g. 127.0.0.1 behind a reverse proxy on the same machine.',
    parse: text(1),
  }),
  field('secret', {
    env: 'SESSION_CHAT_SECRET', flag: '--secret', value: 'SECRET', default: 'required',
    description: 'HS256 secret the host backend signs tokens with, at least 16 characters (prefer the variable: flags show in ps).',
    parse: text(16),
  }),
  field('dataDir', {
    env: 'SESSION_CHAT_DATA_DIR', flag: '--data-dir', value: 'PATH', default: RELAY_DEFAULTS.dataDir,
    description: 'Folder of the embedded storage: session logs, files, transcripts.',
    parse: text(1),
  }),
  field('allowedOrigins', {
    env: 'SESSION_CHAT_ALLOWED_ORIGINS', flag: '--allowed-origins', value: 'ORIGINS', default: 'none',
    description: 'Comma-separated page origins allowed to open sockets and call the API, or *. The relay\'s own origin is always allowed.',
    parse: origins,
  }),
  field('publicUrl', {
    env: 'SESSION_CHAT_PUBLIC_URL', flag: '--public-url', value: 'URL', default: 'the listening URL',
    description: 'The relay\'s public base URL (behind a proxy: https://…), for absolute links in webhooks.',
    parse: httpUrl,
  }),
  field('fsync', {
    env: 'SESSION_CHAT_FSYNC', flag: '--fsync', value: '', default: String(RELAY_DEFAULTS.fsync),
    description: 'fdatasync the log before acking (group commit), for power-loss durability.',
    parse: boolean,
  }),
  field('maxFrameBytes', {
    env: 'SESSION_CHAT_MAX_FRAME_BYTES', flag: '--max-frame-bytes', value: 'N', default: String(RELAY_DEFAULTS.maxFrameBytes),
    description: 'Largest accepted WebSocket frame in bytes (at least 1024).',
    parse: integer(1024),
  }),
  field('maxTextLength', {
    env: 'SESSION_CHAT_MAX_TEXT_LENGTH', flag: '--max-text-length', value: 'N', default: String(RELAY_DEFAULTS.maxTextLength),
    description: 'Longest message text in characters.',
    parse: integer(1),
  }),
  {
    option: 'rateLimit.perSecond', env: 'SESSION_CHAT_RATE_LIMIT_PER_SECOND', flag: '--rate-limit-per-second', value: 'N',
    default: String(RELAY_DEFAULTS.rateLimit.perSecond),
    description: 'Frames each connection may send per second, on average.',
    set: (options, raw) => void (options.rateLimit = { ...(options.rateLimit ?? RELAY_DEFAULTS.rateLimit), perSecond: positiveNumber(raw) }),
  },
  {
    option: 'rateLimit.burst', env: 'SESSION_CHAT_RATE_LIMIT_BURST', flag: '--rate-limit-burst', value: 'N',
    default: String(RELAY_DEFAULTS.rateLimit.burst),
    description: 'Frames each connection may send at once above that rate.',
    set: (options, raw) => void (options.rateLimit = { ...(options.rateLimit ?? RELAY_DEFAULTS.rateLimit), burst: integer(1)(raw) }),
  },
  field('heartbeatIntervalMs', {
    env: 'SESSION_CHAT_HEARTBEAT_INTERVAL_MS', flag: '--heartbeat-interval-ms', value: MS, default: String(RELAY_DEFAULTS.heartbeatIntervalMs),
    description: 'Ping interval; a socket that missed its pong is dropped. Keep proxy timeouts longer.',
    parse: integer(10),
  }),
  field('maxBufferedBytes', {
    env: 'SESSION_CHAT_MAX_BUFFERED_BYTES', flag: '--max-buffered-bytes', value: 'N', default: String(RELAY_DEFAULTS.maxBufferedBytes),
    description: 'A socket with more unsent bytes is closed as a slow consumer (it resumes later).',
    parse: integer(1024),
  }),
  field('technicianCanDeleteAny', {
    env: 'SESSION_CHAT_TECHNICIAN_CAN_DELETE_ANY', flag: '--technician-can-delete-any', value: '',
    default: String(RELAY_DEFAULTS.technicianCanDeleteAny),
    description: 'Technicians may delete anyone\'s message.',
    parse: boolean,
  }),
  field('leaveGraceMs', {
    env: 'SESSION_CHAT_LEAVE_GRACE_MS', flag: '--leave-grace-ms', value: MS, default: String(RELAY_DEFAULTS.leaveGraceMs),
    description: 'A participant gone this long (every tab closed) is logged as left.',
    parse: integer(0),
  }),
  field('idleUnloadMs', {
    env: 'SESSION_CHAT_IDLE_UNLOAD_MS', flag: '--idle-unload-ms', value: MS, default: String(RELAY_DEFAULTS.idleUnloadMs),
    description: 'A session with nobody connected leaves memory after this.',
    parse: integer(0),
  }),
  field('idleEndMs', {
    env: 'SESSION_CHAT_IDLE_END_MS', flag: '--idle-end-ms', value: MS, default: ms(RELAY_DEFAULTS.idleEndMs),
    description: 'A session with nobody connected this long ends by itself; 0 never.',
    parse: integer(0),
  }),
  field('liveTransferRelay', {
    env: 'SESSION_CHAT_LIVE_TRANSFER_RELAY', flag: '--live-transfer-relay', value: '',
    default: String(RELAY_DEFAULTS.liveTransferRelay),
    description: 'Live transfers stream through the relay (never stored) when two browsers cannot connect directly.',
    parse: boolean,
  }),
  field('liveTransferBytesPerSecond', {
    env: 'SESSION_CHAT_LIVE_TRANSFER_BYTES_PER_SECOND', flag: '--live-transfer-bytes-per-second', value: 'N',
    default: String(RELAY_DEFAULTS.liveTransferBytesPerSecond),
    description: 'Byte rate one relayed live transfer (one sender to one receiver) carries at most; 0 no limit.',
    parse: integer(0),
  }),
  field('historyEvents', {
    env: 'SESSION_CHAT_HISTORY_EVENTS', flag: '--history-events', value: 'N', default: String(RELAY_DEFAULTS.historyEvents),
    description: "Recent events each loaded session keeps in memory as JSON, between N and 2N (a reconnect that missed fewer resumes from memory; older ones are read back from the session's file).",
    parse: integer(1),
  }),
  field('historyPageEvents', {
    env: 'SESSION_CHAT_HISTORY_PAGE_EVENTS', flag: '--history-page-events', value: 'N', default: String(RELAY_DEFAULTS.historyPageEvents),
    description: 'Events a join sends (the last page of the log) and an older page holds at most; the client asks for older pages.',
    parse: integer(1),
  }),
  field('maxFileBytes', {
    env: 'SESSION_CHAT_MAX_FILE_BYTES', flag: '--max-file-bytes', value: 'N', default: `${FILE_DEFAULTS.maxFileBytes} (1 GiB)`,
    description: 'Largest shared file in bytes; refused (413) before anything is stored.',
    parse: integer(0),
  }),
  field('allowedFileTypes', {
    env: 'SESSION_CHAT_ALLOWED_FILE_TYPES', flag: '--allowed-file-types', value: 'TYPES', default: 'any',
    description: 'Comma-separated MIME type patterns that may be shared, e.g. image/*,application/pdf.',
    parse: mimePatterns,
  }),
  field('deniedFileTypes', {
    env: 'SESSION_CHAT_DENIED_FILE_TYPES', flag: '--denied-file-types', value: 'TYPES', default: 'none',
    description: 'Comma-separated MIME type patterns refused, winning over the allowed ones.',
    parse: mimePatterns,
  }),
  field('uploadExpiryMs', {
    env: 'SESSION_CHAT_UPLOAD_EXPIRY_MS', flag: '--upload-expiry-ms', value: MS, default: ms(FILE_DEFAULTS.uploadExpiryMs),
    description: 'Uploads untouched this long and never shared are deleted.',
    parse: integer(100),
  }),
  field('adminApiKey', {
    env: 'SESSION_CHAT_ADMIN_KEY', flag: '--admin-key', value: 'KEY', default: 'none',
    description: 'Key of the host backend (at least 16 characters): ends sessions and reads transcripts as Authorization: Bearer KEY.',
    parse: text(16),
  }),
  field('transcriptLanguage', {
    env: 'SESSION_CHAT_TRANSCRIPT_LANGUAGE', flag: '--transcript-language', value: 'TAG', default: RELAY_DEFAULTS.transcriptLanguage,
    description: 'Language of transcripts\' headings (en, de, ar) when no technician\'s token names one (lang claim).',
    parse: text(2),
  }),
  field('webhookUrl', {
    env: 'SESSION_CHAT_WEBHOOK_URL', flag: '--webhook-url', value: 'URL', default: 'none',
    description: 'POST a signed transcript.ready here when a transcript is written.',
    parse: httpUrl,
  }),
  field('webhookSecret', {
    env: 'SESSION_CHAT_WEBHOOK_SECRET', flag: '--webhook-secret', value: 'SECRET', default: 'the secret',
    description: 'HMAC-SHA256 key of the webhook signatures.',
    parse: text(1),
  }),
  {
    option: 'webhookRetry.maxAttempts', env: 'SESSION_CHAT_WEBHOOK_MAX_ATTEMPTS', flag: '--webhook-max-attempts', value: 'N',
    default: String(RELAY_DEFAULTS.webhookRetry.maxAttempts),
    description: 'Deliveries of one webhook in all, with backoff while the host is down.',
    set: (options, raw) =>
      void (options.webhookRetry = { ...(options.webhookRetry ?? RELAY_DEFAULTS.webhookRetry), maxAttempts: integer(1)(raw) }),
  },
  field('metricsToken', {
    env: 'SESSION_CHAT_METRICS_TOKEN', flag: '--metrics-token', value: 'TOKEN', default: 'none (metrics off)',
    description: 'Bearer token of GET /metrics (at least 16 characters); without it /metrics answers 404.',
    parse: text(16),
  }),
  field('shutdownTimeoutMs', {
    env: 'SESSION_CHAT_SHUTDOWN_TIMEOUT_MS', flag: '--shutdown-timeout-ms', value: MS, default: String(RELAY_DEFAULTS.shutdownTimeoutMs),
    description: 'On SIGTERM: time for writes in flight to finish and sockets to close with 4000; past it they are dropped.',
    parse: integer(0),
  }),
  field('redis', {
    env: 'SESSION_CHAT_REDIS_URL', flag: '--redis', value: 'URL', default: 'none (one process)',
    description: 'Scale-out: redis:// URL shared by every relay process (with the same data folder); each then serves every session.',
    parse: redisUrl,
  }),
  field('redisKeyPrefix', {
    env: 'SESSION_CHAT_REDIS_PREFIX', flag: '--redis-prefix', value: 'PREFIX', default: CLUSTER_DEFAULTS.redisKeyPrefix,
    description: "Prefix of the relay's Redis keys, to share one Redis with other applications.",
    parse: text(1),
  }),
  field('clusterUrl', {
    env: 'SESSION_CHAT_CLUSTER_URL', flag: '--cluster-url', value: 'URL', default: 'http://<bound address>:<port>',
    description: 'Scale-out: where the other relay processes reach this one, e.g. http://10.0.0.5:8080.',
    parse: httpUrl,
  }),
  field('leaseMs', {
    env: 'SESSION_CHAT_LEASE_MS', flag: '--lease-ms', value: MS, default: String(CLUSTER_DEFAULTS.leaseMs),
    description: "Scale-out: life of a session's lease; a killed process's sessions move on after at most this.",
    parse: integer(300),
  }),
  field('inviteTtlSeconds', {
    env: 'SESSION_CHAT_INVITE_TTL_SECONDS', flag: '--invite-ttl-seconds', value: 'N', default: `${RELAY_DEFAULTS.inviteTtlSeconds} (2 h)`,
    description: 'Life of the join token of a participant a technician adds (POST /api/sessions/:id/invites); 0 turns that route off.',
    parse: integer(0),
  }),
  field('invitesPerMinute', {
    env: 'SESSION_CHAT_INVITES_PER_MINUTE', flag: '--invites-per-minute', value: 'N', default: String(RELAY_DEFAULTS.invitesPerMinute),
    description: 'Invites each technician or admin may create per minute (then 429 RATE_LIMITED).',
    parse: integer(1),
  }),
  field('converter', {
    env: 'SESSION_CHAT_CONVERTER', flag: '--converter', value: 'NAME', default: 'none',
    description: 'libreoffice: PDF renditions of office documents by LibreOffice headless (soffice must be installed), shown with the pdf previewer; none: off.',
    parse: oneOf(['libreoffice', 'none'] as const),
  }),
  field('sofficePath', {
    env: 'SESSION_CHAT_SOFFICE', flag: '--soffice', value: 'PATH', default: 'soffice (on PATH)',
    description: 'The LibreOffice program the converter runs.',
    parse: text(1),
  }),
  field('converterTimeoutMs', {
    env: 'SESSION_CHAT_CONVERTER_TIMEOUT_MS', flag: '--converter-timeout-ms', value: MS, default: String(FILE_DEFAULTS.converterTimeoutMs),
    description: 'A conversion running longer is killed (with every process it started) and the file gets no rendition.',
    parse: integer(1000),
  }),
  {
    option: 'logger', env: 'LOG_LEVEL', flag: '--log-level', value: 'LEVEL', default: 'info',
    description: `Log level of the relay's pino logger: ${LOG_LEVELS.join(', ')}. Tokens are never logged.`,
    set: (options, raw) => void (options.logger = createLogger({ LOG_LEVEL: oneOf(LOG_LEVELS)(raw) })),
  },
];
