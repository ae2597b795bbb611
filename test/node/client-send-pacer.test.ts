import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { SendPacer } from '../../src/client/send-pacer.js';

interface Frame {
  clientId: string;
}

/** A pacer on a clock the test moves (Date-free), recording what it sends. */
function pacerAt(rate: { perSecond: number; burst: number }) {
  let now = 0;
  const sent: string[] = [];
  const pacer = new SendPacer<Frame>({ rate, now: () => now, send: (frame) => (sent.push(frame.clientId), true) });
  return {
    pacer,
    sent,
    advance(ms: number): void {
      now += ms;
      mock.timers.tick(ms);
    },
  };
}

const frames = (n: number): Frame[] => Array.from({ length: n }, (_, i) => ({ clientId: `c${i + 1}` }));

describe('SendPacer', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  test('sends a burst less the hello and the reserve, then one frame per 1/rate, in order', () => {
    const { pacer, sent, advance } = pacerAt({ perSecond: 10, burst: 6 });
    pacer.opened(); // the hello: 6 - 2 reserved - 1 = 3 tokens left
    pacer.start(frames(6));
    assert.deepEqual(sent, ['c1', 'c2', 'c3']);
    advance(99);
    assert.equal(sent.length, 3);
    advance(1);
    assert.deepEqual(sent, ['c1', 'c2', 'c3', 'c4']);
    advance(200);
    assert.deepEqual(sent, ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
  });

  test('a RATE_LIMITED refusal holds the whole queue for retryAfterMs, then the refused intent goes first, at the rate it shows', () => {
    const { pacer, sent, advance } = pacerAt({ perSecond: 100, burst: 5 });
    pacer.opened();
    pacer.start(frames(6)); // c1, c2 go
    pacer.refused('c1', 250); // the relay allows at most 4 a second
    assert.equal(pacer.sendRate.perSecond, 4);
    advance(249);
    assert.deepEqual(sent, ['c1', 'c2'], 'nothing goes while the queue waits');
    advance(1);
    assert.deepEqual(sent, ['c1', 'c2', 'c1'], 'the refused one goes again, before the others');
    advance(249);
    assert.equal(sent.length, 3);
    advance(1);
    assert.deepEqual(sent.slice(3), ['c3']);
    // A refusal of a frame that is not in flight (already settled) changes nothing.
    pacer.forget('c2');
    pacer.refused('c2', 10_000);
    advance(250);
    assert.deepEqual(sent.slice(3), ['c3', 'c4']);
  });

  test('signals go only while no intent waits; the hello and pings always count', () => {
    const { pacer, advance } = pacerAt({ perSecond: 10, burst: 4 });
    pacer.opened(); // 1 token left
    assert.equal(pacer.trySignal(), true);
    assert.equal(pacer.trySignal(), false, 'no token');
    pacer.start(frames(1));
    advance(50);
    assert.equal(pacer.trySignal(), false, 'an intent waits');
    advance(50);
    advance(100);
    assert.equal(pacer.trySignal(), true);
  });

  test('refuses a rate it cannot keep', () => {
    assert.throws(() => new SendPacer<Frame>({ rate: { perSecond: 0, burst: 10 }, send: () => true }), {
      name: 'TypeError',
      message: 'The "sendRate" option needs perSecond > 0 and burst >= 1',
    });
  });
});
