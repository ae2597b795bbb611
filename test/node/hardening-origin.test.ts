import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCodes } from '../../src/protocol/index.js';
import { probeUpgrade } from './support/http-probe.js';
import { startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { TestClient } from './support/test-client.js';
import { rawRequest, type RawResponse } from './support/tus.js';

const ADMIN_KEY = 'admin-key-for-origin-tests-0123';
const ALLOWED = 'https://support.example.com';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

function nameOf(res: RawResponse): string | undefined {
  return (res.json as { name?: string } | undefined)?.name;
}

describe('one Origin and CSRF policy for every HTTP route', () => {
  let r: TestRelay;
  let tech: TestClient;
  const sid = 'csrf-1';
  before(async () => {
    r = await startRelay({ allowedOrigins: [ALLOWED], adminApiKey: ADMIN_KEY });
    ({ client: tech } = await TestClient.join(r.wsUrl(sid, await tokenFor(sid, 'tom', 'technician'))));
    await tech.say('hello', 't-0');
  });
  after(async () => {
    await tech.close();
    await r.close();
  });

  async function stillOpen(clientId: string): Promise<void> {
    const ack = await tech.say('still open?', clientId);
    assert.equal(ack.event.type, 'message.sent', 'the session was not ended');
  }

  it('a cross-site form POST to /end (foreign or null Origin, token in the URL) is refused and ends nothing', async () => {
    const token = await tokenFor(sid, 'tom', 'technician');
    for (const origin of ['https://evil.example', 'null']) {
      const res = await rawRequest(`${r.relay.url}/api/sessions/${sid}/end?token=${token}`, 'POST', { ...FORM, Origin: origin }, 'x=1');
      assert.equal(res.status, 403, origin);
      assert.equal(nameOf(res), 'ORIGIN_FORBIDDEN', origin);
      assert.equal(res.headers['access-control-allow-origin'], undefined);
    }
    // The admin key in a header from a foreign page: still the Origin decides first.
    const keyed = await rawRequest(`${r.relay.url}/api/sessions/${sid}/end`, 'POST', { Authorization: `Bearer ${ADMIN_KEY}`, Origin: 'https://evil.example' });
    assert.equal(nameOf(keyed), 'ORIGIN_FORBIDDEN');
    await stillOpen('t-1');
  });

  it('a form or text POST carrying its token in the URL is refused even without an Origin', async () => {
    const token = await tokenFor(sid, 'tom', 'technician');
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain;charset=UTF-8']) {
      const res = await rawRequest(`${r.relay.url}/api/sessions/${sid}/end?token=${token}`, 'POST', { 'Content-Type': type }, 'x');
      assert.equal(res.status, 403, type);
      assert.equal((res.json as { code: number }).code, ErrorCodes.FORM_REQUEST_REFUSED, type);
    }
    const untyped = await rawRequest(`${r.relay.url}/api/sessions/${sid}/end?token=${token}`, 'POST', {}, 'x');
    assert.equal(nameOf(untyped), 'FORM_REQUEST_REFUSED', 'a body without a type');
    const upload = await rawRequest(`${r.relay.url}/api/sessions/${sid}/uploads?token=${token}`, 'POST', { ...FORM, 'Tus-Resumable': '1.0.0', 'Upload-Length': '3' });
    assert.equal(nameOf(upload), 'FORM_REQUEST_REFUSED');
    await stillOpen('t-2');
  });

  it('transcripts and files refuse foreign origins; server-side callers without Origin and allowed pages keep working', async () => {
    for (const origin of ['https://evil.example', 'null']) {
      const list = await rawRequest(`${r.relay.url}/api/transcripts`, 'GET', { Authorization: `Bearer ${ADMIN_KEY}`, Origin: origin });
      assert.equal(list.status, 403, origin);
      assert.equal(nameOf(list), 'ORIGIN_FORBIDDEN');
      const one = await rawRequest(`${r.relay.url}/api/transcripts/${sid}.json?token=${ADMIN_KEY}`, 'GET', { Origin: origin });
      assert.equal(nameOf(one), 'ORIGIN_FORBIDDEN');
      const file = await rawRequest(`${r.relay.url}/api/sessions/${sid}/files/${'0'.repeat(32)}?token=${ADMIN_KEY}`, 'GET', { Origin: origin });
      assert.equal(nameOf(file), 'ORIGIN_FORBIDDEN');
    }
    const server = await rawRequest(`${r.relay.url}/api/transcripts`, 'GET', { Authorization: `Bearer ${ADMIN_KEY}` });
    assert.equal(server.status, 200);
    const page = await rawRequest(`${r.relay.url}/api/transcripts`, 'GET', { Authorization: `Bearer ${ADMIN_KEY}`, Origin: ALLOWED });
    assert.equal(page.status, 200);
    assert.equal(page.headers['access-control-allow-origin'], ALLOWED);
  });

  it('ending from an allowed page, or with the token in a header whatever the body type, still works', async () => {
    const token = await tokenFor(sid, 'tom', 'technician');
    const headerForm = await rawRequest(`${r.relay.url}/api/sessions/csrf-none/end`, 'POST', { ...FORM, Authorization: `Bearer ${token}` }, 'x=1');
    assert.notEqual(nameOf(headerForm), 'FORM_REQUEST_REFUSED', 'a token in a header needs a preflight from another site');
    const res = await rawRequest(`${r.relay.url}/api/sessions/${sid}/end`, 'POST', { Authorization: `Bearer ${token}`, Origin: ALLOWED });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], ALLOWED);
  });

  it('public data stays readable from any origin', async () => {
    const emoji = await rawRequest(`${r.relay.url}/emoji/data.json`, 'HEAD', { Origin: 'https://evil.example' });
    assert.equal(emoji.status, 200);
    assert.equal(emoji.headers['access-control-allow-origin'], '*');
    assert.equal((await rawRequest(`${r.relay.url}/healthz`, 'GET', { Origin: 'null' })).status, 200);
  });
});

describe('allowedOrigins "*" still refuses Origin: null', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay({ allowedOrigins: '*' });
  });
  after(() => r.close());

  it('on the socket upgrade and the HTTP API', async () => {
    const token = await tokenFor('star-1', 'ann');
    assert.equal((await probeUpgrade(r.wsUrl('star-1', token), { Origin: 'null' })).status, 403);
    assert.equal((await probeUpgrade(r.wsUrl('star-1', token), { Origin: 'https://any.example' })).status, 101);
    const me = await rawRequest(`${r.relay.url}/api/sessions/star-1/me`, 'GET', { Authorization: `Bearer ${token}`, Origin: 'null' });
    assert.equal(nameOf(me), 'ORIGIN_FORBIDDEN');
  });
});
