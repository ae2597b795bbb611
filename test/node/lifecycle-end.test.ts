import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, SessionChatError } from '../../src/protocol/index.js';
import { probeUpgrade } from './support/http-probe.js';
import { startRelay, tokenFor, type TestRelay } from './support/relay-harness.js';
import { joinedClient, until } from './support/session-clients.js';

const ADMIN_KEY = 'admin-key-for-tests-0123456789';
let r: TestRelay;

before(async () => {
  r = await startRelay({ adminApiKey: ADMIN_KEY });
});
after(async () => {
  await r.close();
});

function post(path: string, token?: string): Promise<Response> {
  return fetch(`${r.relay.url}${path}`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });
}
function get(path: string, token?: string): Promise<Response> {
  return fetch(`${r.relay.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

describe('ending a session', () => {
  test('a technician ends it: everyone sees who and when, customers are closed and refused from then on', async () => {
    const tech = await joinedClient(r.relay.url, 'end-1', 'tom', 'technician', 'Tom');
    const cust = await joinedClient(r.relay.url, 'end-1', 'ann', 'customer', 'Ann');
    await cust.send('my printer is broken');
    const errors: number[] = [];
    cust.addEventListener('error', (e) => errors.push(e.detail.error.code));

    const ended = await tech.endSession();
    assert.equal(ended.type, 'session.ended');
    assert.deepEqual(tech.state.ended, { by: 'tom', at: ended.at });
    await until(() => cust.connectionState === 'closed', 5000, 'customer closed');
    assert.deepEqual(cust.state.ended, { by: 'tom', at: ended.at }, 'the customer saw the end before the close');
    assert.deepEqual(errors, [ErrorCodes.SESSION_ENDED]);

    // The customer's token no longer opens the session, before any upgrade.
    const probe = await probeUpgrade(r.wsUrl('end-1', await tokenFor('end-1', 'ann', 'customer', 'Ann')));
    assert.equal(probe.status, 403);
    assert.equal((probe.body as { code: number }).code, ErrorCodes.SESSION_ENDED);
    const me = await get('/api/sessions/end-1/me', await tokenFor('end-1', 'ann', 'customer', 'Ann'));
    assert.equal(me.status, 403);
    // It says who ended the session and when (what a customer opening the link later is shown).
    const notice = { by: { id: 'tom', name: 'Tom', role: 'technician' }, at: ended.at, reason: 'participant' };
    assert.deepEqual(((await me.json()) as { ended: unknown }).ended, notice);
    await assert.rejects(
      joinedClient(r.relay.url, 'end-1', 'ann', 'customer', 'Ann'),
      (e: unknown) => e instanceof SessionChatError && e.code === ErrorCodes.SESSION_ENDED && JSON.stringify(e.ended) === JSON.stringify(notice),
    );
    // A technician is still let in: no refusal, no notice.
    assert.equal((await get('/api/sessions/end-1/me', await tokenFor('end-1', 'tom', 'technician', 'Tom'))).status, 200);

    // Nothing can be sent into an ended session; ending again is harmless.
    await assert.rejects(tech.send('late'), (e: unknown) => e instanceof SessionChatError && e.code === ErrorCodes.SESSION_ENDED);
    const again = await tech.endSession();
    assert.equal(again.seq, ended.seq);

    // The technician stays and is told where the transcript is.
    await until(() => tech.state.transcript !== null, 5000, 'transcript.ready');
    assert.deepEqual(tech.state.transcript, {
      txt: '/api/transcripts/end-1.txt',
      json: '/api/transcripts/end-1.json',
      html: '/api/transcripts/end-1.html',
    });
    const log = await r.logEvents('end-1');
    assert.equal(log.filter((e) => e.type === 'session.ended').length, 1);
    assert.equal(log.filter((e) => e.type === 'transcript.ready').length, 1);
    tech.close();
    cust.close();
  });

  test('a customer cannot end the session', async () => {
    const cust = await joinedClient(r.relay.url, 'end-2', 'ann', 'customer');
    await assert.rejects(cust.endSession(), (e: unknown) => e instanceof SessionChatError && e.code === ErrorCodes.FORBIDDEN);
    const res = await post('/api/sessions/end-2/end', await tokenFor('end-2', 'ann', 'customer'));
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { code: number }).code, ErrorCodes.FORBIDDEN);
    assert.equal(cust.state.ended, null);
    assert.equal((await r.logEvents('end-2')).some((e) => e.type === 'session.ended'), false);
    cust.close();
  });

  test('the host ends it over HTTP with a technician token or the API key, idempotently', async () => {
    const cust = await joinedClient(r.relay.url, 'end-3', 'ann', 'customer');
    await cust.send('hello');
    assert.equal((await post('/api/sessions/end-3/end')).status, 401);
    assert.equal((await post('/api/sessions/end-3/end', await tokenFor('other', 'tom', 'technician'))).status, 403);
    const first = await post('/api/sessions/end-3/end', ADMIN_KEY);
    assert.equal(first.status, 200);
    const body = (await first.json()) as { ended: { by: string; at: number } };
    assert.equal(body.ended.by, 'host');
    await until(() => cust.connectionState === 'closed');
    const me = await get('/api/sessions/end-3/me', await tokenFor('end-3', 'ann', 'customer'));
    assert.deepEqual(((await me.json()) as { ended: unknown }).ended, { by: { id: 'host', name: null, role: null }, at: body.ended.at, reason: 'host' });
    const second = await post('/api/sessions/end-3/end', await tokenFor('end-3', 'tom', 'technician'));
    assert.equal(second.status, 200);
    assert.deepEqual(((await second.json()) as { ended: unknown }).ended, body.ended);
    assert.equal((await post('/api/sessions/never-used/end', ADMIN_KEY)).status, 404);
    cust.close();
  });
});

describe('transcripts in the organisation files', () => {
  test('list and download for technicians, admins and the API key; 401 without, 403 for customers', async () => {
    const tech = await joinedClient(r.relay.url, 'tx-1', 'tom', 'technician', 'Tom');
    const cust = await joinedClient(r.relay.url, 'tx-1', 'ann', 'customer', 'Ann');
    const m = await cust.send('line one\nline two <b>bold</b>');
    await cust.edit(m.id, 'the fixed text', { notify: false });
    const gone = await cust.send('secret 1234');
    await tech.delete(gone.id);
    await tech.endSession();
    await until(() => tech.state.transcript !== null);

    const techToken = await tokenFor('tx-1', 'tom', 'technician', 'Tom');
    const adminOfOther = await tokenFor('elsewhere', 'boss', 'admin', 'Boss');
    const customer = await tokenFor('tx-1', 'ann', 'customer', 'Ann');
    for (const path of ['/api/transcripts', '/api/transcripts/tx-1.txt', '/api/transcripts/tx-1.json', '/api/transcripts/tx-1.html']) {
      assert.equal((await get(path)).status, 401, path);
      assert.equal((await get(path, customer)).status, 403, path);
      assert.equal((await get(path, techToken)).status, 200, path);
      assert.equal((await get(path, adminOfOther)).status, 200, path);
      assert.equal((await get(path, ADMIN_KEY)).status, 200, path);
      assert.equal((await get(`${path}${path.includes('?') ? '&' : '?'}token=${customer}`)).status, 403, path);
    }
    const txt = await (await get('/api/transcripts/tx-1.txt', techToken)).text();
    assert.match(txt, /\u2068the fixed text\u2069 \(edited\)/);
    assert.match(txt, /\[message deleted by \u2068Tom\u2069 \(technician\)\]/);
    assert.ok(!txt.includes('secret 1234'));
    const html = await get('/api/transcripts/tx-1.html', techToken);
    assert.match(html.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.equal(html.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(!(await html.text()).includes('<b>bold</b>'));
    assert.equal((await get('/api/transcripts/nope.txt', techToken)).status, 404);

    const list = (await (await get('/api/transcripts', techToken)).json()) as { items: { sessionId: string; participants: { name: string }[]; urls: { txt: string } }[] };
    const item = list.items.find((i) => i.sessionId === 'tx-1');
    assert.ok(item);
    assert.deepEqual(item.participants.map((p) => p.name), ['Tom', 'Ann']);
    assert.equal(item.urls.txt, '/api/transcripts/tx-1.txt');
    tech.close();
    cust.close();
  });

  test('the list is newest first, paged by cursor and filtered by date', async () => {
    for (const id of ['page-a', 'page-b', 'page-c']) {
      const tech = await joinedClient(r.relay.url, id, 'tom', 'technician');
      await tech.send(`in ${id}`);
      await tech.endSession();
      await until(() => tech.state.transcript !== null);
      tech.close();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const token = await tokenFor('any', 'tom', 'technician');
    type Page = { items: { sessionId: string; endedAt: string }[]; next: string | null };
    const all = (await (await get('/api/transcripts?limit=100', token)).json()) as Page;
    const ended = all.items.map((i) => i.endedAt);
    assert.deepEqual(ended, [...ended].sort().reverse());
    const first = (await (await get('/api/transcripts?limit=2', token)).json()) as Page;
    assert.equal(first.items.length, 2);
    assert.ok(first.next);
    const second = (await (await get(`/api/transcripts?limit=2&cursor=${first.next}`, token)).json()) as Page;
    assert.deepEqual([...first.items, ...second.items].map((i) => i.sessionId), all.items.slice(0, 2 + second.items.length).map((i) => i.sessionId));
    const newest = all.items[0]!.endedAt;
    const filtered = (await (await get(`/api/transcripts?from=${encodeURIComponent(newest)}`, token)).json()) as Page;
    assert.ok(filtered.items.every((i) => i.endedAt >= newest));
    assert.equal((await get('/api/transcripts?from=yesterday-ish', token)).status, 400);
  });
});
