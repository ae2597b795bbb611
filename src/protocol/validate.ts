import { ErrorCodes } from './codes.js';
import { isTransferSignalNotice, parseTransferEnd, parseTransferOffer, parseTransferSignal } from './live-transfers.js';
import { SessionChatError } from './errors.js';
import { SESSION_EVENT_TYPES, type SessionEvent } from './events.js';
import { isReactionEmoji } from './emoji.js';
import { MAX_THUMBNAIL_LENGTH, isThumbnailDataUrl } from './files.js';
import { parseMediaInfo } from './media.js';
import type { ClientFrame, ServerFrame } from './frames.js';
import { isClientId, isEventId } from './ids.js';
import { DEFAULT_MAX_TEXT_LENGTH, MAX_ID_LENGTH } from './limits.js';

/** Limits that validation enforces; the relay takes them from its options. */
export interface FrameLimits {
  maxTextLength: number;
}

export const DEFAULT_FRAME_LIMITS: FrameLimits = { maxTextLength: DEFAULT_MAX_TEXT_LENGTH };

const MAX_EMOJI_LENGTH = 32;

type Obj = Record<string, unknown>;

function fail(code: (typeof ErrorCodes)[keyof typeof ErrorCodes], message: string, clientId?: string): never {
  throw new SessionChatError(code, message, { clientId });
}

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(frame: Obj, name: string, clientId?: string): string {
  const value = frame[name];
  if (typeof value !== 'string') fail(ErrorCodes.INVALID_FIELD, `"${name}" must be a string`, clientId);
  return value;
}

function idField(frame: Obj, name: string, clientId: string): string {
  const value = field(frame, name, clientId);
  if (!isEventId(value)) fail(ErrorCodes.INVALID_FIELD, `"${name}" is not a valid id`, clientId);
  return value;
}

function textField(frame: Obj, limits: FrameLimits, clientId: string, name = 'text'): string {
  const text = field(frame, name, clientId);
  if (text.trim().length === 0) fail(ErrorCodes.INVALID_FIELD, `"${name}" must not be empty`, clientId);
  if (text.length > limits.maxTextLength) {
    fail(ErrorCodes.TEXT_TOO_LONG, `"${name}" is longer than ${limits.maxTextLength} characters`, clientId);
  }
  return text;
}

/**
 * Names an untrusted value in an error message without converting it: `String(x)` or a
 * template literal would call the value's own `toString`/`valueOf`, which JSON can make
 * non-functions (`{"toString":0}` throws a TypeError) or nest deep enough to overflow the stack.
 */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (value === undefined) return '(none)';
  if (value === null) return '(null)';
  if (Array.isArray(value)) return '(an array)';
  return `(a${typeof value === 'object' ? 'n' : ''} ${typeof value})`;
}

/** Reads the idempotency key first so that later errors can name it. */
function clientIdOf(frame: Obj): string {
  const value = frame.clientId;
  if (!isClientId(value)) {
    fail(ErrorCodes.INVALID_FIELD, `"clientId" must be 1-${MAX_ID_LENGTH} characters of A-Z, a-z, 0-9, "_" or "-"`);
  }
  return value;
}

/**
 * Parses and validates one frame from a client. Throws a {@link SessionChatError} with a
 * numbered code for anything that is not exactly a valid frame; never throws anything else.
 */
export function parseClientFrame(raw: string, limits: FrameLimits = DEFAULT_FRAME_LIMITS): ClientFrame {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    fail(ErrorCodes.MALFORMED_FRAME, 'frame is not valid JSON');
  }
  if (!isObject(data)) fail(ErrorCodes.MALFORMED_FRAME, 'frame must be a JSON object');
  switch (data.type) {
    case 'hello': {
      if (typeof data.v !== 'number' || !Number.isInteger(data.v)) fail(ErrorCodes.INVALID_FIELD, '"v" must be an integer');
      const hello: ClientFrame = { type: 'hello', v: data.v };
      if (data.resume !== undefined) {
        const resume = data.resume;
        if (!isObject(resume) || typeof resume.epoch !== 'string' || resume.epoch.length > MAX_ID_LENGTH) {
          fail(ErrorCodes.INVALID_FIELD, '"resume.epoch" must be a string');
        }
        if (typeof resume.seq !== 'number' || !Number.isSafeInteger(resume.seq) || resume.seq < 0) {
          fail(ErrorCodes.INVALID_FIELD, '"resume.seq" must be a non-negative integer');
        }
        hello.resume = { epoch: resume.epoch, seq: resume.seq };
      }
      return hello;
    }
    case 'message': {
      const clientId = clientIdOf(data);
      const text = textField(data, limits, clientId);
      const frame: ClientFrame = { type: 'message', clientId, text };
      if (data.replyTo !== undefined) frame.replyTo = idField(data, 'replyTo', clientId);
      return frame;
    }
    case 'edit': {
      const clientId = clientIdOf(data);
      const target = idField(data, 'target', clientId);
      const text = textField(data, limits, clientId);
      if (typeof data.notify !== 'boolean') fail(ErrorCodes.INVALID_FIELD, '"notify" must be a boolean', clientId);
      return { type: 'edit', clientId, target, text, notify: data.notify };
    }
    case 'delete': {
      const clientId = clientIdOf(data);
      return { type: 'delete', clientId, target: idField(data, 'target', clientId) };
    }
    case 'react': {
      const clientId = clientIdOf(data);
      const target = idField(data, 'target', clientId);
      const emoji = field(data, 'emoji', clientId);
      if (emoji.length > MAX_EMOJI_LENGTH || !isReactionEmoji(emoji)) {
        fail(ErrorCodes.INVALID_FIELD, '"emoji" must be exactly one emoji', clientId);
      }
      return { type: 'react', clientId, target, emoji };
    }
    case 'end':
      return { type: 'end', clientId: clientIdOf(data) };
    case 'share': {
      const clientId = clientIdOf(data);
      const frame: ClientFrame = { type: 'share', clientId, uploadId: idField(data, 'uploadId', clientId) };
      if (data.caption !== undefined) frame.caption = textField(data, limits, clientId, 'caption');
      if (data.thumbnail !== undefined) {
        if (!isThumbnailDataUrl(data.thumbnail)) {
          fail(
            ErrorCodes.INVALID_FIELD,
            `"thumbnail" must be a data:image/webp, jpeg or png base64 URL of at most ${MAX_THUMBNAIL_LENGTH} characters`,
            clientId,
          );
        }
        frame.thumbnail = data.thumbnail;
      }
      if (data.media !== undefined) {
        const media = parseMediaInfo(data.media);
        if (typeof media === 'string') fail(ErrorCodes.INVALID_FIELD, media, clientId);
        frame.media = media;
      }
      return frame;
    }
    case 'transfer-offer':
      return parseTransferOffer(data, clientIdOf(data));
    case 'transfer-end':
      return parseTransferEnd(data, clientIdOf(data));
    case 'transfer-signal':
      return parseTransferSignal(data);
    case 'typing':
      if (typeof data.active !== 'boolean') fail(ErrorCodes.INVALID_FIELD, '"active" must be a boolean');
      return { type: 'typing', active: data.active };
    case 'status':
      if (typeof data.away !== 'boolean') fail(ErrorCodes.INVALID_FIELD, '"away" must be a boolean');
      return { type: 'status', away: data.away };
    case 'receipt': {
      const seqOk = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
      if (!seqOk(data.delivered)) fail(ErrorCodes.INVALID_FIELD, '"delivered" must be a non-negative integer');
      if (data.read !== undefined && !seqOk(data.read)) fail(ErrorCodes.INVALID_FIELD, '"read" must be a non-negative integer');
      const frame: ClientFrame = { type: 'receipt', delivered: data.delivered };
      if (data.read !== undefined) frame.read = data.read as number;
      return frame;
    }
    case 'ping':
      return { type: 'ping' };
    case 'history': {
      const clientId = clientIdOf(data);
      const before = data.before;
      if (typeof before !== 'number' || !Number.isSafeInteger(before) || before < 1) {
        fail(ErrorCodes.INVALID_FIELD, '"before" must be a positive integer (a seq)', clientId);
      }
      const frame: ClientFrame = { type: 'history', clientId, before };
      if (data.from !== undefined) {
        if (typeof data.from !== 'number' || !Number.isFinite(data.from) || data.from < 0) {
          fail(ErrorCodes.INVALID_FIELD, '"from" must be a time in milliseconds since the Unix epoch', clientId);
        }
        frame.from = data.from;
      }
      return frame;
    }
    default:
      fail(ErrorCodes.UNKNOWN_FRAME_TYPE, `unknown frame type ${describe(data.type)}`);
  }
}

/** Shape check of a logged event (used when reading logs and frames from the relay). */
export function isSessionEvent(value: unknown): value is SessionEvent {
  if (!isObject(value)) return false;
  return (
    typeof value.seq === 'number' &&
    typeof value.id === 'string' &&
    typeof value.from === 'string' &&
    typeof value.at === 'number' &&
    typeof value.type === 'string' &&
    (SESSION_EVENT_TYPES as readonly string[]).includes(value.type)
  );
}

function isHistoryBase(value: unknown): boolean {
  return (
    isObject(value) &&
    Array.isArray(value.participants) &&
    value.participants.every((p: unknown) => isObject(p) && typeof p.id === 'string' && typeof p.name === 'string') &&
    Array.isArray(value.quoted) &&
    value.quoted.every(isSessionEvent)
  );
}

/**
 * Parses one frame from the relay. The client trusts the relay's content but not the
 * network: anything that is not a known frame shape throws a MALFORMED_FRAME error.
 */
export function parseServerFrame(raw: string): ServerFrame {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    fail(ErrorCodes.MALFORMED_FRAME, 'frame from relay is not valid JSON');
  }
  if (!isObject(data) || typeof data.type !== 'string') fail(ErrorCodes.MALFORMED_FRAME, 'frame from relay has no type');
  const ok = (() => {
    switch (data.type) {
      case 'welcome':
        return (
          typeof data.sessionId === 'string' &&
          typeof data.epoch === 'string' &&
          typeof data.reset === 'boolean' &&
          Array.isArray(data.events) &&
          data.events.every(isSessionEvent) &&
          Array.isArray(data.presence) &&
          isObject(data.you) &&
          (data.base === undefined || isHistoryBase(data.base))
        );
      case 'history':
        return (
          typeof data.clientId === 'string' &&
          typeof data.more === 'boolean' &&
          Array.isArray(data.events) &&
          data.events.every(isSessionEvent) &&
          Array.isArray(data.quoted) &&
          data.quoted.every(isSessionEvent)
        );
      case 'event':
        return isSessionEvent(data.event);
      case 'ack':
        return typeof data.clientId === 'string' && isSessionEvent(data.event);
      case 'error':
        return typeof data.code === 'number' && typeof data.message === 'string';
      case 'presence':
        return Array.isArray(data.presence);
      case 'typing':
        return typeof data.participantId === 'string' && typeof data.active === 'boolean';
      case 'receipts':
        return Array.isArray(data.receipts);
      case 'pong':
        return true;
      case 'transfer-signal':
        return isTransferSignalNotice(data);
      default:
        return false;
    }
  })();
  if (!ok) fail(ErrorCodes.MALFORMED_FRAME, `frame from relay of type "${data.type}" is malformed`);
  return data as unknown as ServerFrame;
}
