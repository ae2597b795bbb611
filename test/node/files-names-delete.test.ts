import assert from 'node:assert/strict';
import { access, readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FileSharedEvent, MessageDeletedEvent } from '../../src/protocol/index.js';
import { startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';
import { TestClient } from './support/test-client.js';
import { fileUrl, rawRequest, sha256, uploadBytes } from './support/tus.js';

const PDF = fileURLToPath(new URL('../fixtures/pdf/tracemonkey.pdf', import.meta.url));
const DOCX = fileURLToPath(new URL('../fixtures/docx/tables.docx', import.meta.url));

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Decodes `filename*=UTF-8''…` (RFC 5987). */
function extendedName(disposition: string): string {
  const match = /filename\*=UTF-8''([^;\s]*)$/.exec(disposition);
  assert.ok(match, `filename* in ${disposition}`);
  return decodeURIComponent(match[1]!);
}

describe('files: hostile names', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay();
  });
  after(async () => {
    await r.close();
  });

  const long = `${'n'.repeat(296)}.pdf`;
  const cases: { given: string; shown: string; fallback: string }[] = [
    { given: '../../etc/passwd', shown: '../../etc/passwd', fallback: '../../etc/passwd' },
    { given: 'evil\u0000.txt', shown: 'evil.txt', fallback: 'evil.txt' },
    { given: 'report.txt\r\nSet-Cookie: x=1', shown: 'report.txtSet-Cookie: x=1', fallback: 'report.txtSet-Cookie: x=1' },
    { given: 'invoice\u202Etxt.exe', shown: 'invoicetxt.exe', fallback: 'invoicetxt.exe' },
    { given: 'photo\u2066\u2067gnp.\u2069js', shown: 'photognp.js', fallback: 'photognp.js' },
    { given: 'say "hi"\\ 100%.txt', shown: 'say "hi"\\ 100%.txt', fallback: 'say \\"hi\\"\\\\ 100_.txt' },
    { given: '日本語.txt', shown: '日本語.txt', fallback: '___.txt' },
    { given: long, shown: `${'n'.repeat(251)}.pdf`, fallback: `${'n'.repeat(251)}.pdf` },
  ];

  it('stores hostile names safely (relay-made ids under blobs/) and serves them in well-formed headers', async () => {
    const sid = 'names-1';
    const token = await tokenFor(sid, 'alice');
    const { client } = await TestClient.join(r.wsUrl(sid, token));
    const body = await readFile(DOCX);
    const ids: string[] = [];
    for (const [i, c] of cases.entries()) {
      const uploadId = await uploadBytes(r.relay.url, sid, token, body, { filename: c.given, filetype: 'text/html\r\nX-Injected: 1' });
      const ack = await client.answerTo({ type: 'share', clientId: `name-${i}`, uploadId });
      const { file } = ack.event as FileSharedEvent;
      assert.equal(file.name, c.shown, `name of case ${i}`);
      assert.equal(file.type, 'application/octet-stream', 'a broken type becomes octet-stream');
      assert.match(file.id, /^[0-9a-f]{32}$/);
      ids.push(file.id);

      // Node's HTTP client rejects malformed header lines: a parsed response proves them well-formed.
      const res = await rawRequest(fileUrl(r.relay.url, sid, file.id, `?token=${token}`), 'GET');
      assert.equal(res.status, 200);
      assert.equal(sha256(res.body), sha256(body));
      assert.equal(res.headers['set-cookie'], undefined, 'no injected header');
      assert.equal(res.headers['x-injected'], undefined);
      const disposition = String(res.headers['content-disposition']);
      assert.ok(/^[\x20-\x7e]+$/.test(disposition), 'the header is printable ASCII');
      assert.ok(disposition.startsWith(`attachment; filename="${c.fallback}"; filename*=UTF-8''`), disposition);
      assert.equal(extendedName(disposition), c.shown);
      assert.equal(res.headers['content-type'], 'application/octet-stream');
    }

    // Everything stored sits in the data folder's own places, named by relay-made ids.
    const files = (await walk(r.dataDir)).map((p) => relative(r.dataDir, p));
    for (const path of files) {
      assert.match(path, /^(sessions|receipts|lifecycle|uploads|blobs)\//, path);
      if (path.startsWith('blobs/')) assert.match(path, /^blobs\/[0-9a-f]{32}(\.json)?$/, path);
    }
    for (const id of ids) assert.ok(await exists(join(r.dataDir, 'blobs', id)));
    assert.ok(!files.some((p) => p.includes('passwd') || p.includes('evil') || p.includes('invoice')));
    assert.ok(!(await exists(join(r.dataDir, '..', 'etc', 'passwd'))));
    await client.close();
  });

  it('the client sanitizes the names it sends the same way', async () => {
    const sid = 'names-2';
    const alice = await joinedClient(r.relay.url, sid, 'alice', 'customer');
    const [handle] = alice.shareFiles([new File(['x'], 'a\r\nb\u0000c.txt', { type: 'TEXT/Plain' })]);
    assert.equal(handle!.name, 'abc.txt');
    assert.equal(handle!.type, 'text/plain');
    const event = await handle!.done;
    assert.equal(event.file.name, 'abc.txt');
    alice.close();
  });
});

describe('files: delete', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ leaveGraceMs: 60_000 });
  });
  after(async () => {
    await r.close();
  });

  it('deleting a file message removes its bytes: every URL answers 404 and the blob is gone from disk', async () => {
    const sid = 'delete-1';
    const alice = await joinedClient(r.relay.url, sid, 'alice', 'customer', 'Alice');
    const bob = await joinedClient(r.relay.url, sid, 'bob', 'technician', 'Bob');
    const file = new File([await readFile(PDF)], 'tracemonkey.pdf', { type: 'application/pdf' });
    const image = new File([Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')], 'dot.png', {
      type: 'image/png',
    });
    const [pdfHandle, pngHandle] = alice.shareFiles([file, image]);
    const pdfEvent = await pdfHandle!.done;
    const pngEvent = await pngHandle!.done;
    const blob = join(r.dataDir, 'blobs', pdfEvent.file.id);
    assert.ok(await exists(blob));
    const urls = [
      bob.fileUrl(pdfEvent.file.id),
      alice.fileUrl(pdfEvent.file.id, { inline: true }),
      fileUrl(r.relay.url, sid, pdfEvent.file.id),
    ];
    const bearer = { Authorization: `Bearer ${await tokenFor(sid, 'bob', 'technician', 'Bob')}` };
    assert.equal((await rawRequest(urls[2]!, 'GET', bearer)).status, 200);

    // The author deletes her file.
    const deleted = (await alice.delete(pdfEvent.id)) as MessageDeletedEvent;
    assert.equal(deleted.target, pdfEvent.id);
    for (const url of urls) {
      assert.equal((await rawRequest(url, 'GET', bearer)).status, 404, url);
      assert.equal((await rawRequest(url, 'HEAD', bearer)).status, 404, url);
      assert.equal((await rawRequest(url, 'GET', { ...bearer, Range: 'bytes=0-10' })).status, 404, url);
    }
    await until(async () => !(await exists(blob)), 5000, 'blob deleted from disk');
    await until(() => bob.state.messages.some((m) => m.id === pdfEvent.id && m.file?.removed === true), 5000, 'bob sees it removed');

    // A technician deletes a customer's file (the default policy); the customer may not delete the technician's.
    const techShare = await bob.shareFiles([new File(['notes'], 'notes.txt', { type: 'text/plain' })])[0]!.done;
    await assert.rejects(alice.delete(techShare.id), { codeName: 'NOT_AUTHOR' });
    await bob.delete(pngEvent.id);
    assert.equal((await rawRequest(alice.fileUrl(pngEvent.file.id, { inline: true }), 'GET')).status, 404);
    await until(async () => !(await exists(join(r.dataDir, 'blobs', pngEvent.file.id))), 5000, 'png deleted');

    // The transcript still lists the removed files with their checksums.
    await bob.endSession();
    await until(() => bob.state.transcript !== null, 10_000, 'transcript ready');
    const json = await rawRequest(`${r.relay.url}${bob.state.transcript!.json}`, 'GET', bearer);
    assert.equal(json.status, 200);
    const text = json.body.toString();
    assert.ok(text.includes(sha256(await readFile(PDF))), 'the removed PDF keeps its checksum');
    assert.ok(text.includes(sha256(Buffer.from('notes'))));
    alice.close();
    bob.close();
  });
});
