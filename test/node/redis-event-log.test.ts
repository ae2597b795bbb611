import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MessageSentEvent, SessionEvent } from '../../src/protocol/index.js';
import { ErrorCodes } from '../../src/protocol/index.js';
import { RelayError, RelayErrorCodes } from '../../server/relay-error.js';
import { RedisEventLog } from '../../server/storage/redis-event-log.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { silentLogger, startRelay, tokenFor } from './support/relay-harness.js';
import { TestClient } from './support/test-client.js';

/*
 * The event log on a real redis-server (started by the test on a free loopback port with its
 * own folder, AOF with appendfsync always): what it stores, that a second writer cannot write
 * over the first, a relay that keeps its sessions in it across restarts of the relay and of
 * Redis, and typed refusals while Redis is down.
 */

let redis: TestRedis;
/** Every log a test made: closed at the end even when an assertion failed (an open one would keep the test process alive). */
const logs: RedisEventLog[] = [];
const newLog = (): RedisEventLog => {
  const log = new RedisEventLog({ url: redis.url, logger: silentLogger });
  logs.push(log);
  return log;
};
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await Promise.all(logs.map((log) => log.close()));
  await redis?.close();
});

const message = (seq: number, text: string): MessageSentEvent => ({ seq, id: `e${seq}`, at: 1000 + seq, type: 'message.sent', from: 'alice', text });
const texts = (events: readonly SessionEvent[]): string[] => events.flatMap((e) => (e.type === 'message.sent' ? [e.text] : []));
const hasCode = (code: string) => (error: unknown) => error instanceof RelayError && error.code === code;

describe('RedisEventLog', () => {
  it('stores appended events as given, reads them back after a seq, and a second log opens the same epoch and lines', async () => {
    const log = newLog();
    const opened = await log.open('stored');
    assert.ok(opened.epoch.length > 0);
    assert.deepEqual(opened.events, []);
    const events = [message(1, 'one'), message(2, 'zwei ✓'), message(3, 'ثلاثة')];
    const lines = events.map((e) => JSON.stringify(e));
    await log.append('stored', events.slice(0, 2), lines.slice(0, 2));
    await log.append('stored', events.slice(2));
    assert.deepEqual(await log.read('stored', 0), lines);
    assert.deepEqual(await log.read('stored', 2), lines.slice(2));
    assert.deepEqual(await log.read('stored', 3), []);
    assert.deepEqual(await log.read('stored', 0, 2), lines.slice(0, 2), 'a limit reads only the first lines after the seq');
    assert.deepEqual(await log.read('stored', 1, 1), lines.slice(1, 2));

    const other = newLog();
    const again = await other.open('stored');
    assert.equal(again.epoch, opened.epoch);
    assert.deepEqual(again.events, events);
    assert.deepEqual(again.lines, lines);
    await Promise.all([log.close(), other.close()]);
  });

  it('refuses an append that does not follow the log (another writer came first, or a gap): nothing is written', async () => {
    const a = newLog();
    const b = newLog();
    await a.open('contended');
    await b.open('contended');
    await a.append('contended', [message(1, 'from a')]);
    await assert.rejects(b.append('contended', [message(1, 'from b')]), hasCode(RelayErrorCodes.LOG_CONFLICT));
    await assert.rejects(a.append('contended', [message(3, 'after a hole')]), hasCode(RelayErrorCodes.LOG_CONFLICT));
    assert.deepEqual(texts((await b.open('contended')).events), ['from a']);
    await assert.rejects(a.append('never-opened', [message(1, 'x')]), hasCode(RelayErrorCodes.LOG_NOT_OPEN));
    await Promise.all([a.close(), b.close()]);
    await assert.rejects(a.open('contended'), hasCode(RelayErrorCodes.LOG_CLOSED));
  });

  it("keeps a relay's sessions across a restart of the relay and a kill -9 of Redis; refuses sends with a typed error while Redis is down", async () => {
    const sid = 'relay-on-redis';
    const token = await tokenFor(sid, 'alice', 'technician');
    // A log given to the relay stays the caller's: closed here after the relay.
    const firstLog = newLog();
    const first = await startRelay({ eventLog: firstLog });
    const alice = (await TestClient.join(first.wsUrl(sid, token))).client;
    for (let i = 0; i < 5; i++) await alice.say(`m${i}`, `c${i}`);
    await alice.close();
    await first.relay.close();
    await firstLog.close();

    // Acked means on Redis's disk: a kill -9 of Redis loses none of them.
    await redis.kill();
    await redis.start();
    const secondLog = newLog();
    const second = await startRelay({ eventLog: secondLog });
    try {
      const { client, welcome } = await TestClient.join(second.wsUrl(sid, token));
      assert.deepEqual(texts(welcome.events), ['m0', 'm1', 'm2', 'm3', 'm4'], 'another relay (another data folder) reads the session from Redis');
      assert.deepEqual((await client.say('m0 again', 'c0')).event.seq, welcome.events.find((e) => e.clientId === 'c0')!.seq, 'a retried clientId is acked with its first event');

      await redis.stop();
      client.send({ type: 'message', clientId: 'while-down', text: 'lost?' });
      const refusal = await client.take('error', (e) => e.clientId === 'while-down');
      assert.equal(refusal.code, ErrorCodes.STORAGE_FAILED);
      await client.whenClosed();

      await redis.start();
      // The client reconnects (its outbox retries the same clientId) once Redis is back.
      let back: Awaited<ReturnType<typeof TestClient.join>> | undefined;
      for (let attempt = 0; attempt < 100 && !back; attempt++) {
        back = await TestClient.join(second.wsUrl(sid, token)).catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return undefined;
        });
      }
      assert.ok(back, 'the relay serves the session again once Redis is back');
      assert.ok(!back.welcome.events.some((e) => e.clientId === 'while-down'), 'nothing was appended while Redis was down');
      const ack = await back.client.say('lost?', 'while-down');
      assert.equal(ack.event.seq, back.welcome.events.length + 1);
      await back.client.close();
    } finally {
      await second.relay.close();
      await secondLog.close();
    }
  });
});
