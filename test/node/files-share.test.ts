import assert from 'node:assert/strict';
import { openAsBlob } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FileSharedEvent, UploadState } from '../../src/client/index.js';
import { startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';
import { TestClient } from './support/test-client.js';
import { createUpload, fileUrl, locationOf, rawRequest, sha256, uploadBytes } from './support/tus.js';

const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));
const PDF = join(FIXTURES, 'pdf/tracemonkey.pdf');
const DOCX = join(FIXTURES, 'docx/tables.docx');
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
// A 1x1 PNG, for the inline view.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function fileOf(path: string, name: string, type: string): Promise<File> {
  return new File([await openAsBlob(path)], name, { type });
}

describe('files: upload, share, download', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ leaveGraceMs: 60_000 });
  });
  after(async () => {
    await r.close();
  });

  it('shares real documents with a caption; the other participant gets file.shared; downloads are byte-identical with safe headers', async () => {
    const sid = 'share-1';
    const alice = await joinedClient(r.relay.url, sid, 'alice', 'customer', 'Alice');
    const bob = await joinedClient(r.relay.url, sid, 'bob', 'technician', 'Bob');
    const states: UploadState[] = [];
    let progressed = 0;
    const pdf = await fileOf(PDF, 'tracemonkey.pdf', 'application/pdf');
    const docx = await fileOf(DOCX, 'tables.docx', DOCX_TYPE);
    const handles = alice.shareFiles([pdf, docx], { caption: 'the logs you asked for' });
    assert.equal(handles.length, 2);
    assert.deepEqual(handles.map((h) => [h.name, h.type, h.bytesTotal]), [
      ['tracemonkey.pdf', 'application/pdf', pdf.size],
      ['tables.docx', DOCX_TYPE, docx.size],
    ]);
    handles[0]!.addEventListener('statechange', (e) => states.push(e.detail.state));
    handles[0]!.addEventListener('progress', (e) => {
      progressed = e.detail.bytesSent;
      assert.equal(e.detail.bytesTotal, pdf.size);
      assert.ok(e.detail.speed >= 0);
    });
    const [pdfEvent, docxEvent] = await Promise.all(handles.map((h) => h.done));
    assert.deepEqual(states, ['uploading', 'sharing', 'done']);
    assert.equal(progressed, pdf.size);
    assert.equal(handles[0]!.state, 'done');
    assert.deepEqual(alice.uploads, [], 'done handles leave the list');

    // Shared in the order picked; the caption rides with the first file.
    assert.ok(pdfEvent!.seq < docxEvent!.seq);
    assert.equal(pdfEvent!.caption, 'the logs you asked for');
    assert.equal(docxEvent!.caption, undefined);
    assert.deepEqual(pdfEvent!.file, { id: pdfEvent!.file.id, name: 'tracemonkey.pdf', size: pdf.size, type: 'application/pdf' });
    assert.match(pdfEvent!.file.id, /^[0-9a-f]{32}$/);

    await until(() => bob.state.messages.filter((m) => m.file).length === 2, 5000, 'bob sees both files');
    const seen = bob.state.messages.filter((m) => m.file);
    assert.deepEqual(seen.map((m) => [m.file!.name, m.file!.removed, m.text, m.from]), [
      ['tracemonkey.pdf', false, 'the logs you asked for', 'alice'],
      ['tables.docx', false, '', 'alice'],
    ]);

    for (const [event, path] of [[pdfEvent!, PDF], [docxEvent!, DOCX]] as const) {
      const original = await readFile(path);
      const res = await rawRequest(bob.fileUrl(event.file.id), 'GET');
      assert.equal(res.status, 200);
      assert.equal(sha256(res.body), sha256(original), 'byte-identical');
      assert.equal(res.headers['content-length'], String(original.length));
      assert.equal(res.headers['content-type'], event.file.type);
      assert.equal(res.headers['content-disposition'], `attachment; filename="${event.file.name}"; filename*=UTF-8''${event.file.name}`);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['content-security-policy'], "sandbox; default-src 'none'");
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['cache-control'], 'private, no-store');
      assert.equal(res.headers['accept-ranges'], 'bytes');
      assert.equal(res.headers.etag, `"${sha256(original)}"`);
      // The checksum is kept next to the blob (the transcript's fileChecksums).
      const record = JSON.parse(await readFile(join(r.dataDir, 'blobs', `${event.file.id}.json`), 'utf8')) as { sha256: string };
      assert.equal(record.sha256, sha256(original));
    }

    // The same with the token in a header, and HEAD: headers without a body.
    const bearer = await rawRequest(fileUrl(r.relay.url, sid, pdfEvent!.file.id), 'GET', {
      Authorization: `Bearer ${await tokenFor(sid, 'bob', 'technician', 'Bob')}`,
    });
    assert.equal(bearer.status, 200);
    assert.equal(bearer.body.length, pdf.size);
    const head = await rawRequest(alice.fileUrl(pdfEvent!.file.id), 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(pdf.size));
    assert.equal(head.body.length, 0);

    // Nothing is left in the uploads folder once shared; blobs carry relay-made ids only.
    assert.deepEqual(await readdir(join(r.dataDir, 'uploads')), []);
    const blobs = (await readdir(join(r.dataDir, 'blobs'))).sort();
    assert.deepEqual(blobs, [pdfEvent!.file.id, `${pdfEvent!.file.id}.json`, docxEvent!.file.id, `${docxEvent!.file.id}.json`].sort());
    alice.close();
    bob.close();
  });

  it('serves single byte ranges (206), refuses ranges past the end (416), and ignores multi-range', async () => {
    const sid = 'range-1';
    const token = await tokenFor(sid, 'alice');
    const { client } = await TestClient.join(r.wsUrl(sid, token));
    const bytes = await readFile(PDF);
    const uploadId = await uploadBytes(r.relay.url, sid, token, bytes, { filename: 'tracemonkey.pdf', filetype: 'application/pdf' });
    const ack = await client.answerTo({ type: 'share', clientId: 'range-share', uploadId });
    const url = fileUrl(r.relay.url, sid, (ack.event as FileSharedEvent).file.id, `?token=${token}`);
    const size = bytes.length;

    const middle = await rawRequest(url, 'GET', { Range: 'bytes=100-199' });
    assert.equal(middle.status, 206);
    assert.equal(middle.headers['content-range'], `bytes 100-199/${size}`);
    assert.equal(middle.headers['content-length'], '100');
    assert.deepEqual(middle.body, bytes.subarray(100, 200));

    const tail = await rawRequest(url, 'GET', { Range: 'bytes=-10' });
    assert.equal(tail.status, 206);
    assert.equal(tail.headers['content-range'], `bytes ${size - 10}-${size - 1}/${size}`);
    assert.deepEqual(tail.body, bytes.subarray(size - 10));

    const open = await rawRequest(url, 'GET', { Range: `bytes=${size - 5}-` });
    assert.equal(open.status, 206);
    assert.deepEqual(open.body, bytes.subarray(size - 5));

    const clamped = await rawRequest(url, 'GET', { Range: `bytes=${size - 3}-${size + 1000}` });
    assert.equal(clamped.status, 206);
    assert.equal(clamped.headers['content-range'], `bytes ${size - 3}-${size - 1}/${size}`);

    const past = await rawRequest(url, 'GET', { Range: `bytes=${size}-` });
    assert.equal(past.status, 416);
    assert.equal(past.headers['content-range'], `bytes */${size}`);

    const multi = await rawRequest(url, 'GET', { Range: 'bytes=0-1,5-6' });
    assert.equal(multi.status, 200);
    assert.equal(multi.body.length, size);

    const stale = await rawRequest(url, 'GET', { Range: 'bytes=0-9', 'If-Range': '"not-the-etag"' });
    assert.equal(stale.status, 200, 'If-Range with another ETag sends the whole file');
    const fresh = await rawRequest(url, 'GET', { Range: 'bytes=0-9', 'If-Range': `"${sha256(bytes)}"` });
    assert.equal(fresh.status, 206);

    const headRange = await rawRequest(url, 'HEAD', { Range: 'bytes=0-9' });
    assert.equal(headRange.status, 206);
    assert.equal(headRange.headers['content-length'], '10');
    await client.close();
  });

  it('shares an empty file (200 with no bytes; any range is 416)', async () => {
    const sid = 'empty-1';
    const alice = await joinedClient(r.relay.url, sid, 'alice', 'customer');
    const [handle] = alice.shareFiles([new File([], 'empty.txt', { type: 'text/plain' })]);
    const event = await handle!.done;
    assert.deepEqual(event.file, { id: event.file.id, name: 'empty.txt', size: 0, type: 'text/plain' });
    const whole = await rawRequest(alice.fileUrl(event.file.id), 'GET');
    assert.equal(whole.status, 200);
    assert.equal(whole.headers['content-length'], '0');
    assert.equal(whole.body.length, 0);
    assert.equal((await rawRequest(alice.fileUrl(event.file.id), 'GET', { Range: 'bytes=0-0' })).status, 416);
    alice.close();
  });

  it('carries what the sender measured of audio (duration, a voice message\'s waveform) to the others; invalid info is left out', async () => {
    const sid = 'media-1';
    const alice = await joinedClient(r.relay.url, sid, 'alice', 'customer');
    const bob = await joinedClient(r.relay.url, sid, 'bob', 'technician');
    const voice = new File([new Uint8Array(64)], 'voice.webm', { type: 'audio/webm' });
    const [sent] = alice.shareFiles([voice], { media: () => ({ durationMs: 4200, voice: true, waveform: [3, 90, 255, 17] }) });
    const event = await sent!.done;
    assert.deepEqual(event.file.media, { durationMs: 4200, voice: true, waveform: [3, 90, 255, 17] });
    await until(() => bob.state.messages.some((m) => m.file?.id === event.file.id), 5000, 'bob got the voice message');
    assert.deepEqual(bob.state.messages.find((m) => m.file?.id === event.file.id)!.file!.media, event.file.media);
    const [odd] = alice.shareFiles([new File([new Uint8Array(8)], 'clip.mp4', { type: 'video/mp4' })], {
      media: () => ({ durationMs: -5 }),
    });
    assert.equal((await odd!.done).file.media, undefined, 'a negative duration is not sent');
    alice.close();
    bob.close();
  });

  it('shows raster images inline on request, never SVG or other types', async () => {
    const sid = 'inline-1';
    const token = await tokenFor(sid, 'alice');
    const { client } = await TestClient.join(r.wsUrl(sid, token));
    const share = async (bytes: Buffer, name: string, type: string, clientId: string): Promise<string> => {
      const uploadId = await uploadBytes(r.relay.url, sid, token, bytes, { filename: name, filetype: type });
      const ack = await client.answerTo({ type: 'share', clientId, uploadId });
      return (ack.event as FileSharedEvent).file.id;
    };
    const png = await share(PNG, 'dot.png', 'image/png', 'png-1');
    const svg = await share(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.svg', 'image/svg+xml', 'svg-1');
    const html = await share(Buffer.from('<script>alert(1)</script>'), 'x.html', 'text/html', 'html-1');

    const inline = await rawRequest(fileUrl(r.relay.url, sid, png, `?token=${token}&disposition=inline`), 'GET');
    assert.equal(inline.status, 200);
    assert.equal(inline.headers['content-type'], 'image/png');
    assert.match(String(inline.headers['content-disposition']), /^inline; filename="dot.png"/);
    assert.deepEqual(inline.body, PNG);
    for (const id of [svg, html]) {
      const res = await rawRequest(fileUrl(r.relay.url, sid, id, `?token=${token}&disposition=inline`), 'GET');
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-disposition']), /^attachment; /);
      assert.equal(res.headers['content-security-policy'], "sandbox; default-src 'none'");
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    }
    await client.close();
  });

  it('is idempotent by clientId: a resent share gets the same ack and logs one event', async () => {
    const sid = 'idem-1';
    const token = await tokenFor(sid, 'alice');
    const { client } = await TestClient.join(r.wsUrl(sid, token));
    const uploadId = await uploadBytes(r.relay.url, sid, token, Buffer.from('once'), { filename: 'once.txt', filetype: 'text/plain' });
    // Two copies back to back (the second arrives while the first is being stored), then a third later.
    client.send({ type: 'share', clientId: 'same-1', uploadId });
    client.send({ type: 'share', clientId: 'same-1', uploadId });
    const first = await client.answer('same-1');
    const second = await client.answer('same-1');
    const third = await client.answerTo({ type: 'share', clientId: 'same-1', uploadId });
    assert.deepEqual(second.event, first.event);
    assert.deepEqual(third.event, first.event);
    assert.equal((await r.logEvents(sid)).filter((e) => e.type === 'file.shared').length, 1);
    await client.close();
  });

  it('queues uploads three at a time; the rest wait in order', async () => {
    const sid = 'queue-1';
    const alice = await joinedClient(r.relay.url, sid, 'alice', 'customer');
    const files = Array.from({ length: 6 }, (_, i) => new File([Buffer.alloc(200_000, i)], `f${i}.bin`));
    let uploading = 0;
    let most = 0;
    const handles = alice.shareFiles(files);
    for (const handle of handles) {
      handle.addEventListener('statechange', (e) => {
        if (e.detail.state === 'uploading') most = Math.max(most, ++uploading);
        if (e.detail.previous === 'uploading') uploading--;
      });
    }
    assert.deepEqual(handles.map((h) => h.state).slice(3), ['queued', 'queued', 'queued']);
    const events = await Promise.all(handles.map((h) => h.done));
    assert.equal(most, 3);
    assert.deepEqual(events.map((e) => e.file.name), files.map((f) => f.name));
    assert.deepEqual([...events.map((e) => e.seq)], [...events.map((e) => e.seq)].sort((a, b) => a - b));
    alice.close();
  });

  it('keeps uploads behind CORS for allowed origins only, exposing the tus headers', async () => {
    const cors = await startRelay({ allowedOrigins: ['https://host.example'] });
    try {
      const sid = 'cors-1';
      const token = await tokenFor(sid, 'alice');
      const preflight = await rawRequest(`${cors.relay.url}/api/sessions/${sid}/uploads`, 'OPTIONS', {
        Origin: 'https://host.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,tus-resumable,upload-length,upload-metadata',
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], 'https://host.example');
      const allowed = String(preflight.headers['access-control-allow-headers']).toLowerCase();
      for (const name of ['authorization', 'tus-resumable', 'upload-length', 'upload-metadata', 'upload-offset', 'content-type']) {
        assert.ok(allowed.includes(name), `${name} allowed`);
      }
      assert.match(String(preflight.headers['access-control-allow-methods']), /PATCH/);

      const created = await createUpload(cors.relay.url, sid, token, 3, { filename: 'a.txt' }, { Origin: 'https://host.example' });
      assert.equal(created.status, 201);
      assert.equal(created.headers['access-control-allow-origin'], 'https://host.example');
      const exposed = String(created.headers['access-control-expose-headers']);
      for (const name of ['Upload-Offset', 'Location', 'Upload-Length', 'Tus-Version', 'Tus-Resumable', 'Tus-Max-Size', 'Tus-Extension', 'Upload-Metadata']) {
        assert.ok(exposed.includes(name), `${name} exposed`);
      }
      assert.ok(locationOf(cors.relay.url, sid, created).startsWith(`${cors.relay.url}/api/sessions/${sid}/uploads/`));

      const foreign = await createUpload(cors.relay.url, sid, token, 3, {}, { Origin: 'https://evil.example' });
      assert.equal(foreign.status, 403);
      assert.equal((foreign.json as { name: string }).name, 'ORIGIN_FORBIDDEN');
      assert.equal(foreign.headers['access-control-allow-origin'], undefined);
    } finally {
      await cors.close();
    }
  });
});
