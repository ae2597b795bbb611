import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloseCodes, ErrorCodes, type MessageSentEvent } from '../../src/protocol/index.js';
import { httpGet } from './support/http-probe.js';
import { startRelay, type TestRelay } from './support/relay-harness.js';
import { settle, TestClient } from './support/test-client.js';

describe('relay: hostile and broken frames', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ maxFrameBytes: 2048, maxTextLength: 100 });
  });
  after(async () => {
    await r.close();
  });

  async function pair(sid: string): Promise<[TestClient, TestClient]> {
    const { client: a } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice', 'technician')));
    const { client: b } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'bob', 'customer')));
    return [a, b];
  }

  it('answers an oversized frame with FRAME_TOO_LARGE and keeps the socket; the other participant keeps chatting', async () => {
    const [a, b] = await pair('limits-1');
    a.send({ type: 'message', clientId: 'big-1', text: 'x'.repeat(3000) });
    const error = await a.take('error');
    assert.equal(error.code, ErrorCodes.FRAME_TOO_LARGE);
    assert.equal(error.name, 'FRAME_TOO_LARGE');
    const fromB = await b.say('still here?', 'b-1');
    assert.deepEqual((await a.take('event', (f) => f.event.type === 'message.sent')).event, fromB.event);
    const fromA = await a.say('yes', 'a-1');
    assert.equal(fromA.event.seq, fromB.event.seq + 1);
    assert.equal(a.closeCode, undefined);
    await Promise.all([a.close(), b.close()]);
  });

  it('closes with 1009 above the hard cap (2 x maxFrameBytes), leaving others unharmed', async () => {
    const [a, b] = await pair('limits-2');
    a.send({ type: 'message', clientId: 'huge-1', text: 'x'.repeat(5000) });
    assert.equal(await a.whenClosed(), 1009);
    await b.say('unharmed', 'b-2');
    await b.close();
  });

  it('gives typed errors for malformed JSON, unknown types, invalid fields, long text and binary frames', async () => {
    const [a, b] = await pair('limits-3');
    const cases: Array<[unknown, number, string]> = [
      ['{"type":"message",', ErrorCodes.MALFORMED_FRAME, 'MALFORMED_FRAME'],
      ['[1,2,3]', ErrorCodes.MALFORMED_FRAME, 'MALFORMED_FRAME'],
      [{ type: 'shout', clientId: 'u-1' }, ErrorCodes.UNKNOWN_FRAME_TYPE, 'UNKNOWN_FRAME_TYPE'],
      [{ type: 'message', clientId: 'bad id!', text: 'hi' }, ErrorCodes.INVALID_FIELD, 'INVALID_FIELD'],
      [{ type: 'message', clientId: 'f-1', text: 42 }, ErrorCodes.INVALID_FIELD, 'INVALID_FIELD'],
      [{ type: 'edit', clientId: 'f-2', target: 'x', text: 'y' }, ErrorCodes.INVALID_FIELD, 'INVALID_FIELD'],
      [{ type: 'message', clientId: 'f-3', text: 'y'.repeat(101) }, ErrorCodes.TEXT_TOO_LONG, 'TEXT_TOO_LONG'],
      [{ type: 'hello', v: 1 }, ErrorCodes.ALREADY_JOINED, 'ALREADY_JOINED'],
    ];
    for (const [frame, code, name] of cases) {
      a.send(frame);
      const error = await a.take('error');
      assert.equal(error.code, code, `${JSON.stringify(frame)}`);
      assert.equal(error.name, name);
    }
    assert.equal((await a.take('error', () => true, 0).catch(() => null)), null);
    a.send({ type: 'message', clientId: 'f-4', text: 42 });
    assert.equal((await a.take('error')).clientId, 'f-4', 'errors name the clientId when the frame has one');
    a.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal((await a.take('error')).code, ErrorCodes.MALFORMED_FRAME);
    a.send({ type: 'ping' });
    await a.take('pong');
    const ok = await a.say('after all that', 'ok-1');
    assert.equal((await b.take('event', (f) => f.event.type === 'message.sent')).event.seq, ok.event.seq);
    assert.equal((await httpGet(`${r.relay.url}/healthz`)).status, 200, 'the relay still serves');
    await Promise.all([a.close(), b.close()]);
  });

  it('survives invalid UTF-8 (ws closes 1007) and a barrage of mangled frames', async () => {
    const [a, b] = await pair('limits-6');
    a.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    assert.equal(await a.whenClosed(), 1007);

    const valid = [
      { type: 'message', clientId: 'z-1', text: 'hi', replyTo: 'abc' },
      { type: 'edit', clientId: 'z-2', target: 'abc', text: 'x', notify: true },
      { type: 'react', clientId: 'z-3', target: 'abc', emoji: '👍' },
      { type: 'delete', clientId: 'z-4', target: 'abc' },
      { type: 'hello', v: 1, resume: { epoch: 'e', seq: 1 } },
    ];
    const odd: unknown[] = [null, 0, -1, 1e308, '', 'x'.repeat(300), [], {}, true, { toString: 1 }, { __proto__: { type: 'ping' } }];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 45; i++) {
      const frame: Record<string, unknown> = { ...valid[random(valid.length)]! };
      const keys = Object.keys(frame);
      frame[keys[random(keys.length)]!] = odd[random(odd.length)];
      b.send(random(5) === 0 ? JSON.stringify(frame).slice(0, random(40)) : frame);
    }
    b.send({ type: 'ping' });
    await b.take('pong');
    assert.equal(b.closeCode, undefined);
    assert.ok(b.received.filter((f) => f.type === 'error').length >= 40);
    await b.say('still standing', 'standing-1');
    assert.equal((await httpGet(`${r.relay.url}/healthz`)).status, 200);
    await b.close();
  });

  it('requires hello first and refuses another protocol version with 4503', async () => {
    const token = await r.token('limits-4', 'carol');
    const early = await TestClient.connect(r.wsUrl('limits-4', token));
    early.send({ type: 'message', clientId: 'early-1', text: 'too soon' });
    const error = await early.take('error');
    assert.equal(error.code, ErrorCodes.HELLO_REQUIRED);
    assert.equal(error.clientId, 'early-1');
    await early.hello();
    await early.close();

    const future = await TestClient.connect(r.wsUrl('limits-4', token));
    future.send({ type: 'hello', v: 99 });
    assert.equal((await future.take('error')).code, ErrorCodes.UNSUPPORTED_VERSION);
    assert.equal(await future.whenClosed(), CloseCodes.UNSUPPORTED_VERSION);
  });

  it('closes with 4003 after 50 protocol violations', async () => {
    const { client } = await TestClient.join(r.wsUrl('limits-5', await r.token('limits-5', 'dave')));
    for (let i = 0; i < 50; i++) client.send('not json');
    assert.equal(await client.whenClosed(), CloseCodes.PROTOCOL_VIOLATION);
    assert.equal(client.received.filter((f) => f.type === 'error').length, 50);
  });
});

describe('relay: rate limit', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ rateLimit: { perSecond: 5, burst: 4 } });
  });
  after(async () => {
    await r.close();
  });

  it('drops frames over the token bucket with RATE_LIMITED and retryAfterMs, then recovers', async () => {
    const { client } = await TestClient.join(r.wsUrl('rate-1', await r.token('rate-1', 'erin')));
    // hello took one token of the burst of 4.
    for (let i = 0; i < 3; i++) client.send({ type: 'ping' });
    client.send({ type: 'message', clientId: 'dropped-1', text: 'one too many' });
    client.send({ type: 'ping' });
    await client.takeMany('pong', 3);
    const limited = await client.take('error');
    assert.equal(limited.code, ErrorCodes.RATE_LIMITED);
    assert.equal(limited.name, 'RATE_LIMITED');
    assert.equal(limited.clientId, 'dropped-1');
    assert.ok(typeof limited.retryAfterMs === 'number' && limited.retryAfterMs > 0 && limited.retryAfterMs <= 200, `retryAfterMs ${limited.retryAfterMs}`);
    assert.equal((await client.take('error')).code, ErrorCodes.RATE_LIMITED);
    assert.deepEqual(await r.logEvents('rate-1').then((events) => events.map((e) => e.type)), ['participant.joined']);
    await settle(limited.retryAfterMs! + 20);
    const ack = await client.say('patiently', 'later-1');
    assert.equal((ack.event as MessageSentEvent).text, 'patiently');
    assert.equal(client.closeCode, undefined);
    await client.close();
  });
});
