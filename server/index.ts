/**
 * `session-chat/server`: the relay. `createRelay()` starts the HTTP + WebSocket server;
 * `createToken()` mints join tokens for a host's backend.
 */
export { createRelay, HARD_FRAME_FACTOR, type Relay } from './create-relay.js';
export { tuneGarbageCollector, GC_TUNING_FLAG } from './gc-tuning.js';
export { createToken, verifyToken, parseTtl, type TokenClaims, type CreateTokenOptions } from './tokens.js';
export {
  resolveRelayOptions,
  RELAY_DEFAULTS,
  type RelayOptions,
  type ResolvedRelayOptions,
  type RequestHandler,
} from './options.js';
export type { ReadinessCheck, ReadinessReport } from './readiness.js';
export type { EventLog, LoadedLog } from './storage/event-log.js';
export { FileEventLog, type FileEventLogOptions } from './storage/file-event-log.js';
export { RedisEventLog, type RedisEventLogOptions } from './storage/redis-event-log.js';
export type { BlobStore, BlobMeta, BlobRange, BlobRecord, StoredBlob } from './storage/blob-store.js';
export { FileBlobStore, type FileBlobStoreOptions } from './storage/file-blob-store.js';
export { FILE_DEFAULTS, type FileRelayOptions } from './files/file-options.js';
export { createLogger } from './logger.js';
export { writeTranscripts, type TranscriptFormat } from './transcripts/transcript-writer.js';
export type { TranscriptInput } from './transcripts/transcript-model.js';
export { BlobTranscriptStore, type TranscriptStore, type TranscriptRecord, type TranscriptQuery, type TranscriptPage } from './transcripts/transcript-store.js';
export { signWebhook, verifyWebhookSignature, WEBHOOK_HEADERS } from './transcripts/webhook.js';
export { RELAY_SETTINGS, type RelaySetting } from './cli/relay-settings.js';
export { relayOptionsFromEnv, RelaySettingError } from './cli/read-settings.js';
