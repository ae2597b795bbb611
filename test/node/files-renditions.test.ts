import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { SessionClient } from '../../src/client/index.js';
import { ErrorCodes } from '../../src/protocol/index.js';
import { startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { pdfText } from './support/pdf-text.js';
import { joinedClient, until } from './support/session-clients.js';
import { rawRequest } from './support/tus.js';

// Needs LibreOffice (`soffice`): `.ci/run` installs it; the relay's converter is off by default.
const OFFICE = fileURLToPath(new URL('../fixtures/office', import.meta.url));

async function share(client: SessionClient, name: string, bytes: Buffer, type: string): Promise<{ id: string; name: string }> {
  const [handle] = client.shareFiles([new File([new Uint8Array(bytes)], name, { type })]);
  return (await handle!.done).file;
}

/** soffice processes started for renditions (each has its profile in a `session-chat-soffice-` folder). */
function converterProcesses(): number {
  try {
    return execFileSync('pgrep', ['-f', 'session-chat-soffice-'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

describe('files: PDF renditions made by LibreOffice', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ converter: 'libreoffice', converterTimeoutMs: 60_000 });
  });
  after(async () => {
    await r.close();
  });

  it('tells clients which extensions it converts, converts a .doc and an .rtf once and serves the cached PDF', async () => {
    const alice = await joinedClient(r.relay.url, 'rend-1', 'alice', 'customer', 'Alice');
    const bob = await joinedClient(r.relay.url, 'rend-1', 'bob', 'technician', 'Bob');
    assert.ok(alice.limits.renditions?.includes('doc') && alice.limits.renditions.includes('pptx'));
    for (const name of ['notes.doc', 'notes.rtf']) {
      const file = await share(alice, name, await readFile(join(OFFICE, name)), name.endsWith('.doc') ? 'application/msword' : 'application/rtf');
      const url = bob.renditionUrl(file);
      assert.ok(url, 'offered for its extension');
      const res = await rawRequest(url, 'GET');
      assert.equal(res.status, 200, res.body.toString().slice(0, 200));
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="notes\.pdf"/);
      const pages = await pdfText(res.body);
      assert.equal(pages.length, 1);
      assert.match(pages[0]!, /Rendition check/);
      assert.match(pages[0]!, /Grüße aus Köln\./);
      // Cached beside the blobs: the second answer is the same file, made once.
      assert.deepEqual((await readdir(join(r.dataDir, 'renditions'))).filter((f) => f.startsWith(file.id)), [`${file.id}.pdf`]);
      const again = await rawRequest(url, 'GET');
      assert.equal(again.status, 200);
      assert.ok(again.body.equals(res.body));
    }
    assert.equal(converterProcesses(), 0, 'no converter process left running');
    alice.close();
    bob.close();
  });

  it('applies the file rules: wrong session, unknown file, no token; a type it does not convert; a broken document', async () => {
    const alice = await joinedClient(r.relay.url, 'rend-2', 'alice', 'customer', 'Alice');
    const doc = await share(alice, 'notes.doc', await readFile(join(OFFICE, 'notes.doc')), 'application/msword');
    const url = new URL(alice.renditionUrl(doc)!);
    url.searchParams.set('token', await tokenFor('another-session', 'eve', 'technician'));
    assert.equal((await rawRequest(url.toString(), 'GET')).status, 403);
    url.searchParams.delete('token');
    assert.equal((await rawRequest(url.toString(), 'GET')).status, 401);
    const unknown = alice.renditionUrl({ id: 'f'.repeat(32), name: 'x.doc' })!;
    assert.equal((await rawRequest(unknown, 'GET')).status, 404);

    const text = await share(alice, 'readme.txt', Buffer.from('plain'), 'text/plain');
    assert.equal(alice.renditionUrl(text), undefined, 'not offered for .txt');
    const forced = new URL(alice.renditionUrl({ id: text.id, name: 'x.doc' })!);
    const refused = await rawRequest(forced.toString(), 'GET');
    assert.equal(refused.status, 422);
    assert.equal((refused.json as { code: number }).code, ErrorCodes.RENDITION_FAILED);

    // A zip header and garbage named .docx: LibreOffice cannot load it and writes no PDF; the
    // reader gets 422 and the relay goes on. (Plain bytes named .doc are not enough: LibreOffice
    // imports those as text.)
    const garbage = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('garbage'.repeat(200))]);
    const broken = await share(alice, 'broken.docx', garbage, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const failed = await rawRequest(alice.renditionUrl(broken)!, 'GET');
    assert.equal(failed.status, 422, `status ${failed.status}`);
    assert.equal((failed.json as { code: number }).code, ErrorCodes.RENDITION_FAILED);
    const ok = await rawRequest(alice.renditionUrl(doc)!, 'GET');
    assert.equal(ok.status, 200);
    alice.close();
  });

  it('customers lose the rendition with the file when the session ends; a deleted file takes its rendition along', async () => {
    const alice = await joinedClient(r.relay.url, 'rend-3', 'alice', 'customer', 'Alice');
    const bob = await joinedClient(r.relay.url, 'rend-3', 'bob', 'technician', 'Bob');
    const doc = await share(alice, 'notes.doc', await readFile(join(OFFICE, 'notes.doc')), 'application/msword');
    const gone = await share(alice, 'gone.rtf', await readFile(join(OFFICE, 'notes.rtf')), 'application/rtf');
    assert.equal((await rawRequest(alice.renditionUrl(gone)!, 'GET')).status, 200);
    const message = alice.state.messages.find((m) => m.file?.id === gone.id)!;
    await alice.delete(message.id);
    await until(async () => !(await readdir(join(r.dataDir, 'renditions'))).includes(`${gone.id}.pdf`), 5000, 'rendition removed');
    assert.equal((await rawRequest(bob.renditionUrl(gone)!, 'GET')).status, 404);

    const customerUrl = alice.renditionUrl(doc)!;
    await bob.endSession();
    assert.equal((await rawRequest(customerUrl, 'GET')).status, 403);
    assert.equal((await rawRequest(bob.renditionUrl(doc)!, 'GET')).status, 200);
    alice.close();
    bob.close();
  });
});

describe('files: renditions, limits and the converter off', () => {
  it('kills a conversion that takes too long, with every process it started', async () => {
    const r = await startRelay({ converter: 'libreoffice', converterTimeoutMs: 150 });
    try {
      const alice = await joinedClient(r.relay.url, 'rend-4', 'alice', 'technician', 'Alice');
      const doc = await share(alice, 'notes.doc', await readFile(join(OFFICE, 'notes.doc')), 'application/msword');
      const res = await rawRequest(alice.renditionUrl(doc)!, 'GET');
      assert.equal(res.status, 422);
      assert.match((res.json as { message: string }).message, /too long/);
      await until(() => converterProcesses() === 0, 5000, 'the converter is gone');
      alice.close();
    } finally {
      await r.close();
    }
  });

  it('refuses files over converterMaxBytes without starting LibreOffice', async () => {
    const r = await startRelay({ converter: 'libreoffice', converterMaxBytes: 1000 });
    try {
      const alice = await joinedClient(r.relay.url, 'rend-5', 'alice', 'technician', 'Alice');
      const doc = await share(alice, 'notes.doc', await readFile(join(OFFICE, 'notes.doc')), 'application/msword');
      const res = await rawRequest(alice.renditionUrl(doc)!, 'GET');
      assert.equal(res.status, 422);
      assert.match((res.json as { message: string }).message, /larger than 1000 bytes/);
      alice.close();
    } finally {
      await r.close();
    }
  });

  it('without a converter (the default) offers none and answers 404', async () => {
    const r = await startRelay({});
    try {
      const alice = await joinedClient(r.relay.url, 'rend-6', 'alice', 'technician', 'Alice');
      assert.equal(alice.limits.renditions, undefined);
      const doc = await share(alice, 'notes.doc', await readFile(join(OFFICE, 'notes.doc')), 'application/msword');
      assert.equal(alice.renditionUrl(doc), undefined);
      const forced = `${alice.fileUrl(doc.id).replace('?', '/rendition?')}`;
      assert.equal((await rawRequest(forced, 'GET')).status, 404);
      alice.close();
    } finally {
      await r.close();
    }
  });

  it('refuses to start with a converter that is not installed', async () => {
    await assert.rejects(startRelay({ converter: 'libreoffice', sofficePath: '/nonexistent/soffice' }), /did not run: install LibreOffice/);
  });
});
