/**
 * Path traversal against every route that names something on disk or in a store: downloads,
 * uploads, transcripts, the emoji data, the socket path, and the demo's static assets. Paths are
 * sent byte for byte (no client-side normalisation); the answers must be refusals (never 5xx)
 * and never carry the bytes of a planted file, the repository's package.json or /etc/passwd.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemo, type DemoServer } from '../e2e/support/demo-server.js';
import { startRelay, tokenFor, type TestRelay } from '../node/support/relay-harness.js';
import { TestClient } from '../node/support/test-client.js';
import { uploadBytes } from '../node/support/tus.js';
import { Tally, report } from './support/figures.js';

const MARKER = 'PLANTED-SECRET-7f3a';
const DOTS = ['../', '..%2f', '..%2F', '%2e%2e%2f', '%2e%2e/', '..%5c', '..\\', '%252e%252e%252f', '..%c0%af', '....//', '.%2e/', '%2e%2e%5c'];
const TAILS = ['secret.txt', 'package.json', 'etc/passwd', 'secret.txt%00.json', 'secret.txt%00'];

function traversals(prefix: string, suffix = ''): string[] {
  const paths: string[] = [];
  for (const dots of DOTS) {
    for (const depth of [1, 3, 8]) {
      for (const tail of TAILS) paths.push(`${prefix}${dots.repeat(depth)}${tail}${suffix}`);
    }
  }
  paths.push(`${prefix}%2fetc%2fpasswd${suffix}`, `${prefix}/etc/passwd${suffix}`, `${prefix}C:%5cWindows%5cwin.ini${suffix}`);
  return paths;
}

/** One request with the path exactly as given (Node's `path` option is not normalised). */
function rawGet(base: string, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('latin1') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function leaked(body: string): boolean {
  return body.includes(MARKER) || body.includes('root:x:0') || body.includes('"name": "session-chat"') || body.includes('[fonts]');
}

describe('adversarial: path traversal', () => {
  let r: TestRelay;
  let demo: DemoServer;
  const sid = 'traverse-1';
  before(async () => {
    r = await startRelay();
    // Files an attacker would like to read: in the data folder, in each store's folder.
    for (const dir of ['', 'sessions', 'blobs', 'transcripts', 'uploads']) {
      await writeFile(join(r.dataDir, dir, 'secret.txt'), MARKER).catch(() => undefined);
    }
    const token = await tokenFor(sid, 'tom', 'technician');
    const { client } = await TestClient.join(r.wsUrl(sid, token));
    const uploadId = await uploadBytes(r.relay.url, sid, token, Buffer.from('a real file'), { filename: 'real.txt' });
    await client.answerTo({ type: 'share', clientId: 's-1', uploadId });
    await client.answerTo({ type: 'end', clientId: 'end' });
    await client.take('event', (f) => f.event.type === 'transcript.ready', 10_000);
    for (const dir of ['sessions', 'blobs', 'transcripts', 'uploads']) await writeFile(join(r.dataDir, dir, 'secret.txt'), MARKER);
    await client.close();
    demo = await startDemo();
  });
  after(async () => {
    await demo?.stop();
    await r.close();
  });

  it('refuses every traversal on the relay and the demo assets, never leaking a byte', async (t) => {
    const token = await tokenFor(sid, 'tom', 'technician');
    const auth = { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' };
    const relayPaths: [string, string][] = [
      ...traversals(`/api/sessions/${sid}/files/`).map((p): [string, string] => ['GET', p]),
      ...traversals('/api/sessions/', `/files/${'0'.repeat(32)}`).map((p): [string, string] => ['GET', p]),
      ...traversals('/api/transcripts/').map((p): [string, string] => ['GET', p]),
      ...traversals('/api/transcripts/', '.txt').map((p): [string, string] => ['GET', p]),
      ...traversals(`/api/sessions/${sid}/uploads/`).map((p): [string, string] => ['HEAD', p]),
      ...traversals('/api/sessions/', '/me').map((p): [string, string] => ['GET', p]),
      ...traversals('/emoji/').map((p): [string, string] => ['GET', p]),
      ...traversals('/ws/').map((p): [string, string] => ['GET', p]),
    ];
    const statuses = new Tally();
    for (const [method, path] of relayPaths) {
      const res = await rawGet(r.relay.url, method, path, auth);
      statuses.add(`relay ${res.status}`);
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${path}: ${res.status} ${res.body.slice(0, 200)}`);
      assert.ok(!leaked(res.body), `${method} ${path} leaked`);
      if (method !== 'HEAD') assert.match(res.body, /^\{"code":\d+,"name":"[A-Z_]+"/, `${path}: a typed JSON refusal`);
    }
    const demoUrl = demo.url.replace('//localhost', '//127.0.0.1');
    const demoPaths = [...traversals('/assets/'), ...traversals('/demo/'), ...traversals('/')];
    for (const path of demoPaths) {
      const res = await rawGet(demoUrl, 'GET', path);
      statuses.add(`demo ${res.status}`);
      assert.ok(res.status < 500, `${path}: ${res.status}`);
      assert.ok(!leaked(res.body), `demo ${path} leaked`);
    }
    // The same routes still serve what they should: the checks above are not blind refusals.
    assert.equal((await rawGet(r.relay.url, 'GET', '/emoji/data.json')).status, 200);
    assert.equal((await rawGet(r.relay.url, 'GET', `/api/transcripts/${sid}.txt`, auth)).status, 200);
    assert.ok((await rawGet(demoUrl, 'GET', '/assets/session-chat.js')).status === 200);
    report(t, 'path traversal', { 'relay requests': relayPaths.length, 'demo requests': demoPaths.length, leaks: 0, ...statuses.toRecord() });
  });
});
