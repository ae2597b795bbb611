import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import type { SessionEvent } from '../../src/protocol/index.js';
import { sessionKey } from '../../server/storage/session-key.js';
import { startNginxCluster, type TestNginx } from '../support/nginx.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { childRelays, type ChildRelay } from './support/child-relay.js';
import { tempDirs } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';

// Faults of a scale-out deployment, with real parts: three relay processes on one redis-server,
// the README's nginx site round-robin in front, headless clients that reconnect through it.

const LEASE_MS = 1500;
const dirs = tempDirs();
const relays = childRelays();

interface Stream {
  seq: number;
  id: string;
  type: string;
  text?: string;
}

async function streamOf(inspect: Redis, sessionId: string): Promise<Stream[]> {
  const entries = (await inspect.xrange(`session-chat:{${sessionKey(sessionId)}}:log`, '-', '+')) as Array<[string, string[]]>;
  return entries.map(([, fields]) => JSON.parse(fields[1]!) as Stream);
}

describe('scale-out faults', () => {
  let redis: TestRedis;
  let inspect: Redis;
  let nginx: TestNginx;
  const nodes: ChildRelay[] = [];

  before(async () => {
    redis = await startRedis();
    inspect = new Redis(redis.url);
    inspect.on('error', () => {}); // while the Redis test has it stopped
    const dataDir = await dirs.make();
    for (let i = 0; i < 3; i++) nodes.push(await relays.start(dataDir, { SESSION_CHAT_REDIS_URL: redis.url, RELAY_LEASE_MS: String(LEASE_MS) }));
    nginx = await startNginxCluster(nodes.map((n) => n.port));
  });

  after(async () => {
    inspect?.disconnect();
    await nginx?.close();
    await redis?.close();
  });

  it('kill -9 of the process holding a session during a burst: clients resume elsewhere, nothing acked is lost, nothing is doubled, live within 15 s', async (t) => {
    const sid = 'fault-kill';
    const clients = [
      await joinedClient(nginx.url, sid, 'tom', 'technician', 'Tom'),
      await joinedClient(nginx.url, sid, 'ann', 'customer', 'Ann'),
      await joinedClient(nginx.url, sid, 'tim', 'technician', 'Tim'),
    ];
    try {
      const holderUrl = (await inspect.get(`session-chat:{${sessionKey(sid)}}:owner`))?.split(' ')[1];
      const holder = nodes.find((n) => n.url === holderUrl);
      assert.ok(holder, `the lease names one of the three processes (${holderUrl})`);

      const acked: SessionEvent[] = [];
      const sends: Promise<void>[] = [];
      const texts: string[] = [];
      let killedAt = 0;
      for (let i = 0; i < 40; i++) {
        for (const [n, client] of clients.entries()) {
          const text = `burst ${n}-${i}`;
          texts.push(text);
          sends.push(client.send(text).then((event) => void acked.push(event)));
        }
        if (i === 15) {
          holder!.child.kill('SIGKILL');
          killedAt = Date.now();
          await holder!.exited;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await Promise.all(sends);
      await until(() => clients.every((c) => c.connectionState === 'live' && c.outbox.length === 0), 15_000, 'every client live with an empty outbox');
      const lastSeq = Math.max(...clients.map((c) => c.state.lastSeq));
      await until(() => clients.every((c) => c.state.lastSeq === lastSeq), 15_000, 'every client has every event');
      const liveAfterMs = Date.now() - killedAt;
      assert.ok(liveAfterMs < 15_000, `live again ${liveAfterMs} ms after the kill`);
      t.diagnostic(`all three clients live with every event ${liveAfterMs} ms after the kill (lease ${LEASE_MS} ms)`);

      const stream = await streamOf(inspect, sid);
      assert.deepEqual(stream.map((e) => e.seq), stream.map((_, i) => i + 1), 'one gapless order');
      const sent = stream.filter((e) => e.type === 'message.sent');
      for (const text of texts) assert.equal(sent.filter((e) => e.text === text).length, 1, `"${text}" is in the log exactly once`);
      assert.equal(acked.length, texts.length);
      const ids = new Set(stream.map((e) => e.id));
      for (const event of acked) assert.ok(ids.has(event.id), `acked ${event.seq} is in the log`);
      const views = clients.map((c) => c.state.messages.map((m) => [m.seq, m.id, m.text]));
      assert.deepEqual(views[1], views[0]);
      assert.deepEqual(views[2], views[0]);
      const newHolder = (await inspect.get(`session-chat:{${sessionKey(sid)}}:owner`))?.split(' ')[1];
      assert.notEqual(newHolder, holderUrl, 'another process holds the session now');
    } finally {
      for (const c of clients) c.close();
    }
  });

  it('Redis restarted during a session: nothing is acked while it is down, acked events survive, the relays go on', async () => {
    const sid = 'fault-redis';
    const live = nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
    const ann = await joinedClient(nginx.url, sid, 'ann', 'customer', 'Ann');
    const tom = await joinedClient(nginx.url, sid, 'tom', 'technician', 'Tom');
    try {
      assert.ok(live.length >= 2);
      const before = await Promise.all([ann.send('before 1'), tom.send('before 2')]);
      await redis.stop();
      const outcome: { settled: boolean; error?: { code?: number } } = { settled: false };
      const whileDown = ann.send('while Redis is down').then(
        () => void (outcome.settled = true),
        (error: { code?: number }) => {
          outcome.settled = true;
          outcome.error = error;
        },
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // Refused with a typed error (STORAGE_FAILED) or still waiting in the outbox: never acked.
      assert.ok(!outcome.settled || outcome.error?.code === 3001, `while Redis is down the send is not acked (${JSON.stringify(outcome)})`);
      await redis.start();
      if (outcome.error) await ann.send('while Redis is down, again');
      else await whileDown;
      await until(() => ann.outbox.length === 0 && tom.outbox.length === 0, 15_000, 'the outboxes drain once Redis is back');
      const after = await tom.send('after');
      const stream = await streamOf(inspect, sid);
      assert.deepEqual(stream.map((e) => e.seq), stream.map((_, i) => i + 1));
      const ids = new Set(stream.map((e) => e.id));
      for (const event of [...before, after]) assert.ok(ids.has(event.id), `acked ${event.seq} survived`);
      assert.equal(stream.filter((e) => e.text?.startsWith('while Redis is down')).length, 1, 'the send made while Redis was down is in the log once');
      await until(() => ann.state.lastSeq === tom.state.lastSeq && ann.state.lastSeq === stream.length, 10_000, 'both clients have the whole log');
    } finally {
      ann.close();
      tom.close();
    }
  });
});
