import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { after, before, describe, it, test } from 'node:test';
import { pino } from 'pino';
import { CloseCodes, ErrorCodes, SessionChatError, parseClientFrame } from '../../src/protocol/index.js';
import { startRelay, type TestRelay } from './support/relay-harness.js';
import { TestClient } from './support/test-client.js';

/** The code parseClientFrame refused `raw` with; fails the test when it threw anything but its typed error. */
function refusal(raw: string): number {
  try {
    parseClientFrame(raw);
  } catch (error) {
    assert.ok(error instanceof SessionChatError, `${raw} threw ${String((error as Error)?.name)} instead of a SessionChatError`);
    return error.code;
  }
  return 0;
}

describe('parseClientFrame never throws anything but its typed error', () => {
  const hostile: [string, string, number][] = [
    ['a type whose toString and valueOf are not functions', '{"type":{"toString":0,"valueOf":0}}', ErrorCodes.UNKNOWN_FRAME_TYPE],
    ['a type that is an object with a toString string', '{"type":{"toString":"x"}}', ErrorCodes.UNKNOWN_FRAME_TYPE],
    ['a type that is an array of such objects', '{"type":[{"toString":0,"valueOf":0}]}', ErrorCodes.UNKNOWN_FRAME_TYPE],
    ['a type that is a huge number', '{"type":1e308}', ErrorCodes.UNKNOWN_FRAME_TYPE],
    ['a type named after a prototype key', '{"type":"__proto__"}', ErrorCodes.UNKNOWN_FRAME_TYPE],
    ['a type "constructor"', '{"type":"constructor"}', ErrorCodes.UNKNOWN_FRAME_TYPE],
    ['a type "toString"', '{"type":"toString"}', ErrorCodes.UNKNOWN_FRAME_TYPE],
    ['a resume epoch that is a hostile object', '{"type":"hello","v":1,"resume":{"epoch":{"toString":0},"seq":1}}', ErrorCodes.INVALID_FIELD],
    ['a clientId that is a hostile object', '{"type":"message","clientId":{"toString":0,"valueOf":0},"text":"x"}', ErrorCodes.INVALID_FIELD],
    ['a text that is a hostile object', '{"type":"message","clientId":"k","text":{"toString":0,"valueOf":0}}', ErrorCodes.INVALID_FIELD],
    ['an emoji that is a hostile object', '{"type":"react","clientId":"k","target":"m","emoji":{"toString":0,"valueOf":0}}', ErrorCodes.INVALID_FIELD],
    ['a thumbnail that is a hostile object', '{"type":"share","clientId":"k","uploadId":"u","thumbnail":{"toString":0}}', ErrorCodes.INVALID_FIELD],
    ['a receipt that is a hostile object', '{"type":"receipt","delivered":{"valueOf":0}}', ErrorCodes.INVALID_FIELD],
    ['a frame with an own __proto__ key', '{"__proto__":{"type":"ping"},"type":"nope"}', ErrorCodes.UNKNOWN_FRAME_TYPE],
    ['a deeply nested type', `{"type":${'['.repeat(5000)}${']'.repeat(5000)}}`, ErrorCodes.UNKNOWN_FRAME_TYPE],
  ];
  for (const [name, raw, expected] of hostile) {
    test(`refuses ${name} with its code`, () => assert.equal(refusal(raw), expected));
  }

  test('the refusal of an unknown type quotes a string type and names the kind of any other', () => {
    assert.throws(() => parseClientFrame('{"type":"shout"}'), /unknown frame type "shout"/);
    assert.throws(() => parseClientFrame('{"type":{"toString":0}}'), /unknown frame type \(an object\)/);
  });
});

describe('reactions are exactly one emoji', () => {
  const react = (emoji: unknown): string => JSON.stringify({ type: 'react', clientId: 'k', target: 'm1', emoji });
  const refused: [string, unknown][] = [
    ['a link', 'FREE-MONEY:http://evil.test'],
    ['a word', 'ok'],
    ['NUL', '\u0000'],
    ['ESC and a terminal sequence', '\u001b[31m'],
    ['a bidi override', '\u202e'],
    ['an emoji followed by a bidi override', '👍\u202e'],
    ['two emoji', '👍👍'],
    ['an emoji and text', '👍 yes'],
    ['a digit', '1'],
    ['a lone variation selector', '\ufe0f'],
    ['an emoji with repeated variation selectors', '👍\ufe0f\ufe0f'],
    ['a lone surrogate', '\ud83d'],
    ['an empty string', ''],
    ['a number', 1],
  ];
  for (const [name, emoji] of refused) {
    test(`refuses ${name}`, () => assert.equal(refusal(react(emoji)), ErrorCodes.INVALID_FIELD));
  }

  test("accepts the widget's quick reactions, skin tones, ZWJ sequences, flags and keycaps", async () => {
    const { QUICK_REACTIONS } = await import('../../src/components/conversation/session-chat-message/session-chat-message.component.js');
    assert.ok(QUICK_REACTIONS.length > 0);
    for (const emoji of [...QUICK_REACTIONS, '👍🏽', '🏳️‍🌈', '👩‍💻', '🇫🇷', '1️⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿']) {
      assert.equal(refusal(react(emoji)), 0, emoji);
    }
  });

  test("accepts every emoji the picker can give (emoji-picker-element-data, every skin tone)", () => {
    const data = createRequire(import.meta.url)('emoji-picker-element-data/en/emojibase/data.json') as Array<{ emoji: string; skins?: Array<{ emoji: string }> }>;
    let count = 0;
    for (const entry of data) {
      for (const emoji of [entry.emoji, ...(entry.skins ?? []).map((s) => s.emoji)]) {
        assert.equal(refusal(react(emoji)), 0, `${emoji} (${[...emoji].map((c) => c.codePointAt(0)!.toString(16)).join(' ')})`);
        count++;
      }
    }
    assert.ok(count > 3000, `${count} emoji checked`);
  });
});

describe('relay: a frame that once made the validator throw', () => {
  const lines: string[] = [];
  let r: TestRelay;
  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    r = await startRelay({ logger: pino({ level: 'warn' }, sink) });
  });
  after(() => r.close());

  it('is a typed violation: 50 of them close the socket with 4003, no INTERNAL_ERROR, one log line at most', async () => {
    const { client: bad } = await TestClient.join(r.wsUrl('throw-1', await r.token('throw-1', 'mallory')));
    const { client: good } = await TestClient.join(r.wsUrl('throw-1', await r.token('throw-1', 'ann', 'technician')));
    for (let i = 0; i < 60; i++) bad.send('{"type":{"toString":0,"valueOf":0}}');
    assert.equal(await bad.whenClosed(), CloseCodes.PROTOCOL_VIOLATION);
    const errors = bad.received.filter((f) => f.type === 'error');
    assert.equal(errors.length, 50);
    assert.ok(errors.every((f) => f.type === 'error' && f.code === ErrorCodes.UNKNOWN_FRAME_TYPE), JSON.stringify(errors[0]));
    assert.ok(lines.length <= 1, `log lines: ${lines.length}`);
    assert.ok(!lines.join('').includes('TypeError'), 'no stack trace in the log');
    await good.say('unharmed', 'g-1');
    await good.close();
  });
});

describe('tus Upload-Metadata parsing', () => {
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  test('takes prototype names as plain keys, pollutes nothing and still refuses a repeated key', async () => {
    const { parseUploadMetadata } = await import('../../server/files/upload-route.js');
    const parsed = parseUploadMetadata(`constructor ${b64('c')},toString ${b64('t')},__proto__ ${b64('p')},filename ${b64('a.txt')}`);
    assert.ok(parsed, 'not refused as malformed');
    assert.equal(parsed.filename, 'a.txt');
    assert.equal(parsed.constructor, 'c');
    assert.equal(parsed.toString, 't');
    assert.equal(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value, 'p');
    assert.equal(({} as Record<string, unknown>).p, undefined);
    assert.equal(parseUploadMetadata(`filename ${b64('a')},filename ${b64('b')}`), undefined);
    assert.equal(parseUploadMetadata('filename')?.filename, '', 'a key without a value is read as empty');
  });
});
