import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ErrorCodes } from '../../src/protocol/index.js';
import { probeUpgrade } from './support/http-probe.js';
import { startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { TestClient } from './support/test-client.js';
import { createUpload, headUpload, locationOf, patchUpload, rawRequest, type RawResponse } from './support/tus.js';

function refusal(res: { status: number; headers: Record<string, unknown>; json?: unknown; body?: unknown }): { status: number; name: string | undefined; json: boolean } {
  const body = (res.json ?? res.body) as { name?: string } | undefined;
  return { status: res.status, name: body?.name, json: String(res.headers['content-type']).startsWith('application/json') };
}

/** Sends raw bytes and returns what came back (Node's client would refuse some of these requests itself). */
function rawExchange(port: number, request: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
    socket.end(request);
  });
}

describe('an upload begun before the end', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay();
  });
  after(() => r.close());

  it('takes no more bytes after the end (403 SESSION_ENDED); the customer cannot HEAD it; cancelling still works', async () => {
    const sid = 'late-patch';
    const { client: tech } = await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'tom', 'technician')));
    await tech.say('hi', 't-1');
    const token = await tokenFor(sid, 'ann', 'customer');
    const techToken = await tokenFor(sid, 'tom', 'technician');
    const url = locationOf(r.relay.url, sid, await createUpload(r.relay.url, sid, token, 10, { filename: 'a.bin' }));
    const techUrl = locationOf(r.relay.url, sid, await createUpload(r.relay.url, sid, techToken, 10, { filename: 't.bin' }));
    assert.equal((await patchUpload(url, token, 0, Buffer.alloc(4, 1))).status, 204, 'bytes are taken while open');
    await tech.answerTo({ type: 'end', clientId: 't-end' });

    assert.deepEqual(refusal(await patchUpload(url, token, 4, Buffer.alloc(6, 1))), { status: 403, name: 'SESSION_ENDED', json: true });
    assert.deepEqual(refusal(await patchUpload(techUrl, techToken, 0, Buffer.alloc(10, 1))), { status: 403, name: 'SESSION_ENDED', json: true });
    assert.equal((await headUpload(url, token)).status, 403, 'a HEAD answer has no body to name the code');
    const cancelled = await rawRequest(url, 'DELETE', { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}` });
    assert.equal(cancelled.status, 204);
    await tech.close();
  });
});

describe('one refusal shape for every oversize request', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay();
  });
  after(() => r.close());

  it('a 100 KB token in the URL or in Authorization gets 431 with the JSON refusal, on HTTP routes and the upgrade', async () => {
    const huge = 'a'.repeat(100 * 1024);
    const inUrl = await rawRequest(`${r.relay.url}/api/sessions/s/me?token=${huge}`, 'GET');
    assert.deepEqual(refusal(inUrl), { status: 431, name: 'REQUEST_TOO_LARGE', json: true });
    assert.equal((inUrl.json as { code: number }).code, ErrorCodes.REQUEST_TOO_LARGE);
    const inHeader = await rawRequest(`${r.relay.url}/api/transcripts`, 'GET', { Authorization: `Bearer ${huge}` });
    assert.deepEqual(refusal(inHeader), { status: 431, name: 'REQUEST_TOO_LARGE', json: true });
    const upgrade = await probeUpgrade(r.wsUrl('s', huge));
    assert.equal(upgrade.status, 431);
    assert.equal((upgrade.body as { name: string }).name, 'REQUEST_TOO_LARGE');
  });

  it('an unreadable request gets 400 MALFORMED_REQUEST as JSON, not a bare status', async () => {
    const answer = await rawExchange(r.relay.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.match(answer, /content-type: application\/json/i);
    assert.match(answer, /"name":"MALFORMED_REQUEST"/);
  });

  it('a body over a route limit gets 413 REQUEST_TOO_LARGE; an upload body past its declared length too, chunked or not', async () => {
    const token = await tokenFor('big-body', 'tom', 'technician');
    const end = await rawRequest(`${r.relay.url}/api/sessions/big-body/end`, 'POST', { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, Buffer.alloc(100 * 1024, 0x20));
    assert.deepEqual(refusal(end as RawResponse), { status: 413, name: 'REQUEST_TOO_LARGE', json: true });

    const sid = 'big-upload';
    const ann = await tokenFor(sid, 'ann');
    const url = locationOf(r.relay.url, sid, await createUpload(r.relay.url, sid, ann, 10, { filename: 'ten.bin' }));
    assert.deepEqual(refusal(await patchUpload(url, ann, 0, Buffer.alloc(20, 1))), { status: 413, name: 'REQUEST_TOO_LARGE', json: true });
    const chunked = await rawRequest(
      url,
      'PATCH',
      { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${ann}`, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Transfer-Encoding': 'chunked' },
      Buffer.alloc(50, 2),
    );
    assert.deepEqual(refusal(chunked), { status: 413, name: 'REQUEST_TOO_LARGE', json: true });
  });
});
