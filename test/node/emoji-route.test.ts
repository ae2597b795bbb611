import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startRelay, type TestRelay } from './support/relay-harness.js';

let r: TestRelay;
before(async () => {
  r = await startRelay();
});
after(async () => {
  await r.close();
});

test('the relay serves the emoji data itself, with an ETag any origin may read', async () => {
  const res = await fetch(`${r.relay.url}/emoji/data.json`, { headers: { origin: 'https://support.example.com' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.match(res.headers.get('access-control-expose-headers') ?? '', /ETag/i);
  const etag = res.headers.get('etag');
  assert.ok(etag);
  const data = (await res.json()) as { annotation: string; emoji: string }[];
  assert.ok(data.length > 1000);
  assert.ok(data.some((e) => e.emoji === '😀'));
  const head = await fetch(`${r.relay.url}/emoji/data.json`, { method: 'HEAD' });
  assert.equal(head.headers.get('etag'), etag);
  const again = await fetch(`${r.relay.url}/emoji/data.json`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
});

test('German emoji data at /emoji/de/data.json (German names), other languages are not found', async () => {
  const res = await fetch(`${r.relay.url}/emoji/de/data.json`);
  assert.equal(res.status, 200);
  const data = (await res.json()) as { annotation: string; emoji: string }[];
  const grinning = data.find((e) => e.emoji === '😀');
  assert.ok(grinning);
  assert.match(grinning.annotation, /Gesicht/);
  assert.notEqual(res.headers.get('etag'), (await fetch(`${r.relay.url}/emoji/data.json`, { method: 'HEAD' })).headers.get('etag'));
  assert.equal((await fetch(`${r.relay.url}/emoji/ar/data.json`)).status, 404);
});
