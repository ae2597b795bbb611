import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import { eventFrameParts, type Json, type ServerFrame, type SessionEvent } from '../../src/protocol/index.js';
import { frameBytes, framePayload, frameText, splicedFrameBytes } from '../../server/frame-bytes.js';

/** `ws`'s own frame writer and parser (exported by the package, not in its type declarations). */
const { Sender, Receiver } = createRequire(import.meta.url)('ws') as {
  Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] };
  Receiver: new (options: { isServer: boolean; maxPayload: number }) => Writable;
};

/** The bytes `ws` itself writes for a final, unmasked text frame of `text` (its Sender, run). */
function wsFrame(text: string): Buffer {
  const data = Buffer.from(text, 'utf8');
  return Buffer.concat(Sender.frame(data, { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false }));
}

/** Feeds `bytes` to `ws`'s own parser, as a client reads them, and returns the text messages it emits. */
function wsReceives(bytes: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false, maxPayload: 0 });
    const messages: string[] = [];
    receiver.on('message', (data: Buffer, isBinary: boolean) => {
      assert.equal(isBinary, false);
      messages.push(data.toString('utf8'));
    });
    receiver.on('error', reject);
    receiver.write(bytes, () => resolve(messages));
  });
}

/** Payload sizes on both sides of each length form (7-bit, 16-bit, 64-bit). */
const BOUNDARY_SIZES = [0, 1, 124, 125, 126, 127, 65_534, 65_535, 65_536, 70_000];

const json = (text: string): Json<ServerFrame> => text as Json<ServerFrame>;

describe('frame bytes: whole WebSocket frames, made once per fan-out', () => {
  it('are the bytes ws writes for the same text, at every length form', () => {
    for (const size of BOUNDARY_SIZES) {
      const text = 'x'.repeat(size);
      assert.deepEqual(frameBytes(json(text)), wsFrame(text), `payload of ${size} bytes`);
    }
  });

  it('are read back by ws as one text message, for any text, and the payload and text helpers undo them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 300 }), async (text) => {
        const bytes = frameBytes(json(text));
        assert.deepEqual(bytes, wsFrame(text));
        assert.deepEqual(await wsReceives(bytes), [text]);
        assert.equal(framePayload(bytes).toString('utf8'), text);
        assert.equal(frameText(bytes), text);
      }),
      { numRuns: 200 },
    );
  });

  it('splice an event into a frame whose header counts the UTF-8 bytes of all three parts', async () => {
    for (const size of BOUNDARY_SIZES) {
      // Multi-byte characters, so that a length counted in UTF-16 units would be wrong.
      const event = `{"seq":1,"text":"${'ü€'.repeat(Math.ceil(size / 5))}"}`;
      const parts = eventFrameParts(event as Json<SessionEvent>);
      const whole = `${parts.head}${parts.event}${parts.tail}`;
      const bytes = splicedFrameBytes(parts);
      assert.deepEqual(bytes, wsFrame(whole));
      assert.deepEqual(await wsReceives(bytes), [whole]);
    }
  });

  it('several frames written back to back are read as separate messages, in order', async () => {
    const texts = ['{"type":"pong"}', 'y'.repeat(200), 'z'.repeat(66_000)];
    assert.deepEqual(await wsReceives(Buffer.concat(texts.map((t) => frameBytes(json(t))))), texts);
  });
});
