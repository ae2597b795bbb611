import { errorCodeName, type ErrorCode } from './codes.js';
import type { SessionEvent } from './events.js';
import type {
  AckFrame,
  ClientFrame,
  ErrorFrame,
  EventFrame,
  PingFrame,
  PongFrame,
  PresenceFrame,
  ReceiptsFrame,
  ServerFrame,
  TypingNoticeFrame,
  WelcomeFrame,
} from './frames.js';
import type { HistoryBase, HistoryFrame } from './history.js';
import type { PresenceEntry, ReceiptEntry } from './participants.js';
import { PROTOCOL_VERSION } from './version.js';

/**
 * Encoding of every frame, both directions: the other half of `validate.ts`. The relay and the
 * client write frames only through these functions, so a frame that does not type-check against
 * `frames.ts` cannot be sent, and every encoding parses with the parser of its direction
 * (`test/node/protocol-encode.test.ts` holds both to that).
 *
 * Fast paths splice JSON made earlier into a frame: the relay encodes an event once and shares
 * that text between the log, the sender's ack and every recipient's event frame. The spliced
 * text is typed ({@link Json}), so only an encoded event goes where an event belongs.
 */

declare const jsonOf: unique symbol;

/**
 * JSON text of a `T` made by this module (or stored from it, as the relay's log lines are): a
 * plain string at run time, branded so that a fast path takes it only where a `T` belongs.
 */
export type Json<T> = string & { readonly [jsonOf]: T };

/* ------------------------------------------------------------------ both directions */

/** A frame a client sends, as JSON text. */
export function encodeClientFrame<F extends ClientFrame>(frame: F): Json<F> {
  return JSON.stringify(frame) as Json<F>;
}

/** The client's watchdog ping, made once. */
export const PING_FRAME: Json<PingFrame> = encodeClientFrame<PingFrame>({ type: 'ping' });

/** A frame the relay sends, as JSON text (the fast paths below make the same text). */
export function encodeServerFrame<F extends ServerFrame>(frame: F): Json<F> {
  return JSON.stringify(frame) as Json<F>;
}

/* ------------------------------------------------------------------ parts made once */

/** A logged event as JSON: the text the relay writes to the log and splices into frames. */
export function encodeEvent(event: SessionEvent): Json<SessionEvent> {
  return JSON.stringify(event) as Json<SessionEvent>;
}

/** A presence list as JSON (the relay compares it with the last one sent to skip repeats). */
export function encodePresence(entries: readonly PresenceEntry[]): Json<PresenceEntry[]> {
  return JSON.stringify(entries) as Json<PresenceEntry[]>;
}

/* ------------------------------------------------------------------ relay → client, fast paths */

/**
 * A frame around one encoded event, in three parts: `head`, the event's JSON, `tail`. The relay
 * writes the parts straight into the frame's bytes (no joined string is made and copied again);
 * the functions below join them into the same text.
 */
export interface EventSplice<F extends ServerFrame> {
  readonly head: string;
  readonly event: Json<SessionEvent>;
  readonly tail: string;
  /** Phantom: the frame the three parts make. */
  readonly frame?: F;
}

const EVENT_HEAD = '{"type":"event","event":';

/** The parts of `{"type":"event","event":…}` around an encoded event. */
export function eventFrameParts(event: Json<SessionEvent>): EventSplice<EventFrame> {
  return { head: EVENT_HEAD, event, tail: '}' };
}

/** The parts of `{"type":"ack","clientId":…,"event":…}` around an encoded event. */
export function ackFrameParts(clientId: string, event: Json<SessionEvent>): EventSplice<AckFrame> {
  return { head: `{"type":"ack","clientId":${JSON.stringify(clientId)},"event":`, event, tail: '}' };
}

/** The text of a spliced frame. */
export function joinSplice<F extends ServerFrame>(parts: EventSplice<F>): Json<F> {
  return (parts.head + parts.event + parts.tail) as Json<F>;
}

/** `{"type":"event","event":…}` around an encoded event. */
export function encodeEventFrame(event: Json<SessionEvent>): Json<EventFrame> {
  return joinSplice(eventFrameParts(event));
}

/** `{"type":"ack","clientId":…,"event":…}` around an encoded event. */
export function encodeAckFrame(clientId: string, event: Json<SessionEvent>): Json<AckFrame> {
  return joinSplice(ackFrameParts(clientId, event));
}

/** `{"type":"presence","presence":…}` around an encoded presence list. */
export function encodePresenceFrame(presence: Json<PresenceEntry[]>): Json<PresenceFrame> {
  return `{"type":"presence","presence":${presence}}` as Json<PresenceFrame>;
}

/** The fields of a welcome besides the spliced ones; the relay always sends `receipts` and `policy`. */
export type WelcomeFields = Required<Omit<WelcomeFrame, 'type' | 'v' | 'events' | 'presence' | 'base'>>;

/** A {@link HistoryBase} whose quoted events are encoded already (the log's lines). */
export interface EncodedHistoryBase extends Omit<HistoryBase, 'quoted'> {
  quoted: readonly Json<SessionEvent>[];
}

/** `{…,"quoted":[…]}`: a history base around encoded quoted events. */
function encodeBase(base: EncodedHistoryBase): string {
  const { quoted, ...rest } = base;
  const head = JSON.stringify(rest);
  return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"quoted":[${quoted.join(',')}]}`;
}

/**
 * A welcome around encoded events (the log's lines, not parsed again) and an encoded presence
 * list. Keys in the order of {@link WelcomeFrame}, as `encodeServerFrame` writes them.
 */
export function encodeWelcomeFrame(
  fields: WelcomeFields,
  events: readonly Json<SessionEvent>[],
  presence: Json<PresenceEntry[]>,
  base?: EncodedHistoryBase,
): Json<WelcomeFrame> {
  return (
    `{"type":"welcome","v":${PROTOCOL_VERSION},"sessionId":${JSON.stringify(fields.sessionId)},` +
    `"you":${JSON.stringify(fields.you)},"epoch":${JSON.stringify(fields.epoch)},"reset":${fields.reset},` +
    `"events":[${events.join(',')}],${base ? `"base":${encodeBase(base)},` : ''}"presence":${presence},"receipts":${JSON.stringify(fields.receipts)},` +
    `"limits":${JSON.stringify(fields.limits)},"policy":${JSON.stringify(fields.policy)},` +
    `"serverTime":${JSON.stringify(fields.serverTime)}}`
  ) as Json<WelcomeFrame>;
}

/**
 * The answer to a `history` request around encoded events (the log's lines, not parsed again).
 * Keys in the order of {@link HistoryFrame}.
 */
export function encodeHistoryFrame(
  clientId: string,
  events: readonly Json<SessionEvent>[],
  more: boolean,
  quoted: readonly Json<SessionEvent>[],
): Json<HistoryFrame> {
  return `{"type":"history","clientId":${JSON.stringify(clientId)},"events":[${events.join(',')}],"more":${more},"quoted":[${quoted.join(',')}]}` as Json<HistoryFrame>;
}

/* ------------------------------------------------------------------ relay → client, small frames */

/** A refusal or failure; `name` is the code's symbolic name. Optional fields are left out when undefined. */
export function encodeErrorFrame(
  code: ErrorCode,
  message: string,
  details: { clientId?: string | undefined; retryAfterMs?: number | undefined } = {},
): Json<ErrorFrame> {
  const frame: ErrorFrame = { type: 'error', code, name: errorCodeName(code) ?? 'INTERNAL_ERROR', message };
  if (details.clientId !== undefined) frame.clientId = details.clientId;
  if (details.retryAfterMs !== undefined) frame.retryAfterMs = details.retryAfterMs;
  return encodeServerFrame(frame);
}

/** Another participant started or stopped typing. */
export function encodeTypingFrame(participantId: string, active: boolean): Json<TypingNoticeFrame> {
  return encodeServerFrame<TypingNoticeFrame>({ type: 'typing', participantId, active });
}

/** Every participant's delivered and read positions. */
export function encodeReceiptsFrame(receipts: ReceiptEntry[]): Json<ReceiptsFrame> {
  return encodeServerFrame<ReceiptsFrame>({ type: 'receipts', receipts });
}

/** The answer to a client's `ping`, made once. */
export const PONG_FRAME: Json<PongFrame> = encodeServerFrame<PongFrame>({ type: 'pong' });
