import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AckFrame, EventFrame, MessageSentEvent, SessionEvent } from '../../src/protocol/index.js';
import { startRelay, tempDirs, tokenFor } from './support/relay-harness.js';
import { settle, TestClient } from './support/test-client.js';

const texts = (events: readonly SessionEvent[]): string[] =>
  events.filter((e): e is MessageSentEvent => e.type === 'message.sent').map((e) => e.text);

const gapless = (events: readonly SessionEvent[], first = 1): void =>
  assert.deepEqual(
    events.map((e) => e.seq),
    events.map((_, i) => first + i),
    'gapless, in order',
  );

describe('relay: history beyond the in-memory window (historyEvents)', () => {
  const dirs = tempDirs();

  it('welcomes, resumes and re-acks from the log what the window no longer holds, also after a restart', async () => {
    const dataDir = await dirs.make();
    const sid = 'history-1';
    const r = await startRelay({ historyEvents: 4 }, dataDir);
    const alice = (await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'alice', 'technician')))).client;
    const acks: AckFrame[] = [];
    for (let i = 0; i < 30; i++) acks.push(await alice.say(`m${i}`, `c-${i}`));
    const expected = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const last = acks.at(-1)!.event.seq;

    const bobToken = await tokenFor(sid, 'bob', 'customer');
    const fresh = await TestClient.join(r.wsUrl(sid, bobToken));
    assert.equal(fresh.welcome.reset, true);
    gapless(fresh.welcome.events);
    assert.deepEqual(texts(fresh.welcome.events), expected, 'a new socket gets the whole log');
    const epoch = fresh.welcome.epoch;
    await fresh.client.close();

    const resumed = await TestClient.join(r.wsUrl(sid, bobToken), { epoch, seq: 3 });
    assert.equal(resumed.welcome.reset, false);
    gapless(resumed.welcome.events, 4);
    assert.ok(resumed.welcome.events.at(-1)!.seq >= last);
    await resumed.client.close();

    const recent = await TestClient.join(r.wsUrl(sid, bobToken), { epoch, seq: last - 1 });
    assert.deepEqual(recent.welcome.events.map((e) => e.seq).slice(0, 1), [last], 'from the window');
    await recent.client.close();

    // A retry of a clientId acked long ago gets the same event, read back from the log.
    assert.deepEqual((await alice.say('m0 again', 'c-0')).event, acks[0]!.event);
    assert.deepEqual((await alice.say('m29 again', 'c-29')).event, acks[29]!.event);
    await alice.close();
    await r.relay.close();

    const again = await startRelay({ historyEvents: 4 }, dataDir);
    try {
      const reloaded = await TestClient.join(again.wsUrl(sid, bobToken));
      assert.equal(reloaded.welcome.epoch, epoch);
      gapless(reloaded.welcome.events);
      assert.deepEqual(texts(reloaded.welcome.events), expected, 'the whole log after a restart');
      const late = await TestClient.join(again.wsUrl(sid, bobToken), { epoch, seq: 10 });
      gapless(late.welcome.events, 11);
      await reloaded.client.close();
      await late.client.close();
    } finally {
      await again.relay.close();
    }
  });

  it('a socket joining while events stream in misses none and gets none twice', async () => {
    const r = await startRelay({ historyEvents: 2 });
    dirs.keep(r.dataDir);
    const sid = 'history-2';
    try {
      const alice = (await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'alice', 'technician')))).client;
      for (let i = 0; i < 20; i++) await alice.say(`before ${i}`, `b-${i}`);
      // Keep intents flowing while bob's welcome reads the old events back from the log.
      for (let i = 0; i < 40; i++) alice.send({ type: 'message', clientId: `d-${i}`, text: `during ${i}` });
      const bobToken = await tokenFor(sid, 'bob', 'customer');
      const joining = TestClient.join(r.wsUrl(sid, bobToken));
      for (let i = 40; i < 80; i++) {
        alice.send({ type: 'message', clientId: `d-${i}`, text: `during ${i}` });
        if (i % 10 === 0) await settle(1);
      }
      const { client: bob, welcome } = await joining;
      await alice.answer('d-79');
      await settle(100);
      const streamed = bob.received.filter((f): f is EventFrame => f.type === 'event').map((f) => f.event);
      const all = [...welcome.events, ...streamed];
      gapless(all);
      const sent = [...Array.from({ length: 20 }, (_, i) => `before ${i}`), ...Array.from({ length: 80 }, (_, i) => `during ${i}`)];
      assert.deepEqual(texts(all), sent);
      await bob.close();
      await alice.close();
    } finally {
      await r.relay.close();
    }
  });

  it('refuses a historyEvents that is not a positive integer', async () => {
    await assert.rejects(startRelay({ historyEvents: 0 }), { name: 'TypeError', message: 'The "historyEvents" option must be an integer >= 1' });
  });
});
