import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { SessionClient } from '../../src/client/index.js';
import { deliveryStatus, unreadMessages } from '../../src/protocol/index.js';
import { startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';

let r: TestRelay;
before(async () => {
  r = await startRelay({ leaveGraceMs: 100 });
});
after(async () => {
  await r.close();
});

function presenceOf(client: SessionClient, id: string) {
  return client.presence.find((p) => p.id === id);
}

describe('presence', () => {
  test('follows connects, disconnects and several tabs of one participant', async () => {
    const tech = await joinedClient(r.relay.url, 'p-1', 'tom', 'technician');
    const tab1 = await joinedClient(r.relay.url, 'p-1', 'ann', 'customer');
    await until(() => presenceOf(tech, 'ann')?.online === true);
    const tab2 = await joinedClient(r.relay.url, 'p-1', 'ann', 'customer');
    await until(() => presenceOf(tech, 'ann')?.connections === 2);
    tab1.close();
    await until(() => presenceOf(tech, 'ann')?.connections === 1);
    assert.equal(presenceOf(tech, 'ann')?.online, true, 'still online with one tab left');
    tab2.close();
    await until(() => presenceOf(tech, 'ann')?.online === false, 3000, 'offline when all tabs are gone');
    tech.close();
  });

  test('a participant whose every tab is hidden is away', async () => {
    const tech = await joinedClient(r.relay.url, 'p-2', 'tom', 'technician');
    const a = await joinedClient(r.relay.url, 'p-2', 'ann', 'customer');
    const b = await joinedClient(r.relay.url, 'p-2', 'ann', 'customer');
    a.setAway(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(presenceOf(tech, 'ann')?.away, false, 'one visible tab is enough');
    b.setAway(true);
    await until(() => presenceOf(tech, 'ann')?.away === true);
    a.setAway(false);
    await until(() => presenceOf(tech, 'ann')?.away === false);
    for (const c of [tech, a, b]) c.close();
  });
});

describe('typing', () => {
  test('is fanned out to the others, expires, and is never logged', async () => {
    const tech = await joinedClient(r.relay.url, 't-1', 'tom', 'technician');
    const cust = await joinedClient(r.relay.url, 't-1', 'ann', 'customer');
    cust.setTyping(true);
    await until(() => tech.typing.includes('ann'));
    assert.deepEqual(cust.typing, [], 'nobody sees their own typing');
    cust.setTyping(false);
    await until(() => !tech.typing.includes('ann'));
    cust.setTyping(true);
    await until(() => tech.typing.includes('ann'));
    await cust.send('done typing');
    await until(() => !tech.typing.includes('ann'), 2000, 'a message clears the notice');
    const log = await r.logEvents('t-1');
    assert.deepEqual([...new Set(log.map((e) => e.type))].sort(), ['message.sent', 'participant.joined']);
    tech.close();
    cust.close();
  });
});

describe('delivered and read', () => {
  test('stays sent while the other side is offline, turns delivered when it comes back, read when seen', async () => {
    const tech = await joinedClient(r.relay.url, 'd-1', 'tom', 'technician');
    const cust = await joinedClient(r.relay.url, 'd-1', 'ann', 'customer');
    cust.close();
    const sent = await tech.send('are you there?');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const message = () => tech.state.messages.find((m) => m.id === sent.id)!;
    assert.equal(deliveryStatus(tech.state, tech.receipts, message()), 'sent');

    const back = await joinedClient(r.relay.url, 'd-1', 'ann', 'customer');
    await until(() => deliveryStatus(tech.state, tech.receipts, message()) === 'delivered', 3000, 'delivered');
    assert.equal(unreadMessages(back.state, 'ann', back.readSeq).length, 1);
    back.markRead();
    await until(() => deliveryStatus(tech.state, tech.receipts, message()) === 'read', 3000, 'read');
    tech.close();
    back.close();
  });

  test('read positions survive a reconnect and a relay restart', async () => {
    const local = await startRelay();
    try {
      const tech = await joinedClient(local.relay.url, 'd-2', 'tom', 'technician');
      const cust = await joinedClient(local.relay.url, 'd-2', 'ann', 'customer');
      for (const text of ['one', 'two', 'three']) await tech.send(text);
      await until(() => cust.state.messages.length === 3);
      cust.markRead(cust.state.messages[1]!.seq);
      await until(() => tech.receipts.some((x) => x.participantId === 'ann' && x.read === cust.state.messages[1]!.seq));
      cust.close();
      tech.close();
      const dataDir = local.dataDir;
      await local.relay.close();

      const again = await startRelay({}, dataDir);
      try {
        const token = await tokenFor('d-2', 'ann', 'customer');
        const reloaded = new SessionClient({ server: again.relay.url, token, WebSocket });
        await reloaded.connect();
        assert.equal(reloaded.readSeq, reloaded.state.messages[1]!.seq);
        assert.deepEqual(unreadMessages(reloaded.state, 'ann', reloaded.readSeq).map((m) => m.text), ['three']);
        reloaded.close();
      } finally {
        await again.close();
      }
    } catch (error) {
      await local.close().catch(() => undefined);
      throw error;
    }
  });
});
