import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_MEDIA_DURATION_MS,
  MAX_WAVEFORM_LENGTH,
  DEFAULT_FRAME_LIMITS,
  DEFAULT_MAX_TEXT_LENGTH,
  ErrorCodes,
  PING_FRAME,
  PONG_FRAME,
  PROTOCOL_VERSION,
  ROLES,
  SESSION_EVENT_TYPES,
  ackFrameParts,
  encodeAckFrame,
  encodeClientFrame,
  encodeErrorFrame,
  encodeEvent,
  encodeEventFrame,
  eventFrameParts,
  encodePresence,
  encodePresenceFrame,
  encodeReceiptsFrame,
  encodeServerFrame,
  encodeHistoryFrame,
  encodeTypingFrame,
  encodeWelcomeFrame,
  errorCodeName,
  parseClientFrame,
  parseServerFrame,
  peekClientId,
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
} from '../../src/protocol/index.js';
import { splicedFrameBytes } from '../../server/frame-bytes.js';
import type { RoomMember } from '../../server/session-room.js'; import { outcome, receivers, sha256, transferFrames, transferInfo } from './support/transfer-arbitraries.js';

/*
 * Every encoder's output parses with the protocol's own parser for its direction and gives back
 * the frame it encoded; the relay's fast paths write the very bytes of the generic encoder. The
 * generators are tables keyed by frame and event type, so a new type that has no generator does
 * not compile.
 */

const RUNS = { numRuns: 300 };

/** Records as `JSON.parse` makes them (fast-check may otherwise give objects without a prototype). */
function record<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

/* ------------------------------------------------------------------ values */

const anyId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
/** Any UTF-16 text, lone surrogates and control characters included. */
const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), utf16);
/** What an intent's text must be: not blank, within the default limit. */
const sendableText = fc
  .oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), utf16)
  .filter((text) => text.trim().length > 0 && text.length <= DEFAULT_MAX_TEXT_LENGTH);
const seq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const position = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const time = fc.integer({ min: 0, max: 4_102_444_800_000 });
const role = fc.constantFrom(...ROLES);
/** Reactions the picker offers (single emoji, with and without modifiers). */
const emoji = fc.constantFrom('👍', '❤️', '😂', '🎉', '🙏', '👀', '✅', '🔥', '👍🏽');
const participant: fc.Arbitrary<ParticipantInfo> = record({ id: anyText, name: anyText, role });

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
  'transfer.offered': event('transfer.offered', { transfer: transferInfo }), 'transfer.ended': event('transfer.ended', { target: anyId, outcome, receivers }, { sha256 }),
};
const anyEvent: fc.Arbitrary<SessionEvent> = fc.oneof(...Object.values(events));

const presenceEntry: fc.Arbitrary<PresenceEntry> = withOptional(
  record({ id: anyText, name: anyText, role, online: fc.boolean(), connections: fc.nat(50) }),
  { away: fc.boolean() },
);
const receipt: fc.Arbitrary<ReceiptEntry> = record({ participantId: anyText, delivered: position, read: position });
const mimePattern = fc.constantFrom('image/*', 'application/pdf', 'text/plain', '*/*');
const limits: fc.Arbitrary<SessionLimits> = withOptional(
  record({ maxTextLength: fc.integer({ min: 1, max: 1e6 }), maxFrameBytes: fc.integer({ min: 1024, max: 1e8 }), maxFileBytes: position }),
  { allowedFileTypes: fc.array(mimePattern, { maxLength: 3 }), deniedFileTypes: fc.array(mimePattern, { maxLength: 3 }) },
);
const policy = record({ technicianCanDeleteAny: fc.boolean() });
const chatParticipant: fc.Arbitrary<ChatParticipant> = record({ id: anyText, name: anyText, role, joinedAt: time, left: fc.boolean() });
const [ended, transcript] = [record({ by: anyText, at: time }), record({ txt: anyText, json: anyText, html: anyText })];
const historyBase: fc.Arbitrary<HistoryBase> = record({ participants: fc.array(chatParticipant, { maxLength: 3 }), startedAt: fc.option(time, { nil: null }), ended: fc.option(ended, { nil: null }), transcript: fc.option(transcript, { nil: null }), quoted: fc.array(anyEvent, { maxLength: 3 }) });
const errorCode = fc.constantFrom(...(Object.values(ErrorCodes) as ErrorCode[]));

/* ------------------------------------------------------------------ frames, both directions */

type ServerFrameOf<K extends ServerFrame['type']> = Extract<ServerFrame, { type: K }>;

const serverFrames: { [K in ServerFrame['type']]: fc.Arbitrary<ServerFrameOf<K>> } = {
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
  history: record({ type: fc.constant('history' as const), clientId: anyId, events: fc.array(anyEvent, { maxLength: 4 }), more: fc.boolean(), quoted: fc.array(anyEvent, { maxLength: 2 }) }),
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

const clientFrames: { [K in ClientFrame['type']]: fc.Arbitrary<ClientFrameOf<K>> } = {
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

/** The relay sends UTF-8 bytes: the text must survive the trip (no lone surrogate left unescaped). */
function assertUtf8Safe(json: string): void {
  assert.equal(Buffer.from(json, 'utf8').toString('utf8'), json);
}

/* ------------------------------------------------------------------ properties */

describe('encoders: relay → client', () => {
  for (const [type, arbitrary] of Object.entries(serverFrames) as [string, fc.Arbitrary<ServerFrame>][]) {
    it(`every "${type}" frame parses with parseServerFrame and round-trips`, () => {
      fc.assert(
        fc.property(arbitrary, (frame) => {
          const json = encodeServerFrame(frame);
          assertUtf8Safe(json);
          assert.deepEqual(parseServerFrame(json), frame);
        }),
        RUNS,
      );
    });
  }

  it('the event fast path (text and spliced bytes) writes the bytes of the generic encoder', () => {
    fc.assert(
      fc.property(anyEvent, (event) => {
        const generic = encodeServerFrame({ type: 'event', event });
        assert.equal(encodeEventFrame(encodeEvent(event)), generic);
        // What the relay sends: the parts written straight into bytes.
        assert.deepEqual(splicedFrameBytes(eventFrameParts(encodeEvent(event))), Buffer.from(generic, 'utf8'));
      }),
      RUNS,
    );
  });

  it('the ack fast path (text and spliced bytes) writes the bytes of the generic encoder', () => {
    fc.assert(
      fc.property(anyId, anyEvent, (clientId, event) => {
        const generic = encodeServerFrame({ type: 'ack', clientId, event });
        assert.equal(encodeAckFrame(clientId, encodeEvent(event)), generic);
        assert.deepEqual(splicedFrameBytes(ackFrameParts(clientId, encodeEvent(event))), Buffer.from(generic, 'utf8'));
      }),
      RUNS,
    );
  });

  it('the presence fast path writes the bytes of the generic encoder', () => {
    fc.assert(
      fc.property(fc.array(presenceEntry, { maxLength: 5 }), (presence) => {
        assert.equal(encodePresenceFrame(encodePresence(presence)), encodeServerFrame({ type: 'presence', presence }));
      }),
      RUNS,
    );
  });

  it('the welcome fast path (spliced log lines) writes the bytes of the generic encoder and parses', () => {
    const welcome = record({
      sessionId: anyText,
      you: participant,
      epoch: anyText,
      reset: fc.boolean(),
      events: fc.array(anyEvent, { maxLength: 5 }),
      presence: fc.array(presenceEntry, { maxLength: 3 }),
      receipts: fc.array(receipt, { maxLength: 3 }),
      limits,
      policy,
      serverTime: time,
    });
    fc.assert(
      fc.property(welcome, fc.option(historyBase, { nil: undefined }), ({ events, presence, ...fields }, base) => {
        const encodedBase = base && { ...base, quoted: base.quoted.map(encodeEvent) };
        const json = encodeWelcomeFrame(fields, events.map(encodeEvent), encodePresence(presence), encodedBase);
        const frame = { type: 'welcome' as const, v: PROTOCOL_VERSION, ...fields, events, ...(base ? { base } : {}), presence };
        assert.equal(
          json,
          encodeServerFrame({
            type: 'welcome',
            v: PROTOCOL_VERSION,
            sessionId: frame.sessionId,
            you: frame.you,
            epoch: frame.epoch,
            reset: frame.reset,
            events,
            ...(base ? { base } : {}),
            presence,
            receipts: frame.receipts,
            limits: frame.limits,
            policy: frame.policy,
            serverTime: frame.serverTime,
          }),
        );
        assertUtf8Safe(json);
        assert.deepEqual(parseServerFrame(json), frame);
      }),
      RUNS,
    );
  });

  it('the history fast path (spliced log lines) writes the bytes of the generic encoder and parses', () => {
    fc.assert(
      fc.property(serverFrames.history, (frame) => {
        const json = encodeHistoryFrame(frame.clientId, frame.events.map(encodeEvent), frame.more, frame.quoted.map(encodeEvent));
        assert.equal(json, encodeServerFrame(frame));
        assert.deepEqual(parseServerFrame(json), frame);
      }),
      RUNS,
    );
  });

  it('error, typing and receipts frames from their fields parse back to those fields', () => {
    fc.assert(
      fc.property(errorCode, anyText, fc.option(anyId, { nil: undefined }), fc.option(fc.nat(60_000), { nil: undefined }), (code, message, clientId, retryAfterMs) => {
        const expected: Record<string, unknown> = { type: 'error', code, name: errorCodeName(code), message };
        if (clientId !== undefined) expected.clientId = clientId;
        if (retryAfterMs !== undefined) expected.retryAfterMs = retryAfterMs;
        assert.deepEqual(parseServerFrame(encodeErrorFrame(code, message, { clientId, retryAfterMs })), expected);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(anyText, fc.boolean(), fc.array(receipt, { maxLength: 4 }), (participantId, active, receipts) => {
        assert.deepEqual(parseServerFrame(encodeTypingFrame(participantId, active)), { type: 'typing', participantId, active });
        assert.deepEqual(parseServerFrame(encodeReceiptsFrame(receipts)), { type: 'receipts', receipts });
      }),
      RUNS,
    );
    assert.deepEqual(parseServerFrame(PONG_FRAME), { type: 'pong' });
  });

  it('the generators cover every event type', () => {
    const seen = new Set(fc.sample(anyEvent, 500).map((e) => e.type));
    assert.deepEqual([...seen].sort(), [...SESSION_EVENT_TYPES].sort());
  });
});

describe('encoders: client → relay', () => {
  for (const [type, arbitrary] of Object.entries(clientFrames) as [string, fc.Arbitrary<ClientFrame>][]) {
    it(`every valid "${type}" frame parses with parseClientFrame and round-trips`, () => {
      fc.assert(
        fc.property(arbitrary, (frame) => {
          const json = encodeClientFrame(frame);
          assert.deepEqual(parseClientFrame(json, DEFAULT_FRAME_LIMITS), frame);
        }),
        RUNS,
      );
    });
  }

  it('the watchdog ping is a ping', () => {
    assert.deepEqual(parseClientFrame(PING_FRAME), { type: 'ping' });
  });

  it('a text of exactly the default limit is sent and parsed; one more character is refused', () => {
    const text = 'x'.repeat(DEFAULT_MAX_TEXT_LENGTH);
    assert.equal(parseClientFrame(encodeClientFrame({ type: 'message', clientId: 'k', text })).type, 'message');
    assert.throws(() => parseClientFrame(encodeClientFrame({ type: 'message', clientId: 'k', text: `${text}x` })), { code: ErrorCodes.TEXT_TOO_LONG });
  });
});

describe('peekClientId', () => {
  it('names the clientId of an intent that is not validated', () => {
    fc.assert(
      fc.property(clientFrames.message, (frame) => {
        const json = encodeClientFrame(frame);
        assert.equal(peekClientId(json), json.length > 4096 ? undefined : frame.clientId);
      }),
      RUNS,
    );
  });

  it('gives nothing for text that is not an object with a valid clientId, and never throws', () => {
    for (const raw of ['', '{', 'null', '[]', '"k"', '{"clientId":5}', '{"clientId":"a b"}', `{"clientId":"${'k'.repeat(65)}"}`, `{"clientId":"k","pad":"${'x'.repeat(5000)}"}`]) {
      assert.equal(peekClientId(raw), undefined, raw.slice(0, 40));
    }
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (raw) => void peekClientId(raw)), RUNS);
  });
});

/* ------------------------------------------------------------------ types */

/**
 * Never called: `npm run typecheck` (part of `npm test`) compiles it, and each line marked
 * `@ts-expect-error` must stay an error. A frame that is not encoded by the protocol cannot be
 * handed to a relay socket; an encoded part cannot be spliced where another belongs.
 */
export function typeChecks(member: RoomMember, event: SessionEvent): void {
  // @ts-expect-error a hand-written string is not an encoded server frame
  member.send('{"type":"pong"}');
  // @ts-expect-error raw bytes are not an encoded server frame
  member.send(Buffer.from('{"type":"pong"}'));
  // @ts-expect-error a client frame is not a server frame
  member.send(encodeClientFrame({ type: 'ping' }));
  // @ts-expect-error an encoded presence list is not an encoded event
  encodeEventFrame(encodePresence([]));
  // @ts-expect-error an event's plain JSON text is not an encoded event
  encodeAckFrame('k', JSON.stringify(event));
  // @ts-expect-error the relay's welcome always carries receipts and policy
  encodeWelcomeFrame({ sessionId: 's', you: { id: 'a', name: 'A', role: 'customer' }, epoch: 'e', reset: true, limits: { maxTextLength: 1, maxFrameBytes: 1, maxFileBytes: 1 }, serverTime: 0 }, [], encodePresence([]));
  member.send(PONG_FRAME);
  member.send(encodeEventFrame(encodeEvent(event)));
}
