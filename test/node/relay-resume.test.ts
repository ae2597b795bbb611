import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MessageSentEvent } from '../../src/protocol/index.js';
import { startRelay, type TestRelay } from './support/relay-harness.js';
import { TestClient } from './support/test-client.js';

describe('relay: resume', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ leaveGraceMs: 60_000 });
  });
  after(async () => {
    await r.close();
  });

  it('sends exactly the missed events after resume {epoch, seq}, none doubled', async () => {
    const sid = 'resume-1';
    const tokenB = await r.token(sid, 'bob', 'customer');
    const { client: a } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice', 'technician')));
    const { client: b, welcome } = await TestClient.join(r.wsUrl(sid, tokenB));
    await a.say('before', 'before-1');
    const seen = await b.take('event');
    const lastSeq = seen.event.seq;
    assert.equal(lastSeq, 3);
    await b.close();

    const acks = [];
    for (let i = 0; i < 5; i++) acks.push(await a.say(`while away ${i}`, `away-${i}`));

    const { client: b2, welcome: resumed } = await TestClient.join(r.wsUrl(sid, tokenB), { epoch: welcome.epoch, seq: lastSeq });
    assert.equal(resumed.reset, false);
    assert.equal(resumed.epoch, welcome.epoch);
    assert.deepEqual(resumed.events, acks.map((ack) => ack.event));
    assert.deepEqual(resumed.events.map((e) => e.seq), [4, 5, 6, 7, 8]);

    // Live events continue right after the resumed ones.
    const live = await a.say('after', 'after-1');
    const next = await b2.take('event');
    assert.equal(next.event.seq, 9);
    assert.deepEqual(next.event, live.event);
    assert.equal(b2.inbox.filter((f) => f.type === 'event').length, 0);

    // Up to date: nothing to send.
    const { client: b3, welcome: upToDate } = await TestClient.join(r.wsUrl(sid, tokenB), { epoch: welcome.epoch, seq: 9 });
    assert.equal(upToDate.reset, false);
    assert.deepEqual(upToDate.events, []);
    await Promise.all([a.close(), b2.close(), b3.close()]);
  });

  it('resets with the whole log for a foreign epoch or a seq beyond the log', async () => {
    const sid = 'resume-2';
    const token = await r.token(sid, 'carol', 'customer');
    const { client: c, welcome } = await TestClient.join(r.wsUrl(sid, token));
    await c.say('one', 'one-1');
    await c.say('two', 'two-1');
    await c.close();

    const { client: c2, welcome: foreign } = await TestClient.join(r.wsUrl(sid, token), { epoch: 'another-epoch', seq: 2 });
    assert.equal(foreign.reset, true);
    assert.equal(foreign.epoch, welcome.epoch);
    assert.deepEqual(foreign.events.map((e) => e.seq), [1, 2, 3]);
    assert.deepEqual(foreign.events.slice(1).map((e) => (e as MessageSentEvent).text), ['one', 'two']);
    await c2.close();

    const { client: c3, welcome: beyond } = await TestClient.join(r.wsUrl(sid, token), { epoch: welcome.epoch, seq: 99 });
    assert.equal(beyond.reset, true);
    assert.deepEqual(beyond.events.map((e) => e.seq), [1, 2, 3]);
    await c3.close();
  });
});
