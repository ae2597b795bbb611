import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MessageSentEvent, PresenceFrame } from '../../src/protocol/index.js';
import { startRelay, type TestRelay } from './support/relay-harness.js';
import { settle, TestClient } from './support/test-client.js';

describe('relay: join and send', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ leaveGraceMs: 60_000 });
  });
  after(async () => {
    await r.close();
  });

  it('welcomes a participant, logs participant.joined and shows the join and presence to others', async () => {
    const sid = 'join-1';
    const { client: a, welcome } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice', 'technician', 'Alice')));
    assert.equal(welcome.type, 'welcome');
    assert.equal(welcome.sessionId, sid);
    assert.deepEqual(welcome.you, { id: 'alice', name: 'Alice', role: 'technician' });
    assert.equal(welcome.reset, true);
    assert.equal(typeof welcome.epoch, 'string');
    assert.equal(welcome.events.length, 1);
    const joined = welcome.events[0]!;
    assert.equal(joined.type, 'participant.joined');
    assert.equal(joined.seq, 1);
    assert.equal(joined.from, 'alice');
    assert.deepEqual(welcome.presence, [{ id: 'alice', name: 'Alice', role: 'technician', online: true, connections: 1, away: false }]);
    assert.deepEqual(welcome.limits, { maxTextLength: 10_000, maxFrameBytes: 65_536, maxFileBytes: 1_073_741_824 });
    assert.deepEqual(welcome.policy, { technicianCanDeleteAny: true });
    assert.deepEqual((await r.logEvents(sid)).map((e) => [e.seq, e.type, e.from]), [[1, 'participant.joined', 'alice']]);

    const { client: b, welcome: wb } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'bob', 'customer', 'Bob')));
    assert.deepEqual(wb.events.map((e) => e.type), ['participant.joined', 'participant.joined']);
    const event = await a.take('event');
    assert.equal(event.event.type, 'participant.joined');
    assert.equal(event.event.seq, 2);
    assert.deepEqual(event.event.type === 'participant.joined' && event.event.participant, { id: 'bob', name: 'Bob', role: 'customer' });
    const presence: PresenceFrame = await a.take('presence');
    assert.deepEqual(presence.presence, [
      { id: 'alice', name: 'Alice', role: 'technician', online: true, connections: 1, away: false },
      { id: 'bob', name: 'Bob', role: 'customer', online: true, connections: 1, away: false },
    ]);

    // A second tab of Alice: no second join, presence counts two connections.
    const { client: a2, welcome: wa2 } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice', 'technician', 'Alice')));
    assert.equal(wa2.events.length, 2);
    const presence2 = await b.take('presence');
    assert.equal(presence2.presence.find((p) => p.id === 'alice')?.connections, 2);
    assert.equal((await r.logEvents(sid)).length, 2);
    await Promise.all([a.close(), a2.close(), b.close()]);
  });

  it('acks an intent with its seq and fans the event out; 50 quick messages arrive in seq order, gapless', async () => {
    const sid = 'send-1';
    const { client: a } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice', 'technician')));
    const { client: b } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'bob', 'customer')));
    await a.take('event'); // bob joined

    const ack = await a.say('hello Bob', 'first-1');
    assert.equal(ack.clientId, 'first-1');
    assert.equal(ack.event.seq, 3);
    assert.equal(ack.event.type, 'message.sent');
    assert.equal(ack.event.from, 'alice');
    assert.equal((ack.event as MessageSentEvent).text, 'hello Bob');
    assert.match(ack.event.id, /^[A-Za-z0-9_-]{16}$/);
    const seen = await b.take('event');
    assert.deepEqual(seen.event, ack.event);
    await settle(50);
    assert.equal(a.inbox.filter((f) => f.type === 'event').length, 0, 'the sender gets an ack, not its own event');

    for (let i = 0; i < 50; i++) a.send({ type: 'message', clientId: `burst-${i}`, text: `message ${i}` });
    const events = await b.takeMany('event', 50);
    assert.deepEqual(events.map((e) => e.event.seq), Array.from({ length: 50 }, (_, i) => 4 + i));
    assert.deepEqual(events.map((e) => (e.event as MessageSentEvent).text), Array.from({ length: 50 }, (_, i) => `message ${i}`));
    const acks = await a.takeMany('ack', 50);
    assert.deepEqual(acks.map((f) => f.clientId), Array.from({ length: 50 }, (_, i) => `burst-${i}`));
    assert.deepEqual(acks.map((f) => f.event.seq), events.map((e) => e.event.seq));
    await Promise.all([a.close(), b.close()]);
  });

  it('acks only after the event is in the log file on disk', async () => {
    const sid = 'durable-1';
    const { client: a } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice', 'technician')));
    for (let i = 0; i < 5; i++) {
      const ack = await a.say(`durable ${i}`, `d-${i}`);
      const onDisk = await r.logEvents(sid);
      assert.deepEqual(onDisk.at(-1), ack.event, 'the acked event is the last line of the file');
    }
    for (let i = 0; i < 30; i++) a.send({ type: 'message', clientId: `db-${i}`, text: `burst ${i}` });
    const first = await a.answer('db-0');
    const onDisk = await r.logEvents(sid);
    assert.ok(onDisk.some((e) => e.id === first.event.id), 'the first acked event of a burst is on disk');
    await a.takeMany('ack', 29);
    await a.close();
  });

  it('answers a retried clientId with the same ack and appends nothing', async () => {
    const sid = 'retry-1';
    const { client: a } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice', 'technician')));
    const { client: b } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'bob', 'customer')));
    const first = await a.say('only once', 'once-1');
    const retry = await a.say('only once (retried)', 'once-1');
    assert.deepEqual(retry, first);
    assert.equal((await r.logEvents(sid)).length, 3);

    // Both copies in flight together: the second is answered after the first copy's write.
    a.send({ type: 'message', clientId: 'twice-1', text: 'sent twice at once' });
    a.send({ type: 'message', clientId: 'twice-1', text: 'sent twice at once' });
    const [x, y] = await a.takeMany('ack', 2);
    assert.deepEqual(x, y);
    assert.equal(x!.event.seq, 4);
    assert.equal((await r.logEvents(sid)).length, 4);

    // The same clientId from another participant is another intent.
    const other = await b.say('mine', 'once-1');
    assert.equal(other.event.seq, 5);
    assert.equal(other.event.from, 'bob');

    const bEvents = b.inbox.filter((f) => f.type === 'event').map((f) => f.type === 'event' && f.event.seq);
    assert.deepEqual(bEvents, [3, 4], 'the other participant saw each event once');

    // A retry from a new socket of the same participant (after a reconnect) gets the same ack.
    await a.close();
    const { client: a2 } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice', 'technician')));
    assert.deepEqual(await a2.say('only once', 'once-1'), first);
    assert.equal((await r.logEvents(sid)).length, 5);
    await Promise.all([a2.close(), b.close()]);
  });
});
