import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { sessionKey } from '../../server/storage/session-key.js';
import { startNginxCluster, type TestNginx } from '../support/nginx.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { childRelays, type ChildRelay } from './support/child-relay.js';
import { tempDirs } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';

// Scale-out, beyond the sockets: a holder that dies with nothing connected leaves work behind
// (an idle end, a transcript); another process takes the session over. And the README's
// by-session balancing sends every socket of a session to one process. Real redis-server,
// real nginx, relay processes of their own.

const dirs = tempDirs();
const relays = childRelays();
const METRICS_TOKEN = 'metrics-token-for-the-takeover-test';
const LEASE_MS = 1000;
const ADMIN_KEY = 'admin-key-of-the-takeover-test';
let redis: TestRedis;
let inspect: Redis;

before(async () => {
  redis = await startRedis();
  inspect = new Redis(redis.url);
});

after(async () => {
  inspect?.disconnect();
  await redis?.close();
});

async function typesOf(sessionId: string): Promise<string[]> {
  const entries = (await inspect.xrange(`session-chat:{${sessionKey(sessionId)}}:log`, '-', '+')) as Array<[string, string[]]>;
  return entries.map(([, fields]) => (JSON.parse(fields[1]!) as { type: string }).type);
}

async function gauge(node: ChildRelay, name: string): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

describe('scale-out: a session whose holder died with nobody connected', () => {
  it('is taken over by another process, which ends it when idle and writes its transcript, once; a third reads it', async (t) => {
    const dataDir = await dirs.make();
    const env = {
      SESSION_CHAT_REDIS_URL: redis.url,
      RELAY_LEASE_MS: String(LEASE_MS),
      RELAY_IDLE_END_MS: '1500',
      RELAY_LEAVE_GRACE_MS: '100',
      SESSION_CHAT_ADMIN_KEY: ADMIN_KEY,
    };
    const holder = await relays.start(dataDir, env);
    const other = await relays.start(dataDir, env);
    const reader = await relays.start(dataDir, env);
    const transcripts = async (): Promise<string[]> => {
      const response = await fetch(`${reader.url}/api/transcripts`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
      assert.equal(response.status, 200);
      return ((await response.json()) as { items: Array<{ sessionId: string }> }).items.map((i) => i.sessionId);
    };
    // The third process has read the (empty) transcript index before the transcript is written.
    assert.deepEqual(await transcripts(), []);
    const sid = 'takeover-idle';
    const tom = await joinedClient(holder.url, sid, 'tom', 'technician', 'Tom');
    await tom.send('left alone');
    assert.equal((await inspect.get(`session-chat:{${sessionKey(sid)}}:owner`))?.split(' ')[1], holder.url);
    tom.close();
    // Everyone left (past the leave grace): the holder's idle end is pending, then it dies.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const killedAt = Date.now();
    holder.child.kill('SIGKILL');
    await holder.exited;

    await until(async () => (await typesOf(sid)).includes('transcript.ready'), 20_000, 'the other process ends the session and writes its transcript');
    t.diagnostic(`taken over, ended and transcribed ${Date.now() - killedAt} ms after the kill (lease ${LEASE_MS} ms, sweep every ${4 * LEASE_MS} ms)`);
    const types = await typesOf(sid);
    assert.equal(types.filter((type) => type === 'session.ended').length, 1, 'ended once');
    assert.equal(types.filter((type) => type === 'transcript.ready').length, 1, 'one transcript');
    assert.equal((await inspect.get(`session-chat:{${sessionKey(sid)}}:owner`))?.split(' ')[1], other.url, 'the other process holds it now');
    assert.equal((await readdir(join(dataDir, 'transcripts'))).filter((f) => f.startsWith(sessionKey(sid))).length > 0, true, 'the transcript is in the shared folder');
    await until(async () => !(await readdir(join(dataDir, 'lifecycle'))).some((f) => f.startsWith(sessionKey(sid))), 5000, 'its lifecycle mark is gone');
    // A process that neither held nor transcribed the session lists and serves its transcript.
    assert.deepEqual(await transcripts(), [sid]);
    const text = await (await fetch(`${reader.url}/api/transcripts/${sid}.txt`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } })).text();
    assert.match(text, /left alone/);
  });
});

describe("scale-out: the README's by-session balancing", () => {
  let nodes: ChildRelay[];
  const balancers: TestNginx[] = [];

  before(async () => {
    const dataDir = await dirs.make();
    const env = { SESSION_CHAT_REDIS_URL: redis.url, RELAY_LEASE_MS: String(LEASE_MS), SESSION_CHAT_METRICS_TOKEN: METRICS_TOKEN };
    nodes = [await relays.start(dataDir, env), await relays.start(dataDir, env)];
  });

  after(async () => {
    for (const b of balancers) await b.close();
  });

  async function forwardedWith(balancing: 'round-robin' | 'by-session', sessions: string[]): Promise<number> {
    const nginx = await startNginxCluster(nodes.map((n) => n.port), balancing);
    balancers.push(nginx);
    const clients = [];
    try {
      for (const sid of sessions) {
        for (const who of ['tom', 'ann', 'tim', 'eve']) clients.push(await joinedClient(nginx.url, sid, who, who === 'ann' ? 'customer' : 'technician', who));
      }
      for (const [i, sid] of sessions.entries()) {
        const mine = clients.slice(i * 4, i * 4 + 4);
        const event = await mine[0]!.send(`hello ${sid}`);
        await until(() => mine.every((c) => c.state.messages.some((m) => m.id === event.id)), 5000, `everyone of ${sid} has the message`);
      }
      return (await Promise.all(nodes.map((n) => gauge(n, 'session_chat_sockets_forwarded')))).reduce((a, b) => a + b, 0);
    } finally {
      for (const c of clients) c.close();
    }
  }

  it('round robin passes sockets on to the holder; by session, every socket reaches its holder directly', async () => {
    const roundRobin = await forwardedWith('round-robin', ['rr-1', 'rr-2', 'rr-3']);
    assert.ok(roundRobin > 0, `round robin: ${roundRobin} sockets passed on`);
    await until(async () => (await Promise.all(nodes.map((n) => gauge(n, 'session_chat_sockets_forwarded')))).every((v) => v === 0), 5000, 'the passed-on sockets closed');
    const bySession = await forwardedWith('by-session', ['bs-1', 'bs-2', 'bs-3', 'bs-4', 'bs-5']);
    assert.equal(bySession, 0, 'by session: no socket passed on');
  });
});
