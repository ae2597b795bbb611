/** `session-chat/client`: the headless client, for browsers and Node. */
export { SessionClient } from './session-client.js';
export { Backoff } from './backoff.js';
export { DEFAULT_SEND_RATE, type SendRate } from './send-pacer.js';
export { localStorageOutboxStore, memoryOutboxStore, outboxKey, type OutboxStore } from './outbox-store.js';
export { readTokenClaims, type UnverifiedClaims } from './token-claims.js';
export {
  UploadHandle,
  type UploadHandleEventMap,
  type UploadProgressDetail,
  type UploadState,
  type UploadStateDetail,
} from './uploads/upload-handle.js';
export type { ShareFilesOptions } from './uploads/file-uploads.js';
export type { HistoryRange } from './session-history.js';
export { LiveTransfers, type LiveTransfersOptions } from './live-transfers/live-transfers.js';
export { IncomingTransfer, type IncomingState } from './live-transfers/incoming-transfer.js';
export { OutgoingTransfer, type OutgoingReceiver, type OutgoingReceiverState } from './live-transfers/outgoing-transfer.js';
export type { TransferSink } from './live-transfers/transfer-receiver.js';
export type { TransferProgress } from './live-transfers/transfer-rate.js';
export type { IceServer } from './live-transfers/transfer-connect.js';
export type {
  ConnectionState,
  OutboxEntry,
  PendingMessage,
  SessionClientEventMap,
  SessionClientOptions,
  WebSocketConstructor,
  WebSocketLike,
  SocketHandler,
} from './types.js';
export * from '../protocol/index.js';
