import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import { FileBlobStore, type BlobStore } from '../../server/index.js';
import { parseRange } from '../../server/files/byte-range.js';
import { contentDisposition } from '../../server/files/content-disposition.js';
import { parseUploadMetadata } from '../../server/files/upload-route.js';
import type { FileSharedEvent } from '../../src/protocol/index.js';
import { makeTempDir, startRelay, tokenFor } from './support/relay-harness.js';
import { joinedClient } from './support/session-clients.js';
import { TestClient } from './support/test-client.js';
import { fileUrl, rawRequest, sha256, uploadBytes } from './support/tus.js';

const meta = { name: 'report.pdf', type: 'application/pdf', sessionId: 's1', ownerId: 'alice' };

describe('FileBlobStore', () => {
  it('puts a stream under a new hex id with its SHA-256, reads whole and ranges, deletes the bytes and keeps the checksum', async () => {
    const dir = join(await makeTempDir(), 'blobs');
    const store = new FileBlobStore({ dir });
    const bytes = Buffer.from('0123456789abcdef'.repeat(1000));
    const stored = await store.put(Readable.from([bytes.subarray(0, 7000), bytes.subarray(7000)]), meta);
    assert.match(stored.id, /^[0-9a-f]{32}$/);
    assert.equal(stored.size, bytes.length);
    assert.equal(stored.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.deepEqual((await readdir(dir)).sort(), [stored.id, `${stored.id}.json`].sort());

    const whole = await store.get(stored.id);
    assert.ok(whole);
    assert.equal(whole.size, bytes.length);
    assert.deepEqual(whole.record.meta, meta);
    assert.deepEqual(await buffer(whole.stream), bytes);
    const part = await store.get(stored.id, { start: 10, end: 19 });
    assert.deepEqual(await buffer(part!.stream), bytes.subarray(10, 20));

    assert.equal(await store.get('../../etc/passwd'), undefined);
    assert.equal(await store.stat('A'.repeat(32)), undefined);
    assert.throws(() => store.pathOf('../x'), TypeError);

    assert.equal(await store.delete(stored.id), true);
    assert.equal(await store.delete(stored.id), false);
    assert.equal(await store.stat(stored.id), undefined);
    assert.equal(await store.get(stored.id), undefined);
    assert.deepEqual(await readdir(dir), [`${stored.id}.json`], 'the bytes are gone, the record stays');
    assert.deepEqual(await store.checksums([stored.id, 'f'.repeat(32), 'nope']), { [stored.id]: stored.sha256 });
  });

  it('adopts a local file by moving it (hashed in one read pass) and leaves nothing behind on a failed put', async () => {
    const root = await makeTempDir();
    const store = new FileBlobStore({ dir: join(root, 'blobs') });
    const source = join(root, 'upload.bin');
    await writeFile(source, 'adopt me');
    const stored = await store.adopt(source, meta);
    assert.equal(stored.sha256, sha256(Buffer.from('adopt me')));
    await assert.rejects(stat(source), { code: 'ENOENT' });
    assert.equal((await readFile(join(root, 'blobs', stored.id))).toString(), 'adopt me');

    const failing = new Readable({
      read() {
        this.destroy(new Error('the source broke'));
      },
    });
    await assert.rejects(store.put(failing, meta), /the source broke/);
    assert.deepEqual((await readdir(join(root, 'blobs'))).sort(), [stored.id, `${stored.id}.json`].sort());
  });

  it('sweeps temporary files of interrupted stores once they are old', async () => {
    const dir = join(await makeTempDir(), 'blobs');
    const store = new FileBlobStore({ dir });
    await store.put(Readable.from([Buffer.from('x')]), meta);
    const temp = join(dir, '.tmp-0123456789abcdef0123456789abcdef');
    await writeFile(temp, 'half');
    assert.equal(await store.sweepTemporary(60_000), 0);
    const old = new Date(Date.now() - 120_000);
    await utimes(temp, old, old);
    assert.equal(await store.sweepTemporary(60_000), 1);
    assert.equal((await readdir(dir)).length, 2);
  });
});

describe('HTTP helpers', () => {
  it('parseRange: single ranges, suffixes, clamping, 416 cases, and what is ignored', () => {
    const rows: [string | undefined, number, unknown][] = [
      [undefined, 100, { kind: 'whole' }],
      ['bytes=0-9', 100, { kind: 'range', start: 0, end: 9 }],
      ['bytes=90-', 100, { kind: 'range', start: 90, end: 99 }],
      ['bytes=-10', 100, { kind: 'range', start: 90, end: 99 }],
      ['bytes=-1000', 100, { kind: 'range', start: 0, end: 99 }],
      ['bytes=50-1000', 100, { kind: 'range', start: 50, end: 99 }],
      ['BYTES=1-1', 100, { kind: 'range', start: 1, end: 1 }],
      ['bytes=100-', 100, { kind: 'unsatisfiable' }],
      ['bytes=-0', 100, { kind: 'unsatisfiable' }],
      ['bytes=0-0', 0, { kind: 'unsatisfiable' }],
      ['bytes=-5', 0, { kind: 'unsatisfiable' }],
      ['bytes=9-1', 100, { kind: 'whole' }],
      ['bytes=0-1,3-4', 100, { kind: 'whole' }],
      ['items=0-1', 100, { kind: 'whole' }],
      ['bytes=a-b', 100, { kind: 'whole' }],
      ['bytes=-', 100, { kind: 'whole' }],
      ['bytes=99999999999999999999-', 100, { kind: 'whole' }],
    ];
    for (const [header, size, expected] of rows) assert.deepEqual(parseRange(header, size), expected, `${header} of ${size}`);
  });

  it('contentDisposition: quoted ASCII fallback, RFC 5987 UTF-8 name, no control characters', () => {
    assert.equal(contentDisposition('attachment', 'report.pdf'), `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    assert.equal(contentDisposition('inline', 'photo 1.png'), `inline; filename="photo 1.png"; filename*=UTF-8''photo%201.png`);
    assert.equal(
      contentDisposition('attachment', 'naïve "quote" \\ 50%.txt'),
      `attachment; filename="na_ve \\"quote\\" \\\\ 50_.txt"; filename*=UTF-8''na%C3%AFve%20%22quote%22%20%5C%2050%25.txt`,
    );
    assert.equal(contentDisposition('attachment', "it's (1)*.txt"), `attachment; filename="it's (1)*.txt"; filename*=UTF-8''it%27s%20%281%29%2A.txt`);
    const hostile = contentDisposition('attachment', 'a\r\nSet-Cookie: x=1\u0000.txt');
    assert.ok(/^[\x20-\x7e]+$/.test(hostile));
    assert.ok(!hostile.includes('\r') && !hostile.includes('\n'));
  });

  it('parseUploadMetadata: tus key/base64 pairs, UTF-8 values, malformed headers refused', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    // Keys are read into an object without a prototype (a key named `constructor` is just a key).
    const bare = (entries: Record<string, string>) => Object.assign(Object.create(null) as Record<string, string>, entries);
    assert.deepEqual(parseUploadMetadata(`filename ${b64('日本.txt')},filetype ${b64('text/plain')},flag`), bare({
      filename: '日本.txt',
      filetype: 'text/plain',
      flag: '',
    }));
    assert.deepEqual(parseUploadMetadata(undefined), bare({}));
    assert.equal(parseUploadMetadata('filename not*base64'), undefined);
    assert.equal(parseUploadMetadata(`a ${b64('1')},a ${b64('2')}`), undefined);
    assert.equal(parseUploadMetadata('a b c'), undefined);
  });
});

describe('files: shutdown', () => {
  it('relay.close() waits for a share being stored: its event is logged before the rooms close', async () => {
    const inner = new FileBlobStore({ dir: join(await makeTempDir(), 'slow') });
    let putStarted!: () => void;
    const started = new Promise<void>((resolve) => (putStarted = resolve));
    const blobStore: BlobStore = {
      put: async (stream, m) => {
        putStarted();
        await new Promise((resolve) => setTimeout(resolve, 300));
        return inner.put(stream, m);
      },
      get: (id, range) => inner.get(id, range),
      stat: (id) => inner.stat(id),
      delete: (id) => inner.delete(id),
      checksums: (ids) => inner.checksums(ids),
    };
    const r = await startRelay({ blobStore });
    const sid = 'slow-share';
    const token = await tokenFor(sid, 'alice');
    const { client } = await TestClient.join(r.wsUrl(sid, token));
    const uploadId = await uploadBytes(r.relay.url, sid, token, Buffer.from('in flight'), { filename: 'f.txt' });
    client.send({ type: 'share', clientId: 'in-flight', uploadId });
    await started;
    const ack = client.answer('in-flight').catch((error: Error) => error);
    await r.close(true);
    const answer = await ack;
    assert.ok(!(answer instanceof Error), `acked before the socket closed: ${String(answer)}`);
    const logged = (await r.logEvents(sid)).filter((e) => e.type === 'file.shared');
    assert.deepEqual(logged.map((e) => e.clientId), ['in-flight']);
    await client.close();
  });
});

describe('files: a failed share', () => {
  it('fails the handle with the relay\'s code; retry() shares the same upload again without sending its bytes again', async () => {
    const inner = new FileBlobStore({ dir: join(await makeTempDir(), 'flaky') });
    let puts = 0;
    const blobStore: BlobStore = {
      put: async (stream, m) => {
        if (++puts === 1) {
          stream.destroy();
          throw new Error('disk hiccup');
        }
        return inner.put(stream, m);
      },
      get: (id, range) => inner.get(id, range),
      stat: (id) => inner.stat(id),
      delete: (id) => inner.delete(id),
      checksums: (ids) => inner.checksums(ids),
    };
    const r = await startRelay({ blobStore });
    try {
      const alice = await joinedClient(r.relay.url, 'flaky-1', 'alice', 'customer');
      const [handle] = alice.shareFiles([new File([Buffer.alloc(100_000, 5)], 'flaky.bin')]);
      await assert.rejects(handle!.done, { codeName: 'STORAGE_FAILED' });
      let progress = 0;
      handle!.addEventListener('progress', () => progress++);
      const event = await handle!.retry();
      assert.equal(event.file.size, 100_000);
      assert.equal(progress, 0, 'no byte sent again');
      assert.equal(puts, 2);
      alice.close();
    } finally {
      await r.close();
    }
  });
});

describe('files: a BlobStore passed in', () => {
  it('is used through put (no adopt): shares stream into it and downloads come out of it', async () => {
    const inner = new FileBlobStore({ dir: join(await makeTempDir(), 'elsewhere') });
    const calls: string[] = [];
    const blobStore: BlobStore = {
      put: (stream, m) => (calls.push('put'), inner.put(stream, m)),
      get: (id, range) => (calls.push('get'), inner.get(id, range)),
      stat: (id) => inner.stat(id),
      delete: (id) => (calls.push('delete'), inner.delete(id)),
      checksums: (ids) => inner.checksums(ids),
    };
    const r = await startRelay({ blobStore });
    try {
      const sid = 'custom-store';
      const token = await tokenFor(sid, 'alice');
      const { client } = await TestClient.join(r.wsUrl(sid, token));
      const bytes = await readFile(new URL('../fixtures/docx/tables.docx', import.meta.url));
      const uploadId = await uploadBytes(r.relay.url, sid, token, bytes, { filename: 'tables.docx' });
      const ack = await client.answerTo({ type: 'share', clientId: 'custom-1', uploadId });
      const { file } = ack.event as FileSharedEvent;
      const res = await rawRequest(fileUrl(r.relay.url, sid, file.id, `?token=${token}`), 'GET');
      assert.equal(sha256(res.body), sha256(bytes));
      await client.answerTo({ type: 'delete', clientId: 'custom-2', target: ack.event.id });
      for (let i = 0; i < 50 && !calls.includes('delete'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(calls, ['put', 'get', 'delete']);
      assert.deepEqual(await readdir(join(r.dataDir, 'uploads')), []);
      await assert.rejects(readdir(join(r.dataDir, 'blobs')), { code: 'ENOENT' }, 'the default store was not made');
      await client.close();
    } finally {
      await r.close();
    }
  });
});
