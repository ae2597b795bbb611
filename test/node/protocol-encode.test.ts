import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEFAULT_FRAME_LIMITS,
  DEFAULT_MAX_TEXT_LENGTH,
  ErrorCodes,
  PING_FRAME,
  PONG_FRAME,
  PROTOCOL_VERSION,
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
  type ServerFrame,
  type SessionEvent,
} from '../../src/protocol/index.js';
import { framePayload, splicedFrameBytes } from '../../server/frame-bytes.js';
import type { RoomMember } from '../../server/session-room.js';
import {
  anyEvent,
  anyId,
  anyText,
  clientFrames,
  errorCode,
  historyBase,
  limits,
  participant,
  policy,
  presenceEntry,
  receipt,
  record,
  serverFrames,
  time,
} from './support/protocol-arbitraries.js';

/*
 * Every encoder's output parses with the protocol's own parser for its direction and gives back
 * the frame it encoded; the relay's fast paths write the very bytes of the generic encoder. The
 * generators are tables keyed by frame and event type, so a new type that has no generator does
 * not compile.
 */

const RUNS = { numRuns: 300 };

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
        // What the relay sends: the parts written straight into bytes (after the WebSocket header).
        assert.deepEqual(framePayload(splicedFrameBytes(eventFrameParts(encodeEvent(event)))), Buffer.from(generic, 'utf8'));
      }),
      RUNS,
    );
  });

  it('the ack fast path (text and spliced bytes) writes the bytes of the generic encoder', () => {
    fc.assert(
      fc.property(anyId, anyEvent, (clientId, event) => {
        const generic = encodeServerFrame({ type: 'ack', clientId, event });
        assert.equal(encodeAckFrame(clientId, encodeEvent(event)), generic);
        assert.deepEqual(framePayload(splicedFrameBytes(ackFrameParts(clientId, encodeEvent(event)))), Buffer.from(generic, 'utf8'));
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
