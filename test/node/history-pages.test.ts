import assert from 'node:assert/strict';
import { rename, stat } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { FileEventLog } from '../../server/index.js';
import { SessionClient } from '../../src/client/index.js';
import {
  DEFAULT_HISTORY_PAGE_EVENTS,
  ErrorCodes,
  PROTOCOL_VERSION,
  SessionChatError,
  parseServerFrame,
  type ErrorFrame,
  type HistoryFrame,
  type SessionEvent,
  type WelcomeFrame,
} from '../../src/protocol/index.js';
import { eventId, longSessionEvents, writeSessionLog } from '../support/long-session.mjs';
import { startRelay, tempDirs, tokenFor, type TestRelay } from './support/relay-harness.js';
import { TestClient } from './support/test-client.js';

const DAY = 24 * 60 * 60 * 1000;
const COUNT = 20_000;

/** The first frame a socket gets after its hello, as the bytes on the wire. */
function rawWelcome(url: string): Promise<{ bytes: number; welcome: WelcomeFrame }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION })));
    ws.once('message', (data: Buffer) => {
      const frame = parseServerFrame(data.toString('utf8'));
      ws.close();
      if (frame.type !== 'welcome') reject(new Error(`expected a welcome, got ${frame.type}`));
      else resolve({ bytes: data.length, welcome: frame });
    });
    ws.once('error', reject);
  });
}

async function client(r: TestRelay, sessionId: string, id: string, role: 'technician' | 'customer'): Promise<SessionClient> {
  const c = new SessionClient({ server: `http://127.0.0.1:${r.relay.port}`, token: await tokenFor(sessionId, id, role), WebSocket, outboxStore: null });
  await c.connect();
  return c;
}

const seqs = (events: readonly { seq: number }[]): number[] => events.map((e) => e.seq);
const range = (first: number, last: number): number[] => Array.from({ length: last - first + 1 }, (_, i) => first + i);

describe('history in pages: a session of 20,000 events', () => {
  const dirs = tempDirs();
  const sid = 'long-session';
  const now = Date.now();
  // 20,000 events over 400 days up to a minute ago (the relay stamps later ones with its clock).
  const events = longSessionEvents({ count: COUNT, start: now - 400 * DAY, end: now - 60_000 }) as SessionEvent[];
  let r: TestRelay;
  const opened: SessionClient[] = [];

  before(async () => {
    const dataDir = await dirs.make();
    const started = performance.now();
    await writeSessionLog(FileEventLog, dataDir, sid, events);
    console.log(`# wrote ${COUNT} events through FileEventLog in ${(performance.now() - started).toFixed(0)} ms`);
    r = await startRelay({ rateLimit: { perSecond: 1000, burst: 1000 } }, dataDir);
  });

  dirs.closeFirst(async () => {
    for (const c of opened) c.close();
    await r.relay.close();
  });

  it('a join transfers one page: the last 200 events, the participants and the quoted message, in under 5% of the log', async () => {
    const { bytes, welcome } = await rawWelcome(r.wsUrl(sid, await tokenFor(sid, 'tech', 'technician')));
    const logBytes = (await stat(new FileEventLog({ dataDir: r.dataDir }).pathOf(sid))).size;
    console.log(`# welcome ${bytes} B for a log of ${logBytes} B (${((100 * bytes) / logBytes).toFixed(2)}%)`);
    assert.deepEqual(seqs(welcome.events), range(COUNT - DEFAULT_HISTORY_PAGE_EVENTS + 1, COUNT));
    assert.ok(bytes < logBytes * 0.05, `welcome of ${bytes} B is under 5% of ${logBytes} B`);
    assert.deepEqual(
      welcome.base?.participants.map((p) => [p.id, p.name, p.role]),
      [
        ['tech', 'Tina Tech', 'technician'],
        ['cust', 'Carl Customer', 'customer'],
      ],
    );
    assert.equal(welcome.base?.startedAt, events[0]!.at);
    assert.deepEqual(welcome.base?.quoted, [events[9]], 'the message seq 10 that a reply in the page quotes, as logged');
  });

  it('scrolling up (loadOlder, page after page) loads all 20,000 events gap-free, without duplicates, folded as if read in order', async () => {
    const tech = await client(r, sid, 'tech', 'technician');
    opened.push(tech);
    assert.equal(tech.state.messages.length, DEFAULT_HISTORY_PAGE_EVENTS - 1, 'the page: 199 messages and an edit');
    assert.equal(tech.hasOlder, true);
    // Before its message loads, the reply's quote comes from the quoted messages.
    assert.equal(tech.quotedMessage(eventId(10))?.text, 'the first question');
    const loaded: SessionEvent[] = [];
    tech.addEventListener('history', (e) => loaded.unshift(...e.detail.events));
    let pages = 0;
    const started = performance.now();
    while (tech.hasOlder) {
      const page = await tech.loadOlder();
      assert.ok(page.length > 0 && page.length <= DEFAULT_HISTORY_PAGE_EVENTS);
      pages++;
    }
    const ms = performance.now() - started;
    console.log(`# ${pages} older pages (refolding up to ${COUNT} events each time) in ${ms.toFixed(0)} ms`);
    assert.equal(pages, Math.ceil((COUNT - DEFAULT_HISTORY_PAGE_EVENTS) / DEFAULT_HISTORY_PAGE_EVENTS));
    assert.deepEqual(seqs(loaded), range(1, COUNT - DEFAULT_HISTORY_PAGE_EVENTS), 'every older event once, in order');
    const messages = tech.state.messages;
    const expected = events.filter((e) => e.type === 'message.sent');
    assert.deepEqual(seqs(messages), seqs(expected), 'every message once, in log order');
    assert.equal(messages.find((m) => m.id === eventId(12))?.text, 'edited long after', 'an edit loaded before its message applies once the message loads');
    assert.equal(messages.find((m) => m.id === eventId(10))?.text, 'the first question');
    assert.equal(tech.state.lastSeq, COUNT);
    // Live events keep coming after the run, gap-free.
    const sent = await tech.send('after loading everything');
    assert.equal(sent.seq, COUNT + 1);
    assert.equal(tech.state.messages.at(-1)?.text, 'after loading everything');
  });

  it('"7 days" (history({ from: now - 7 days })) loads exactly the events of that period', async () => {
    const cust = await client(r, sid, 'cust', 'customer');
    opened.push(cust);
    const from = now - 7 * DAY;
    const started = performance.now();
    const got = await cust.history({ from });
    console.log(`# history({ from: now - 7 d }) loaded ${got.length} events in ${(performance.now() - started).toFixed(0)} ms`);
    const expected = events.filter((e) => e.at >= from);
    const inPeriod = got.filter((e) => e.seq <= COUNT);
    assert.deepEqual(seqs(inPeriod), seqs(expected), 'exactly the logged events at or after `from`');
    assert.ok(expected.length > DEFAULT_HISTORY_PAGE_EVENTS, 'the period needs more than the first page');
    assert.equal(cust.state.messages[0]!.seq, expected.find((e) => e.type === 'message.sent')!.seq, 'nothing older than the period was loaded');
    // `to` narrows what it resolves with; what is held stays one run up to the newest.
    const day = await cust.history({ from: now - 3 * DAY, to: now - 2 * DAY });
    assert.deepEqual(seqs(day), seqs(events.filter((e) => e.at >= now - 3 * DAY && e.at < now - 2 * DAY)));
  });

  it('the relay finds a period by binary search: a request by time costs about what one by seq costs', async () => {
    const { client: raw } = await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'tech', 'technician')));
    const time = async (request: Record<string, unknown>): Promise<number> => {
      const started = performance.now();
      for (let i = 0; i < 20; i++) {
        raw.send({ type: 'history', clientId: `t${i}`, ...request });
        await raw.take('history', (f) => f.clientId === `t${i}`);
      }
      return (performance.now() - started) / 20;
    };
    const bySeq = await time({ before: 10_000 });
    const byTime = await time({ before: 10_000, from: now - 300 * DAY });
    console.log(`# one page by seq ${bySeq.toFixed(1)} ms, by time ${byTime.toFixed(1)} ms (log of ${COUNT} events)`);
    raw.send({ type: 'history', clientId: 'x', before: COUNT, from: now - 200 * DAY });
    const page = await raw.take('history', (f) => f.clientId === 'x');
    const first = events.findIndex((e) => e.at >= now - 200 * DAY) + 1;
    assert.deepEqual(seqs(page.events), range(COUNT - DEFAULT_HISTORY_PAGE_EVENTS, COUNT - 1));
    assert.equal(page.more, COUNT - DEFAULT_HISTORY_PAGE_EVENTS > first);
    await raw.close();
  });
});

describe('history requests: bounds and typed refusals', () => {
  const dirs = tempDirs();
  const sid = 'short-session';
  let r: TestRelay;
  let raw: TestClient;

  before(async () => {
    const dataDir = await dirs.make();
    await writeSessionLog(FileEventLog, dataDir, sid, longSessionEvents({ count: 50, start: 1_000_000, end: 2_000_000 }) as SessionEvent[]);
    r = await startRelay({ historyPageEvents: 20 }, dataDir);
    raw = (await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'cust', 'customer')))).client;
  });

  dirs.closeFirst(async () => {
    await raw.close();
    await r.relay.close();
  });

  const refusal = async (frame: Record<string, unknown>, clientId: string | undefined): Promise<ErrorFrame> => {
    raw.send(frame);
    return raw.take('error', (f) => f.clientId === clientId);
  };

  it('answers with at most historyPageEvents events, the oldest page with more: false', async () => {
    raw.send({ type: 'history', clientId: 'p1', before: 31 });
    const page: HistoryFrame = await raw.take('history', (f) => f.clientId === 'p1');
    assert.deepEqual(seqs(page.events), range(11, 30));
    assert.equal(page.more, true);
    raw.send({ type: 'history', clientId: 'p2', before: 11 });
    const oldest = await raw.take('history', (f) => f.clientId === 'p2');
    assert.deepEqual(seqs(oldest.events), range(1, 10));
    assert.equal(oldest.more, false);
    raw.send({ type: 'history', clientId: 'p3', before: 51, from: 1_500_000 });
    const byTime = await raw.take('history', (f) => f.clientId === 'p3');
    assert.ok(byTime.events.every((e) => e.at >= 1_500_000));
    assert.equal(byTime.events.length, 20);
    assert.equal(byTime.more, true, 'events of the period remain before this page');
    raw.send({ type: 'history', clientId: 'p4', before: 51, from: 9_000_000 });
    const none = await raw.take('history', (f) => f.clientId === 'p4');
    assert.deepEqual(none.events, []);
    assert.equal(none.more, false);
  });

  it('refuses malformed and forged requests with numbered codes naming the request', async () => {
    const cases: [Record<string, unknown>, string | undefined, number, RegExp][] = [
      [{ type: 'history', clientId: 'b0', before: 0 }, 'b0', ErrorCodes.INVALID_FIELD, /"before" must be a positive integer/],
      [{ type: 'history', clientId: 'b1', before: '10' }, 'b1', ErrorCodes.INVALID_FIELD, /"before"/],
      [{ type: 'history', clientId: 'b2', before: 1.5 }, 'b2', ErrorCodes.INVALID_FIELD, /"before"/],
      [{ type: 'history', clientId: 'b3', before: 10, from: -1 }, 'b3', ErrorCodes.INVALID_FIELD, /"from"/],
      [{ type: 'history', clientId: 'b4', before: 10, from: 'yesterday' }, 'b4', ErrorCodes.INVALID_FIELD, /"from"/],
      [{ type: 'history', clientId: 'b5', before: 52 }, 'b5', ErrorCodes.HISTORY_OUT_OF_RANGE, /past the end of the log \(at most 51\)/],
      [{ type: 'history', clientId: 'b6', before: 2 ** 60 }, 'b6', ErrorCodes.INVALID_FIELD, /"before"/],
      [{ type: 'history', before: 10 }, undefined, ErrorCodes.INVALID_FIELD, /"clientId"/],
    ];
    for (const [frame, clientId, code, message] of cases) {
      const error = await refusal(frame, clientId);
      assert.equal(error.code, code, JSON.stringify(frame));
      assert.match(error.message, message);
    }
    // The socket still works.
    raw.send({ type: 'history', clientId: 'ok', before: 51 });
    assert.equal((await raw.take('history', (f) => f.clientId === 'ok')).events.length, 20);
  });

  it('a page the relay cannot read rejects loadOlder() with STORAGE_FAILED; the next try loads it', async () => {
    const c = await client(r, sid, 'tech', 'technician');
    try {
      assert.deepEqual(seqs(c.state.messages).slice(0, 1), [31]);
      const path = new FileEventLog({ dataDir: r.dataDir }).pathOf(sid);
      await rename(path, `${path}.hidden`);
      try {
        await assert.rejects(c.loadOlder(), (error: unknown) => error instanceof SessionChatError && error.code === ErrorCodes.STORAGE_FAILED);
      } finally {
        await rename(`${path}.hidden`, path);
      }
      assert.equal(c.hasOlder, true);
      assert.deepEqual(seqs(await c.loadOlder()), range(11, 30));
    } finally {
      c.close();
    }
  });

  it('refuses a request before the hello', async () => {
    const early = await TestClient.connect(r.wsUrl(sid, await tokenFor(sid, 'cust', 'customer')));
    early.send({ type: 'history', clientId: 'early', before: 10 });
    const error = await early.take('error');
    assert.equal(error.code, ErrorCodes.HELLO_REQUIRED);
    assert.equal(error.clientId, 'early');
    await early.close();
  });
});
