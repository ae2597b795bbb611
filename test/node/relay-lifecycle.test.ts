import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CloseCodes, type SessionEvent } from '../../src/protocol/index.js';
import { FileEventLog, type EventLog, type LoadedLog } from '../../server/index.js';
import { makeTempDir, silentLogger, startRelay, type TestRelay } from './support/relay-harness.js';
import { settle, TestClient } from './support/test-client.js';

/** Wraps an event log and counts what the relay asks of it. */
class CountingLog implements EventLog {
  opens = 0;
  releases: string[] = [];
  constructor(private readonly inner: EventLog) {}
  open(sessionId: string): Promise<LoadedLog> {
    this.opens++;
    return this.inner.open(sessionId);
  }
  append(sessionId: string, events: readonly SessionEvent[], encoded?: readonly string[]): Promise<void> {
    return this.inner.append(sessionId, events, encoded);
  }
  release(sessionId: string): Promise<void> {
    this.releases.push(sessionId);
    return this.inner.release(sessionId);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('relay: leaving, presence, loading and shutdown', () => {
  const relays: TestRelay[] = [];
  after(async () => {
    await Promise.all(relays.map((r) => r.close()));
  });
  async function relay(options: Parameters<typeof startRelay>[0] = {}, dataDir?: string): Promise<TestRelay> {
    const r = await startRelay(options, dataDir);
    relays.push(r);
    return r;
  }

  it('logs participant.left after the grace period, not when the participant comes back in time', async () => {
    const r = await relay({ leaveGraceMs: 150 });
    const sid = 'leave-1';
    const tokenB = await r.token(sid, 'bob', 'customer');
    const { client: a } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice', 'technician')));
    const { client: b } = await TestClient.join(r.wsUrl(sid, tokenB));
    await a.take('presence', (f) => f.presence.length === 2);

    // Back within the grace period: no left event.
    await b.close();
    const offline = await a.take('presence');
    assert.deepEqual(offline.presence.find((p) => p.id === 'bob'), { id: 'bob', name: 'bob', role: 'customer', online: false, connections: 0, away: false });
    const { client: b2, welcome } = await TestClient.join(r.wsUrl(sid, tokenB));
    assert.deepEqual(welcome.events.map((e) => e.type), ['participant.joined', 'participant.joined']);
    await settle(250);
    assert.deepEqual((await r.logEvents(sid)).map((e) => e.type), ['participant.joined', 'participant.joined']);

    // Gone for longer: participant.left is logged and fanned out, presence drops bob.
    await b2.close();
    const left = await a.take('event', (f) => f.event.type === 'participant.left', 2_000);
    assert.equal(left.event.from, 'bob');
    const presence = await a.take('presence', (f) => !f.presence.some((p) => p.id === 'bob'));
    assert.deepEqual(presence.presence.map((p) => p.id), ['alice']);

    // Coming back after leaving joins again.
    const { client: b3, welcome: back } = await TestClient.join(r.wsUrl(sid, tokenB));
    assert.deepEqual(back.events.map((e) => e.type), ['participant.joined', 'participant.joined', 'participant.left', 'participant.joined']);
    await Promise.all([a.close(), b3.close()]);
  });

  it('loads a session once for many simultaneous sockets and unloads it when idle', async () => {
    const dataDir = await makeTempDir();
    const log = new CountingLog(new FileEventLog({ dataDir, logger: silentLogger }));
    const r = await relay({ eventLog: log, idleUnloadMs: 50, leaveGraceMs: 0 }, dataDir);
    const sid = 'load-1';
    const clients = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => (await TestClient.join(r.wsUrl(sid, await r.token(sid, `p${i}`)))).client),
    );
    assert.equal(log.opens, 1);
    await clients[0]!.say('kept across unloads', 'keep-1');
    await Promise.all(clients.map((c) => c.close()));
    const deadline = Date.now() + 2_000;
    while (!log.releases.includes(sid) && Date.now() < deadline) await settle(10);
    assert.deepEqual(log.releases, [sid]);

    const { client, welcome } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'p0')));
    assert.equal(log.opens, 2);
    assert.ok(welcome.events.some((e) => e.type === 'message.sent' && e.text === 'kept across unloads'));
    assert.equal(welcome.events.filter((e) => e.type === 'participant.left').length, 10);
    await client.close();
    await r.relay.close();
    await log.close();
  });

  it('stores sessions under hashed file names, so ids like ../../x stay inside the data folder', async () => {
    const r = await relay();
    const sid = '../../etc/passwd';
    const { client, welcome } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice')));
    assert.equal(welcome.sessionId, sid);
    await client.close();
    assert.deepEqual((await readdir(r.dataDir)).sort(), ['lifecycle', 'receipts', 'sessions']);
    // Besides the session's file, only the shared journal (journal-<n>.jsonl) may be there.
    const files = (await readdir(join(r.dataDir, 'sessions'))).filter((name) => !/^journal-\d+\.jsonl$/.test(name));
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^[0-9a-f]{64}\.jsonl$/);
  });

  it('closes sockets with 4000 SERVER_SHUTDOWN on close()', async () => {
    const r = await relay();
    const { client } = await TestClient.join(r.wsUrl('shutdown-1', await r.token('shutdown-1', 'alice')));
    const closing = client.whenClosed();
    await r.relay.close();
    assert.equal(await closing, CloseCodes.SERVER_SHUTDOWN);
  });

  it('closes a slow consumer with 4002 and others keep going', async () => {
    const r = await relay({ maxBufferedBytes: 64 * 1024, rateLimit: { perSecond: 100_000, burst: 100_000 } });
    const sid = 'slow-1';
    const { client: fast } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice')));
    const { client: slow } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'bob')));
    const tcp = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    tcp.pause();
    // ~22 MB for bob: more than loopback's kernel buffers hold, so the relay's own buffer passes the cap.
    const text = 'z'.repeat(9_000);
    for (let i = 0; i < 2_500; i += 100) {
      for (let j = i; j < i + 100; j++) fast.send({ type: 'message', clientId: `s-${j}`, text });
      await fast.answer(`s-${i + 99}`, 10_000);
    }
    tcp.resume();
    assert.equal(await slow.whenClosed(10_000), CloseCodes.SLOW_CONSUMER);
    await fast.say('still fine', 'after-slow');
    await fast.close();
  });
});
