import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { httpGet } from './support/http-probe.js';
import { parsePrometheusText, sampleValue, type Sample } from './support/prometheus-text.js';
import { startRelay, type TestRelay } from './support/relay-harness.js';
import { createUpload, locationOf, patchUpload } from './support/tus.js';
import { TestClient } from './support/test-client.js';

const METRICS_TOKEN = 'metrics-token-of-16-chars';

async function scrape(r: TestRelay): Promise<Sample[]> {
  const answer = await httpGet(`${r.relay.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.equal(answer.status, 200);
  assert.match(String(answer.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(String(answer.body));
}

describe('relay: GET /metrics', () => {
  const relays: TestRelay[] = [];
  after(async () => {
    await Promise.all(relays.map((r) => r.close()));
  });
  async function relay(options: Parameters<typeof startRelay>[0] = {}): Promise<TestRelay> {
    const r = await startRelay(options);
    relays.push(r);
    return r;
  }

  it('is off (404) without a metrics token, and asks for the token when one is set', async () => {
    const off = await relay();
    assert.deepEqual((await httpGet(`${off.relay.url}/metrics`)).body, { code: 4007, name: 'NOT_FOUND', message: 'not found' });
    const on = await relay({ metricsToken: METRICS_TOKEN });
    const missing = await httpGet(`${on.relay.url}/metrics`);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers['www-authenticate'], 'Bearer');
    assert.deepEqual(missing.body, { code: 4001, name: 'TOKEN_MISSING', message: 'send Authorization: Bearer <metrics token>' });
    const wrong = await httpGet(`${on.relay.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}x` } });
    assert.deepEqual([wrong.status, wrong.body], [401, { code: 4002, name: 'TOKEN_INVALID', message: 'wrong metrics token' }]);
    const foreign = await httpGet(`${on.relay.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}`, Origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403, 'a page of a foreign origin cannot read the metrics');
  });

  it('parses as Prometheus text, and its counters move after a message round, an upload and refusals', async () => {
    const r = await relay({ metricsToken: METRICS_TOKEN });
    const before = await scrape(r);
    assert.equal(sampleValue(before, 'session_chat_connections_open'), 0);
    assert.equal(sampleValue(before, 'session_chat_events_appended_total', { type: 'message.sent' }), 0);
    assert.equal(sampleValue(before, 'session_chat_errors_total', { code: 'RATE_LIMITED' }), 0);
    assert.equal(sampleValue(before, 'session_chat_draining'), 0);
    assert.ok(sampleValue(before, 'process_cpu_user_seconds_total') !== undefined, 'the default process metrics');
    assert.ok(sampleValue(before, 'nodejs_heap_size_used_bytes') !== undefined);

    const sid = 'metrics-1';
    const token = await r.token(sid, 'alice', 'technician');
    const { client: a } = await TestClient.join(r.wsUrl(sid, token));
    const { client: b } = await TestClient.join(r.wsUrl(sid, await r.token(sid, 'bob')));
    await a.say('hello', 'm-1');
    await a.say('again', 'm-2');
    await b.take('event', (f) => f.event.clientId === 'm-2');
    a.send({ type: 'edit', clientId: 'bad-edit', target: 'nope', text: 'x', notify: false });
    await assert.rejects(a.answer('bad-edit'), /UNKNOWN_TARGET/);
    a.send({ type: 'no-such-frame' });
    await a.take('error');
    const created = await createUpload(r.relay.url, sid, token, 5, { filename: 'a.txt', filetype: 'text/plain' });
    assert.equal(created.status, 201);
    assert.equal((await patchUpload(locationOf(r.relay.url, sid, created), token, 0, Buffer.from('hello'))).status, 204);
    assert.equal((await httpGet(`${r.relay.url}/api/sessions/${sid}/me`)).status, 401);

    const now = await scrape(r);
    assert.equal(sampleValue(now, 'session_chat_connections_open'), 2);
    assert.equal(sampleValue(now, 'session_chat_sessions_loaded'), 1);
    assert.equal(sampleValue(now, 'session_chat_events_appended_total', { type: 'message.sent' }), 2);
    assert.equal(sampleValue(now, 'session_chat_events_appended_total', { type: 'participant.joined' }), 2);
    assert.equal(sampleValue(now, 'session_chat_ack_latency_seconds_count'), 2, 'one ack latency per acked intent');
    assert.equal(sampleValue(now, 'session_chat_ack_latency_seconds_bucket', { le: '+Inf' }), 2);
    // Each message.sent reached bob; alice's join reached nobody, bob's join reached alice.
    assert.ok(sampleValue(now, 'session_chat_fanout_bytes_total')! > 200);
    assert.equal(sampleValue(now, 'session_chat_errors_total', { code: 'UNKNOWN_TARGET' }), 1);
    assert.equal(sampleValue(now, 'session_chat_errors_total', { code: 'UNKNOWN_FRAME_TYPE' }), 1);
    assert.equal(sampleValue(now, 'session_chat_errors_total', { code: 'TOKEN_MISSING' }), 1, 'HTTP refusals count too');
    assert.equal(sampleValue(now, 'session_chat_uploads_started_total'), 1);
    assert.equal(sampleValue(now, 'session_chat_uploads_completed_total'), 1);
    assert.equal(sampleValue(now, 'session_chat_upload_bytes_total'), 5);
    // No session id is ever a label.
    assert.ok(!now.some((s) => Object.values(s.labels).includes(sid)));
    await Promise.all([a.close(), b.close()]);
  });

  it('two relays in one process keep their own counts', async () => {
    const one = await relay({ metricsToken: METRICS_TOKEN });
    const two = await relay({ metricsToken: METRICS_TOKEN });
    assert.notEqual(one.relay.metrics, two.relay.metrics);
    const { client } = await TestClient.join(one.wsUrl('m-two', await one.token('m-two', 'alice')));
    await client.say('only on one', 'one-1');
    assert.equal(sampleValue(await scrape(one), 'session_chat_events_appended_total', { type: 'message.sent' }), 1);
    assert.equal(sampleValue(await scrape(two), 'session_chat_events_appended_total', { type: 'message.sent' }), 0);
    await client.close();
  });
});
