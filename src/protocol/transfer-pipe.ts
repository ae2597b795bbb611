import { ID_PATTERN } from './ids.js';

/**
 * Live transfers ("Send directly (not stored)") sent through the relay when no direct path
 * between two browsers can be made: one WebSocket per sender–receiver pair at
 * `/transfer/:sessionId/:transferId/:receiverId?as=send|receive` (token as on `/ws/`). The
 * sender's binary frames go to the receiver as they come, never stored; the relay stops reading
 * the sender while the receiver's socket has more than a few MB unsent. Text frames are the
 * {@link TransferControl} messages both ends exchange, the same ones they use over a direct
 * data channel, checked by the relay and passed on; the relay adds {@link TransferPeerNotice}.
 */
export const TRANSFER_PIPE_PATH = '/transfer/';

/** Largest binary frame (one chunk of the file) a pipe carries. */
export const MAX_TRANSFER_CHUNK_BYTES = 1024 * 1024;
/** Largest text frame on a pipe. */
export const MAX_TRANSFER_CONTROL_BYTES = 1024;

export type TransferPipeRole = 'send' | 'receive';

export interface TransferPipeAddress {
  sessionId: string;
  transferId: string;
  /** The receiving participant: each receiver has a pipe of its own (its own offset, its own pace). */
  receiverId: string;
}

/** The pipe's path (URL-encoded segments), without the query. */
export function transferPipePath(address: TransferPipeAddress): string {
  const { sessionId, transferId, receiverId } = address;
  return `${TRANSFER_PIPE_PATH}${encodeURIComponent(sessionId)}/${transferId}/${receiverId}`;
}

/**
 * The pipe address of a request path, `undefined` when it is not one. `sessionId` is left
 * URL-encoded for the relay's own session id check; the two ids must fit the protocol's id shape.
 */
export function parseTransferPipePath(pathname: string): { sessionSegment: string; transferId: string; receiverId: string } | undefined {
  if (!pathname.startsWith(TRANSFER_PIPE_PATH)) return undefined;
  const parts = pathname.slice(TRANSFER_PIPE_PATH.length).split('/');
  if (parts.length !== 3) return undefined;
  const [sessionSegment, transferId, receiverId] = parts as [string, string, string];
  if (!ID_PATTERN.test(transferId) || !ID_PATTERN.test(receiverId)) return undefined;
  return { sessionSegment, transferId, receiverId };
}

/**
 * What the two ends of a live transfer tell each other (over a direct data channel, or as text
 * frames of a relay pipe). Offsets are byte positions in the file.
 * - `want` (receiver): send from `offset` (0 to start; the last written byte to resume).
 * - `ack` (receiver): every byte before `offset` is written; the sender's progress and resume point.
 * - `pause`, `resume`, `cancel` (either end).
 * - `end` (sender): every byte is sent; `sha256` (hex) of the whole file, for the receiver's check.
 * - `done` (receiver): written and checked; `sha256` is what the receiver computed.
 */
export type TransferControl =
  | { type: 'want'; offset: number }
  | { type: 'ack'; offset: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'cancel'; reason?: string }
  | { type: 'end'; size: number; sha256: string }
  | { type: 'done'; sha256: string };

/** The relay's own text frame on a pipe: whether the other end is connected now. */
export interface TransferPeerNotice {
  type: 'peer';
  connected: boolean;
}

const SENDER_CONTROLS: ReadonlySet<string> = new Set(['pause', 'resume', 'cancel', 'end']);
const RECEIVER_CONTROLS: ReadonlySet<string> = new Set(['want', 'ack', 'pause', 'resume', 'cancel', 'done']);
const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_REASON_LENGTH = 200;

const isOffset = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * A control message sent by `from`, or `undefined` when the text is not one that end may send
 * (malformed JSON, unknown type, a field of the wrong shape, a receiver's message from the sender).
 */
export function parseTransferControl(text: string, from: TransferPipeRole): TransferControl | undefined {
  if (text.length > MAX_TRANSFER_CONTROL_BYTES) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const frame = value as Record<string, unknown>;
  const type = frame.type;
  if (typeof type !== 'string' || !(from === 'send' ? SENDER_CONTROLS : RECEIVER_CONTROLS).has(type)) return undefined;
  switch (type) {
    case 'want':
    case 'ack':
      return isOffset(frame.offset) ? { type, offset: frame.offset } : undefined;
    case 'pause':
    case 'resume':
      return { type };
    case 'cancel':
      if (frame.reason === undefined) return { type };
      return typeof frame.reason === 'string' && frame.reason.length <= MAX_REASON_LENGTH ? { type, reason: frame.reason } : undefined;
    case 'end':
      return isOffset(frame.size) && typeof frame.sha256 === 'string' && SHA256_HEX.test(frame.sha256)
        ? { type, size: frame.size, sha256: frame.sha256 }
        : undefined;
    case 'done':
      return typeof frame.sha256 === 'string' && SHA256_HEX.test(frame.sha256) ? { type, sha256: frame.sha256 } : undefined;
    default:
      return undefined;
  }
}

/** The JSON text of a control message (the one encoding, for both ends and both paths). */
export function encodeTransferControl(control: TransferControl): string {
  return JSON.stringify(control);
}

export function encodeTransferPeerNotice(connected: boolean): string {
  return JSON.stringify({ type: 'peer', connected } satisfies TransferPeerNotice);
}
