import { ErrorCodes, type ErrorCode } from './codes.js';
import { SessionChatError } from './errors.js';
import type { EventBase } from './events.js';
import { sanitizeFileName, sanitizeFileType } from './files.js';
import { ID_PATTERN } from './ids.js';

/*
 * Live transfers ("Send directly (not stored)"): a file goes from its sender straight to the
 * participants online at that moment, over WebRTC data channels or, failing a direct path,
 * through a relay pipe (`transfer-pipe.ts`); its bytes are never stored. The log records only
 * that it was offered and how it ended; the offer and answer of each data channel, and the
 * receivers' Accept or Decline, travel as `transfer-signal` frames the relay passes on and
 * never logs.
 */

/** What a `transfer.offered` event names: the file (never its bytes) and who may receive it. */
export interface LiveTransferInfo {
  name: string;
  size: number;
  type: string;
  /** The participants who were online when it was offered (besides the sender): its receivers. */
  to: string[];
}

/** A file offered for live transfer. The event's id is the transfer's id. */
export interface TransferOfferedEvent extends EventBase {
  type: 'transfer.offered';
  transfer: LiveTransferInfo;
}

/** How a live transfer ended for one receiver. */
export type TransferReceiverOutcome = 'completed' | 'declined' | 'cancelled' | 'failed';
/** How a live transfer ended as a whole: `completed` when at least one receiver got every byte, checked. */
export type TransferOutcome = 'completed' | 'cancelled' | 'failed';

export interface TransferReceiverResult {
  id: string;
  outcome: TransferReceiverOutcome;
}

/** How a live transfer ended, logged by its sender: per receiver, and the file's SHA-256 when it was sent whole. */
export interface TransferEndedEvent extends EventBase {
  type: 'transfer.ended';
  /** The `transfer.offered` event's id. */
  target: string;
  outcome: TransferOutcome;
  receivers: TransferReceiverResult[];
  /** SHA-256 (hex) of the whole file, as the sender computed it and the receivers checked it. */
  sha256?: string;
}

/** Offers a file for live transfer to everyone else online now (the relay fills in who). */
export interface TransferOfferIntentFrame {
  type: 'transfer-offer';
  clientId: string;
  name: string;
  size: number;
  /** MIME type (sanitized; `application/octet-stream` when unknown). */
  mime: string;
}

/** The sender says how its transfer ended (once). */
export interface TransferEndIntentFrame {
  type: 'transfer-end';
  clientId: string;
  target: string;
  outcome: TransferOutcome;
  receivers: TransferReceiverResult[];
  sha256?: string;
}

/**
 * What the two ends of a live transfer tell each other through the relay (never logged):
 * `accept` and `decline` (receiver), the data channel's `description` (SDP offer or answer) and
 * ICE `candidate`s (either end; `candidate: null` ends them), `relay` (either end: no direct
 * path, meet on the relay pipe instead).
 */
export type TransferSignal =
  | { kind: 'accept' }
  | { kind: 'decline' }
  | { kind: 'description'; sdpType: 'offer' | 'answer'; sdp: string }
  | { kind: 'candidate'; candidate: string | null; sdpMid?: string | null; sdpMLineIndex?: number | null }
  | { kind: 'relay' };

/** Client → relay: a signal for one other end of a transfer. */
export interface TransferSignalFrame {
  type: 'transfer-signal';
  transfer: string;
  to: string;
  signal: TransferSignal;
}

/** Relay → client: a signal from the other end of a transfer. */
export interface TransferSignalNoticeFrame {
  type: 'transfer-signal';
  transfer: string;
  from: string;
  signal: TransferSignal;
}

/** Largest SDP a signal carries (a data-channel-only description is about 1 KB). */
export const MAX_SDP_LENGTH = 16 * 1024;
const MAX_CANDIDATE_LENGTH = 1024;
const MAX_RECEIVERS = 64;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const RECEIVER_OUTCOMES: readonly string[] = ['completed', 'declined', 'cancelled', 'failed'];
const OUTCOMES: readonly string[] = ['completed', 'cancelled', 'failed'];

type Obj = Record<string, unknown>;

function invalid(message: string, clientId?: string): never {
  throw new SessionChatError(ErrorCodes.INVALID_FIELD, message, clientId === undefined ? {} : { clientId });
}

function id(data: Obj, key: string, clientId?: string): string {
  const value = data[key];
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) invalid(`"${key}" must be an id`, clientId);
  return value;
}

/** Validates a `transfer-offer` intent (its `clientId` already read). */
export function parseTransferOffer(data: Obj, clientId: string): TransferOfferIntentFrame {
  if (typeof data.name !== 'string' || data.name.length === 0 || data.name.length > 1024) invalid('"name" must be a file name', clientId);
  if (typeof data.size !== 'number' || !Number.isSafeInteger(data.size) || data.size < 0) invalid('"size" must be a byte count', clientId);
  if (data.mime !== undefined && typeof data.mime !== 'string') invalid('"mime" must be a MIME type', clientId);
  return { type: 'transfer-offer', clientId, name: sanitizeFileName(data.name), size: data.size, mime: sanitizeFileType(data.mime as string | undefined) };
}

/** Validates a `transfer-end` intent (its `clientId` already read). */
export function parseTransferEnd(data: Obj, clientId: string): TransferEndIntentFrame {
  const target = id(data, 'target', clientId);
  if (!OUTCOMES.includes(data.outcome as string)) invalid('"outcome" must be completed, cancelled or failed', clientId);
  const receivers = data.receivers;
  if (!Array.isArray(receivers) || receivers.length > MAX_RECEIVERS) invalid(`"receivers" must be a list of at most ${MAX_RECEIVERS}`, clientId);
  const results = receivers.map((r: unknown): TransferReceiverResult => {
    if (typeof r !== 'object' || r === null || !RECEIVER_OUTCOMES.includes((r as Obj).outcome as string)) {
      invalid('each receiver must be { id, outcome: completed | declined | cancelled | failed }', clientId);
    }
    return { id: id(r as Obj, 'id', clientId), outcome: (r as Obj).outcome as TransferReceiverOutcome };
  });
  const frame: TransferEndIntentFrame = { type: 'transfer-end', clientId, target, outcome: data.outcome as TransferOutcome, receivers: results };
  if (data.sha256 !== undefined) {
    if (typeof data.sha256 !== 'string' || !SHA256_HEX.test(data.sha256)) invalid('"sha256" must be 64 lower-case hex digits', clientId);
    frame.sha256 = data.sha256;
  }
  return frame;
}

function parseSignal(value: unknown): TransferSignal {
  if (typeof value !== 'object' || value === null) invalid('"signal" must be an object');
  const s = value as Obj;
  switch (s.kind) {
    case 'accept':
    case 'decline':
    case 'relay':
      return { kind: s.kind };
    case 'description':
      if (s.sdpType !== 'offer' && s.sdpType !== 'answer') invalid('"signal.sdpType" must be offer or answer');
      if (typeof s.sdp !== 'string' || s.sdp.length > MAX_SDP_LENGTH) invalid(`"signal.sdp" must be a string of at most ${MAX_SDP_LENGTH} characters`);
      return { kind: 'description', sdpType: s.sdpType, sdp: s.sdp };
    case 'candidate': {
      if (s.candidate !== null && (typeof s.candidate !== 'string' || s.candidate.length > MAX_CANDIDATE_LENGTH)) invalid('"signal.candidate" must be a string or null');
      const signal: TransferSignal = { kind: 'candidate', candidate: s.candidate as string | null };
      if (s.sdpMid !== undefined && s.sdpMid !== null) {
        if (typeof s.sdpMid !== 'string' || s.sdpMid.length > 64) invalid('"signal.sdpMid" must be a short string');
        signal.sdpMid = s.sdpMid;
      }
      if (s.sdpMLineIndex !== undefined && s.sdpMLineIndex !== null) {
        if (typeof s.sdpMLineIndex !== 'number' || !Number.isInteger(s.sdpMLineIndex) || s.sdpMLineIndex < 0 || s.sdpMLineIndex > 64) invalid('"signal.sdpMLineIndex" must be a small integer');
        signal.sdpMLineIndex = s.sdpMLineIndex;
      }
      return signal;
    }
    default:
      invalid('"signal.kind" must be accept, decline, description, candidate or relay');
  }
}

/** Validates a `transfer-signal` frame from a client. */
export function parseTransferSignal(data: Obj): TransferSignalFrame {
  return { type: 'transfer-signal', transfer: id(data, 'transfer'), to: id(data, 'to'), signal: parseSignal(data.signal) };
}

/** Validates a `transfer-signal` notice from the relay (the client's side). */
export function isTransferSignalNotice(value: Obj): value is Obj & TransferSignalNoticeFrame {
  try {
    return value.type === 'transfer-signal' && id(value, 'transfer') !== '' && id(value, 'from') !== '' && parseSignal(value.signal) !== undefined;
  } catch {
    return false;
  }
}

/** What the rules read of a live transfer. */
export interface RuledTransfer {
  readonly from: string;
  readonly to: readonly string[];
  readonly ended: boolean;
}

/** Why a signal from `from` to `to` about `transfer` may not pass, or `undefined` when it may. */
export function signalRefusal(transfer: RuledTransfer | undefined, from: string, to: string, sessionEnded: boolean): { code: ErrorCode; message: string } | undefined {
  if (sessionEnded) return { code: ErrorCodes.SESSION_ENDED, message: 'the session has ended' };
  if (!transfer) return { code: ErrorCodes.UNKNOWN_TARGET, message: 'no live transfer with that id in this session' };
  if (transfer.ended) return { code: ErrorCodes.TRANSFER_ENDED, message: 'that live transfer has ended' };
  const senderToReceiver = from === transfer.from && transfer.to.includes(to);
  const receiverToSender = to === transfer.from && transfer.to.includes(from);
  if (!senderToReceiver && !receiverToSender) return { code: ErrorCodes.FORBIDDEN, message: 'signals go between the sender of a live transfer and its receivers' };
  return undefined;
}

/**
 * Why a relay pipe end may not open, or `undefined` when it may: the transfer must have been
 * offered in the session and still run; only its sender sends, only to a participant it was
 * offered to (each receiver's own pipe).
 */
export function pipeRefusal(transfer: RuledTransfer | undefined, role: 'send' | 'receive', participantId: string, receiverId: string): { code: ErrorCode; message: string } | undefined {
  if (!transfer) return { code: ErrorCodes.UNKNOWN_TARGET, message: 'no live transfer with that id in this session' };
  if (transfer.ended) return { code: ErrorCodes.TRANSFER_ENDED, message: 'that live transfer has ended' };
  if (role === 'send' && participantId !== transfer.from) return { code: ErrorCodes.FORBIDDEN, message: 'only the participant who offered this transfer sends it' };
  if (!transfer.to.includes(receiverId)) return { code: ErrorCodes.FORBIDDEN, message: 'this transfer was not offered to that participant' };
  return undefined;
}
