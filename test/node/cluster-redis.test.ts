import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { SessionClient } from '../../src/client/index.js';
import { childRelays, type ChildRelay } from './support/child-relay.js';
import { tempDirs, tokenFor } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { sessionKey } from '../../server/storage/session-key.js';

// Three relay processes on one real redis-server and one shared data folder: participants of a
// session spread over the three (no sticky sessions) see one log, and everything that must
// happen once (the transcript, the end) happens once.

const dirs = tempDirs();
const relays = childRelays();
let redis: TestRedis;
let dataDir: string;
let nodes: ChildRelay[] = [];
let inspect: Redis;

before(async () => {
  redis = await startRedis();
  inspect = new Redis(redis.url);
  dataDir = await dirs.make();
  for (let i = 0; i < 3; i++) nodes.push(await relays.start(dataDir, { SESSION_CHAT_REDIS_URL: redis.url, RELAY_LEASE_MS: '1500' }));
});

after(async () => {
  inspect?.disconnect();
  await redis?.close();
});

/** Every event line of a session's Redis stream, parsed, in stream order. */
async function streamOf(sessionId: string): Promise<Array<{ seq: number; type: string; id: string }>> {
  const entries = (await inspect.xrange(`session-chat:{${sessionKey(sessionId)}}:log`, '-', '+')) as Array<[string, string[]]>;
  return entries.map(([, fields]) => JSON.parse(fields[1]!) as { seq: number; type: string; id: string });
}

function view(client: SessionClient): unknown {
  return client.state.messages.map((m) => ({ seq: m.seq, id: m.id, from: m.from, text: m.text, deleted: m.deleted, edited: m.edited, reactions: m.reactions }));
}

describe('scale-out: three relay processes on one Redis', () => {
  it('participants on different processes chat, edit, delete and react in one order', async () => {
    const sid = 'cluster-chat';
    const tom = await joinedClient(nodes[0]!.url, sid, 'tom', 'technician', 'Tom');
    const ann = await joinedClient(nodes[1]!.url, sid, 'ann', 'customer', 'Ann');
    const tim = await joinedClient(nodes[2]!.url, sid, 'tim', 'technician', 'Tim');
    try {
      await until(() => [tom, ann, tim].every((c) => c.presence.length === 3), 5000, 'everyone sees three online');
      // One process holds the session (the first one a socket reached); the others pass theirs on.
      const holder = await inspect.get(`session-chat:{${sessionKey(sid)}}:owner`);
      assert.equal(holder?.split(' ')[1], nodes[0]!.url);

      const sent = await Promise.all([
        ...[0, 1, 2, 3, 4].map((i) => tom.send(`tom ${i}`)),
        ...[0, 1, 2, 3, 4].map((i) => ann.send(`ann ${i}`)),
        ...[0, 1, 2, 3, 4].map((i) => tim.send(`tim ${i}`)),
      ]);
      const seqs = sent.map((e) => e.seq).sort((a, b) => a - b);
      assert.equal(new Set(seqs).size, 15, 'every ack has its own seq');

      const annFirst = sent[5]!;
      const edited = await ann.edit(annFirst.id, 'ann 0, edited', { notify: true });
      assert.equal(edited.type, 'message.edited');
      await tim.react(annFirst.id, '👍');
      // Tom deletes Ann's second message (technicians may delete any message by default) ...
      await tom.delete(sent[6]!.id);
      // ... and then Ann's edit of it is refused, the rules decided once.
      await assert.rejects(ann.edit(sent[6]!.id, 'too late'), (error: { code?: number }) => error.code === 2003);
      // Ann may not delete Tom's message.
      await assert.rejects(ann.delete(sent[0]!.id), (error: { code?: number }) => error.code === 2001);

      const last = Math.max(tom.state.lastSeq, ann.state.lastSeq, tim.state.lastSeq);
      await until(() => [tom, ann, tim].every((c) => c.state.lastSeq === last), 5000, 'everyone has the last event');
      assert.deepEqual(view(ann), view(tom));
      assert.deepEqual(view(tim), view(tom));
      const edit = tom.state.messages.find((m) => m.id === annFirst.id)!;
      assert.equal(edit.text, 'ann 0, edited');
      assert.deepEqual(edit.reactions.map((r) => [r.emoji, r.by]), [['👍', ['tim']]]);
      assert.equal(tom.state.messages.find((m) => m.id === sent[6]!.id)!.deleted?.by, 'tom');

      // The log in Redis: one gapless order, no event twice.
      const stream = await streamOf(sid);
      assert.deepEqual(stream.map((e) => e.seq), stream.map((_, i) => i + 1));
      assert.equal(new Set(stream.map((e) => e.id)).size, stream.length);
      assert.equal(stream.filter((e) => e.type === 'message.sent').length, 15);

      // Receipts: Ann's read position reaches the technicians on the other processes.
      ann.markRead(last);
      await until(() => tom.receipts.some((r) => r.participantId === 'ann' && r.read >= last), 5000, 'tom sees ann read');
      await until(() => tim.receipts.some((r) => r.participantId === 'ann' && r.read >= last), 5000, 'tim sees ann read');
      // Typing from one process shows on another.
      ann.setTyping(true);
      await until(() => tom.typing.includes('ann'), 5000, 'tom sees ann typing');
    } finally {
      for (const c of [tom, ann, tim]) c.close();
    }
  });

  it('a retried clientId gives one event whichever process the retry reaches', async () => {
    const sid = 'cluster-retry';
    const token = await tokenFor(sid, 'ann', 'customer');
    const { TestClient } = await import('./support/test-client.js');
    const first = await TestClient.join(`${nodes[0]!.url.replace('http', 'ws')}/ws/${sid}?token=${token}`);
    const ack1 = await first.client.answerTo({ type: 'message', clientId: 'same-1', text: 'once' });
    await first.client.close();
    const again = await TestClient.join(`${nodes[2]!.url.replace('http', 'ws')}/ws/${sid}?token=${token}`);
    const ack2 = await again.client.answerTo({ type: 'message', clientId: 'same-1', text: 'once' });
    await again.client.close();
    assert.equal(ack2.event.seq, ack1.event.seq);
    assert.equal((await streamOf(sid)).filter((e) => e.type === 'message.sent').length, 1);
  });

  it('shares a file through one process, downloads it through another, and ends once with one transcript', async () => {
    const sid = 'cluster-end';
    const tom = await joinedClient(nodes[2]!.url, sid, 'tom', 'technician', 'Tom');
    const ann = await joinedClient(nodes[0]!.url, sid, 'ann', 'customer', 'Ann');
    try {
      const bytes = Buffer.from('a log line\n'.repeat(1000));
      const [handle] = ann.shareFiles([new File([bytes], 'log.txt', { type: 'text/plain' })]);
      const shared = await handle!.done;
      await until(() => tom.state.messages.some((m) => m.file?.id === shared.file.id), 5000, 'tom sees the file');
      // Tom's download goes to his own process, which passes it to the one holding the session.
      const response = await fetch(tom.fileUrl(shared.file.id));
      assert.equal(response.status, 200);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), bytes);

      // The end through the HTTP route of the third process.
      const tomToken = await tokenFor(sid, 'tom', 'technician', 'Tom');
      const ended = await fetch(`${nodes[1]!.url}/api/sessions/${sid}/end`, { method: 'POST', headers: { Authorization: `Bearer ${tomToken}` } });
      assert.equal(ended.status, 200);
      await until(() => ann.state.ended !== null, 5000, 'ann sees the end');
      await until(async () => (await streamOf(sid)).some((e) => e.type === 'transcript.ready'), 10_000, 'the transcript is written');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const stream = await streamOf(sid);
      assert.equal(stream.filter((e) => e.type === 'session.ended').length, 1);
      assert.equal(stream.filter((e) => e.type === 'transcript.ready').length, 1);
      const transcripts = await readdir(join(dataDir, 'transcripts')).catch(() => [] as string[]);
      assert.ok(transcripts.length >= 1, 'the transcript is in the shared data folder');
    } finally {
      tom.close();
      ann.close();
    }
  });
});
