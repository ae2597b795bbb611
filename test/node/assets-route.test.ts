import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createAssetsRoute } from '../../server/assets-route.js';
import { PACKAGE_VERSION as SERVER_VERSION } from '../../server/package-dist.js';
import { PACKAGE_VERSION as WIDGET_VERSION } from '../../src/preview/package-version.js';
import { RELAY_ASSET_PREFIX, relayBaseOf } from '../../src/preview/asset-url.js';
import { startRelay, tempDirs, type TestRelay } from './support/relay-harness.js';

const WORKER = 'export const worker = true;\n';

describe('the relay serves its own browser build at a versioned path', () => {
  const dirs = tempDirs();
  let server: Server;
  let base: string;
  before(async () => {
    const root = join(await dirs.make(), 'browser');
    await mkdir(join(root, 'chunks'), { recursive: true });
    await writeFile(join(root, 'chunks', 'pdf-worker.js'), WORKER);
    await writeFile(join(root, 'chunks', 'pdf-worker.js.map'), '{}');
    await writeFile(join(root, '..', 'secret.js'), 'nope');
    const route = createAssetsRoute({ root, version: '9.8.7' });
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (route.access(req, url) === null) res.writeHead(418).end();
      else void route.handle(req, res, url);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/assets/session-chat`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a file inside the folder: JavaScript, any origin, nosniff, immutable', async () => {
    const res = await fetch(`${base}/9.8.7/chunks/pdf-worker.js`, { headers: { origin: 'http://host.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(await res.text(), WORKER);
    const head = await fetch(`${base}/9.8.7/chunks/pdf-worker.js`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(WORKER)));
  });

  test('another version, a missing file, a folder, a map, a way out of the folder: 404', async () => {
    for (const path of [
      '/1.0.0/chunks/pdf-worker.js',
      '/9.8.7/chunks/nothing.js',
      '/9.8.7/chunks',
      '/9.8.7/chunks/pdf-worker.js.map',
      '/9.8.7/../secret.js',
      '/9.8.7/%2e%2e/secret.js',
      '/9.8.7/chunks/..%2f..%2fsecret.js',
      '/9.8.7/chunks%5c..%5c..%5csecret.js',
      '/9.8.7/%E0%A4%A',
    ]) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
    }
  });

  test('only GET and HEAD', async () => {
    const res = await fetch(`${base}/9.8.7/chunks/pdf-worker.js`, { method: 'POST' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
  });
});

describe('the relay and the widget name the same folder', () => {
  let r: TestRelay;
  before(async () => {
    r = await startRelay();
  });
  after(() => r.close());

  test('the widget asks for the version the package has', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(WIDGET_VERSION, pkg.version);
    assert.equal(SERVER_VERSION, pkg.version);
  });

  test('a relay answers an unknown version with 404 and does not pass the path on', async () => {
    const res = await fetch(`${r.relay.url}${RELAY_ASSET_PREFIX}0.0.0-none/chunks/pdf-worker.js`);
    assert.equal(res.status, 404);
  });

  test('the relay base is read back from a file URL, with a path prefix kept', () => {
    assert.equal(relayBaseOf('https://chat.example/relay/api/sessions/s1/files/f1?token=t'), 'https://chat.example/relay');
    assert.equal(relayBaseOf('http://127.0.0.1:9/api/sessions/s1/files/f1'), 'http://127.0.0.1:9');
    assert.equal(relayBaseOf('blob:http://x/1'), undefined);
    assert.equal(relayBaseOf(undefined), undefined);
  });
});
