import fc from 'fast-check';
import {
  MAX_MEDIA_DURATION_MS,
  MAX_WAVEFORM_LENGTH,
  DEFAULT_MAX_TEXT_LENGTH,
  ErrorCodes,
  PROTOCOL_VERSION,
  ROLES,
  errorCodeName,
  type ClientFrame,
  type ErrorCode,
  type MediaInfo,
  type ParticipantInfo,
  type PresenceEntry,
  type ReceiptEntry,
  type ServerFrame,
  type ChatParticipant,
  type HistoryBase,
  type SessionEvent,
  type SessionEventType,
  type SessionLimits,
} from '../../../src/protocol/index.js';
import { outcome, receivers, sha256, transferFrames, transferInfo } from './transfer-arbitraries.js';

/*
 * Generators of every frame (both directions) and every event of the protocol, for its
 * round-trip test, protocol-encode.test.ts.
 */

/** Records as `JSON.parse` makes them (fast-check may otherwise give objects without a prototype). */
export function record<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

/* ------------------------------------------------------------------ values */

export const anyId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
/** Any UTF-16 text, lone surrogates and control characters included. */
const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
export const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), utf16);
/** What an intent's text must be: not blank, within the default limit. */
const sendableText = fc
  .oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), utf16)
  .filter((text) => text.trim().length > 0 && text.length <= DEFAULT_MAX_TEXT_LENGTH);
const seq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const position = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
export const time = fc.integer({ min: 0, max: 4_102_444_800_000 });
const role = fc.constantFrom(...ROLES);
/** Reactions the picker offers (single emoji, with and without modifiers). */
const emoji = fc.constantFrom('👍', '❤️', '😂', '🎉', '🙏', '👀', '✅', '🔥', '👍🏽');
export const participant: fc.Arbitrary<ParticipantInfo> = record({ id: anyText, name: anyText, role });

function withOptional<T extends object, O extends object>(required: fc.Arbitrary<T>, optional: { [K in keyof O]: fc.Arbitrary<O[K]> }): fc.Arbitrary<T & Partial<O>> {
  return fc.tuple(required, fc.record(optional, { requiredKeys: [], noNullPrototype: true })).map(([r, o]) => ({ ...r, ...(o as Partial<O>) }));
}

/** Media info as the widget measures it: a duration, and for a voice message its waveform. */
const media: fc.Arbitrary<MediaInfo> = withOptional(record({}), {
  durationMs: fc.integer({ min: 0, max: MAX_MEDIA_DURATION_MS }),
  voice: fc.constant(true as const),
  waveform: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: MAX_WAVEFORM_LENGTH }),
});

/** A thumbnail as the client makes them: the format's first bytes, then anything. */
const thumbnail = fc
  .tuple(fc.constantFrom('png', 'jpeg', 'webp'), fc.uint8Array({ minLength: 12, maxLength: 200 }))
  .map(([kind, rest]) => {
    const magic = kind === 'png' ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] : kind === 'jpeg' ? [0xff, 0xd8, 0xff] : [...Buffer.from('RIFF\0\0\0\0WEBP')];
    return `data:image/${kind};base64,${Buffer.concat([Buffer.from(magic), rest]).toString('base64')}`;
  });

/* ------------------------------------------------------------------ events */

type EventOf<K extends SessionEventType> = Extract<SessionEvent, { type: K }>;

function event<K extends SessionEventType, R extends object, O extends object = object>(
  type: K,
  required: { [P in keyof R]: fc.Arbitrary<R[P]> },
  optional?: { [P in keyof O]: fc.Arbitrary<O[P]> },
): fc.Arbitrary<EventOf<K>> {
  const base = record({ seq, id: anyId, from: anyText, at: time, type: fc.constant(type), ...required });
  return withOptional(base, { clientId: anyId, ...(optional ?? {}) }) as unknown as fc.Arbitrary<EventOf<K>>;
}

const events: { [K in SessionEventType]: fc.Arbitrary<EventOf<K>> } = {
  'participant.joined': event('participant.joined', { participant }),
  'participant.left': event('participant.left', {}),
  'message.sent': event('message.sent', { text: sendableText }, { replyTo: anyId }),
  'file.shared': event(
    'file.shared',
    { file: withOptional(record({ id: anyId, name: anyText, size: position, type: anyText }), { thumbnail, media }) },
    { caption: sendableText },
  ),
  'message.edited': event('message.edited', { target: anyId, text: sendableText, notify: fc.boolean() }),
  'message.deleted': event('message.deleted', { target: anyId }),
  'reaction.added': event('reaction.added', { target: anyId, emoji }),
  'reaction.removed': event('reaction.removed', { target: anyId, emoji }),
  'session.ended': event('session.ended', {}, { reason: fc.constantFrom('participant' as const, 'host' as const, 'idle' as const) }),
  'transcript.ready': event('transcript.ready', { urls: record({ txt: anyText, json: anyText, html: anyText }) }),
  'transfer.offered': event('transfer.offered', { transfer: transferInfo }),
  'transfer.ended': event('transfer.ended', { target: anyId, outcome, receivers }, { sha256 }),
};
export const anyEvent: fc.Arbitrary<SessionEvent> = fc.oneof(...Object.values(events));

export const presenceEntry: fc.Arbitrary<PresenceEntry> = withOptional(
  record({ id: anyText, name: anyText, role, online: fc.boolean(), connections: fc.nat(50) }),
  { away: fc.boolean() },
);
export const receipt: fc.Arbitrary<ReceiptEntry> = record({ participantId: anyText, delivered: position, read: position });
const mimePattern = fc.constantFrom('image/*', 'application/pdf', 'text/plain', '*/*');
export const limits: fc.Arbitrary<SessionLimits> = withOptional(
  record({ maxTextLength: fc.integer({ min: 1, max: 1e6 }), maxFrameBytes: fc.integer({ min: 1024, max: 1e8 }), maxFileBytes: position }),
  { allowedFileTypes: fc.array(mimePattern, { maxLength: 3 }), deniedFileTypes: fc.array(mimePattern, { maxLength: 3 }) },
);
export const policy = record({ technicianCanDeleteAny: fc.boolean() });
const chatParticipant: fc.Arbitrary<ChatParticipant> = record({ id: anyText, name: anyText, role, joinedAt: time, left: fc.boolean() });
export const historyBase: fc.Arbitrary<HistoryBase> = record({
  participants: fc.array(chatParticipant, { maxLength: 3 }),
  startedAt: fc.option(time, { nil: null }),
  ended: fc.option(record({ by: anyText, at: time }), { nil: null }),
  transcript: fc.option(record({ txt: anyText, json: anyText, html: anyText }), { nil: null }),
  quoted: fc.array(anyEvent, { maxLength: 3 }),
});
export const errorCode = fc.constantFrom(...(Object.values(ErrorCodes) as ErrorCode[]));

/* ------------------------------------------------------------------ frames, both directions */

type ServerFrameOf<K extends ServerFrame['type']> = Extract<ServerFrame, { type: K }>;

export const serverFrames: { [K in ServerFrame['type']]: fc.Arbitrary<ServerFrameOf<K>> } = {
  welcome: withOptional(
    record({
      type: fc.constant('welcome' as const),
      v: fc.constant(PROTOCOL_VERSION),
      sessionId: anyText,
      you: participant,
      epoch: anyText,
      reset: fc.boolean(),
      events: fc.array(anyEvent, { maxLength: 4 }),
      presence: fc.array(presenceEntry, { maxLength: 3 }),
      limits,
      serverTime: time,
    }),
    { base: historyBase, receipts: fc.array(receipt, { maxLength: 3 }), policy },
  ),
  history: record({
    type: fc.constant('history' as const),
    clientId: anyId,
    events: fc.array(anyEvent, { maxLength: 4 }),
    more: fc.boolean(),
    quoted: fc.array(anyEvent, { maxLength: 2 }),
  }),
  event: record({ type: fc.constant('event' as const), event: anyEvent }),
  ack: record({ type: fc.constant('ack' as const), clientId: anyId, event: anyEvent }),
  error: withOptional(
    errorCode.chain((code) => record({ type: fc.constant('error' as const), code: fc.constant(code), name: fc.constant(errorCodeName(code)!), message: anyText })),
    { clientId: anyId, retryAfterMs: fc.nat(60_000) },
  ),
  presence: record({ type: fc.constant('presence' as const), presence: fc.array(presenceEntry, { maxLength: 4 }) }),
  typing: record({ type: fc.constant('typing' as const), participantId: anyText, active: fc.boolean() }),
  receipts: record({ type: fc.constant('receipts' as const), receipts: fc.array(receipt, { maxLength: 4 }) }),
  pong: fc.constant({ type: 'pong' as const }),
  'transfer-signal': transferFrames.notice,
};

type ClientFrameOf<K extends ClientFrame['type']> = Extract<ClientFrame, { type: K }>;

export const clientFrames: { [K in ClientFrame['type']]: fc.Arbitrary<ClientFrameOf<K>> } = {
  hello: withOptional(record({ type: fc.constant('hello' as const), v: fc.constant(PROTOCOL_VERSION) }), {
    resume: record({ epoch: fc.string({ unit: 'binary', maxLength: 64 }), seq: position }),
  }),
  message: withOptional(record({ type: fc.constant('message' as const), clientId: anyId, text: sendableText }), { replyTo: anyId }),
  edit: record({ type: fc.constant('edit' as const), clientId: anyId, target: anyId, text: sendableText, notify: fc.boolean() }),
  delete: record({ type: fc.constant('delete' as const), clientId: anyId, target: anyId }),
  react: record({ type: fc.constant('react' as const), clientId: anyId, target: anyId, emoji }),
  end: record({ type: fc.constant('end' as const), clientId: anyId }),
  share: withOptional(record({ type: fc.constant('share' as const), clientId: anyId, uploadId: anyId }), { caption: sendableText, thumbnail, media }),
  typing: record({ type: fc.constant('typing' as const), active: fc.boolean() }),
  status: record({ type: fc.constant('status' as const), away: fc.boolean() }),
  receipt: withOptional(record({ type: fc.constant('receipt' as const), delivered: position }), { read: position }),
  ping: fc.constant({ type: 'ping' as const }),
  history: withOptional(record({ type: fc.constant('history' as const), clientId: anyId, before: fc.integer({ min: 1, max: 2 ** 40 }) }), { from: time }),
  ...transferFrames.client,
};
