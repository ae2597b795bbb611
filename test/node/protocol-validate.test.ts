import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, SessionChatError, parseClientFrame, parseServerFrame } from '../../src/protocol/index.js';

function code(raw: string): number {
  try {
    parseClientFrame(raw, { maxTextLength: 20 });
  } catch (error) {
    assert.ok(error instanceof SessionChatError);
    return error.code;
  }
  return 0;
}

describe('parseClientFrame', () => {
  const refused: [string, string, number][] = [
    ['not JSON', '{nope', ErrorCodes.MALFORMED_FRAME],
    ['an array', '[1,2]', ErrorCodes.MALFORMED_FRAME],
    ['null', 'null', ErrorCodes.MALFORMED_FRAME],
    ['an unknown type', '{"type":"shout"}', ErrorCodes.UNKNOWN_FRAME_TYPE],
    ['no type', '{"text":"x"}', ErrorCodes.UNKNOWN_FRAME_TYPE],
    ['hello without version', '{"type":"hello"}', ErrorCodes.INVALID_FIELD],
    ['hello with a negative resume seq', '{"type":"hello","v":1,"resume":{"epoch":"e","seq":-1}}', ErrorCodes.INVALID_FIELD],
    ['a message without clientId', '{"type":"message","text":"x"}', ErrorCodes.INVALID_FIELD],
    ['a clientId with odd characters', '{"type":"message","clientId":"a b","text":"x"}', ErrorCodes.INVALID_FIELD],
    ['a message with number text', '{"type":"message","clientId":"k","text":5}', ErrorCodes.INVALID_FIELD],
    ['an empty message', '{"type":"message","clientId":"k","text":"  \\n "}', ErrorCodes.INVALID_FIELD],
    ['a message too long', `{"type":"message","clientId":"k","text":"${'x'.repeat(21)}"}`, ErrorCodes.TEXT_TOO_LONG],
    ['a reply to a malformed id', '{"type":"message","clientId":"k","text":"x","replyTo":"../x"}', ErrorCodes.INVALID_FIELD],
    ['an edit without notify', '{"type":"edit","clientId":"k","target":"m1","text":"x"}', ErrorCodes.INVALID_FIELD],
    ['a delete without target', '{"type":"delete","clientId":"k"}', ErrorCodes.INVALID_FIELD],
    ['a reaction with markup', '{"type":"react","clientId":"k","target":"m1","emoji":"<b>"}', ErrorCodes.INVALID_FIELD],
  ];
  for (const [name, raw, expected] of refused) {
    test(`refuses ${name}`, () => assert.equal(code(raw), expected));
  }

  test('names the clientId in errors after it was read', () => {
    try {
      parseClientFrame('{"type":"message","clientId":"abc","text":""}');
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof SessionChatError);
      assert.equal(error.clientId, 'abc');
      assert.equal(error.codeName, 'INVALID_FIELD');
    }
  });

  test('accepts valid frames and drops unknown fields', () => {
    assert.deepEqual(parseClientFrame('{"type":"message","clientId":"k-1","text":"hi","from":"forged"}'), {
      type: 'message',
      clientId: 'k-1',
      text: 'hi',
    });
    assert.deepEqual(parseClientFrame('{"type":"hello","v":1,"resume":{"epoch":"e","seq":3}}'), {
      type: 'hello',
      v: 1,
      resume: { epoch: 'e', seq: 3 },
    });
    assert.deepEqual(parseClientFrame('{"type":"edit","clientId":"k","target":"m1","text":"x","notify":true}'), {
      type: 'edit',
      clientId: 'k',
      target: 'm1',
      text: 'x',
      notify: true,
    });
    assert.deepEqual(parseClientFrame('{"type":"ping"}'), { type: 'ping' });
  });
});

describe('parseServerFrame', () => {
  test('accepts an event frame and refuses a broken one', () => {
    const event = { seq: 1, id: 'a', from: 'p', at: 1, type: 'message.sent', text: 'x' };
    assert.equal(parseServerFrame(JSON.stringify({ type: 'event', event })).type, 'event');
    assert.throws(() => parseServerFrame(JSON.stringify({ type: 'event', event: { ...event, seq: 'x' } })), SessionChatError);
    assert.throws(() => parseServerFrame('{"type":"nope"}'), SessionChatError);
    assert.throws(() => parseServerFrame('oops'), SessionChatError);
  });
});
