import assert from 'node:assert/strict';
import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { after, describe, it } from 'node:test';
import type { MessageSentEvent, SessionEvent } from '../../src/protocol/index.js';
import { FileEventLog } from '../../server/index.js';
import { makeTempDir, silentLogger } from './support/relay-harness.js';

function message(seq: number, text = `text ${seq}`): MessageSentEvent {
  return { seq, id: `id-${seq}`, type: 'message.sent', from: 'alice', at: 1_700_000_000_000 + seq, clientId: `c-${seq}`, text };
}

describe('FileEventLog', () => {
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  async function fresh(fsync = false): Promise<{ log: FileEventLog; dataDir: string }> {
    const dataDir = await makeTempDir();
    dirs.push(dataDir);
    return { log: new FileEventLog({ dataDir, fsync, logger: silentLogger }), dataDir };
  }

  it('writes a header and one line per event, and reads them back with the same epoch', async () => {
    const { log, dataDir } = await fresh();
    const opened = await log.open('s');
    assert.deepEqual(opened.events, []);
    await log.append('s', [message(1), message(2)]);
    await log.append('s', [message(3)], [JSON.stringify(message(3))]);
    await log.close();
    const lines = (await readFile(log.pathOf('s'), 'utf8')).split('\n');
    assert.deepEqual(JSON.parse(lines[0]!), { epoch: opened.epoch, sessionId: 's' });
    assert.equal(lines.length, 5, 'header, three events, trailing newline');
    const again = new FileEventLog({ dataDir, logger: silentLogger });
    const reopened = await again.open('s');
    assert.equal(reopened.epoch, opened.epoch);
    assert.deepEqual(reopened.events, [message(1), message(2), message(3)]);
    assert.deepEqual(reopened.lines, reopened.events.map((e) => JSON.stringify(e)));
    await again.close();
  });

  it('group-commits: appends of one tick share one write and resolve together, in order', async () => {
    const { log } = await fresh(true);
    await log.open('g');
    const first = log.append('g', [message(1)]);
    const second = log.append('g', [message(2)]);
    assert.equal(first, second, 'one batch promise for one tick');
    const order: number[] = [];
    const done = [first.then(() => order.push(1)), second.then(() => order.push(2))];
    await Promise.all(done);
    const third = log.append('g', [message(3)]);
    assert.notEqual(third, first);
    await third;
    assert.deepEqual(order, [1, 2]);
    await log.close();
  });

  it('cuts a torn last line (a crash mid-write) and keeps the epoch', async () => {
    const { log, dataDir } = await fresh();
    const { epoch } = await log.open('t');
    await log.append('t', [message(1), message(2)]);
    await log.close();
    const path = log.pathOf('t');
    const intact = await readFile(path, 'utf8');
    await appendFile(path, JSON.stringify(message(3)).slice(0, 30));
    const again = new FileEventLog({ dataDir, logger: silentLogger });
    const loaded = await again.open('t');
    assert.equal(loaded.epoch, epoch);
    assert.deepEqual(loaded.events.map((e) => e.seq), [1, 2]);
    assert.equal(await readFile(path, 'utf8'), intact, 'the torn bytes are gone from the file');
    await again.append('t', [message(3)]);
    await again.close();
    const third = new FileEventLog({ dataDir, logger: silentLogger });
    assert.deepEqual((await third.open('t')).events.map((e) => e.seq), [1, 2, 3]);
    await third.close();
  });

  it('stops at a corrupt line in the middle: keeps what precedes it under a new epoch and copies the file aside', async () => {
    const { log, dataDir } = await fresh();
    const { epoch } = await log.open('c');
    await log.close();
    const path = log.pathOf('c');
    const header = (await readFile(path, 'utf8')).split('\n')[0];
    await writeFile(path, [header, JSON.stringify(message(1)), '{"seq":2,"garbage', JSON.stringify(message(3)), ''].join('\n'));
    const again = new FileEventLog({ dataDir, logger: silentLogger });
    const loaded = await again.open('c');
    assert.deepEqual(loaded.events, [message(1)]);
    assert.notEqual(loaded.epoch, epoch, 'clients holding later events must reload');
    const names = await readdir(dirname(path));
    assert.equal(names.filter((n) => n.includes('.corrupt-')).length, 1);
    await again.append('c', [message(2, 'new second')]);
    await again.close();
    const third = new FileEventLog({ dataDir, logger: silentLogger });
    const reread = await third.open('c');
    assert.deepEqual(reread.events.map((e: SessionEvent) => e.seq), [1, 2]);
    assert.equal((reread.events[1] as MessageSentEvent).text, 'new second');
    await third.close();
  });

  it('treats out-of-order seqs as corruption and never throws on garbage', async () => {
    const { log, dataDir } = await fresh();
    await log.open('o');
    await log.close();
    const path = log.pathOf('o');
    const header = (await readFile(path, 'utf8')).split('\n')[0];
    await writeFile(path, [header, JSON.stringify(message(1)), JSON.stringify(message(5)), JSON.stringify(message(6)), ''].join('\n'));
    const again = new FileEventLog({ dataDir, logger: silentLogger });
    assert.deepEqual((await again.open('o')).events.map((e) => e.seq), [1]);
    await again.close();

    await writeFile(path, '\u0000\u0001 not a log at all\nmore junk\n');
    const junk = new FileEventLog({ dataDir, logger: silentLogger });
    const loaded = await junk.open('o');
    assert.deepEqual(loaded.events, []);
    await junk.append('o', [message(1)]);
    await junk.close();
  });
});
