import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../../server/index.js';
import type { FileSharedEvent } from '../../src/protocol/index.js';
import { SECRET, makeTempDir, startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';
import { TestClient } from './support/test-client.js';
import {
  createUpload,
  fileUrl,
  headUpload,
  locationOf,
  patchUpload,
  rawRequest,
  uploadBytes,
  uploadIdOf,
  uploadsUrl,
  type RawResponse,
} from './support/tus.js';

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

function refusal(res: RawResponse): { status: number; name: string } {
  return { status: res.status, name: (res.json as { name?: string } | undefined)?.name ?? '' };
}

/** The error frame answering a share intent. */
async function shareError(client: TestClient, frame: Record<string, unknown> & { clientId: string }): Promise<string> {
  try {
    await client.answerTo({ type: 'share', ...frame });
  } catch (error) {
    return (error as { frame: { name: string } }).frame.name;
  }
  throw new Error('the share was accepted');
}

describe('files: limits and refusals', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ maxFileBytes: 1000, deniedFileTypes: ['application/x-msdownload', 'image/svg+xml'], leaveGraceMs: 60_000 });
  });
  after(async () => {
    await r.close();
  });

  it('refuses a file over maxFileBytes from its declared length (413) with nothing stored', async () => {
    const sid = 'limit-1';
    const token = await tokenFor(sid, 'alice');
    const res = await createUpload(r.relay.url, sid, token, 1001, { filename: 'big.bin' });
    assert.deepEqual(refusal(res), { status: 413, name: 'FILE_TOO_LARGE' });
    assert.deepEqual(await entries(join(r.dataDir, 'uploads')), []);
    assert.deepEqual(await entries(join(r.dataDir, 'blobs')), []);
    // Exactly the limit is fine.
    assert.equal((await createUpload(r.relay.url, sid, token, 1000, { filename: 'ok.bin' })).status, 201);
    // No length, deferred length or concatenation: refused before tus.
    assert.equal((await createUpload(r.relay.url, sid, token, 5, {}, { 'Upload-Defer-Length': '1' })).status, 400);
  });

  it('refuses a PATCH that would pass the declared length, never writing past it', async () => {
    const sid = 'limit-2';
    const token = await tokenFor(sid, 'alice');
    const url = locationOf(r.relay.url, sid, await createUpload(r.relay.url, sid, token, 10, { filename: 'ten.bin' }));
    const over = await patchUpload(url, token, 0, Buffer.alloc(20, 1));
    assert.equal(over.status, 413);
    // Without Content-Length (chunked), the stream is cut at the declared length.
    const chunked = await rawRequest(
      url,
      'PATCH',
      { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}`, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Transfer-Encoding': 'chunked' },
      Buffer.alloc(50, 2),
    );
    assert.equal(chunked.status, 413);
    const head = await headUpload(url, token);
    assert.ok(Number(head.headers['upload-offset']) <= 10);
    assert.ok((await stat(join(r.dataDir, 'uploads', uploadIdOf(url)))).size <= 10);
  });

  it('refuses types on the deny list (415) and the client refuses too-large and denied files at once', async () => {
    const sid = 'limit-3';
    const token = await tokenFor(sid, 'alice');
    const svg = await createUpload(r.relay.url, sid, token, 10, { filename: 'x.svg', filetype: 'image/svg+xml' });
    assert.deepEqual(refusal(svg), { status: 415, name: 'FILE_TYPE_REFUSED' });
    const exe = await createUpload(r.relay.url, sid, token, 10, { filename: 'setup.exe', filetype: 'Application/X-MSDownload; x=1' });
    assert.deepEqual(refusal(exe), { status: 415, name: 'FILE_TYPE_REFUSED' });

    const alice = await joinedClient(r.relay.url, sid, 'alice', 'customer');
    assert.equal(alice.limits.maxFileBytes, 1000);
    assert.deepEqual(alice.limits.deniedFileTypes, ['application/x-msdownload', 'image/svg+xml']);
    const before = await entries(join(r.dataDir, 'uploads'));
    const [big, denied, fine] = alice.shareFiles([
      new File([Buffer.alloc(1001)], 'big.bin'),
      new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }),
      new File(['ok'], 'ok.txt', { type: 'text/plain' }),
    ]);
    assert.equal(big!.state, 'failed', 'refused at once');
    assert.equal(big!.error?.codeName, 'FILE_TOO_LARGE');
    assert.equal(denied!.state, 'failed');
    assert.equal(denied!.error?.codeName, 'FILE_TYPE_REFUSED');
    await assert.rejects(big!.done, { codeName: 'FILE_TOO_LARGE' });
    await assert.rejects(denied!.done, { codeName: 'FILE_TYPE_REFUSED' });
    const event = await fine!.done;
    assert.equal(event.file.name, 'ok.txt');
    assert.deepEqual((await entries(join(r.dataDir, 'uploads'))).length, before.length, 'the refused files sent nothing');
    alice.close();
  });

  it('answers 401 without or with a bad token and 403 with another session\'s token, on upload and download', async () => {
    const sid = 'auth-1';
    const alice = await tokenFor(sid, 'alice');
    const bob = await tokenFor(sid, 'bob');
    const other = await tokenFor('another-session', 'mallory');
    const expired = await createToken({ secret: SECRET, sessionId: sid, participantId: 'alice', role: 'customer', name: 'a', ttl: 1 });

    assert.deepEqual(refusal(await createUpload(r.relay.url, sid, undefined, 5)), { status: 401, name: 'TOKEN_MISSING' });
    assert.deepEqual(refusal(await createUpload(r.relay.url, sid, 'not.a.token', 5)), { status: 401, name: 'TOKEN_INVALID' });
    assert.deepEqual(refusal(await createUpload(r.relay.url, sid, other, 5)), { status: 403, name: 'TOKEN_WRONG_SESSION' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.deepEqual(refusal(await createUpload(r.relay.url, sid, expired, 5)), { status: 401, name: 'TOKEN_EXPIRED' });

    const url = locationOf(r.relay.url, sid, await createUpload(r.relay.url, sid, alice, 5, { filename: 'a.txt' }));
    assert.deepEqual(refusal(await rawRequest(url, 'HEAD', { 'Tus-Resumable': '1.0.0' })), { status: 401, name: '' });
    assert.equal((await patchUpload(url, other, 0, Buffer.from('hello'))).status, 403);
    assert.deepEqual(refusal(await patchUpload(url, bob, 0, Buffer.from('hello'))), { status: 403, name: 'FORBIDDEN' });
    assert.equal((await rawRequest(url, 'DELETE', { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${bob}` })).status, 403);
    // The same upload id under another session's URL does not exist there.
    const elsewhere = url.replace(`/sessions/${sid}/`, '/sessions/another-session/');
    assert.deepEqual(refusal(await patchUpload(elsewhere, other, 0, Buffer.from('hello'))), { status: 404, name: 'UPLOAD_NOT_FOUND' });
    assert.equal((await patchUpload(url, alice, 0, Buffer.from('hello'))).status, 204);

    const { client } = await TestClient.join(r.wsUrl(sid, alice));
    const ack = await client.answerTo({ type: 'share', clientId: 'auth-share', uploadId: uploadIdOf(url) });
    const fileId = (ack.event as FileSharedEvent).file.id;
    const download = fileUrl(r.relay.url, sid, fileId);
    assert.deepEqual(refusal(await rawRequest(download, 'GET')), { status: 401, name: 'TOKEN_MISSING' });
    assert.deepEqual(refusal(await rawRequest(`${download}?token=garbage`, 'GET')), { status: 401, name: 'TOKEN_INVALID' });
    assert.deepEqual(refusal(await rawRequest(download, 'GET', { Authorization: `Bearer ${other}` })), { status: 403, name: 'TOKEN_WRONG_SESSION' });
    assert.deepEqual(refusal(await rawRequest(`${download}?token=${other}`, 'GET')), { status: 403, name: 'TOKEN_WRONG_SESSION' });
    // A token of the other session on its own URL finds nothing: file ids belong to their session.
    assert.deepEqual(refusal(await rawRequest(fileUrl(r.relay.url, 'another-session', fileId, `?token=${other}`), 'GET')), {
      status: 404,
      name: 'NOT_FOUND',
    });
    assert.equal((await rawRequest(`${download}?token=${bob}`, 'GET')).status, 200);
    await client.close();
  });

  it('gives typed errors for shares of unknown, foreign, incomplete or already shared uploads', async () => {
    const sid = 'share-refusals';
    const alice = await tokenFor(sid, 'alice');
    const bob = await tokenFor(sid, 'bob');
    const { client: a } = await TestClient.join(r.wsUrl(sid, alice));
    const { client: b } = await TestClient.join(r.wsUrl(sid, bob));

    assert.equal(await shareError(a, { clientId: 's1', uploadId: '0123456789abcdef0123456789abcdef' }), 'UPLOAD_NOT_FOUND');
    assert.equal(await shareError(a, { clientId: 's2', uploadId: '../../etc/passwd' }), 'INVALID_FIELD');
    const done = await uploadBytes(r.relay.url, sid, alice, Buffer.from('mine'), { filename: 'mine.txt' });
    assert.equal(await shareError(b, { clientId: 's3', uploadId: done }), 'FORBIDDEN');
    const partial = locationOf(r.relay.url, sid, await createUpload(r.relay.url, sid, alice, 10, { filename: 'half.txt' }));
    await patchUpload(partial, alice, 0, Buffer.from('12345'));
    assert.equal(await shareError(a, { clientId: 's4', uploadId: uploadIdOf(partial) }), 'UPLOAD_INCOMPLETE');
    // Alice's upload named from another session: not there.
    const { client: elsewhere } = await TestClient.join(r.wsUrl('share-elsewhere', await tokenFor('share-elsewhere', 'alice')));
    assert.equal(await shareError(elsewhere, { clientId: 's5', uploadId: done }), 'UPLOAD_NOT_FOUND');

    await a.answerTo({ type: 'share', clientId: 's6', uploadId: done });
    assert.equal(await shareError(a, { clientId: 's7', uploadId: done }), 'UPLOAD_NOT_FOUND', 'an upload is shared once');
    assert.deepEqual((await r.logEvents(sid)).filter((e) => e.type === 'file.shared').map((e) => e.clientId), ['s6']);
    await Promise.all([a.close(), b.close(), elsewhere.close()]);
  });

  it('after the session ended: no uploads or shares; customers lose the files, technicians keep them', async () => {
    const sid = 'ended-1';
    const tech = await tokenFor(sid, 'tom', 'technician');
    const cust = await tokenFor(sid, 'ann', 'customer');
    const { client: t } = await TestClient.join(r.wsUrl(sid, tech));
    const { client: c } = await TestClient.join(r.wsUrl(sid, cust));
    const shared = await uploadBytes(r.relay.url, sid, cust, Buffer.from('before the end'), { filename: 'before.txt' });
    const ack = await c.answerTo({ type: 'share', clientId: 'before', uploadId: shared });
    const fileId = (ack.event as FileSharedEvent).file.id;
    const pending = await uploadBytes(r.relay.url, sid, tech, Buffer.from('too late'), { filename: 'late.txt' });
    await t.answerTo({ type: 'end', clientId: 'end-1' });

    assert.equal(await shareError(t, { clientId: 'late', uploadId: pending }), 'SESSION_ENDED');
    assert.deepEqual(refusal(await createUpload(r.relay.url, sid, tech, 5, { filename: 'x.txt' })), { status: 403, name: 'SESSION_ENDED' });
    assert.deepEqual(refusal(await rawRequest(fileUrl(r.relay.url, sid, fileId, `?token=${cust}`), 'GET')), {
      status: 403,
      name: 'SESSION_ENDED',
    });
    const forTech = await rawRequest(fileUrl(r.relay.url, sid, fileId, `?token=${tech}`), 'GET');
    assert.equal(forTech.status, 200);
    assert.equal(forTech.body.toString(), 'before the end');
    await Promise.all([t.close(), c.close()]);
  });
});

describe('files: expiry and changed limits', () => {
  it('sweeps abandoned uploads (partial or never shared) after uploadExpiryMs; a later share is UPLOAD_NOT_FOUND', async () => {
    const r = await startRelay({ uploadExpiryMs: 300 });
    try {
      const sid = 'expiry-1';
      const token = await tokenFor(sid, 'alice');
      const partial = locationOf(r.relay.url, sid, await createUpload(r.relay.url, sid, token, 10, { filename: 'p.txt' }));
      await patchUpload(partial, token, 0, Buffer.from('12345'));
      const complete = await uploadBytes(r.relay.url, sid, token, Buffer.from('never shared'), { filename: 'n.txt' });
      assert.equal((await entries(join(r.dataDir, 'uploads'))).length, 4);
      await until(async () => (await entries(join(r.dataDir, 'uploads'))).length === 0, 5000, 'uploads swept');
      assert.equal((await headUpload(partial, token)).status, 404);
      const { client } = await TestClient.join(r.wsUrl(sid, token));
      assert.equal(await shareError(client, { clientId: 'too-late', uploadId: complete }), 'UPLOAD_NOT_FOUND');
      await client.close();
    } finally {
      await r.close();
    }
  });

  it('a relay restarted with a smaller maxFileBytes refuses to share an upload that is now too large', async () => {
    const dataDir = await makeTempDir();
    const sid = 'shrunk-1';
    const token = await tokenFor(sid, 'alice');
    const first = await startRelay({}, dataDir);
    const uploadId = await uploadBytes(first.relay.url, sid, token, Buffer.alloc(2000, 1), { filename: 'two-k.bin' });
    await first.close(true);
    const second = await startRelay({ maxFileBytes: 1000 }, dataDir);
    try {
      const { client } = await TestClient.join(second.wsUrl(sid, token));
      assert.equal(await shareError(client, { clientId: 'shrunk', uploadId }), 'FILE_TOO_LARGE');
      assert.equal((await rawRequest(`${uploadsUrl(second.relay.url, sid)}/${uploadId}`, 'HEAD', { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}` })).status, 200);
      await client.close();
    } finally {
      await second.close();
    }
  });

  it('refuses invalid file options with exact TypeErrors', async () => {
    await assert.rejects(startRelay({ maxFileBytes: -1 }), { name: 'TypeError', message: 'The "maxFileBytes" option must be an integer >= 0' });
    await assert.rejects(startRelay({ deniedFileTypes: ['exe'] }), {
      name: 'TypeError',
      message: 'The "deniedFileTypes" option must be a list of MIME type patterns such as "image/*" or "application/pdf"',
    });
    await assert.rejects(startRelay({ uploadExpiryMs: 5 }), { name: 'TypeError', message: 'The "uploadExpiryMs" option must be an integer >= 100' });
  });
});
