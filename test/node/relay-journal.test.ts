import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AckFrame, MessageSentEvent } from '../../src/protocol/index.js';
import { FileEventLog } from '../../server/index.js';
import { childRelays } from './support/child-relay.js';
import { readLogFile, silentLogger, startRelay, tempDirs, tokenFor, wsUrlOf } from './support/relay-harness.js';
import { settle, TestClient } from './support/test-client.js';

function message(seq: number, text = `text ${seq}`): MessageSentEvent {
  return { seq, id: `id-${seq}`, type: 'message.sent', from: 'alice', at: 1_700_000_000_000 + seq, clientId: `c-${seq}`, text };
}

async function journals(dataDir: string): Promise<string[]> {
  return (await readdir(join(dataDir, 'sessions'))).filter((name) => name.startsWith('journal-'));
}

async function fileSeqs(log: FileEventLog, sessionId: string): Promise<number[]> {
  const lines = (await readFile(log.pathOf(sessionId), 'utf8')).split('\n').filter(Boolean).slice(1);
  return lines.map((line) => (JSON.parse(line) as MessageSentEvent).seq);
}

describe('FileEventLog: one shared journal for every session', () => {
  const dirs = tempDirs();

  for (const fsync of [false, true]) {
    it(`appends of many sessions in one tick share one journal write, then are copied into each session's file (fsync: ${fsync})`, async () => {
      const dataDir = await dirs.make();
      const log = new FileEventLog({ dataDir, fsync, writeBackMs: 50, logger: silentLogger });
      const ids = ['a', 'b', 'c', 'd'];
      for (const id of ids) await log.open(id);
      const promises = ids.map((id) => log.append(id, [message(1, `${id} 1`), message(2, `${id} 2`)]));
      assert.ok(promises.every((p) => p === promises[0]), 'one batch, one promise, for every session of the tick');
      await promises[0];
      // Acked means in the journal: every line is there, in append order, before the write-back.
      const [name] = await journals(dataDir);
      assert.ok(name, 'a journal exists');
      const lines = (await readFile(join(dataDir, 'sessions', name), 'utf8')).split('\n').filter(Boolean);
      assert.deepEqual(
        lines.map((line) => {
          const entry = JSON.parse(line) as { s: string; e: MessageSentEvent };
          return `${entry.s}:${entry.e.seq}`;
        }),
        ['a:1', 'a:2', 'b:1', 'b:2', 'c:1', 'c:2', 'd:1', 'd:2'],
      );
      for (const id of ids) assert.deepEqual(await fileSeqs(log, id), [], 'not yet written back');
      await settle(300);
      for (const id of ids) assert.deepEqual(await fileSeqs(log, id), [1, 2], `${id} written back`);
      assert.deepEqual(await journals(dataDir), [], 'the old journal is gone once copied');
      await log.append('a', [message(3)]);
      await log.close();
      assert.deepEqual(await fileSeqs(log, 'a'), [1, 2, 3], 'close copies the rest');
      assert.deepEqual(await journals(dataDir), [], 'a clean close leaves no journal');
    });
  }

  for (const fsync of [false, true]) {
    it(`a journal deleted behind its back is no failure: the timed write-back and close still copy every event (fsync: ${fsync})`, async () => {
      const dataDir = await dirs.make();
      const rejections: unknown[] = [];
      const onRejection = (reason: unknown): void => void rejections.push(reason);
      process.on('unhandledRejection', onRejection);
      try {
        const log = new FileEventLog({ dataDir, fsync, writeBackMs: 20, logger: silentLogger });
        await log.open('gone');
        await log.append('gone', [message(1), message(2)]);
        for (const name of await journals(dataDir)) await rm(join(dataDir, 'sessions', name));
        await settle(150);
        await log.append('gone', [message(3)]);
        for (const name of await journals(dataDir)) await rm(join(dataDir, 'sessions', name));
        await log.close();
        await settle(50);
        assert.deepEqual(await fileSeqs(log, 'gone'), [1, 2, 3]);
        assert.deepEqual(rejections, [], 'no promise rejected unhandled');
      } finally {
        process.off('unhandledRejection', onRejection);
      }
    });
  }

  for (const fsync of [false, true]) {
    it(`keeps lines of any script byte for byte through the journal, reads before the write-back and several write-backs (fsync: ${fsync})`, async () => {
      const dataDir = await dirs.make();
      const log = new FileEventLog({ dataDir, fsync, writeBackMs: 40, logger: silentLogger });
      const fileLines = async (id: string): Promise<string[]> => (await readFile(log.pathOf(id), 'utf8')).split('\n').filter(Boolean).slice(1);
      // Session ids and texts whose UTF-8 differs in length from their UTF-16 (the journal's
      // prefix and the event are copied out of one buffer by byte offsets).
      const ids = ['plain', 'séance-ü', 'جلسة-٣', '🙂-session'];
      const texts = ['hello', 'Grüße, Straße', 'مرحبا بك', 'emoji 🙂👍🏽 and 𝄞', `long ${'ä'.repeat(3000)}`];
      for (const id of ids) await log.open(id);
      const expected = new Map<string, string[]>(ids.map((id) => [id, []]));
      let seq = 0;
      for (let round = 0; round < 3; round++) {
        seq++;
        await Promise.all(
          ids.map((id, i) => {
            const event = message(seq, `${texts[(seq + i) % texts.length]!} ${id} ${seq}`);
            expected.get(id)!.push(JSON.stringify(event));
            return log.append(id, [event]);
          }),
        );
        // Right after the append the newest lines are in the journal's backlog: read exactly as appended.
        for (const id of ids) assert.deepEqual(await log.read(id, 0), expected.get(id), `${id}, round ${round}, read soon after the append`);
        // The timed write-back copies them into each file (and hands the backlog's buffer back for the next round).
        const deadline = Date.now() + 5_000;
        while (!(await Promise.all(ids.map(fileLines))).every((lines) => lines.length >= seq) && Date.now() < deadline) await settle(10);
        for (const id of ids) assert.deepEqual(await fileLines(id), expected.get(id), `${id}, round ${round}: the file holds every line as written`);
        for (const id of ids) assert.deepEqual(await log.read(id, 0), expected.get(id), `${id}, round ${round}, read after the write-back`);
      }
      await log.close();
    });
  }

  it('replays a journal left by a crash: gapless, only the file epoch, duplicates and a torn last line skipped', async () => {
    const dataDir = await dirs.make();
    const first = new FileEventLog({ dataDir, logger: silentLogger });
    const { epoch } = await first.open('x');
    await first.open('y');
    await first.append('x', [message(1)]);
    await first.close();
    const entry = (s: string, p: string, seq: number): string => JSON.stringify({ s, p, e: message(seq, `${s} ${seq}`) });
    // As a relay killed before its write-back would leave it: x:1 is already in the file.
    await writeFile(
      join(dataDir, 'sessions', 'journal-3.jsonl'),
      [entry('x', epoch, 1), entry('x', 'another-epoch', 2), entry('x', epoch, 2), entry('x', epoch, 3), entry('y', 'stale', 1), '{"s":"x","p":"'].join('\n'),
    );
    const second = new FileEventLog({ dataDir, logger: silentLogger });
    const x = await second.open('x');
    assert.equal(x.epoch, epoch);
    assert.deepEqual(x.events.map((e) => e.seq), [1, 2, 3]);
    assert.deepEqual(x.events.map((e) => (e as MessageSentEvent).text), ['text 1', 'x 2', 'x 3']);
    assert.deepEqual((await second.open('y')).events, [], 'lines of another epoch are not replayed');
    assert.deepEqual(await journals(dataDir), [], 'replayed journals are deleted');
    await second.append('x', [message(4)]);
    await second.close();
    const third = new FileEventLog({ dataDir, logger: silentLogger });
    assert.deepEqual((await third.open('x')).events.map((e) => e.seq), [1, 2, 3, 4], 'replaying is not repeated');
    await third.close();
  });
});

describe('relay: shared journal over real sockets', () => {
  const children = childRelays();
  const dirs = tempDirs();

  it('acks each event only once it is on disk, for many sessions sending at once', async () => {
    const r = await startRelay();
    dirs.keep(r.dataDir);
    try {
      const sessions = Array.from({ length: 12 }, (_, i) => `journal-${i}`);
      const clients = await Promise.all(
        sessions.map(async (sid) => (await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'alice', 'technician')))).client),
      );
      const acks = await Promise.all(
        clients.flatMap((client, i) => [0, 1, 2].map((k) => client.say(`s${i} m${k}`, `c-${i}-${k}`))),
      );
      for (const [index, ack] of acks.entries()) {
        const sid = sessions[Math.floor(index / 3)]!;
        const onDisk = (await readLogFile(r.dataDir, sid)).events;
        assert.deepEqual(onDisk.find((e) => e.seq === ack.event.seq), ack.event, `${sid} seq ${ack.event.seq} durable when acked`);
      }
      for (const [i, sid] of sessions.entries()) {
        const texts = (await r.logEvents(sid)).filter((e): e is MessageSentEvent => e.type === 'message.sent').map((e) => e.text);
        assert.deepEqual(texts, [`s${i} m0`, `s${i} m1`, `s${i} m2`], `${sid} in order`);
      }
      await Promise.all(clients.map((c) => c.close()));
    } finally {
      await r.relay.close();
    }
  });

  for (const fsync of [false, true]) {
    it(`keeps every acked event of every session across SIGKILL before the write-back (fsync: ${fsync})`, async () => {
      const dataDir = await dirs.make();
      // The whole log in the welcome: a join sends the last 200 events otherwise, and how many
      // are sent before the kill depends on the machine's speed (a slow one sent over 250).
      const env: Record<string, string> = { RELAY_HISTORY_PAGE_EVENTS: '100000', ...(fsync ? { RELAY_FSYNC: '1' } : {}) };
      const sessions = ['k-0', 'k-1', 'k-2', 'k-3'];
      const tokens = await Promise.all(sessions.map((sid) => tokenFor(sid, 'alice', 'technician')));
      const first = await children.start(dataDir, env);
      const clients = await Promise.all(sessions.map(async (sid, i) => (await TestClient.join(wsUrlOf(first.url, sid, tokens[i]!))).client));
      const ackCount = (): number => clients.reduce((n, c) => n + c.received.filter((f) => f.type === 'ack').length, 0);
      let sent = 0;
      while (ackCount() < 80) {
        for (const client of clients) for (let k = 0; k < 5; k++) client.send({ type: 'message', clientId: `m-${sent + k}`, text: `m ${sent + k}` });
        sent += 5;
        await settle(1);
      }
      first.child.kill('SIGKILL');
      await first.exited;
      await settle(50);
      const second = await children.start(dataDir, env);
      for (const [i, sid] of sessions.entries()) {
        const { client, welcome } = await TestClient.join(wsUrlOf(second.url, sid, tokens[i]!));
        assert.deepEqual(welcome.events.map((e) => e.seq), welcome.events.map((_, j) => j + 1), `${sid} gapless`);
        const byId = new Map(welcome.events.map((e) => [e.id, e]));
        const acks = clients[i]!.received.filter((f): f is AckFrame => f.type === 'ack');
        for (const ack of acks) assert.deepEqual(byId.get(ack.event.id), ack.event, `${sid}: acked ${ack.clientId} survived`);
        await client.close();
      }
      assert.deepEqual(await journals(dataDir).then((names) => names.length <= 1), true, 'replayed journals were deleted');
      second.child.kill('SIGKILL');
      await second.exited;
    });
  }
});

