import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AckFrame, MessageSentEvent } from '../../src/protocol/index.js';
import { childRelays } from './support/child-relay.js';
import { readLogFile, tempDirs, tokenFor, wsUrlOf } from './support/relay-harness.js';
import { settle, TestClient } from './support/test-client.js';

describe('relay: crash (kill -9) and restart', () => {
  const children = childRelays();
  const dirs = tempDirs();

  for (const fsync of [false, true]) {
    it(`keeps every acked event across SIGKILL, gapless, and dedupes acked clientIds after restart (fsync: ${fsync})`, async () => {
      const dataDir = await dirs.make();
      // The whole log in the welcome: a join sends the last 200 events otherwise, and how many
      // are sent before the kill depends on the machine's speed (a slow one sent over 250).
      const env: Record<string, string> = { RELAY_HISTORY_PAGE_EVENTS: '100000', ...(fsync ? { RELAY_FSYNC: '1' } : {}) };
      const sid = 'crash-session';
      const token = await tokenFor(sid, 'alice', 'technician');

      const first = await children.start(dataDir, env);
      const { client } = await TestClient.join(wsUrlOf(first.url, sid, token));
      // Keep a stream of intents going and kill the relay while later ones are still being written.
      let sent = 0;
      const ackCount = (): number => client.received.filter((f) => f.type === 'ack').length;
      while (ackCount() < 60) {
        for (let i = 0; i < 20; i++, sent++) client.send({ type: 'message', clientId: `m-${sent}`, text: `crash message ${sent}` });
        await settle(1);
      }
      for (let i = 0; i < 20; i++, sent++) client.send({ type: 'message', clientId: `m-${sent}`, text: `crash message ${sent}` });
      first.child.kill('SIGKILL');
      await first.exited;
      await settle(50);
      const acks = client.received.filter((f): f is AckFrame => f.type === 'ack');
      assert.ok(acks.length >= 60, `acks before the kill: ${acks.length} of ${sent} sent`);

      const second = await children.start(dataDir, env);
      const { client: again, welcome } = await TestClient.join(wsUrlOf(second.url, sid, token));
      assert.equal(welcome.reset, true);
      assert.deepEqual(welcome.events.map((e) => e.seq), Array.from({ length: welcome.events.length }, (_, i) => i + 1), 'gapless');
      const byId = new Map(welcome.events.map((e) => [e.id, e]));
      for (const ack of acks) assert.deepEqual(byId.get(ack.event.id), ack.event, `acked ${ack.clientId} survived`);
      const texts = welcome.events.filter((e): e is MessageSentEvent => e.type === 'message.sent').map((e) => e.text);
      assert.deepEqual(texts, Array.from({ length: texts.length }, (_, i) => `crash message ${i}`), 'in order, none doubled');

      // A retry of an already acked clientId: same seq, nothing appended.
      const lastAck = acks.at(-1)!;
      const retried = await again.say('crash message again', lastAck.clientId);
      assert.deepEqual(retried.event, lastAck.event);
      const firstRetry = await again.say('crash message again', 'm-0');
      assert.deepEqual(firstRetry.event, acks[0]!.event);
      const onDisk = await readLogFile(dataDir, sid);
      assert.equal(onDisk.events.length, welcome.events.length, 'nothing appended by the retries');

      // A clientId that never made it to disk is a new intent.
      const lost = `m-${texts.length}`;
      const fresh = await again.say(`crash message ${texts.length}`, lost);
      assert.equal(fresh.event.seq, welcome.events.length + 1);

      await again.close();
      second.child.kill('SIGKILL');
      await second.exited;
    });
  }
});
