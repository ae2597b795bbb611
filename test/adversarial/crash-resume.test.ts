/**
 * A relay process killed with SIGKILL in the middle of a burst from three participants, then
 * restarted on the same port: every client (the real SessionClient, with its outbox and
 * resume) reconnects and resends what was not acked; nothing acked is lost, nothing is doubled,
 * and every participant ends with the same log in the same order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageSentEvent, Role, SessionEvent } from '../../src/protocol/index.js';
import { childRelays } from '../node/support/child-relay.js';
import { readLogFile, tempDirs } from '../node/support/relay-harness.js';
import { joinedClient, until } from '../node/support/session-clients.js';
import { report } from './support/figures.js';

const PER_CLIENT = 100;

describe('adversarial: kill -9 during a burst from three clients', () => {
  const children = childRelays();
  const dirs = tempDirs();

  it('everyone resumes: acked lost = 0, duplicates = 0, one order for all', async (t) => {
    const dataDir = await dirs.make();
    const sid = 'crash-burst';
    const first = await children.start(dataDir);
    const people: [string, Role][] = [['tom', 'technician'], ['ann', 'customer'], ['bob', 'customer']];
    const clients = await Promise.all(people.map(([id, role]) => joinedClient(first.url, sid, id, role)));

    const ackedBeforeKill: SessionEvent[] = [];
    let killed = false;
    let resolved = 0;
    const sends: Promise<SessionEvent>[] = [];
    // Each client sends in small waves; the relay is killed once about a third was acked.
    const burst = (async () => {
      for (let wave = 0; wave < PER_CLIENT / 5; wave++) {
        for (const [index, client] of clients.entries()) {
          for (let k = 0; k < 5; k++) {
            const n = wave * 5 + k;
            const sent = client.send(`${people[index]![0]}-${n}`);
            sends.push(sent);
            void sent.then((event) => {
              resolved++;
              if (!killed) ackedBeforeKill.push(event);
            }, () => undefined);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    await until(() => resolved >= PER_CLIENT, 10_000, 'a third acked');
    killed = true;
    first.child.kill('SIGKILL');
    await first.exited;
    const unackedAtKill = 3 * PER_CLIENT - ackedBeforeKill.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await children.start(dataDir, { RELAY_PORT: String(first.port) });
    await burst;
    const events = await Promise.all(sends);
    await until(() => clients.every((c) => c.state.messages.length >= 3 * PER_CLIENT), 15_000, 'every client caught up');

    const log = (await readLogFile(dataDir, sid)).events;
    const texts = log.filter((e): e is MessageSentEvent => e.type === 'message.sent').map((e) => e.text);
    const byId = new Map(log.map((e) => [e.id, e]));
    const ackedLost = ackedBeforeKill.filter((e) => JSON.stringify(byId.get(e.id)) !== JSON.stringify(e)).length;
    const duplicates = texts.length - new Set(texts).size;
    const gapless = log.every((e, i) => e.seq === i + 1);
    report(t, 'kill -9 during a burst', {
      clients: 3,
      'messages sent': 3 * PER_CLIENT,
      'acked before the kill': ackedBeforeKill.length,
      'acked after the restart (outboxes resent)': unackedAtKill,
      'acked lost': ackedLost,
      duplicates,
      'in the log': texts.length,
    });

    assert.equal(ackedLost, 0, 'every event acked before the kill is in the log, unchanged');
    assert.equal(duplicates, 0);
    assert.ok(gapless, 'seqs are gapless');
    assert.equal(texts.length, 3 * PER_CLIENT);
    for (const [id] of people) {
      const mine = texts.filter((x) => x.startsWith(`${id}-`));
      assert.deepEqual(mine, Array.from({ length: PER_CLIENT }, (_, n) => `${id}-${n}`), `${id}'s messages in the order sent`);
    }
    // Each send resolved with the event the log holds; every client folded the same messages.
    for (const event of events) assert.deepEqual(byId.get(event.id), event);
    const order = log.filter((e) => e.type === 'message.sent').map((e) => e.id);
    for (const client of clients) assert.deepEqual(client.state.messages.map((m) => m.id), order);
    for (const client of clients) client.close();
  });
});
