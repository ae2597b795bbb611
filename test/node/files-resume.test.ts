import assert from 'node:assert/strict';
import { openAsBlob } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer, connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { SessionClient, type FileSharedEvent } from '../../src/client/index.js';
import { makeTempDir, startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { until } from './support/session-clients.js';
import { TestClient, settle } from './support/test-client.js';
import { createUpload, fileUrl, headUpload, locationOf, patchUpload, rawRequest, sha256, uploadIdOf } from './support/tus.js';

const PDF = fileURLToPath(new URL('../fixtures/pdf/tracemonkey.pdf', import.meta.url));

/** Sends a PATCH announcing every byte but writes only `sendBytes` of them, then drops the connection. */
function interruptedPatch(url: string, token: string, offset: number, bytes: Buffer, sendBytes: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, {
      method: 'PATCH',
      headers: {
        'Tus-Resumable': '1.0.0',
        Authorization: `Bearer ${token}`,
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(bytes.length),
      },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(bytes.subarray(0, sendBytes), () => {
      setTimeout(() => req.destroy(), 100);
    });
  });
}

/**
 * A TCP proxy in front of the relay that drops one HTTP connection once it has carried more
 * than `cutAfter` bytes towards the relay (the upload's PATCH), and notes every Upload-Offset
 * the client sends.
 */
interface CuttingProxy {
  url: string;
  offsets: number[];
  readonly cuts: number;
  close(): Promise<void>;
}

function cuttingProxy(target: number, cutAfter: number): Promise<CuttingProxy> {
  const state = { cuts: 0, offsets: [] as number[] };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    let forwarded = 0;
    let websocket: boolean | undefined;
    client.on('data', (chunk: Buffer) => {
      websocket ??= chunk.toString('latin1', 0, 8) === 'GET /ws/';
      if (!websocket) {
        for (const match of chunk.toString('latin1').matchAll(/\r\nUpload-Offset: (\d+)\r\n/gi)) state.offsets.push(Number(match[1]));
        forwarded += chunk.length;
        if (state.cuts === 0 && forwarded > cutAfter) {
          state.cuts++;
          client.destroy();
          upstream.destroy();
          return;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        offsets: state.offsets,
        get cuts() {
          return state.cuts;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

describe('files: resumable uploads', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ leaveGraceMs: 60_000 });
  });
  after(async () => {
    await r.close();
  });

  it('resumes an interrupted upload from the offset HEAD gives; the result is byte-identical', async () => {
    const sid = 'resume-raw';
    const token = await tokenFor(sid, 'alice');
    const bytes = await readFile(PDF);
    const created = await createUpload(r.relay.url, sid, token, bytes.length, { filename: 'tracemonkey.pdf', filetype: 'application/pdf' });
    assert.equal(created.status, 201);
    const url = locationOf(r.relay.url, sid, created);

    await interruptedPatch(url, token, 0, bytes, 300_000);
    let offset = 0;
    await until(async () => {
      const head = await headUpload(url, token);
      offset = Number(head.headers['upload-offset']);
      return head.status === 200 && offset > 0;
    }, 10_000, 'the relay keeps the bytes received');
    const head = await headUpload(url, token);
    assert.equal(head.headers['upload-length'], String(bytes.length));
    assert.equal(head.headers['cache-control'], 'no-store');
    assert.ok(offset > 0 && offset <= 300_000, `offset ${offset}`);

    // A PATCH from the wrong offset is refused; from the right one it completes.
    assert.equal((await patchUpload(url, token, 0, bytes.subarray(0, 10))).status, 409);
    const rest = await patchUpload(url, token, offset, bytes.subarray(offset));
    assert.equal(rest.status, 204);
    assert.equal(rest.headers['upload-offset'], String(bytes.length));

    const { client } = await TestClient.join(r.wsUrl(sid, token));
    const ack = await client.answerTo({ type: 'share', clientId: 'resumed', uploadId: uploadIdOf(url) });
    const fileId = (ack.event as FileSharedEvent).file.id;
    const download = await rawRequest(fileUrl(r.relay.url, sid, fileId, `?token=${token}`), 'GET');
    assert.equal(sha256(download.body), sha256(bytes));
    await client.close();
  });

  it('resumes across a relay restart: partial uploads live on disk', async () => {
    const dataDir = await makeTempDir();
    const sid = 'resume-restart';
    const token = await tokenFor(sid, 'alice');
    const bytes = await readFile(PDF);
    const first = await startRelay({}, dataDir);
    const created = await createUpload(first.relay.url, sid, token, bytes.length, { filename: 'tracemonkey.pdf', filetype: 'application/pdf' });
    const half = Math.floor(bytes.length / 2);
    assert.equal((await patchUpload(locationOf(first.relay.url, sid, created), token, 0, bytes.subarray(0, half))).status, 204);
    const uploadId = uploadIdOf(locationOf(first.relay.url, sid, created));
    await first.close(true);

    const second = await startRelay({}, dataDir);
    try {
      const url = `${second.relay.url}/api/sessions/${sid}/uploads/${uploadId}`;
      const head = await headUpload(url, token);
      assert.equal(head.headers['upload-offset'], String(half));
      assert.equal((await patchUpload(url, token, half, bytes.subarray(half))).status, 204);
      const { client } = await TestClient.join(second.wsUrl(sid, token));
      const ack = await client.answerTo({ type: 'share', clientId: 'after-restart', uploadId });
      const download = await rawRequest(fileUrl(second.relay.url, sid, (ack.event as FileSharedEvent).file.id, `?token=${token}`), 'GET');
      assert.equal(sha256(download.body), sha256(bytes));
      await client.close();
    } finally {
      await second.close();
    }
  });

  it('SessionClient (tus-js-client) resumes by itself after the connection drops mid-upload', async () => {
    const proxy = await cuttingProxy(r.relay.port, 400_000);
    const sid = 'resume-client';
    const alice = new SessionClient({
      server: proxy.url,
      token: await tokenFor(sid, 'alice'),
      WebSocket,
      uploadRetryDelays: [50, 100, 200],
    });
    try {
      await alice.connect();
      const file = new File([await openAsBlob(PDF)], 'tracemonkey.pdf', { type: 'application/pdf' });
      const [handle] = alice.shareFiles([file]);
      const event = await handle!.done;
      assert.equal(proxy.cuts, 1, 'the upload connection was cut once');
      const resumedAt = proxy.offsets.filter((o) => o > 0);
      assert.ok(resumedAt.length > 0, `a PATCH resumed past 0 (offsets ${proxy.offsets.join(', ')})`);
      assert.ok(resumedAt[0]! < file.size);
      const download = await rawRequest(alice.fileUrl(event.file.id).replace(proxy.url, r.relay.url), 'GET');
      assert.equal(sha256(download.body), sha256(await readFile(PDF)));
    } finally {
      alice.close();
      await proxy.close();
    }
  });

  it('retry() after a failed upload resumes from the relay offset', async () => {
    const proxy = await cuttingProxy(r.relay.port, 400_000);
    const sid = 'retry-1';
    const alice = new SessionClient({
      server: proxy.url,
      token: await tokenFor(sid, 'alice'),
      WebSocket,
      uploadRetryDelays: [],
    });
    try {
      await alice.connect();
      const file = new File([await openAsBlob(PDF)], 'tracemonkey.pdf', { type: 'application/pdf' });
      const [handle] = alice.shareFiles([file]);
      await assert.rejects(handle!.done, { codeName: 'UPLOAD_FAILED' });
      assert.equal(handle!.state, 'failed');
      assert.deepEqual(alice.uploads, [handle], 'a failed upload stays listed for retry or cancel');
      const event = await handle!.retry();
      assert.equal(handle!.state, 'done');
      assert.equal(await handle!.done, event);
      assert.ok(proxy.offsets.some((o) => o > 0 && o < file.size), `resumed past 0 (offsets ${proxy.offsets.join(', ')})`);
      const download = await rawRequest(fileUrl(r.relay.url, sid, event.file.id, `?token=${await tokenFor(sid, 'alice')}`), 'GET');
      assert.equal(sha256(download.body), sha256(await readFile(PDF)));
    } finally {
      alice.close();
      await proxy.close();
    }
  });

  it('cancel() stops the upload and deletes its partial bytes on the relay', async () => {
    const sid = 'cancel-1';
    const token = await tokenFor(sid, 'alice');
    const proxy = await cuttingProxy(r.relay.port, Number.POSITIVE_INFINITY);
    const alice = new SessionClient({
      server: proxy.url,
      token,
      WebSocket,
      uploadChunkBytes: 64 * 1024,
    });
    try {
      await alice.connect();
      const big = new File([Buffer.alloc(4 * 1024 * 1024, 7)], 'big.bin');
      const [handle] = alice.shareFiles([big]);
      await until(() => handle!.bytesSent > 0, 5000, 'some bytes sent');
      handle!.cancel();
      assert.equal(handle!.state, 'cancelled');
      await assert.rejects(handle!.done, { codeName: 'UPLOAD_CANCELLED' });
      await until(async () => (await readdir(`${r.dataDir}/uploads`)).length === 0, 5000, 'partial upload deleted');
      assert.deepEqual(alice.uploads, []);
      await settle(50);
    } finally {
      alice.close();
      await proxy.close();
    }
  });
});
