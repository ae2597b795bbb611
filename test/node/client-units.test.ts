import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff, readTokenClaims } from '../../src/client/index.js';
import { socketUrl, httpUrl } from '../../src/client/relay-url.js';
import { createToken } from '../../server/tokens.js';

describe('Backoff', () => {
  test('uses full jitter between min/2 and an exponentially growing ceiling capped at max', () => {
    const top = new Backoff(500, 20_000, () => 0.999999);
    const delays = Array.from({ length: 10 }, () => top.next());
    assert.deepEqual(delays.slice(0, 6), [499, 999, 1999, 3999, 7999, 15999]);
    assert.ok(delays.slice(6).every((d) => d === 19999));
    const bottom = new Backoff(500, 20_000, () => 0);
    assert.equal(bottom.next(), 250);
    top.reset();
    assert.equal(top.next(), 499);
  });
});

describe('readTokenClaims', () => {
  test('reads session, participant and expiry, with unicode names', async () => {
    const token = await createToken({ secret: 'x'.repeat(32), sessionId: 's-1', role: 'customer', name: 'Zoë 李', participantId: 'p1' });
    const claims = readTokenClaims(token);
    assert.deepEqual(claims?.participant, { id: 'p1', name: 'Zoë 李', role: 'customer' });
    assert.equal(claims?.sessionId, 's-1');
    assert.ok(claims!.exp! > Date.now() / 1000);
  });
  test('returns null for garbage', () => {
    assert.equal(readTokenClaims('a.b.c'), null);
    assert.equal(readTokenClaims(''), null);
  });
});

describe('relay URLs', () => {
  test('map http to ws, keep a path prefix and encode the session and token', () => {
    assert.equal(socketUrl('http://h:1', 'a/b', 't+k'), 'ws://h:1/ws/a%2Fb?token=t%2Bk');
    assert.equal(socketUrl('https://h/chat/', 's', 't'), 'wss://h/chat/ws/s?token=t');
    assert.equal(httpUrl('ws://h:2/x', '/api/y'), 'http://h:2/x/api/y');
  });
});
