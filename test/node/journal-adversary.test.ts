import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AckFrame, MessageSentEvent, SessionEvent } from '../../src/protocol/index.js';
import { FileEventLog } from '../../server/index.js';
import { OpenSessionMarks } from '../../server/lifecycle/open-sessions.js';
import { sessionFileWrites } from '../../server/storage/session-file.js';
import { silentLogger, startRelay, tempDirs, tokenFor } from './support/relay-harness.js';
import { until } from './support/session-clients.js';
import { settle, TestClient } from './support/test-client.js';

function message(sid: string, seq: number): MessageSentEvent {
  return { seq, id: `${sid}-${seq}`, type: 'message.sent', from: 'alice', at: 1_700_000_000_000 + seq, clientId: `c-${seq}`, text: `${sid} ${seq}` };
}

const WRITER = fileURLToPath(new URL('./support/journal-writer-process.ts', import.meta.url));

const seqsOf = (lines: string[]): number[] => lines.map((line) => (JSON.parse(line) as MessageSentEvent).seq);
const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

describe('FileEventLog adversary: release, reopen and read while events are only journaled or being copied', () => {
  const dirs = tempDirs();

  for (const fsync of [false, true]) {
    it(`every acked event exactly once, in order, across releases, reopens and reads racing the write-back (fsync: ${fsync})`, async () => {
      const dataDir = await dirs.make();
      const log = new FileEventLog({ dataDir, fsync, writeBackMs: 1, logger: silentLogger });
      const sessions = ['s0', 's1', 's2', 's3', 's4'];
      const acked = new Map<string, number>(sessions.map((s) => [s, 0]));
      const next = new Map<string, number>(sessions.map((s) => [s, 1]));
      for (const sid of sessions) assert.deepEqual((await log.open(sid)).events, []);
      let seed = 7;
      const random = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      for (let round = 0; round < 150; round++) {
        const work: Promise<void>[] = [];
        for (const sid of sessions) {
          const roll = random(10);
          if (roll < 6) {
            const first = next.get(sid)!;
            const count = 1 + random(3);
            next.set(sid, first + count);
            const events = range(first, first + count - 1).map((seq) => message(sid, seq));
            work.push(log.append(sid, events).then(() => void acked.set(sid, Math.max(acked.get(sid)!, first + count - 1))));
          } else if (roll < 8) {
            const known = acked.get(sid)!;
            const afterSeq = random(known + 1);
            work.push(
              log.read(sid, afterSeq).then((lines) => {
                const seqs = seqsOf(lines);
                assert.deepEqual(seqs.slice(0, known - afterSeq), range(afterSeq + 1, known), `${sid}: read after ${afterSeq} covers every acked event`);
                assert.deepEqual(seqs, range(afterSeq + 1, afterSeq + seqs.length), `${sid}: read is gapless, no duplicates`);
                for (const line of lines) assert.equal((JSON.parse(line) as MessageSentEvent).text, `${sid} ${(JSON.parse(line) as MessageSentEvent).seq}`);
              }),
            );
          } else {
            // Release and reopen right away, while this session's appends of this round and
            // other sessions' may still be in flight (release lets pending appends finish first).
            const seq = next.get(sid)!;
            next.set(sid, seq + 1);
            work.push(log.append(sid, [message(sid, seq)]).then(() => void acked.set(sid, Math.max(acked.get(sid)!, seq))));
            const appended = seq;
            await log.release(sid);
            const loaded = await log.open(sid);
            assert.deepEqual(
              loaded.events.map((e) => e.seq),
              range(1, appended),
              `${sid}: reopened right after release holds every acked event once, in order`,
            );
          }
        }
        await Promise.all(work);
        if (random(4) === 0) await new Promise((resolve) => setTimeout(resolve, random(3)));
      }
      await log.close();
      const check = new FileEventLog({ dataDir, fsync, logger: silentLogger });
      for (const sid of sessions) {
        assert.deepEqual((await check.open(sid)).events.map((e) => e.seq), range(1, next.get(sid)! - 1), `${sid}: after close`);
      }
      await check.close();
    });
  }
});

describe('FileEventLog adversary: releasing a quiet session while another keeps appending', () => {
  const dirs = tempDirs();

  for (const fsync of [false, true]) {
    it(`release (and so a reopen) finishes while a busy session appends every tick (fsync: ${fsync})`, async () => {
      const dataDir = await dirs.make();
      const log = new FileEventLog({ dataDir, fsync, writeBackMs: 20, logger: silentLogger });
      await log.open('busy');
      await log.open('quiet');
      await log.append('quiet', [message('quiet', 1), message('quiet', 2)]);
      let seq = 0;
      let stop = false;
      const appends: Promise<void>[] = [];
      const pump = (async () => {
        while (!stop) {
          seq++;
          appends.push(log.append('busy', [message('busy', seq)]));
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await settle(30);
      const reopened = log.release('quiet').then(() => log.open('quiet'));
      const outcome = await Promise.race([reopened.then((loaded) => loaded.events.map((e) => e.seq)), settle(2000).then(() => 'still waiting')]);
      stop = true;
      await pump;
      await Promise.all(appends);
      await reopened;
      assert.deepEqual(outcome, [1, 2], 'the quiet session was released and reopened while the other kept writing');
      await log.close();
      const check = new FileEventLog({ dataDir, logger: silentLogger });
      assert.deepEqual((await check.open('busy')).events.map((e) => e.seq), range(1, seq));
      await check.close();
    });
  }
});

describe('FileEventLog adversary: what a crash leaves on disk', () => {
  const dirs = tempDirs();

  const entry = (sid: string, epoch: string, seq: number): string => JSON.stringify({ s: sid, p: epoch, e: message(sid, seq) });

  async function seeded(sid: string, seqs: number[]): Promise<{ dataDir: string; epoch: string; path: string }> {
    const dataDir = await dirs.make();
    const log = new FileEventLog({ dataDir, logger: silentLogger });
    const { epoch } = await log.open(sid);
    if (seqs.length > 0) await log.append(sid, seqs.map((seq) => message(sid, seq)));
    await log.close();
    return { dataDir, epoch, path: log.pathOf(sid) };
  }

  async function reopened(dataDir: string, sid: string): Promise<{ seqs: number[]; texts: string[]; journals: string[] }> {
    const log = new FileEventLog({ dataDir, logger: silentLogger });
    const { events } = await log.open(sid);
    const journals = (await readdir(join(dataDir, 'sessions'))).filter((name) => name.startsWith('journal-'));
    await log.close();
    return { seqs: events.map((e) => e.seq), texts: events.map((e) => (e as MessageSentEvent).text), journals };
  }

  it('replays several leftover journals by their number (journal-10 after journal-9), each line once', async () => {
    const { dataDir, epoch } = await seeded('x', [1]);
    const dir = join(dataDir, 'sessions');
    // journal-9: being written back when the relay died (x:2 already copied); journal-10: the newer one.
    await writeFile(join(dir, 'journal-9.jsonl'), [entry('x', epoch, 2), entry('x', epoch, 3)].join('\n') + '\n');
    await writeFile(join(dir, 'journal-10.jsonl'), [entry('x', epoch, 4), entry('x', epoch, 5)].join('\n') + '\n{"s":"x","p":');
    const { seqs, texts, journals } = await reopened(dataDir, 'x');
    assert.deepEqual(seqs, [1, 2, 3, 4, 5]);
    assert.deepEqual(texts, range(1, 5).map((seq) => `x ${seq}`));
    assert.deepEqual(journals, [], 'replayed journals are deleted');
  });

  it('a session file cut mid-line by a crash during the write-back is repaired from the journal', async () => {
    const { dataDir, epoch, path } = await seeded('y', [1, 2]);
    // The write-back of y:3..5 died after writing y:3 and half of y:4.
    await writeFile(path, `${JSON.stringify(message('y', 3))}\n${JSON.stringify(message('y', 4)).slice(0, 20)}`, { flag: 'a' });
    await writeFile(join(dataDir, 'sessions', 'journal-0.jsonl'), [3, 4, 5].map((seq) => entry('y', epoch, seq)).join('\n') + '\n');
    const first = await reopened(dataDir, 'y');
    assert.deepEqual(first.seqs, [1, 2, 3, 4, 5]);
    assert.deepEqual(first.texts, range(1, 5).map((seq) => `y ${seq}`));
    assert.deepEqual((await reopened(dataDir, 'y')).seqs, [1, 2, 3, 4, 5], 'a second start changes nothing');
  });

  it('a torn last journal line and a torn session file line are cut: the events before them stay, nothing after them is invented', async () => {
    const { dataDir, epoch, path } = await seeded('z', [1]);
    await writeFile(path, JSON.stringify(message('z', 2)).slice(0, 9), { flag: 'a' });
    const torn = entry('z', epoch, 3).slice(0, 30);
    await writeFile(join(dataDir, 'sessions', 'journal-1.jsonl'), `${entry('z', epoch, 2)}\n${torn}`);
    const log = new FileEventLog({ dataDir, logger: silentLogger });
    assert.deepEqual((await log.open('z')).events.map((e) => e.seq), [1, 2]);
    // The session goes on from there: seq 3 appended now lands once, after 2.
    await log.append('z', [message('z', 3)]);
    await log.close();
    assert.deepEqual((await reopened(dataDir, 'z')).seqs, [1, 2, 3]);
  });
});

describe('FileEventLog adversary: a failed write-back', () => {
  const dirs = tempDirs();

  it('keeps every acked event of the session (no later line written after the unknown tail), reloaded under the same epoch', async () => {
    const dataDir = await dirs.make();
    const log = new FileEventLog({ dataDir, fsync: true, writeBackMs: 10, logger: silentLogger });
    const { epoch } = await log.open('x');
    await log.append('x', [message('x', 1), message('x', 2), message('x', 3)]);
    await settle(100);
    // The one fault injected: the next write of x's file (a write-back) writes half a line and
    // fails as a full disk would, once. Meanwhile x:6 is appended (acked from the journal).
    const fd = (log as unknown as { logs: Map<string, { fd: number }> }).logs.get('x')!.fd;
    const write = sessionFileWrites.write;
    let failed = false;
    let acked6: Promise<void> | undefined;
    sessionFileWrites.write = async (to, data, offset, length) => {
      if (failed || to !== fd) return write(to, data, offset, length);
      failed = true;
      acked6 = log.append('x', [message('x', 6)]);
      await acked6;
      await write(to, data, offset, Math.floor(length / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    await log.append('x', [message('x', 4), message('x', 5)]);
    await until(() => failed && acked6 !== undefined, 2000, 'the write-back ran');
    await acked6;
    sessionFileWrites.write = write; // (after its one fault it only passed writes on)
    await settle(50);
    await assert.rejects(log.append('x', [message('x', 7)]), /ENOSPC/, 'the session takes nothing more until reloaded');
    // A room that appends nothing more does not know yet: its welcomes still read the whole log.
    assert.deepEqual(seqsOf(await log.read('x', 0)), [1, 2, 3, 4, 5, 6], 'read sees every acked event, no gap');
    assert.deepEqual(seqsOf(await log.read('x', 1, 4)), [2, 3, 4, 5], 'a limit reads the first lines after the seq, file and journal alike');
    // What the relay does next: the room is unloaded (release) and the next socket reloads it.
    await log.release('x');
    const reloaded = await log.open('x');
    assert.equal(reloaded.epoch, epoch, 'the same history: clients resume');
    assert.deepEqual(reloaded.events.map((e) => e.seq), [1, 2, 3, 4, 5, 6], 'every acked event, once, in order');
    assert.deepEqual(reloaded.events.map((e) => (e as MessageSentEvent).text), range(1, 6).map((seq) => `x ${seq}`));
    await log.append('x', [message('x', 7)]);
    await log.close();
    const again = new FileEventLog({ dataDir, logger: silentLogger });
    const last = await again.open('x');
    assert.equal(last.epoch, epoch);
    assert.deepEqual(last.events.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7], 'and after a restart (the kept journals replay nothing twice)');
    await again.close();
  });
});

describe('FileEventLog adversary: SIGKILL at any moment of the journal write, the write-back and the journal deletion', () => {
  const dirs = tempDirs();

  for (const fsync of [false, true]) {
    it(`a restart holds every acked event once, gapless, in order (fsync: ${fsync})`, async () => {
      const dataDir = await dirs.make();
      const sessions = 4;
      const env = fsync ? { RELAY_FSYNC: '1' } : {};
      for (let run = 0; run < 8; run++) {
        const acked = new Map<string, number>();
        const writer = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(sessions)], {
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        writer.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => writer.once('exit', (code) => resolve(code)));
        let buffer = '';
        let ready = false;
        let firstAck: () => void = () => {};
        const acking = new Promise<void>((resolve) => {
          firstAck = resolve;
          writer.once('exit', () => resolve());
        });
        const readyOrExit = new Promise<void>((resolve) => {
          writer.once('exit', () => resolve());
          writer.stdout.on('data', (chunk: Buffer) => {
            buffer += chunk.toString();
            let newline: number;
            while ((newline = buffer.indexOf('\n')) >= 0) {
              const line = buffer.slice(0, newline);
              buffer = buffer.slice(newline + 1);
              if (line === 'READY') {
                ready = true;
                resolve();
              }
              const match = /^ACK (\S+) (\d+)$/.exec(line);
              if (match) {
                acked.set(match[1]!, Math.max(acked.get(match[1]!) ?? 0, Number(match[2])));
                firstAck();
              }
            }
          });
        });
        await readyOrExit;
        assert.ok(ready, `the writer started: ${stderr}`);
        // Kill at a different moment each run: early (first journal, first write-backs) to late,
        // counted from the first ack (a loaded machine with fsync may take longer than the first
        // delay to ack anything, and a kill before any ack proves nothing).
        await acking;
        await new Promise((resolve) => setTimeout(resolve, run * 37));
        writer.kill('SIGKILL');
        assert.equal(await exited, null, `killed, not crashed: ${stderr}`);
        assert.ok(acked.size > 0, 'something was acked before the kill');
        const log = new FileEventLog({ dataDir, fsync, logger: silentLogger });
        for (let i = 0; i < sessions; i++) {
          const sid = `w-${i}`;
          const { events } = await log.open(sid);
          const seqs = events.map((e) => e.seq);
          assert.deepEqual(seqs, range(1, seqs.length), `run ${run}, ${sid}: gapless from 1, no duplicate`);
          assert.ok(seqs.length >= (acked.get(sid) ?? 0), `run ${run}, ${sid}: ${seqs.length} events, ${acked.get(sid)} acked`);
          for (const event of events) assert.equal((event as MessageSentEvent).text, `${sid} ${event.seq}`);
        }
        // Closed without a crash: the next run starts from the recovered files and no journal.
        await log.close();
      }
    });
  }
});

describe('relay adversary: history read back from the journal and the session files', () => {
  const dirs = tempDirs();

  it('the transcript written at start-up for a session longer than the in-memory window, half of it still in a leftover journal, holds every message', async () => {
    const dataDir = await dirs.make();
    const sid = 'long-transcript';
    const count = 300; // messages: past the default window of 256 events
    const t0 = Date.UTC(2026, 0, 2, 3, 4, 5);
    const events = [
      { seq: 1, id: 'e1', from: 'tom', at: t0, type: 'participant.joined', participant: { id: 'tom', name: 'Tom', role: 'technician' } },
      ...range(0, count - 1).map((i) => ({ seq: i + 2, id: `e${i + 2}`, from: 'tom', at: t0 + i, type: 'message.sent', clientId: `m-${i}`, text: `line ${i} of the long session` })),
      { seq: count + 2, id: 'end', from: 'tom', at: t0 + count, type: 'session.ended', reason: 'participant' },
    ] as SessionEvent[];
    const log = new FileEventLog({ dataDir, logger: silentLogger });
    const { epoch } = await log.open(sid);
    await log.append(sid, events.slice(0, 150));
    await log.close();
    // A relay killed before its write-back: the rest of the session, the end included, is only in a journal.
    const journal = events.slice(150).map((e) => JSON.stringify({ s: sid, p: epoch, e })).join('\n') + '\n';
    await writeFile(join(dataDir, 'sessions', 'journal-4.jsonl'), journal);
    new OpenSessionMarks(dataDir).mark(sid);

    const r = await startRelay({}, dataDir);
    try {
      await until(async () => (await r.logEvents(sid)).some((e) => e.type === 'transcript.ready'), 10_000, 'transcript at start-up');
      const response = await fetch(`${r.relay.url}/api/transcripts/${sid}.txt`, {
        headers: { authorization: `Bearer ${await tokenFor('x', 't', 'technician')}` },
      });
      assert.equal(response.status, 200);
      const lines = (await response.text()).split('\n');
      const positions = range(0, count - 1).map((i) => lines.findIndex((line) => line.includes(`line ${i} of the long session`)));
      assert.deepEqual(positions.filter((p) => p < 0).length, 0, 'every message in the transcript');
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'in order');
      assert.equal(new Set(positions).size, count);
      const onDisk = await r.logEvents(sid);
      assert.deepEqual(onDisk.map((e) => e.seq), range(1, count + 3), 'the journal was replayed once, then transcript.ready');
    } finally {
      await r.close(true);
    }
  });

  it('a graceful close right after a burst of acks loses nothing and leaves no journal', async () => {
    const dataDir = await dirs.make();
    const r = await startRelay({ historyEvents: 8 }, dataDir);
    const sessions = ['g-0', 'g-1', 'g-2'];
    const clients = await Promise.all(sessions.map(async (sid) => (await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'alice', 'technician')))).client));
    for (const [i, client] of clients.entries()) for (let k = 0; k < 40; k++) client.send({ type: 'message', clientId: `m-${k}`, text: `s${i} ${k}` });
    await Promise.all(clients.map((client) => client.answer('m-39')));
    // Intents still arriving while the relay closes: whatever was acked must be on disk.
    for (const [i, client] of clients.entries()) for (let k = 40; k < 60; k++) client.send({ type: 'message', clientId: `m-${k}`, text: `s${i} ${k}` });
    await r.relay.close();
    assert.deepEqual(
      (await readdir(join(dataDir, 'sessions'))).filter((name) => name.startsWith('journal-')),
      [],
      'a clean close leaves no journal',
    );
    const log = new FileEventLog({ dataDir, logger: silentLogger });
    for (const [i, sid] of sessions.entries()) {
      const { events } = await log.open(sid);
      assert.deepEqual(events.map((e) => e.seq), range(1, events.length), `${sid} gapless`);
      const texts = events.filter((e): e is MessageSentEvent => e.type === 'message.sent').map((e) => e.text);
      assert.deepEqual(texts, range(0, texts.length - 1).map((k) => `s${i} ${k}`), `${sid}: messages in order, none twice`);
      const acks = clients[i]!.received.filter((f): f is AckFrame => f.type === 'ack');
      const byId = new Map(events.map((e) => [e.id, e]));
      for (const ack of acks) assert.deepEqual(byId.get(ack.event.id), ack.event, `${sid}: acked ${ack.clientId} is on disk`);
      assert.ok(acks.length >= 40);
    }
    await log.close();
    await Promise.all(clients.map((c) => c.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a session unloaded while idle and reopened at once sees every event once, in order, with history beyond the window', async () => {
    const r = await startRelay({ historyEvents: 4, idleUnloadMs: 1, leaveGraceMs: 1 });
    dirs.keep(r.dataDir);
    try {
      const sid = 'unload-race';
      const token = await tokenFor(sid, 'alice', 'technician');
      let expected: string[] = [];
      for (let round = 0; round < 25; round++) {
        const { client, welcome } = await TestClient.join(r.wsUrl(sid, token));
        const events = welcome.events;
        assert.deepEqual(events.map((e) => e.seq), range(1, events.length), `round ${round}: gapless`);
        const texts = events.filter((e): e is MessageSentEvent => e.type === 'message.sent').map((e) => e.text);
        assert.deepEqual(texts, expected, `round ${round}: every message once, in order`);
        for (let k = 0; k < 5; k++) client.send({ type: 'message', clientId: `r${round}-${k}`, text: `r${round} ${k}` });
        await client.answer(`r${round}-4`);
        expected = [...expected, ...range(0, 4).map((k) => `r${round} ${k}`)];
        await client.close();
        // Leave, idle unload and release race the next socket's load.
        await settle(round % 4);
      }
    } finally {
      await r.relay.close();
    }
  });
});
