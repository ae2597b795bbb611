import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import WebSocket from 'ws';
import { SessionClient } from '../../src/client/index.js';
import { CloseCodes, isTerminalClose } from '../../src/protocol/index.js';
import type { ReadinessCheck } from '../../server/index.js';
import { httpGet, probeUpgrade } from './support/http-probe.js';
import { startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { until } from './support/session-clients.js';
import { createUpload } from './support/tus.js';
import { TestClient } from './support/test-client.js';

describe('relay: GET /readyz and drain()', () => {
  const relays: TestRelay[] = [];
  after(async () => {
    await Promise.all(relays.map((r) => r.close()));
  });
  async function relay(options: Parameters<typeof startRelay>[0] = {}, dataDir?: string): Promise<TestRelay> {
    const r = await startRelay(options, dataDir);
    relays.push(r);
    return r;
  }

  it('answers 200 with a reason while the relay takes sockets', async () => {
    const r = await relay();
    const ready = await httpGet(`${r.relay.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { ready: true, reason: 'accepting sockets', checks: {} });
    assert.equal(ready.headers['cache-control'], 'no-store');
    assert.equal((await httpGet(`${r.relay.url}/readyz`, { method: 'POST' })).status, 405);
  });

  it('answers 503 naming a dependency whose check fails or does not answer, and 200 once it recovers', async () => {
    let redisUp = false;
    const checks: ReadinessCheck[] = [
      { name: 'redis', check: async () => { if (!redisUp) throw new Error('connection refused'); } },
      { name: 'slow', check: () => new Promise<void>(() => {}) },
    ];
    const r = await relay({ readinessChecks: [checks[0]!] });
    const down = await httpGet(`${r.relay.url}/readyz`);
    assert.equal(down.status, 503);
    assert.deepEqual(down.body, { ready: false, reason: 'redis is not ready: connection refused', checks: { redis: 'connection refused' } });
    redisUp = true;
    assert.deepEqual((await httpGet(`${r.relay.url}/readyz`)).body, { ready: true, reason: 'accepting sockets', checks: { redis: 'ok' } });

    const hung = await relay({ readinessChecks: checks });
    const started = Date.now();
    const answer = await httpGet(`${hung.relay.url}/readyz`);
    assert.equal(answer.status, 503);
    assert.deepEqual(answer.body, { ready: false, reason: 'slow is not ready: no answer within 2000 ms', checks: { redis: 'ok', slow: 'no answer within 2000 ms' } });
    assert.ok(Date.now() - started < 3_000);
  });

  it('throws an exact TypeError for a bad readiness check, metrics token or shutdown timeout', async () => {
    await assert.rejects(startRelay({ readinessChecks: [{ name: 'x' } as unknown as ReadinessCheck] }), {
      name: 'TypeError',
      message: 'The "readinessChecks" option must be an array of { name, check() }',
    });
    await assert.rejects(startRelay({ metricsToken: 'short' }), {
      name: 'TypeError',
      message: 'The "metricsToken" option (or SESSION_CHAT_METRICS_TOKEN) must be at least 16 characters',
    });
    await assert.rejects(startRelay({ shutdownTimeoutMs: -1 }), { name: 'TypeError', message: 'The "shutdownTimeoutMs" option must be an integer >= 0' });
  });

  it('drain(): acks what was sent, closes sockets with 4000, answers 503 and refuses new sockets and uploads, still answers HTTP', async () => {
    const r = await relay();
    const sid = 'drain-1';
    const tokenA = await r.token(sid, 'alice', 'technician');
    const { client: a } = await TestClient.join(r.wsUrl(sid, tokenA));
    const { client: b } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'bob')));
    // Sent right before the drain: acked before the socket closes, and durable.
    for (let i = 0; i < 20; i++) a.send({ type: 'message', clientId: `d-${i}`, text: `before ${i}` });
    await a.answer('d-0');
    const closedA = a.whenClosed();
    const closedB = b.whenClosed();
    await r.relay.drain();
    assert.equal(await closedA, CloseCodes.SERVER_SHUTDOWN);
    assert.equal(await closedB, CloseCodes.SERVER_SHUTDOWN);
    const acked = a.received.filter((f) => f.type === 'ack').length;
    assert.equal(acked, 20, 'every intent read before the drain is acked before the close');
    const logged = (await r.logEvents(sid)).filter((e) => e.type === 'message.sent').map((e) => e.clientId);
    assert.deepEqual(logged, Array.from({ length: 20 }, (_, i) => `d-${i}`));

    const ready = await httpGet(`${r.relay.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual(ready.body, { ready: false, reason: 'draining: the relay is shutting down', checks: {} });
    const upgrade = await probeUpgrade(r.wsUrl(sid, tokenA));
    assert.equal(upgrade.status, 503);
    assert.deepEqual(upgrade.body, { code: 3000, name: 'INTERNAL_ERROR', message: 'the relay is shutting down' });
    const upload = await createUpload(r.relay.url, sid, tokenA, 10, { filename: 'a.txt', filetype: 'text/plain' });
    assert.equal(upload.status, 503);
    assert.equal(upload.headers['retry-after'], '1');
    assert.equal((await httpGet(`${r.relay.url}/healthz`)).status, 200);
    await r.relay.drain();
  });

  it('drain() and close() are bounded by shutdownTimeoutMs: a write that never finishes does not hold the shutdown', async () => {
    const { FileEventLog } = await import('../../server/index.js');
    const { makeTempDir, silentLogger } = await import('./support/relay-harness.js');
    const dataDir = await makeTempDir();
    const inner = new FileEventLog({ dataDir, logger: silentLogger });
    let stall = false;
    const log = Object.assign(Object.create(inner) as typeof inner, {
      append: (sessionId: string, events: Parameters<typeof inner.append>[1], encoded?: Parameters<typeof inner.append>[2]) =>
        stall ? new Promise<void>(() => {}) : inner.append(sessionId, events, encoded),
    });
    const r = await relay({ eventLog: log, shutdownTimeoutMs: 300 }, dataDir);
    const sid = 'drain-stall';
    const { client } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice')));
    stall = true;
    client.send({ type: 'message', clientId: 'stuck', text: 'never written' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = client.whenClosed();
    const started = Date.now();
    await r.relay.drain();
    assert.equal(await closed, CloseCodes.SERVER_SHUTDOWN);
    assert.ok(Date.now() - started < 1_500, `drained in ${Date.now() - started} ms`);
    assert.ok(!client.received.some((f) => f.type === 'ack'), 'nothing unwritten is acked');
    await inner.close();
  });

  it('a SessionClient takes 4000 as "resume elsewhere": it reconnects to the next relay and resumes without reloading', async () => {
    assert.equal(isTerminalClose(CloseCodes.SERVER_SHUTDOWN), false);
    const first = await startRelay();
    const sid = 'drain-resume';
    const client = new SessionClient({ server: first.relay.url, token: await tokenFor(sid, 'ann'), WebSocket, backoff: { minMs: 50, maxMs: 200 } });
    let reloads = 0;
    client.addEventListener('change', (e) => {
      if (e.detail.state.messages.length === 0 && e.detail.state.lastSeq === 0) reloads++;
    });
    await client.connect();
    await client.send('before the restart');
    reloads = 0;
    await first.relay.drain();
    await until(() => client.connectionState === 'reconnecting', 3_000, 'the client saw the 4000 close');
    await first.close(true);
    const second = await relay({ port: first.relay.port }, first.dataDir);
    await until(() => client.connectionState === 'live', 5_000, 'the client resumed');
    await client.send('after the restart');
    assert.deepEqual(client.state.messages.map((m) => m.text), ['before the restart', 'after the restart']);
    assert.equal(reloads, 0, 'resumed from its last seq, not reloaded');
    assert.deepEqual((await second.logEvents(sid)).filter((e) => e.type === 'message.sent').map((e) => e.text), ['before the restart', 'after the restart']);
    client.close();
  });
});
