import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startRelay } from './support/relay-harness.js';
import { settle, TestClient } from './support/test-client.js';

describe('relay: heartbeat', () => {
  it('terminates a socket that does not answer pings and keeps one that does', async () => {
    const r = await startRelay({ heartbeatIntervalMs: 40 });
    try {
      const sid = 'heartbeat-1';
      const { client: silent } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'ghost')), undefined, { autoPong: false });
      const { client: alive } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice')));
      const started = Date.now();
      assert.equal(await silent.whenClosed(2_000), 1006, 'terminated without a close frame');
      assert.ok(Date.now() - started < 1_000);
      await settle(150);
      assert.equal(alive.closeCode, undefined, 'a socket that pongs stays open');
      await alive.say('still alive', 'alive-1');
      await alive.close();
    } finally {
      await r.close();
    }
  });
});

describe('relay: fsync mode', () => {
  it('acks after the group-committed fdatasync and the events are on disk', async () => {
    const r = await startRelay({ fsync: true });
    try {
      const sid = 'fsync-1';
      const { client } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'alice')));
      for (let i = 0; i < 40; i++) client.send({ type: 'message', clientId: `f-${i}`, text: `synced ${i}` });
      const acks = await client.takeMany('ack', 40);
      assert.deepEqual(acks.map((a) => a.event.seq), Array.from({ length: 40 }, (_, i) => i + 2));
      const onDisk = await r.logEvents(sid);
      for (const ack of acks) assert.deepEqual(onDisk[ack.event.seq - 1], ack.event);
      await client.close();
    } finally {
      await r.close();
    }
  });
});
