import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { memoryOutboxStore, SessionClient, type SessionClientOptions, type SessionEvent } from '../../src/client/index.js';
import { RELAY_DEFAULTS } from '../../server/index.js';
import { startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';

/** A real `ws` socket class that counts every frame its sockets send, and the acks they receive per clientId. */
function countingWebSocket() {
  const sent: string[] = [];
  const acks = new Map<string, number>();
  class Counting extends WebSocket {
    constructor(url: string) {
      super(url);
      this.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; clientId?: string };
        if (frame.type === 'ack' && frame.clientId) acks.set(frame.clientId, (acks.get(frame.clientId) ?? 0) + 1);
      });
    }
    override send(data: string): void {
      sent.push((JSON.parse(data) as { type: string }).type);
      super.send(data);
    }
  }
  return { WebSocket: Counting as unknown as SessionClientOptions['WebSocket'], sent, acks };
}

describe('SessionClient paces its frames to the relay rate limit', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ rateLimit: RELAY_DEFAULTS.rateLimit });
  });
  after(() => r.close());

  test('300 sends at once cost at most 1.2 × 300 frames, and all 300 are acked exactly once, in order', { timeout: 60_000 }, async (t) => {
    const counting = countingWebSocket();
    const sender = new SessionClient({ server: r.relay.url, token: await tokenFor('s-pace', 'ann'), WebSocket: counting.WebSocket, outboxStore: null });
    const reader = await joinedClient(r.relay.url, 's-pace', 'tom', 'technician');
    await sender.connect();
    const texts = Array.from({ length: 300 }, (_, i) => `message ${i + 1}`);
    const events: SessionEvent[] = await Promise.all(texts.map((text) => sender.send(text)));

    t.diagnostic(`frames sent by the client: ${counting.sent.length} (${counting.sent.filter((type) => type === 'message').length} messages)`);
    assert.ok(counting.sent.length <= 1.2 * 300, `the client sent ${counting.sent.length} frames (${counting.sent.filter((t) => t === 'message').length} messages)`);
    assert.equal(counting.acks.size, 300);
    assert.deepEqual([...new Set(counting.acks.values())], [1], 'every clientId acked exactly once');
    const seqs = events.map((event) => event.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'acked in the order sent');
    await until(() => reader.state.messages.length === 300, 10_000, 'the reader has all 300');
    assert.deepEqual(reader.state.messages.map((m) => m.text), texts);
    const logged = (await r.logEvents('s-pace')).filter((event) => event.type === 'message.sent');
    assert.equal(logged.length, 300);
    sender.close();
    reader.close();
  });
});

describe('SessionClient keeps its outbox in an outboxStore', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay();
  });
  after(() => r.close());

  test('messages sent while offline survive a new client (a reload) and arrive once each, in order', async () => {
    const store = memoryOutboxStore();
    const token = await tokenFor('s-kept', 'ann');
    // Offline (never connected): the first client only queues.
    const offline = new SessionClient({ server: r.relay.url, token, WebSocket: WebSocket as unknown as SessionClientOptions['WebSocket'], outboxStore: store });
    void offline.send('typed offline 1').catch(() => undefined);
    void offline.send('typed offline 2').catch(() => undefined);
    offline.close();
    assert.deepEqual(store.load('s-kept', 'ann').map((e) => e.text), ['typed offline 1', 'typed offline 2']);

    const reloaded = new SessionClient({ server: r.relay.url, token, WebSocket: WebSocket as unknown as SessionClientOptions['WebSocket'], outboxStore: store });
    assert.deepEqual(reloaded.outbox.map((e) => e.text), ['typed offline 1', 'typed offline 2'], 'pending before it connects');
    const reader = await joinedClient(r.relay.url, 's-kept', 'tom', 'technician');
    await reloaded.connect();
    await until(() => reader.state.messages.length === 2 && reloaded.outbox.length === 0);
    assert.deepEqual(reader.state.messages.map((m) => m.text), ['typed offline 1', 'typed offline 2']);
    assert.deepEqual(store.load('s-kept', 'ann'), [], 'acked entries leave the store');
    reloaded.close();
    reader.close();
  });

  test('a kept message the relay already logged is not doubled; a refused one leaves the store', async () => {
    const store = memoryOutboxStore();
    const token = await tokenFor('s-dedupe', 'ann');
    const first = new SessionClient({ server: r.relay.url, token, WebSocket: WebSocket as unknown as SessionClientOptions['WebSocket'], outboxStore: store });
    await first.connect();
    const logged = await first.send('reached the relay');
    first.close();
    // As if the page reloaded before the ack came back: the entry is still kept.
    store.save('s-dedupe', 'ann', [
      { clientId: logged.clientId!, text: 'reached the relay', createdAt: 1 },
      { clientId: 'c-too-long', text: 'x'.repeat(RELAY_DEFAULTS.maxTextLength + 1), createdAt: 2 },
    ]);
    const reloaded = new SessionClient({ server: r.relay.url, token, WebSocket: WebSocket as unknown as SessionClientOptions['WebSocket'], outboxStore: store });
    await reloaded.connect();
    await until(() => reloaded.outbox.length === 0);
    assert.deepEqual(store.load('s-dedupe', 'ann'), []);
    assert.deepEqual((await r.logEvents('s-dedupe')).filter((e) => e.type === 'message.sent').map((e) => e.clientId), [logged.clientId]);
    reloaded.close();
  });
});
