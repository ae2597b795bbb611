import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import WebSocket from 'ws';
import { SessionClient, ErrorCodes, SessionChatError, type SessionClientOptions } from '../../src/client/index.js';
import { createRelay, createToken, type Relay } from '../../server/index.js';
import { until } from './support/session-clients.js';

const secret = 'client-test-secret-0123456789';
let dataDir: string;
let relay: Relay;
let port: number;

async function startRelay(): Promise<Relay> {
  return createRelay({ port, host: '127.0.0.1', secret, dataDir, logger: pino({ level: 'silent' }), heartbeatIntervalMs: 1000 });
}

function token(sessionId: string, role: 'technician' | 'customer', name: string, participantId: string, ttl: number | string = '1h') {
  return createToken({ secret, sessionId, role, name, participantId, ttl });
}

function client(tok: string, extra: Partial<SessionClientOptions> = {}): SessionClient {
  return new SessionClient({
    server: `http://127.0.0.1:${port}`,
    token: tok,
    WebSocket,
    backoff: { minMs: 50, maxMs: 200 },
    ...extra,
  });
}

/** A real `ws` socket class whose sockets the test can cut, refusing reconnects until restored. */
function cuttableWebSocket() {
  let blocked = false;
  const sockets: WebSocket[] = [];
  class Cuttable extends WebSocket {
    constructor(url: string) {
      super(blocked ? url.replace(/:\d+\//, ':1/') : url);
      sockets.push(this);
    }
  }
  return {
    WebSocket: Cuttable,
    cut(): void {
      blocked = true;
      for (const s of sockets) s.terminate();
    },
    restore(): void {
      blocked = false;
    },
  };
}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'session-chat-client-'));
  port = 0;
  relay = await startRelay();
  port = relay.port;
});

after(async () => {
  await relay.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('SessionClient against a real relay', () => {
  test('connects, sends, and both participants fold the same messages', async () => {
    const a = client(await token('s-basic', 'technician', 'Tom', 'tom'));
    const b = client(await token('s-basic', 'customer', 'Ann', 'ann'));
    const states: string[] = [];
    a.addEventListener('connectionchange', (e) => states.push(e.detail.state));
    await a.connect();
    await b.connect();
    assert.deepEqual(states, ['connecting', 'live']);
    assert.equal(a.me?.name, 'Tom');

    const liveAtB: string[] = [];
    b.addEventListener('event', (e) => {
      if (e.detail.live && e.detail.event.type === 'message.sent') liveAtB.push(e.detail.event.text);
    });
    const event = await a.send('first');
    assert.equal(event.type, 'message.sent');
    assert.ok(event.seq > 0);
    await a.send('second');
    await until(() => b.state.messages.length === 2);
    assert.deepEqual(b.state.messages.map((m) => [m.text, m.from]), [['first', 'tom'], ['second', 'tom']]);
    assert.deepEqual(liveAtB, ['first', 'second']);
    assert.deepEqual(a.state.messages.map((m) => m.seq), b.state.messages.map((m) => m.seq));
    assert.equal(a.outbox.length, 0);
    a.close();
    b.close();
  });

  test('a refused send rejects with a typed error carrying its code', async () => {
    const a = client(await token('s-refuse', 'customer', 'Ann', 'ann'));
    const b = client(await token('s-refuse', 'customer', 'Bob', 'bob'));
    await a.connect();
    await b.connect();
    const sent = await a.send('mine');
    await until(() => b.state.messages.length === 1);
    await assert.rejects(b.edit(sent.id, 'hijacked'), (e: unknown) => e instanceof SessionChatError && e.code === ErrorCodes.NOT_AUTHOR);
    await assert.rejects(a.send('x'.repeat(10_001)), (e: unknown) => e instanceof SessionChatError && e.code === ErrorCodes.TEXT_TOO_LONG);
    await assert.rejects(a.send('   '), (e: unknown) => e instanceof SessionChatError && e.code === ErrorCodes.INVALID_FIELD);
    assert.equal(a.state.messages[0]!.text, 'mine');
    a.close();
    b.close();
  });

  test('connect rejects with the typed reason when the token is refused', async () => {
    const expired = client(await token('s-tok', 'customer', 'Ann', 'ann', 1));
    await new Promise((r) => setTimeout(r, 1100));
    await assert.rejects(expired.connect(), (e: unknown) => e instanceof SessionChatError && e.code === ErrorCodes.TOKEN_EXPIRED);
    assert.equal(expired.connectionState, 'closed');

    const forged = client(await createToken({ secret: 'another-secret-0123456789', sessionId: 's-tok', role: 'customer', name: 'Eve' }));
    await assert.rejects(forged.connect(), (e: unknown) => e instanceof SessionChatError && e.code === ErrorCodes.TOKEN_INVALID);
  });

  test('keeps messages typed while the relay is down and sends them in order when it is back, once each', async () => {
    const a = client(await token('s-outbox', 'customer', 'Ann', 'ann'));
    const b = client(await token('s-outbox', 'technician', 'Tom', 'tom'));
    await a.connect();
    await b.connect();
    await a.send('before');

    await relay.close();
    await until(() => a.connectionState === 'reconnecting' && b.connectionState === 'reconnecting');
    const p1 = a.send('while down 1');
    const p2 = a.send('while down 2');
    assert.deepEqual(a.outbox.map((o) => o.text), ['while down 1', 'while down 2']);

    relay = await startRelay();
    const [e1, e2] = await Promise.all([p1, p2]);
    assert.equal(e2.seq, e1.seq + 1);
    await until(() => b.state.messages.length === 3);
    assert.deepEqual(b.state.messages.map((m) => m.text), ['before', 'while down 1', 'while down 2']);
    assert.equal(a.outbox.length, 0);
    assert.equal(a.connectionState, 'live');
    // Gapless, no doubles, on both sides.
    assert.deepEqual(b.state.messages.map((m) => m.seq), a.state.messages.map((m) => m.seq));
    a.close();
    b.close();
  });

  test('resumes after a dropped socket without losing or doubling events', async () => {
    const a = client(await token('s-resume', 'customer', 'Ann', 'ann'));
    const b = client(await token('s-resume', 'technician', 'Tom', 'tom'));
    await a.connect();
    await b.connect();
    await b.send('one');
    await until(() => a.state.messages.length === 1);
    let reset = false;
    const seen: number[] = [];
    a.addEventListener('event', (e) => seen.push(e.detail.event.seq));
    a.addEventListener('change', () => {
      if (a.state.messages.length === 0) reset = true;
    });
    // Drop A's socket from the relay side by closing and reopening the relay quickly, while B keeps sending afterwards.
    await relay.close();
    relay = await startRelay();
    await until(() => a.connectionState === 'live' && b.connectionState === 'live');
    for (const text of ['two', 'three', 'four']) await b.send(text);
    await until(() => a.state.messages.length === 4);
    assert.deepEqual(a.state.messages.map((m) => m.text), ['one', 'two', 'three', 'four']);
    assert.equal(reset, false, 'a resume within one epoch does not reload the history');
    assert.equal(new Set(seen).size, seen.length, 'no event folded twice');
    a.close();
    b.close();
  });

  test('an edit and a delete made while a participant was offline are seen after it resumes', async () => {
    const a = client(await token('s-offline-edit', 'customer', 'Ann', 'ann'));
    const net = cuttableWebSocket();
    const b = client(await token('s-offline-edit', 'technician', 'Tom', 'tom'), { WebSocket: net.WebSocket });
    await a.connect();
    await b.connect();
    const keep = await a.send('teh printer');
    const drop = await a.send('my password is hunter2');
    await until(() => b.state.messages.length === 2);
    let resets = 0;
    b.addEventListener('change', () => {
      if (b.state.messages.length === 0) resets += 1;
    });

    net.cut();
    await until(() => b.connectionState === 'reconnecting');
    await a.edit(keep.id, 'the printer', { notify: true });
    await a.delete(drop.id);
    await a.react(keep.id, '👍');
    assert.equal(b.state.messages[1]!.text, 'my password is hunter2', 'B is really offline');

    net.restore();
    await until(() => b.connectionState === 'live' && b.state.lastSeq === a.state.lastSeq);
    assert.equal(resets, 0, 'resumed, not reloaded');
    const [edited, deleted] = b.state.messages;
    assert.equal(edited!.text, 'the printer');
    assert.deepEqual(edited!.edited?.history.map((v) => v.text), ['teh printer']);
    assert.equal(edited!.edited?.notify, true);
    assert.deepEqual(edited!.reactions, [{ emoji: '👍', by: ['ann'] }]);
    assert.ok(deleted!.deleted);
    assert.equal(deleted!.text, '');
    assert.ok(!JSON.stringify(b.state).includes('hunter2'));
    a.close();
    b.close();
  });

  test('close() rejects what is unsent and stops reconnecting', async () => {
    const a = client(await token('s-close', 'customer', 'Ann', 'ann'));
    await a.connect();
    a.close();
    assert.equal(a.connectionState, 'closed');
    await assert.rejects(a.send('late'), (e: unknown) => e instanceof SessionChatError && e.code === ErrorCodes.CLIENT_CLOSED);
  });
});
